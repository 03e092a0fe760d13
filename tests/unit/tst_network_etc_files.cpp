// Unit tests of the generated /etc/hosts, /etc/hostname and /etc/resolv.conf.

#include <QTest>

#include "network/etc_files.h"

using namespace berth::network;

class TestNetworkEtcFiles : public QObject {
    Q_OBJECT

private slots:
    void hostsWithLinkAndOwnAddress() {
        HostsRequest request;
        request.hostname = "0123456789ab";
        request.name = "web_client";
        request.address = "172.17.0.3";
        request.links.push_back(
            linkHostsEntry("172.17.0.2", "database_alias", "ba9876543210", "/db_service"));
        std::string expected = "127.0.0.1\tlocalhost\n"
                               "::1\tlocalhost ip6-localhost ip6-loopback\n"
                               "fe00::0\tip6-localnet\n"
                               "ff00::0\tip6-mcastprefix\n"
                               "ff02::1\tip6-allnodes\n"
                               "ff02::2\tip6-allrouters\n"
                               "172.17.0.2\tdatabase_alias ba9876543210 db_service\n"
                               "172.17.0.3\t0123456789ab web_client\n";
        QCOMPARE(hostsFileContent(request), expected);
    }

    void linkEntryWithoutAliasNamesTargetOnce() {
        HostsEntry entry = linkHostsEntry("10.0.0.2", "db", "ba9876543210", "/db");
        QCOMPARE(entry.names, (std::vector<std::string>{"db", "ba9876543210"}));
    }

    void hostsWithDomainAndExtraHosts() {
        HostsRequest request;
        request.hostname = "box";
        request.domainname = "example.test";
        request.name = "box";
        request.address = "10.0.0.5";
        request.extraHosts.push_back({"10.9.9.9", {"mirror"}});
        std::string content = hostsFileContent(request);
        QVERIFY(content.ends_with("10.9.9.9\tmirror\n10.0.0.5\tbox.example.test box\n"));
    }

    void hostsWithoutAddressHasOnlyLocalhost() {
        HostsRequest request;
        request.hostname = "box";
        std::string content = hostsFileContent(request);
        QVERIFY(content.starts_with("127.0.0.1\tlocalhost\n"));
        QVERIFY(!content.contains("box"));
    }

    void hostnameFile() { QCOMPARE(hostnameFileContent("box"), std::string("box\n")); }

    void resolvConfFiltering_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("expected");
        QTest::newRow("loopback servers dropped")
            << "# comment\nnameserver 127.0.0.53\nnameserver 10.1.2.3\nsearch lan\n"
               "options edns0\n"
            << "search lan\nnameserver 10.1.2.3\noptions edns0\n";
        QTest::newRow("only loopback: no nameserver line")
            << "nameserver 127.0.0.1\nnameserver ::1\nsearch lan\n"
            << "search lan\n";
        QTest::newRow("IPv6 server kept") << "nameserver fd00::53\n"
                                          << "nameserver fd00::53\n";
        QTest::newRow("empty") << ""
                               << "";
    }
    void resolvConfFiltering() {
        QFETCH(QString, host);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(containerResolvConf(host.toStdString())), expected);
    }

    void resolvConfOverrides() {
        ResolvConfOverrides overrides{{"10.0.0.53"}, {"corp.test"}, {"ndots:2"}};
        std::string content =
            containerResolvConf("nameserver 10.1.2.3\nsearch lan\noptions edns0\n", overrides);
        QCOMPARE(content, std::string("search corp.test\nnameserver 10.0.0.53\n"
                                      "options ndots:2\n"));
    }

    void loopbackNameservers() {
        QVERIFY(isLoopbackNameserver("127.0.0.53"));
        QVERIFY(isLoopbackNameserver("::1"));
        QVERIFY(!isLoopbackNameserver("10.0.0.1"));
        QVERIFY(!isLoopbackNameserver("fe80::1%eth0"));
    }
};

QTEST_GUILESS_MAIN(TestNetworkEtcFiles)
#include "tst_network_etc_files.moc"

// Unit tests of the -p / PortBindings / ExposedPorts parsers: Docker's forms and its error
// texts (docker CLI 28).

#include <QTest>

#include "network/port_spec.h"

using namespace berth;
using namespace berth::network;

Q_DECLARE_METATYPE(std::string)

namespace {

// "IP|FIRST-LAST|CTR/PROTO" per mapping, joined by spaces: short enough for table rows.
QString describe(const std::vector<PortMapping>& mappings) {
    QStringList parts;
    for (const PortMapping& m : mappings) {
        parts << QString("%1|%2-%3|%4/%5")
                     .arg(QString::fromStdString(m.hostIp))
                     .arg(m.hostPortFirst)
                     .arg(m.hostPortLast)
                     .arg(m.containerPort)
                     .arg(QString::fromStdString(m.protocol));
    }
    return parts.join(' ');
}

} // namespace

class TestNetworkPortSpec : public QObject {
    Q_OBJECT

private slots:
    void validSpecs_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("expected");
        QTest::newRow("container port only") << "80"
                                             << "|0-0|80/tcp";
        QTest::newRow("host and container") << "8080:80"
                                            << "|8080-8080|80/tcp";
        QTest::newRow("udp") << "53:53/udp"
                             << "|53-53|53/udp";
        QTest::newRow("protocol upper case") << "53:53/UDP"
                                             << "|53-53|53/udp";
        QTest::newRow("empty protocol means tcp") << "80/"
                                                  << "|0-0|80/tcp";
        QTest::newRow("address and ports") << "127.0.0.1:8080:80"
                                           << "127.0.0.1|8080-8080|80/tcp";
        QTest::newRow("address, ephemeral port") << "127.0.0.1::80"
                                                 << "127.0.0.1|0-0|80/tcp";
        QTest::newRow("host port 0 is ephemeral") << "0:80"
                                                  << "|0-0|80/tcp";
        QTest::newRow("IPv6 address in brackets") << "[::1]:8080:80"
                                                  << "::1|8080-8080|80/tcp";
        QTest::newRow("equal ranges") << "8080-8082:80-82"
                                      << "|8080-8080|80/tcp |8081-8081|81/tcp |8082-8082|82/tcp";
        QTest::newRow("host range to one port") << "8080-8090:80"
                                                << "|8080-8090|80/tcp";
        QTest::newRow("container range, ephemeral") << "80-81"
                                                    << "|0-0|80/tcp |0-0|81/tcp";
        QTest::newRow("highest port") << "65535:65535"
                                      << "|65535-65535|65535/tcp";
    }
    void validSpecs() {
        QFETCH(QString, spec);
        QFETCH(QString, expected);
        auto parsed = parsePortSpec(spec.toStdString());
        QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(describe(*parsed), expected);
    }

    void malformedSpecs_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << ""
                               << "no port specified: <empty>";
        QTest::newRow("no container port") << "8080:"
                                           << "no port specified: 8080:<empty>";
        QTest::newRow("address, nothing else") << "127.0.0.1:"
                                               << "no port specified: 127.0.0.1:<empty>";
        QTest::newRow("host port not a number") << "abc:80"
                                                << "invalid hostPort: abc";
        QTest::newRow("container port not a number") << "80:abc"
                                                     << "invalid containerPort: abc";
        QTest::newRow("host port above 65535") << "70000:80"
                                               << "invalid hostPort: 70000";
        QTest::newRow("container port above 65535") << "8080:70000"
                                                    << "invalid containerPort: 70000";
        QTest::newRow("container port 0") << "8080:0"
                                          << "invalid containerPort: 0";
        QTest::newRow("reversed host range") << "90-80:80"
                                             << "invalid hostPort: 90-80";
        QTest::newRow("unknown protocol") << "80/xyz"
                                          << "invalid proto: xyz";
        QTest::newRow("bad address") << "1.2.3:80:80"
                                     << "invalid IP address: 1.2.3";
        QTest::newRow("ranges of different length")
            << "8080-8081:80-82"
            << "invalid ranges specified for container and host Ports: 80-82 and 8080-8081";
    }
    void malformedSpecs() {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        auto parsed = parsePortSpec(spec.toStdString());
        QVERIFY(!parsed.has_value());
        QCOMPARE(QString::fromStdString(parsed.error().message), message);
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
    }

    void bindingFromApi() {
        auto mapping = mappingFromBinding("80/tcp", "", "8080");
        QVERIFY(mapping.has_value());
        QCOMPARE(mapping->hostPortFirst, uint16_t(8080));
        QCOMPARE(mapping->containerPort, uint16_t(80));

        auto ephemeral = mappingFromBinding("53/udp", "127.0.0.1", "");
        QVERIFY(ephemeral.has_value());
        QCOMPARE(ephemeral->hostPortFirst, uint16_t(0));
        QCOMPARE(ephemeral->protocol, std::string("udp"));
        QCOMPARE(ephemeral->hostIp, std::string("127.0.0.1"));

        auto range = mappingFromBinding("80/tcp", "", "8080-8090");
        QVERIFY(range.has_value());
        QCOMPARE(range->hostPortLast, uint16_t(8090));
    }

    void bindingFromApiRejectsBadPorts() {
        auto badHost = mappingFromBinding("80/tcp", "", "abc");
        QVERIFY(!badHost.has_value());
        QCOMPARE(badHost.error().message, std::string("invalid port specification: \"abc\""));
        auto badContainer = mappingFromBinding("99999/tcp", "", "80");
        QVERIFY(!badContainer.has_value());
        QCOMPARE(badContainer.error().message,
                 std::string("invalid port specification: \"99999/tcp\""));
    }

    void exposedPortsAndPublishAll() {
        auto ports = parseExposedPort("8000-8002/udp");
        QVERIFY(ports.has_value());
        QCOMPARE(ports->size(), size_t(3));
        QCOMPARE(formatContainerPort(ports->back()), std::string("8002/udp"));

        std::vector<PortMapping> all = publishAll({{80, "tcp"}, {53, "udp"}});
        QCOMPARE(describe(all), QString("|0-0|80/tcp |0-0|53/udp"));
    }
};

QTEST_GUILESS_MAIN(TestNetworkPortSpec)
#include "tst_network_port_spec.moc"

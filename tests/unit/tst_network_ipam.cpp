// Unit tests of subnets, subnet choice and the address pool (files in a temporary dir).

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "network/bridge_network.h"
#include "network/ipam.h"

using namespace berth;
using namespace berth::network;

namespace {

Ipv4Subnet subnet(const char* text) {
    return parseSubnet(text).value();
}

Ipv4Address address(const char* text) {
    return parseIpv4(text).value();
}

} // namespace

class TestNetworkIpam : public QObject {
    Q_OBJECT

private slots:
    void subnetParsingAndOverlap() {
        QCOMPARE(formatSubnet(subnet("10.1.0.0/16")), std::string("10.1.0.0/16"));
        QVERIFY(!parseSubnet("10.1.0.1/16").has_value());
        QVERIFY(!parseSubnet("10.1.0.0/33").has_value());
        QVERIFY(!parseSubnet("10.1.0.0").has_value());
        QVERIFY(subnet("10.1.0.0/16").overlaps(subnet("10.1.5.0/24")));
        QVERIFY(subnet("10.1.5.0/24").overlaps(subnet("10.0.0.0/8")));
        QVERIFY(!subnet("10.1.0.0/16").overlaps(subnet("10.2.0.0/16")));
        QCOMPARE(macForAddress(address("172.17.0.2")), std::string("02:42:ac:11:00:02"));
    }

    void subnetChoiceSkipsHostRoutes() {
        std::vector<HostRoute> routes = {{subnet("172.17.0.0/16"), "docker0"},
                                         {subnet("172.18.3.0/24"), "eth1"},
                                         {subnet("172.19.0.0/16"), "berth0"}};
        auto chosen = chooseSubnet(routes, defaultSubnetCandidates(), "berth0");
        QVERIFY(chosen.has_value());
        QCOMPARE(formatSubnet(*chosen), std::string("172.19.0.0/16"));
    }

    void overlappingSubnetIsRejected() {
        std::vector<HostRoute> routes = {{subnet("10.0.0.0/8"), "eth0"}};
        auto checked = checkSubnetFree(routes, subnet("10.88.0.0/16"), "berth0");
        QVERIFY(!checked.has_value());
        QCOMPARE(checked.error().kind, ErrorKind::Conflict);
        QCOMPARE(checked.error().message,
                 std::string("subnet 10.88.0.0/16 overlaps the host route to 10.0.0.0/8 on eth0"));
        auto none = chooseSubnet(routes, {subnet("10.88.0.0/16")}, "berth0");
        QVERIFY(!none.has_value());
    }

    void poolHandsOutReleasesAndReuses() {
        QTemporaryDir dir;
        auto pool =
            AddressPool::open(dir.filePath("net/b.json").toStdString(), subnet("10.200.0.0/24"));
        QVERIFY(pool.has_value());
        QCOMPARE(formatIpv4((*pool)->gateway()), std::string("10.200.0.1"));
        QCOMPARE(formatIpv4((*pool)->allocate("a").value()), std::string("10.200.0.2"));
        QCOMPARE(formatIpv4((*pool)->allocate("b").value()), std::string("10.200.0.3"));
        QCOMPARE(formatIpv4((*pool)->allocate("a").value()), std::string("10.200.0.2"));
        QVERIFY((*pool)->release("a").has_value());
        QVERIFY(!(*pool)->addressOf("a").has_value());
        QCOMPARE(formatIpv4((*pool)->allocate("c").value()), std::string("10.200.0.2"));
        QVERIFY((*pool)->release("nobody").has_value());
    }

    void poolSurvivesReload() {
        QTemporaryDir dir;
        std::string path = dir.filePath("b.json").toStdString();
        {
            auto pool = AddressPool::open(path, subnet("10.200.0.0/24"));
            QVERIFY(pool.has_value());
            QVERIFY((*pool)->allocate("a").has_value());
            QVERIFY((*pool)->allocate("b").has_value());
            QVERIFY((*pool)->release("a").has_value());
        }
        QCOMPARE(AddressPool::storedSubnet(path).value(),
                 std::optional<Ipv4Subnet>(subnet("10.200.0.0/24")));
        auto reloaded = AddressPool::open(path, subnet("10.200.0.0/24"));
        QVERIFY(reloaded.has_value());
        QCOMPARE(formatIpv4((*reloaded)->addressOf("b").value()), std::string("10.200.0.3"));
        QCOMPARE(formatIpv4((*reloaded)->allocate("c").value()), std::string("10.200.0.2"));
        QCOMPARE(formatIpv4((*reloaded)->allocate("d").value()), std::string("10.200.0.4"));

        auto otherSubnet = AddressPool::open(path, subnet("10.201.0.0/24"));
        QVERIFY(!otherSubnet.has_value());
        QCOMPARE(otherSubnet.error().kind, ErrorKind::Conflict);
    }

    // Allocations are written without fsync, so a power loss can leave the file empty: it
    // reads as a fresh pool, not as an error that keeps the daemon from starting.
    void emptyPoolFileStartsFresh() {
        QTemporaryDir dir;
        std::string path = dir.filePath("b.json").toStdString();
        QFile empty(QString::fromStdString(path));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        QCOMPARE(AddressPool::storedSubnet(path).value(), std::optional<Ipv4Subnet>());
        auto pool = AddressPool::open(path, subnet("10.200.0.0/24"));
        QVERIFY2(pool.has_value(), pool ? "" : pool.error().message.c_str());
        QCOMPARE(formatIpv4((*pool)->allocate("a").value()), std::string("10.200.0.2"));
        QCOMPARE(AddressPool::storedSubnet(path).value(),
                 std::optional<Ipv4Subnet>(subnet("10.200.0.0/24")));
    }

    void fullPoolIsAConflict() {
        QTemporaryDir dir;
        auto pool =
            AddressPool::open(dir.filePath("b.json").toStdString(), subnet("10.200.0.0/30"));
        QVERIFY(pool.has_value());
        QVERIFY((*pool)->allocate("a").has_value()); // .2 is the only host address left
        auto full = (*pool)->allocate("b");
        QVERIFY(!full.has_value());
        QCOMPARE(full.error().kind, ErrorKind::Conflict);
    }
};

QTEST_GUILESS_MAIN(TestNetworkIpam)
#include "tst_network_ipam.moc"

// User-defined networks with the stock docker CLI: names, aliases and short ids resolve
// through the embedded DNS answerer among containers of one network and nowhere else,
// connect and disconnect change that at once, and a network outlives a daemon restart.
// The test process enters a network namespace of its own before it starts berthd, so the
// bridges, the nftables table and ip_forward stay out of the host's. Only names of this
// test's containers are looked up: no query leaves the namespace.

#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "api/berthd_fixture.h"
#include "common/unique_fd.h"
#include "network/dns_message.h"
#include "network/nat_table.h"
#include "network/netlink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#include <atomic>
#include <random>
#include <thread>

using namespace berth;

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// A DNS server on 127.0.0.77:53 of the test's namespace that answers every A query with
// 192.0.2.77 until it is destroyed: the upstream a container's --dns names.
class FakeUpstream {
public:
    FakeUpstream() {
        socket_.reset(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(53);
        ::inet_pton(AF_INET, "127.0.0.77", &address.sin_addr);
        bound_ = ::bind(socket_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeUpstream() {
        stop_ = true;
        thread_.join();
    }
    bool bound() const { return bound_; }
    int queries() const { return queries_.load(); }

private:
    void serve() {
        while (!stop_ && bound_) {
            pollfd ready{socket_.get(), POLLIN, 0};
            if (::poll(&ready, 1, 100) != 1) {
                continue;
            }
            std::string query(512, '\0');
            sockaddr_in client{};
            socklen_t length = sizeof client;
            ssize_t received = ::recvfrom(socket_.get(), query.data(), query.size(), 0,
                                          reinterpret_cast<sockaddr*>(&client), &length);
            query.resize(size_t(std::max<ssize_t>(received, 0)));
            auto question = network::parseDnsQuery(query);
            if (!question) {
                continue;
            }
            ++queries_;
            std::string reply = network::buildDnsReply(query, *question, network::kDnsNoError,
                                                       {*network::parseIpv4("192.0.2.77")});
            ::sendto(socket_.get(), reply.data(), reply.size(), 0,
                     reinterpret_cast<sockaddr*>(&client), length);
        }
    }

    UniqueFd socket_;
    bool bound_ = false;
    std::atomic<bool> stop_{false};
    std::atomic<int> queries_{0};
    std::thread thread_;
};

} // namespace

class TestNetworkUserDockerCli : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QString suffix_;
    QString tableName_;

    CommandResult docker(const QStringList& args) { return daemon_.docker(args); }

    bool linkExists(const QString& name) {
        auto socket = network::NetlinkSocket::open();
        return socket && socket->link(name.toStdString()).has_value();
    }

    // A network on its own bridge, named after the test run so that names never clash.
    QString bridgeFor(const QString& network) { return "bu" + suffix_ + network.left(7); }

    void createNetwork(const QString& name, const QString& subnet) {
        QStringList args{"network", "create", "-o",
                         "com.docker.network.bridge.name=" + bridgeFor(name)};
        if (!subnet.isEmpty()) {
            args << "--subnet" << subnet;
        }
        args << name;
        CommandResult created = docker(args);
        QVERIFY2(created.exitCode == 0, qPrintable(describe(created)));
    }

    void runOn(const QString& network, const QString& name, const QStringList& extra = {}) {
        CommandResult run = docker(QStringList{"run", "-d", "--name", name, "--network", network} +
                                   extra + QStringList{"busybox", "sleep", "600"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    }

    QString addressOn(const QString& container, const QString& network) {
        return text(
            docker({"inspect", "-f",
                    QString("{{(index .NetworkSettings.Networks \"%1\").IPAddress}}").arg(network),
                    container})
                .out);
    }

    // nslookup through the embedded answerer from a running container.
    CommandResult lookup(const QString& from, const QString& name) {
        return docker({"exec", from, "nslookup", name, "127.0.0.11"});
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QVERIFY2(::unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET) failed");
        auto socket = network::NetlinkSocket::open();
        QVERIFY(socket.has_value());
        QVERIFY(socket->setUp("lo").has_value());

        std::random_device random;
        suffix_ = QString::number(random() & 0xfff, 16).rightJustified(3, '0');
        tableName_ = "berth-test-u" + suffix_;
        daemon_.setNetworkArguments({"--bridge", "bt" + suffix_ + "def", "--bridge-subnet",
                                     "10.219.0.0/24", "--nat-table", tableName_});
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        CommandResult pruned = docker({"network", "prune", "-f"});
        QVERIFY2(pruned.exitCode == 0, qPrintable(describe(pruned)));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));

        QProcess cleanupRun;
        cleanupRun.start(qEnvironmentVariable("BERTH_BIN_DIR") + "/berthd",
                         {"--data-root", daemon_.dataRoot(), "--bridge", "bt" + suffix_ + "def",
                          "--nat-table", tableName_, "--cleanup-network"});
        QVERIFY(cleanupRun.waitForFinished(30000));
        QVERIFY2(cleanupRun.exitCode() == 0, cleanupRun.readAllStandardError().constData());
        QVERIFY(!linkExists("bt" + suffix_ + "def"));
        QCOMPARE(network::natTableExists(tableName_.toStdString()).value_or(true), false);
    }

    void predefinedNetworksListed() {
        CommandResult listed = docker({"network", "ls", "--format", "{{.Name}} {{.Driver}}"});
        QVERIFY2(listed.exitCode == 0, qPrintable(describe(listed)));
        QVERIFY2(listed.out.contains("bridge bridge\n"), qPrintable(describe(listed)));
        QVERIFY2(listed.out.contains("host host\n"), qPrintable(describe(listed)));
        QVERIFY2(listed.out.contains("none null\n"), qPrintable(describe(listed)));
        CommandResult subnet =
            docker({"network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}}", "bridge"});
        QCOMPARE(text(subnet.out), QString("10.219.0.0/24"));

        CommandResult run = docker({"run", "-d", "--name", "plain", "busybox", "sleep", "600"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        CommandResult members = docker(
            {"network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "bridge"});
        QCOMPARE(text(members.out), QString("plain"));
        CommandResult containers = docker({"ps", "--format", "{{.Networks}}"});
        QCOMPARE(text(containers.out), QString("bridge"));
    }

    // Names, aliases and short ids of one network resolve to its addresses; resolv.conf
    // names only the embedded answerer.
    void namesResolveOnOneNetwork() {
        createNetwork("appnet", "10.220.0.0/24");
        runOn("appnet", "db", {"--network-alias", "database"});
        runOn("appnet", "web");
        QString dbAddress = addressOn("db", "appnet");
        QVERIFY2(dbAddress.startsWith("10.220.0."), qPrintable(dbAddress));
        CommandResult listed = docker({"ps", "--filter", "name=db", "--format", "{{.Networks}}"});
        QCOMPARE(text(listed.out), QString("appnet"));

        CommandResult resolv = docker({"exec", "web", "cat", "/etc/resolv.conf"});
        QVERIFY2(resolv.out.contains("nameserver 127.0.0.11\n"), qPrintable(describe(resolv)));
        QCOMPARE(resolv.out.count("nameserver"), 1);

        CommandResult byName = lookup("web", "db");
        QVERIFY2(byName.exitCode == 0, qPrintable(describe(byName)));
        QVERIFY2(byName.out.contains("Address: " + dbAddress.toUtf8()),
                 qPrintable(describe(byName)));
        CommandResult byAlias = docker({"exec", "web", "ping", "-c1", "-W5", "database"});
        QVERIFY2(byAlias.exitCode == 0, qPrintable(describe(byAlias)));
        QVERIFY2(byAlias.out.contains(dbAddress.toUtf8()), qPrintable(describe(byAlias)));
        QString shortId = text(docker({"inspect", "-f", "{{.Id}}", "db"}).out).left(12);
        CommandResult byId = docker({"exec", "web", "ping", "-c1", "-W5", shortId});
        QVERIFY2(byId.exitCode == 0, qPrintable(describe(byId)));

        CommandResult unknown = lookup("web", "nosuchcontainer");
        QVERIFY2(unknown.exitCode != 0, qPrintable(describe(unknown)));
    }

    // "name.network" resolves as in Docker, on that network only.
    void qualifiedNameResolves() {
        createNetwork("qual", "10.227.0.0/24");
        runOn("qual", "store");
        runOn("qual", "client");
        QString storeAddress = addressOn("store", "qual");
        CommandResult qualified = lookup("client", "store.qual");
        QVERIFY2(qualified.exitCode == 0, qPrintable(describe(qualified)));
        QVERIFY2(qualified.out.contains("Address: " + storeAddress.toUtf8()),
                 qPrintable(describe(qualified)));
        CommandResult wrongNetwork = lookup("client", "store.elsewhere");
        QVERIFY2(!wrongNetwork.out.contains(storeAddress.toUtf8()),
                 qPrintable(describe(wrongNetwork)));
    }

    // --dns servers receive what the answerer does not know; --dns-search and --dns-option
    // reach resolv.conf, whose only nameserver stays the answerer.
    void dnsOptionsForwardOnUserNetwork() {
        FakeUpstream upstream;
        QVERIFY(upstream.bound());
        createNetwork("fwd", "10.228.0.0/24");
        runOn("fwd", "asker",
              {"--dns", "127.0.0.77", "--dns-search", "example.test", "--dns-option", "ndots:2"});
        CommandResult resolv = docker({"exec", "asker", "cat", "/etc/resolv.conf"});
        QVERIFY2(resolv.out.contains("nameserver 127.0.0.11\n"), qPrintable(describe(resolv)));
        QCOMPARE(resolv.out.count("nameserver"), 1);
        QVERIFY2(resolv.out.contains("search example.test"), qPrintable(describe(resolv)));
        QVERIFY2(resolv.out.contains("options ndots:2"), qPrintable(describe(resolv)));

        CommandResult forwarded = lookup("asker", "upstream.example");
        QVERIFY2(forwarded.exitCode == 0, qPrintable(describe(forwarded)));
        QVERIFY2(forwarded.out.contains("Address: 192.0.2.77"), qPrintable(describe(forwarded)));
        QVERIFY(upstream.queries() >= 1);
    }

    // A container started on the default bridge resolves names through the answerer once
    // it joins a user network, and gets the host's nameservers back when it leaves.
    void connectSwitchesResolvConf() {
        createNetwork("later", "10.230.0.0/24");
        runOn("later", "target");
        CommandResult run = docker({"run", "-d", "--name", "wanderer", "busybox", "sleep", "600"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        CommandResult before = docker({"exec", "wanderer", "cat", "/etc/resolv.conf"});
        QVERIFY2(!before.out.contains("127.0.0.11"), qPrintable(describe(before)));

        CommandResult connected = docker({"network", "connect", "later", "wanderer"});
        QVERIFY2(connected.exitCode == 0, qPrintable(describe(connected)));
        CommandResult during = docker({"exec", "wanderer", "cat", "/etc/resolv.conf"});
        QVERIFY2(during.out.contains("nameserver 127.0.0.11\n"), qPrintable(describe(during)));
        CommandResult byName = docker({"exec", "wanderer", "nslookup", "target"});
        QVERIFY2(byName.exitCode == 0, qPrintable(describe(byName)));
        QVERIFY2(byName.out.contains("Address: " + addressOn("target", "later").toUtf8()),
                 qPrintable(describe(byName)));

        CommandResult disconnected = docker({"network", "disconnect", "later", "wanderer"});
        QVERIFY2(disconnected.exitCode == 0, qPrintable(describe(disconnected)));
        CommandResult after = docker({"exec", "wanderer", "cat", "/etc/resolv.conf"});
        QVERIFY2(!after.out.contains("127.0.0.11"), qPrintable(describe(after)));
        QCOMPARE(after.out, before.out);
    }

    void otherNetworkIsIsolated() {
        createNetwork("inside", "10.221.0.0/24");
        createNetwork("outside", "10.222.0.0/24");
        runOn("inside", "secret");
        runOn("outside", "stranger");
        QString secretAddress = addressOn("secret", "inside");

        CommandResult resolved = lookup("stranger", "secret");
        QVERIFY2(resolved.exitCode != 0, qPrintable(describe(resolved)));
        QVERIFY2(!resolved.out.contains(secretAddress.toUtf8()), qPrintable(describe(resolved)));
        CommandResult reached = docker({"exec", "stranger", "ping", "-c1", "-W2", secretAddress});
        QVERIFY2(reached.exitCode != 0, qPrintable(describe(reached)));
    }

    // An internal network reaches only its own members: no default route, and the forward
    // chain drops what would leave its bridge.
    void internalNetworkStaysInside() {
        CommandResult created =
            docker({"network", "create", "--internal", "--subnet", "10.229.0.0/24", "-o",
                    "com.docker.network.bridge.name=" + bridgeFor("sealed"), "sealed"});
        QVERIFY2(created.exitCode == 0, qPrintable(describe(created)));
        runOn("sealed", "vault");
        runOn("sealed", "guard");
        CommandResult peer = docker({"exec", "guard", "ping", "-c1", "-W5", "vault"});
        QVERIFY2(peer.exitCode == 0, qPrintable(describe(peer)));
        CommandResult routes = docker({"exec", "guard", "ip", "route"});
        QVERIFY2(!routes.out.contains("default"), qPrintable(describe(routes)));
        CommandResult outside = docker({"exec", "guard", "ping", "-c1", "-W2", "10.219.0.1"});
        QVERIFY2(outside.exitCode != 0, qPrintable(describe(outside)));
        CommandResult internal = docker({"network", "inspect", "-f", "{{.Internal}}", "sealed"});
        QCOMPARE(text(internal.out), QString("true"));
    }

    // Connecting a running container adds an interface and its name at once; disconnecting
    // removes both.
    void connectAndDisconnectRunning() {
        createNetwork("front", "10.223.0.0/24");
        createNetwork("back", "10.224.0.0/24");
        runOn("front", "proxy");
        runOn("back", "store");

        CommandResult connected =
            docker({"network", "connect", "--alias", "gateway", "back", "proxy"});
        QVERIFY2(connected.exitCode == 0, qPrintable(describe(connected)));
        QString backAddress = addressOn("proxy", "back");
        QVERIFY2(backAddress.startsWith("10.224.0."), qPrintable(backAddress));
        QVERIFY(addressOn("proxy", "front").startsWith("10.223.0."));
        CommandResult interfaces = docker({"exec", "proxy", "ip", "-4", "addr"});
        QVERIFY2(interfaces.out.contains("inet " + backAddress.toUtf8() + "/24"),
                 qPrintable(describe(interfaces)));

        CommandResult byAlias = docker({"exec", "store", "ping", "-c1", "-W5", "gateway"});
        QVERIFY2(byAlias.exitCode == 0, qPrintable(describe(byAlias)));
        CommandResult back = docker({"exec", "proxy", "ping", "-c1", "-W5", "store"});
        QVERIFY2(back.exitCode == 0, qPrintable(describe(back)));

        CommandResult members =
            docker({"network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "back"});
        QVERIFY2(members.out.contains("proxy"), qPrintable(describe(members)));

        CommandResult disconnected = docker({"network", "disconnect", "back", "proxy"});
        QVERIFY2(disconnected.exitCode == 0, qPrintable(describe(disconnected)));
        CommandResult gone = lookup("store", "proxy");
        QVERIFY2(gone.exitCode != 0, qPrintable(describe(gone)));
        CommandResult after = docker({"exec", "proxy", "ip", "-4", "addr"});
        QVERIFY2(!after.out.contains(backAddress.toUtf8()), qPrintable(describe(after)));
        CommandResult again = docker({"network", "disconnect", "back", "proxy"});
        QVERIFY(again.exitCode != 0);
        QVERIFY2(again.err.contains("is not connected to network back"),
                 qPrintable(describe(again)));
    }

    // docker ps --filter network= takes a name or an id prefix; publish= and expose= take a
    // port or a range, tcp unless a protocol is given.
    void psFiltersByNetworkAndPort() {
        createNetwork("listed", "10.226.0.0/24");
        runOn("listed", "member", {"-p", "18081:80", "--expose", "9000-9001/udp"});
        CommandResult plain =
            docker({"run", "-d", "--name", "outsider", "busybox", "sleep", "600"});
        QVERIFY2(plain.exitCode == 0, qPrintable(describe(plain)));
        QString networkId = text(docker({"network", "inspect", "-f", "{{.Id}}", "listed"}).out);
        QVERIFY2(networkId.size() == 64, qPrintable(networkId));

        auto names = [this](const QString& filter) {
            return text(docker({"ps", "--filter", filter, "--format", "{{.Names}}"}).out);
        };
        QCOMPARE(names("network=listed"), QString("member"));
        QCOMPARE(names("network=" + networkId.left(10)), QString("member"));
        QCOMPARE(names("network=bridge"), QString("outsider"));
        QCOMPARE(names("network=nosuchnetwork"), QString());
        QCOMPARE(names("publish=18081"), QString("member"));
        QCOMPARE(names("publish=18080-18090/tcp"), QString("member"));
        QCOMPARE(names("publish=18081/udp"), QString());
        QCOMPARE(names("expose=80"), QString("member"));
        QCOMPARE(names("expose=9001/udp"), QString("member"));
        QCOMPARE(names("expose=9001"), QString());

        CommandResult invalid = docker({"ps", "--filter", "publish=http"});
        QVERIFY2(invalid.exitCode != 0, qPrintable(describe(invalid)));
        QVERIFY2(invalid.err.contains("invalid filter 'publish=http'"),
                 qPrintable(describe(invalid)));
    }

    // publish= and expose= form one condition, as in Docker 28: a container passes when one
    // of its ports matches any value of either key, while other keys must still match too.
    // A stopped container has no ports to match, whatever it exposes.
    void psPortFiltersFormOneCondition() {
        CommandResult web =
            docker({"run", "-d", "--name", "web", "-p", "18181:80", "busybox", "sleep", "600"});
        QVERIFY2(web.exitCode == 0, qPrintable(describe(web)));
        CommandResult cache =
            docker({"run", "-d", "--name", "cache", "--expose", "6379", "busybox", "sleep", "600"});
        QVERIFY2(cache.exitCode == 0, qPrintable(describe(cache)));
        CommandResult idle = docker({"create", "--name", "idle", "--expose", "80", "-p", "18182:80",
                                     "busybox", "sleep", "600"});
        QVERIFY2(idle.exitCode == 0, qPrintable(describe(idle)));

        // The names that `docker ps -a` lists with the filters, sorted and space-separated.
        auto names = [this](const QStringList& filters) {
            QStringList args{"ps", "-a", "--format", "{{.Names}}"};
            for (const QString& filter : filters) {
                args << "--filter" << filter;
            }
            CommandResult listed = docker(args);
            QStringList lines = text(listed.out).split('\n', Qt::SkipEmptyParts);
            lines.sort();
            return listed.exitCode == 0 ? lines.join(' ') : "error: " + text(listed.err);
        };
        QCOMPARE(names({"publish=18181", "expose=6379"}), QString("cache web"));
        QCOMPARE(names({"publish=18181", "expose=9999"}), QString("web"));
        QCOMPARE(names({"publish=9999", "expose=6379"}), QString("cache"));
        QCOMPARE(names({"publish=9999", "expose=9998"}), QString());
        QCOMPARE(names({"expose=6379", "expose=80"}), QString("cache web"));
        QCOMPARE(names({"publish=18181", "publish=18182"}), QString("web"));
        QCOMPARE(names({"expose=80"}), QString("web"));
        QCOMPARE(names({"publish=6379", "expose=18181"}), QString());
        QCOMPARE(names({"name=cache", "publish=18181", "expose=6379"}), QString("cache"));
        QCOMPARE(names({"status=created", "expose=80"}), QString());

        CommandResult colon = docker({"ps", "--filter", "publish=18181:80"});
        QVERIFY2(colon.exitCode != 0, qPrintable(describe(colon)));
        QVERIFY2(colon.err.contains("publish=18181:80"), qPrintable(describe(colon)));
    }

    void fixedAddressAndLinkAlias() {
        createNetwork("fixed", "10.225.0.0/24");
        runOn("fixed", "pinned", {"--ip", "10.225.0.77"});
        QCOMPARE(addressOn("pinned", "fixed"), QString("10.225.0.77"));
        CommandResult taken =
            docker({"run", "-d", "--network", "fixed", "--ip", "10.225.0.77", "busybox", "true"});
        QVERIFY(taken.exitCode != 0);
        QVERIFY2(taken.err.contains("Address already in use"), qPrintable(describe(taken)));

        // A link on a user network is a DNS alias for the linking container only.
        runOn("fixed", "linker", {"--link", "pinned:dbalias"});
        CommandResult linked = docker({"exec", "linker", "ping", "-c1", "-W5", "dbalias"});
        QVERIFY2(linked.exitCode == 0, qPrintable(describe(linked)));
        QVERIFY2(linked.out.contains("10.225.0.77"), qPrintable(describe(linked)));
        runOn("fixed", "bystander");
        CommandResult notLinked = lookup("bystander", "dbalias");
        QVERIFY2(notLinked.exitCode != 0, qPrintable(describe(notLinked)));
    }

    void removeRejectedWhileInUse() {
        createNetwork("busy", "");
        runOn("busy", "user");
        CommandResult refused = docker({"network", "rm", "busy"});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("error while removing network: network busy id"),
                 qPrintable(describe(refused)));
        QVERIFY2(refused.err.contains("has active endpoints"), qPrintable(describe(refused)));

        CommandResult removed = docker({"rm", "-f", "user"});
        QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
        CommandResult freed = docker({"network", "rm", "busy"});
        QVERIFY2(freed.exitCode == 0, qPrintable(describe(freed)));
        QVERIFY(!linkExists(bridgeFor("busy")));
    }

    void pruneRemovesUnusedOnly() {
        createNetwork("idle", "");
        createNetwork("used", "");
        runOn("used", "tenant");
        CommandResult pruned = docker({"network", "prune", "-f"});
        QVERIFY2(pruned.exitCode == 0, qPrintable(describe(pruned)));
        QVERIFY2(pruned.out.contains("idle"), qPrintable(describe(pruned)));
        QVERIFY2(!pruned.out.contains("used"), qPrintable(describe(pruned)));
        CommandResult dangling =
            docker({"network", "ls", "--filter", "dangling=true", "--format", "{{.Name}}"});
        QCOMPARE(text(dangling.out), QString());
        CommandResult custom =
            docker({"network", "ls", "--filter", "type=custom", "--format", "{{.Name}}"});
        QCOMPARE(text(custom.out), QString("used"));
        QVERIFY(!linkExists(bridgeFor("idle")));
    }

    void badInputGetsDockerMessages() {
        createNetwork("taken", "10.226.0.0/24");
        CommandResult duplicate = docker({"network", "create", "taken"});
        QVERIFY(duplicate.exitCode != 0);
        QVERIFY2(duplicate.err.contains("network with name taken already exists"),
                 qPrintable(describe(duplicate)));

        CommandResult overlap =
            docker({"network", "create", "--subnet", "10.226.0.128/25", "overlapping"});
        QVERIFY(overlap.exitCode != 0);
        QVERIFY2(overlap.err.contains(
                     "invalid pool request: Pool overlaps with other one on this address space"),
                 qPrintable(describe(overlap)));
        CommandResult withBridge =
            docker({"network", "create", "--subnet", "10.219.0.0/16", "overbridge"});
        QVERIFY(withBridge.exitCode != 0);

        CommandResult unknownRun =
            docker({"run", "--rm", "--network", "nosuchnet", "busybox", "true"});
        QVERIFY(unknownRun.exitCode != 0);
        QVERIFY2(unknownRun.err.contains("network nosuchnet not found"),
                 qPrintable(describe(unknownRun)));
        QVERIFY2(!unknownRun.err.contains("pull"), qPrintable(describe(unknownRun)));
        CommandResult unknownRm = docker({"network", "rm", "nosuchnet"});
        QVERIFY(unknownRm.exitCode != 0);
        QVERIFY2(unknownRm.err.contains("network nosuchnet not found"),
                 qPrintable(describe(unknownRm)));
        CommandResult predefined = docker({"network", "rm", "bridge"});
        QVERIFY(predefined.exitCode != 0);
        QVERIFY2(predefined.err.contains("bridge is a pre-defined network and cannot be removed"),
                 qPrintable(describe(predefined)));
        CommandResult ipOnBridge = docker({"run", "--rm", "--ip", "10.219.0.9", "busybox", "true"});
        QVERIFY(ipOnBridge.exitCode != 0);
        QVERIFY2(ipOnBridge.err.contains(
                     "user specified IP address is supported on user defined networks only"),
                 qPrintable(describe(ipOnBridge)));
    }

    void eventsFollowNetworkLifecycle() {
        qint64 start = QDateTime::currentSecsSinceEpoch() - 1;
        createNetwork("events", "");
        runOn("events", "member");
        CommandResult disconnected = docker({"network", "disconnect", "events", "member"});
        QVERIFY2(disconnected.exitCode == 0, qPrintable(describe(disconnected)));
        CommandResult removed = docker({"network", "rm", "events"});
        QVERIFY2(removed.exitCode == 0, qPrintable(describe(removed)));
        qint64 end = QDateTime::currentSecsSinceEpoch() + 1;

        CommandResult events = docker({"events", "--since", QString::number(start), "--until",
                                       QString::number(end), "--filter", "type=network", "--format",
                                       "{{.Action}} {{.Actor.Attributes.name}}"});
        QVERIFY2(events.exitCode == 0, qPrintable(describe(events)));
        // Earlier tests' networks may show up in the same seconds.
        QStringList lines = text(events.out).split('\n').filter(QRegularExpression(" events$"));
        QStringList expected{"create events", "connect events", "disconnect events",
                             "destroy events"};
        QCOMPARE(lines, expected);
    }

    // The network, its bridge and the running container's names survive a daemon restart.
    void restartKeepsNetwork() {
        createNetwork("kept", "10.227.0.0/24");
        runOn("kept", "survivor");
        runOn("kept", "asker");
        QString address = addressOn("survivor", "kept");

        QString restarted = daemon_.killAndRestart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        CommandResult listed = docker({"network", "ls", "--format", "{{.Name}}"});
        QVERIFY2(listed.out.contains("kept\n"), qPrintable(describe(listed)));
        QVERIFY(linkExists(bridgeFor("kept")));
        CommandResult resolved = lookup("asker", "survivor");
        QVERIFY2(resolved.exitCode == 0, qPrintable(describe(resolved)));
        QVERIFY2(resolved.out.contains(address.toUtf8()), qPrintable(describe(resolved)));

        runOn("kept", "newcomer");
        QVERIFY(addressOn("newcomer", "kept") != address);
        CommandResult reached = docker({"exec", "newcomer", "ping", "-c1", "-W5", "survivor"});
        QVERIFY2(reached.exitCode == 0, qPrintable(describe(reached)));
    }
};

QTEST_GUILESS_MAIN(TestNetworkUserDockerCli)
#include "tst_network_user_docker_cli.moc"

// Acceptance of bridge networking with the stock docker CLI: links (ping by alias, link
// variables), published ports served by busybox httpd, taken ports, the network sysctls a
// non-root user relies on, and the start cost of the bridge. The test process enters a network
// namespace of its own before it starts berthd, so the daemon's bridge, nftables table and
// ip_forward stay out of the host's.

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "api/berthd_fixture.h"
#include "common/unique_fd.h"
#include "network/nat_table.h"
#include "network/netlink.h"

#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <random>

using namespace berth;

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// A TCP listener on 0.0.0.0 and a port the kernel picks.
UniqueFd listenOnEphemeralPort(uint16_t& port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd.get(), 1);
    socklen_t length = sizeof address;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

uint16_t freePort() {
    uint16_t port = 0;
    UniqueFd probe = listenOnEphemeralPort(port);
    return port;
}

// curl from this test's namespace, retried while the server starts. (The host's static
// busybox wget crashes, so curl it is.)
QByteArray fetch(const QString& url) {
    for (int attempt = 0; attempt < 50; ++attempt) {
        QProcess curl;
        curl.start("curl", {"-sf", "--max-time", "3", url});
        if (curl.waitForFinished(10000) && curl.exitCode() == 0) {
            return curl.readAllStandardOutput();
        }
        QThread::msleep(100);
    }
    return {};
}

double median(std::vector<double> values) {
    std::ranges::sort(values);
    return values[values.size() / 2];
}

} // namespace

class TestNetworkDockerCli : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QString bridgeName_;
    QString tableName_;

    CommandResult docker(const QStringList& args) { return daemon_.docker(args); }

    bool linkExists(const QString& name) {
        auto socket = network::NetlinkSocket::open();
        return socket && socket->link(name.toStdString()).has_value();
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
        QString suffix = QString::number(random() & 0xffffff, 16).rightJustified(6, '0');
        bridgeName_ = "bt" + suffix;
        tableName_ = "berth-test-" + suffix;
        daemon_.setNetworkArguments({"--bridge", bridgeName_, "--bridge-subnet", "10.215.0.0/24",
                                     "--nat-table", tableName_});
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));

        // berthd --cleanup-network removes the bridge and the table it made.
        QProcess cleanupRun;
        cleanupRun.start(qEnvironmentVariable("BERTH_BIN_DIR") + "/berthd",
                         {"--data-root", daemon_.dataRoot(), "--bridge", bridgeName_, "--nat-table",
                          tableName_, "--cleanup-network"});
        QVERIFY(cleanupRun.waitForFinished(30000));
        QVERIFY2(cleanupRun.exitCode() == 0, cleanupRun.readAllStandardError().constData());
        QVERIFY(!linkExists(bridgeName_));
        QCOMPARE(network::natTableExists(tableName_.toStdString()).value_or(true), false);
    }

    void linkedContainerPingsAlias() {
        CommandResult db = docker({"run", "-itd", "--name", "db_service", "-e", "DB_USER=app",
                                   "--expose", "5432", "busybox", "sh"});
        QVERIFY2(db.exitCode == 0, qPrintable(describe(db)));
        CommandResult web = docker({"run", "-itd", "--name", "web_client", "--link",
                                    "db_service:database_alias", "busybox", "sh"});
        QVERIFY2(web.exitCode == 0, qPrintable(describe(web)));
        QVERIFY2(web.err.isEmpty(), qPrintable(describe(web)));

        // No exec yet in berthd: a second linking container runs the checks.
        QStringList linked{"run", "--rm", "--link", "db_service:database_alias", "busybox"};
        CommandResult ping = docker(linked + QStringList{"ping", "-c1", "-W5", "database_alias"});
        QVERIFY2(ping.exitCode == 0, qPrintable(describe(ping)));

        CommandResult address =
            docker({"inspect", "-f", "{{.NetworkSettings.IPAddress}}", "db_service"});
        QVERIFY2(text(address.out).startsWith("10.215.0."), qPrintable(describe(address)));
        CommandResult hosts = docker(linked + QStringList{"cat", "/etc/hosts"});
        QVERIFY2(hosts.out.contains(text(address.out).toUtf8() + "\tdatabase_alias "),
                 qPrintable(describe(hosts)));

        CommandResult env = docker({"run", "--rm", "--name", "env_client", "--link",
                                    "db_service:database_alias", "busybox", "env"});
        QVERIFY2(env.out.contains("DATABASE_ALIAS_NAME=/env_client/database_alias\n"),
                 qPrintable(describe(env)));
        QVERIFY2(
            env.out.contains("DATABASE_ALIAS_PORT=tcp://" + text(address.out).toUtf8() + ":5432\n"),
            qPrintable(describe(env)));
        QVERIFY2(env.out.contains("DATABASE_ALIAS_ENV_DB_USER=app\n"), qPrintable(describe(env)));
    }

    void linkTargetMustExistAndRun() {
        // A missing target fails the create with a 400, so nothing is left and the CLI
        // does not try to pull busybox.
        CommandResult missing =
            docker({"run", "-d", "--name", "linkfail", "--link", "nosuch:x", "busybox", "true"});
        QCOMPARE(missing.exitCode, 125);
        QVERIFY2(
            missing.err.contains("could not get container for nosuch: No such container: nosuch"),
            qPrintable(describe(missing)));
        QVERIFY2(!missing.err.contains("pull"), qPrintable(describe(missing)));
        QCOMPARE(text(docker({"ps", "-aq", "--filter", "name=linkfail"}).out), QString());
        CommandResult reused = docker({"create", "--name", "linkfail", "busybox", "true"});
        QVERIFY2(reused.exitCode == 0, qPrintable(describe(reused)));

        // A stopped target passes the create and fails the start, as in Docker.

        CommandResult created = docker({"create", "--name", "stopped_db", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, qPrintable(describe(created)));
        CommandResult stopped =
            docker({"run", "-d", "--name", "linker", "--link", "stopped_db:db", "busybox", "true"});
        QVERIFY(stopped.exitCode != 0);
        QVERIFY2(stopped.err.contains(
                     "Cannot link to a non running container: /stopped_db AS /linker/db"),
                 qPrintable(describe(stopped)));
    }

    // Docker rewrites a linking container's hosts entries when the target comes back with
    // another address. The linker prints its /etc/hosts only after the test creates
    // /sync/go, which happens after the target's restart.
    void linkHostsFollowRestartedTarget() {
        QTemporaryDir sync;
        QVERIFY(sync.isValid());
        CommandResult db = docker({"run", "-d", "--name", "moving_db", "busybox", "sleep", "600"});
        QVERIFY2(db.exitCode == 0, qPrintable(describe(db)));
        QString before =
            text(docker({"inspect", "-f", "{{.NetworkSettings.IPAddress}}", "moving_db"}).out);
        CommandResult web = docker({"run", "-d", "--name", "watcher", "--link", "moving_db:db",
                                    "-v", sync.path() + ":/sync", "busybox", "sh", "-c",
                                    "while [ ! -e /sync/go ]; do sleep 0.1; done; cat /etc/hosts"});
        QVERIFY2(web.exitCode == 0, qPrintable(describe(web)));

        // The lowest free address goes to the filler, so the target gets another one.
        CommandResult stopped = docker({"stop", "-t", "0", "moving_db"});
        QVERIFY2(stopped.exitCode == 0, qPrintable(describe(stopped)));
        CommandResult filler = docker({"run", "-d", "--name", "filler", "busybox", "sleep", "600"});
        QVERIFY2(filler.exitCode == 0, qPrintable(describe(filler)));
        CommandResult started = docker({"start", "moving_db"});
        QVERIFY2(started.exitCode == 0, qPrintable(describe(started)));
        QString after =
            text(docker({"inspect", "-f", "{{.NetworkSettings.IPAddress}}", "moving_db"}).out);
        QVERIFY2(!after.isEmpty() && after != before, qPrintable(before + " -> " + after));

        QFile go(sync.filePath("go"));
        QVERIFY(go.open(QIODevice::WriteOnly));
        go.close();
        CommandResult waited = docker({"wait", "watcher"});
        QCOMPARE(text(waited.out), QString("0"));
        QByteArray hosts = docker({"logs", "watcher"}).out;
        QVERIFY2(hosts.contains(after.toUtf8() + "\tdb "), hosts.constData());
        QVERIFY2(!hosts.contains(before.toUtf8() + "\tdb "), hosts.constData());
    }

    // --network container:NAME shares the target's interfaces, hostname and /etc/hosts.
    void joinedNetworkSharesTarget() {
        CommandResult target =
            docker({"run", "-d", "--name", "net_owner", "busybox", "sleep", "600"});
        QVERIFY2(target.exitCode == 0, qPrintable(describe(target)));
        QString address =
            text(docker({"inspect", "-f", "{{.NetworkSettings.IPAddress}}", "net_owner"}).out);
        QVERIFY(address.startsWith("10.215.0."));

        QStringList joined{"run", "--rm", "--network", "container:net_owner", "busybox"};
        CommandResult interfaces = docker(joined + QStringList{"ip", "-4", "addr"});
        QVERIFY2(interfaces.out.contains("inet " + address.toUtf8() + "/"),
                 qPrintable(describe(interfaces)));
        CommandResult hostname = docker(joined + QStringList{"hostname"});
        QString ownerId = text(docker({"inspect", "-f", "{{.Id}}", "net_owner"}).out);
        QCOMPARE(text(hostname.out), ownerId.left(12));
        CommandResult hosts = docker(joined + QStringList{"cat", "/etc/hosts"});
        QVERIFY2(hosts.out.contains(address.toUtf8() + "\t"), qPrintable(describe(hosts)));
    }

    void joinedNetworkRejectsConflicts() {
        CommandResult created = docker({"create", "--name", "idle_owner", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, qPrintable(describe(created)));
        CommandResult stopped =
            docker({"run", "--rm", "--network", "container:idle_owner", "busybox", "true"});
        QVERIFY(stopped.exitCode != 0);
        QVERIFY2(stopped.err.contains("cannot join network of a non running container: "
                                      "idle_owner"),
                 qPrintable(describe(stopped)));

        CommandResult published = docker(
            {"create", "--network", "container:idle_owner", "-p", "8080:80", "busybox", "true"});
        QVERIFY(published.exitCode != 0);
        QVERIFY2(published.err.contains(
                     "conflicting options: port publishing and the container type network mode"),
                 qPrintable(describe(published)));
        CommandResult linked = docker({"create", "--network", "container:idle_owner", "--link",
                                       "idle_owner:db", "busybox", "true"});
        QVERIFY(linked.exitCode != 0);
        QVERIFY2(linked.err.contains("container type network can't be used with links"),
                 qPrintable(describe(linked)));
        QCOMPARE(text(docker({"ps", "-aq"}).out).split('\n').size(), 1);
    }

    void publishedPortServesHttpd() {
        QTemporaryDir site;
        QFile page(site.filePath("index.html"));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("Custom busybox page\n");
        page.close();

        uint16_t port = freePort();
        uint16_t loopbackPort = freePort();
        while (loopbackPort == port) {
            loopbackPort = freePort();
        }
        CommandResult run =
            docker({"run", "-d", "--name", "web", "-p", QString("%1:80").arg(port), "-p",
                    QString("127.0.0.1:%1:80").arg(loopbackPort), "-v", site.path() + ":/var/www",
                    "busybox", "httpd", "-f", "-p", "80", "-h", "/var/www"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(fetch(QString("http://127.0.0.1:%1/").arg(port)),
                 QByteArray("Custom busybox page\n"));
        QCOMPARE(fetch(QString("http://127.0.0.1:%1/").arg(loopbackPort)),
                 QByteArray("Custom busybox page\n"));

        CommandResult gateway = docker({"inspect", "-f", "{{.NetworkSettings.Gateway}}", "web"});
        QCOMPARE(text(gateway.out), QString("10.215.0.1"));
        QCOMPARE(fetch(QString("http://10.215.0.1:%1/").arg(port)),
                 QByteArray("Custom busybox page\n"));

        CommandResult ports = docker({"port", "web"});
        QVERIFY2(ports.out.contains(QString("80/tcp -> 0.0.0.0:%1").arg(port).toUtf8()),
                 qPrintable(describe(ports)));

        // berthd's proxy serves 127.0.0.1 and ends with it. A berthd stopped with SIGTERM, as
        // the studio stops its engine, hands loopback over to DNAT, so both ports accept
        // connections while it is down. A restarted berthd serves them through its proxy again.
        QByteArray whileDown;
        QByteArray loopbackWhileDown;
        QString restarted = daemon_.stopAndRestart([&] {
            whileDown = fetch(QString("http://127.0.0.1:%1/").arg(port));
            loopbackWhileDown = fetch(QString("http://127.0.0.1:%1/").arg(loopbackPort));
        });
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        QCOMPARE(whileDown, QByteArray("Custom busybox page\n"));
        QCOMPARE(loopbackWhileDown, QByteArray("Custom busybox page\n"));
        QCOMPARE(fetch(QString("http://127.0.0.1:%1/").arg(port)),
                 QByteArray("Custom busybox page\n"));
        QCOMPARE(fetch(QString("http://127.0.0.1:%1/").arg(loopbackPort)),
                 QByteArray("Custom busybox page\n"));
        // The running berthd keeps the loopback maps empty, so its proxy takes the
        // connections.
        QProcess nft;
        nft.start("nft", {"list", "map", "ip", tableName_, "loopback-tcp"});
        QVERIFY(nft.waitForFinished(10000));
        QVERIFY2(!nft.readAllStandardOutput().contains("elements"), "loopback-tcp is not empty");

        // After SIGKILL the ports work again once berthd is back.
        restarted = daemon_.killAndRestart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        QCOMPARE(fetch(QString("http://127.0.0.1:%1/").arg(port)),
                 QByteArray("Custom busybox page\n"));
    }

    // Docker binds the host port before it starts the process, so the container stays
    // Created, with exit code 128 and the bind error.
    void takenPortFailsStart() {
        uint16_t port = 0;
        UniqueFd occupier = listenOnEphemeralPort(port);
        CommandResult run = docker({"run", "-d", "--name", "clash", "-p",
                                    QString("%1:80").arg(port), "busybox", "sleep", "60"});
        QCOMPARE(run.exitCode, 125);
        QVERIFY2(run.err.contains(
                     QString("failed to bind host port 0.0.0.0:%1/tcp: address already in use")
                         .arg(port)
                         .toUtf8()),
                 qPrintable(describe(run)));

        CommandResult waited = docker({"wait", "clash"});
        QCOMPARE(text(waited.out), QString("128"));
        CommandResult state = docker({"inspect", "-f", "{{.State.Status}}", "clash"});
        QCOMPARE(text(state.out), QString("created"));
        CommandResult listed =
            docker({"ps", "-a", "--filter", "name=clash", "--format", "{{.Status}}"});
        QCOMPARE(text(listed.out), QString("Created"));
        auto socket = network::NetlinkSocket::open();
        QVERIFY(socket.has_value());
        auto links = socket->links();
        QVERIFY(links.has_value());
        for (const auto& link : *links) {
            QVERIFY2(!link.name.starts_with("vb"), link.name.c_str());
        }
        QProcess nft;
        nft.start("nft", {"list", "table", "ip", tableName_});
        QVERIFY(nft.waitForFinished(10000));
        QByteArray listing = nft.readAllStandardOutput();
        QVERIFY2(!listing.contains(QByteArray::number(port) + " :"), listing.constData());
    }

    void portOfOtherContainerAllocated() {
        uint16_t port = freePort();
        QString mapping = QString("%1:80").arg(port);
        CommandResult first =
            docker({"run", "-d", "--name", "holder", "-p", mapping, "busybox", "sleep", "600"});
        QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));

        CommandResult second =
            docker({"run", "-d", "--name", "latecomer", "-p", mapping, "busybox", "sleep", "600"});
        QCOMPARE(second.exitCode, 125);
        QVERIFY2(
            second.err.contains(QString("Bind for 0.0.0.0:%1 failed: port is already allocated")
                                    .arg(port)
                                    .toUtf8()),
            qPrintable(describe(second)));
        CommandResult state = docker({"inspect", "-f", "{{.State.Status}}", "latecomer"});
        QCOMPARE(text(state.out), QString("created"));
        CommandResult holder = docker({"inspect", "-f", "{{.State.Status}}", "holder"});
        QCOMPARE(text(holder.out), QString("running"));
    }

    // Docker checks the network at start, not at create, so the container stays Created.
    void unknownNetworkFailsStart() {
        CommandResult run =
            docker({"run", "-d", "--name", "netfail", "--network", "nonexist", "busybox", "true"});
        QCOMPARE(run.exitCode, 125);
        QVERIFY2(run.err.contains("network nonexist not found"), qPrintable(describe(run)));
        QVERIFY2(!run.err.contains("pull"), qPrintable(describe(run)));
        CommandResult state = docker({"inspect", "-f", "{{.State.Status}}", "netfail"});
        QCOMPARE(text(state.out), QString("created"));
    }

    // Docker lets any user in a container with its own network namespace bind ports below
    // 1024 and send ICMP echo requests through a datagram socket.
    // NOTE: Debian 12's busybox 1.35 ping opens only raw sockets, so it fails as nobody
    // whatever the sysctl says, and this test checks ping_group_range by its value.
    void nonRootBindsLowPort() {
        CommandResult run = docker(
            {"run", "--rm", "-u", "nobody", "busybox", "sh", "-c",
             "cat /proc/sys/net/ipv4/ip_unprivileged_port_start /proc/sys/net/ipv4/ping_group_range"
             " && httpd -p 80 && echo bound"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QStringList lines = text(run.out).split('\n');
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("0"));
        QCOMPARE(lines[1].simplified(), QString("0 2147483647"));
        QCOMPARE(lines[2], QString("bound"));
    }

    void hostNetworkKeepsHostSysctls() {
        QStringList names{"ip_unprivileged_port_start", "ping_group_range"};
        QStringList before;
        for (const QString& name : names) {
            QFile file("/proc/sys/net/ipv4/" + name);
            QVERIFY(file.open(QIODevice::ReadOnly));
            before << text(file.readAll());
        }
        CommandResult run = docker({"run", "--rm", "--network", "host", "busybox", "cat",
                                    "/proc/sys/net/ipv4/ip_unprivileged_port_start",
                                    "/proc/sys/net/ipv4/ping_group_range"});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QStringList seen = text(run.out).split('\n');
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0], before[0]);
        QCOMPARE(seen[1].simplified(), before[1].simplified());
        for (int i = 0; i < names.size(); ++i) {
            QFile file("/proc/sys/net/ipv4/" + names[i]);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(text(file.readAll()), before[i]);
        }
    }

    void bridgeStartCost() {
        std::vector<double> bridge;
        std::vector<double> none;
        for (int run = 0; run < 7; ++run) {
            for (bool useBridge : {true, false}) {
                QStringList args{"run", "--rm"};
                if (!useBridge) {
                    args << "--network"
                         << "none";
                }
                args << "busybox"
                     << "true";
                QElapsedTimer timer;
                timer.start();
                CommandResult result = docker(args);
                double ms = timer.nsecsElapsed() / 1e6;
                QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
                (useBridge ? bridge : none).push_back(ms);
            }
        }
        double bridgeMedian = median(bridge);
        double noneMedian = median(none);
        qInfo("docker run --rm busybox true: bridge %.1f ms, --network none %.1f ms (median of "
              "7), difference %.1f ms",
              bridgeMedian, noneMedian, bridgeMedian - noneMedian);
        // A loose bound: the target is 15 ms, but other work shares this machine.
        QVERIFY(bridgeMedian - noneMedian < 200);
    }
};

QTEST_GUILESS_MAIN(TestNetworkDockerCli)
#include "tst_network_docker_cli.moc"

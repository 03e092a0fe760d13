// Containers run through berth-shim and its client. The tests cover output to the json-file
// log and attach streams, exit codes, the Docker-worded start errors and terminals. They
// also cover namespaces, users, capabilities, masked paths, cgroup limits, stdin handling,
// and a shim that outlives the process that created it. Needs root.

#include "common/scope_guard.h"
#include "runtime/cgroup.h"
#include "runtime/shim_client.h"

#include <QtTest>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

using namespace berth;
using namespace berth::runtime;
namespace stdfs = std::filesystem;

namespace {

constexpr int kDeadlineMs = 10'000;

std::string readText(const stdfs::path& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Demultiplexed output of an attach stream without a terminal.
struct StreamOutput {
    std::string out;
    std::string err;
};

// Reads fd until end-of-file or until the output contains `until`.
std::string readRaw(int fd, const std::string& until = {}) {
    std::string data;
    QDeadlineTimer deadline(kDeadlineMs);
    while (!deadline.hasExpired()) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, int(deadline.remainingTime())) <= 0) {
            break;
        }
        char buffer[4096];
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        data.append(buffer, size_t(n));
        if (!until.empty() && data.find(until) != std::string::npos) {
            break;
        }
    }
    return data;
}

StreamOutput demultiplex(const std::string& raw) {
    StreamOutput result;
    size_t at = 0;
    while (at + 8 <= raw.size()) {
        auto byte = [&](size_t k) { return uint32_t(static_cast<unsigned char>(raw[at + k])); };
        uint32_t length = byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
        std::string payload = raw.substr(at + 8, length);
        (raw[at] == 2 ? result.err : result.out) += payload;
        at += 8 + length;
    }
    return result;
}

void writeAll(int fd, const std::string& text) {
    QCOMPARE(::write(fd, text.data(), text.size()), ssize_t(text.size()));
}

} // namespace

class RuntimeContainerTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dataDir_;
    stdfs::path lowerDir_;
    stdfs::path shimBinary_;
    std::string cgroupParent_;
    int counter_ = 0;

    ContainerSpec makeSpec(std::vector<std::string> args) {
        std::string id = "c" + std::to_string(++counter_);
        stdfs::path dir = stdfs::path(dataDir_.path().toStdString()) / id;
        stdfs::create_directories(dir / "upper");
        stdfs::create_directories(dir / "work");
        ContainerSpec spec;
        spec.id = id;
        spec.hostname = id;
        spec.lowerDirs = {lowerDir_};
        spec.upperDir = dir / "upper";
        spec.workDir = dir / "work";
        spec.logPath = dir / "log.json";
        spec.cgroupPath = cgroupParent_ + "/" + id;
        spec.process.args = std::move(args);
        return spec;
    }

    stdfs::path bundleOf(const ContainerSpec& spec) {
        return stdfs::path(dataDir_.path().toStdString()) / spec.id / "bundle";
    }

    // Waits for the shim to exit and returns exit.json.
    ExitInfo waitExit(const stdfs::path& bundle) {
        auto shim = readShimProcess(bundle);
        if (shim) {
            auto pidfd = openShimPidfd(*shim);
            if (pidfd && *pidfd) {
                pollfd p{pidfd->get(), POLLIN, 0};
                ::poll(&p, 1, kDeadlineMs);
            }
        }
        auto info = readExit(bundle);
        return info ? *info : ExitInfo{-1, false, 0, info.error().message};
    }

    // Kills what a test left running and removes its cgroup and files.
    void tearDown(const ContainerSpec& spec) {
        stdfs::path bundle = bundleOf(spec);
        if (auto shim = readShimProcess(bundle); shim && shimAlive(*shim)) {
            (void)signalInit(*shim, SIGKILL);
            waitExit(bundle);
        }
        (void)cleanup(bundle, spec);
    }

    // Creates and starts a container, collects its attach output and exit.
    struct Outcome {
        StreamOutput output;
        ExitInfo exit;
    };
    Outcome runToEnd(const ContainerSpec& spec) {
        stdfs::path bundle = bundleOf(spec);
        auto created = createContainer(spec, bundle, shimBinary_);
        if (!created) {
            return {{}, ExitInfo{-1, false, 0, created.error().message}};
        }
        auto stream = attach(bundle, {});
        if (!stream) {
            return {{}, ExitInfo{-1, false, 0, stream.error().message}};
        }
        if (auto started = startContainer(bundle); !started) {
            return {{}, ExitInfo{-1, false, 0, started.error().message}};
        }
        std::string raw = readRaw(stream->get());
        return {demultiplex(raw), waitExit(bundle)};
    }

    bool processMentions(const std::string& text) {
        for (const auto& entry : stdfs::directory_iterator("/proc")) {
            std::string cmdline = readText(entry.path() / "cmdline");
            std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
            if (cmdline.find(text) != std::string::npos) {
                return true;
            }
        }
        return false;
    }

    std::vector<stdfs::path> cgroupDirectories(const ContainerSpec& spec) {
        std::vector<stdfs::path> dirs;
        auto layout = detectCgroupLayout();
        for (const auto& hierarchy : layout->hierarchies) {
            dirs.push_back(hierarchy.mountPoint / spec.cgroupPath);
        }
        return dirs;
    }

private slots:
    void initTestCase() {
        if (::geteuid() != 0) {
            QSKIP("containers need root");
        }
        QVERIFY(dataDir_.isValid());
        QByteArray binDir = qgetenv("BERTH_BIN_DIR");
        QVERIFY(!binDir.isEmpty());
        shimBinary_ = stdfs::path(binDir.toStdString()) / "berth-shim";
        QVERIFY(stdfs::exists(shimBinary_));

        std::string tar = dataDir_.filePath("busybox.tar").toStdString();
        std::string script =
            qgetenv("BERTH_TEST_SUPPORT").toStdString() + "/make-busybox-rootfs.sh";
        QCOMPARE(QProcess::execute("bash",
                                   {QString::fromStdString(script), QString::fromStdString(tar)}),
                 0);
        lowerDir_ = dataDir_.filePath("lower").toStdString();
        stdfs::create_directories(lowerDir_);
        QCOMPARE(QProcess::execute("tar", {"-xf", QString::fromStdString(tar), "-C",
                                           QString::fromStdString(lowerDir_.string())}),
                 0);
        cgroupParent_ = "berth-test-" + std::to_string(std::random_device()());
    }

    void cleanupTestCase() {
        if (auto layout = detectCgroupLayout()) {
            (void)removeCgroup(*layout, cgroupParent_);
        }
    }

    void echoReachesLogAndAttach() {
        ContainerSpec spec = makeSpec({"sh", "-c", "echo hi; echo oops >&2"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.exit.error, std::string());
        QCOMPARE(outcome.output.out, std::string("hi\n"));
        QCOMPARE(outcome.output.err, std::string("oops\n"));
        std::string log = readText(spec.logPath);
        QVERIFY2(log.find("{\"log\":\"hi\\n\",\"stream\":\"stdout\",\"time\":\"") == 0,
                 log.c_str());
        QVERIFY2(log.find("{\"log\":\"oops\\n\",\"stream\":\"stderr\",\"time\":\"") !=
                     std::string::npos,
                 log.c_str());
    }

    void exitCodes_data() {
        QTest::addColumn<QString>("script");
        QTest::addColumn<int>("code");
        QTest::newRow("true") << "true" << 0;
        QTest::newRow("exit 3") << "exit 3" << 3;
    }
    void exitCodes() {
        QFETCH(QString, script);
        QFETCH(int, code);
        ContainerSpec spec = makeSpec({"sh", "-c", script.toStdString()});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.exit.exitCode, code);
    }

    void killedBySigkillIs137() {
        ContainerSpec spec = makeSpec({"sleep", "100"});
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        auto shim = createContainer(spec, bundle, shimBinary_);
        QVERIFY2(shim.has_value(), shim ? "" : shim.error().message.c_str());
        QVERIFY(startContainer(bundle).has_value());
        QVERIFY(signalInit(*shim, SIGKILL).has_value());
        QCOMPARE(waitExit(bundle).exitCode, 137);
    }

    void missingCommandFailsLikeDocker() {
        ContainerSpec spec = makeSpec({"nosuch"});
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        auto shim = createContainer(spec, bundle, shimBinary_);
        QVERIFY(!shim.has_value());
        QCOMPARE(shim.error().message,
                 std::string("exec: \"nosuch\": executable file not found in $PATH"));
        QCOMPARE(shim.error().kind, ErrorKind::InvalidArgument);
        auto exit = readExit(bundle);
        QVERIFY(exit.has_value());
        QCOMPARE(exit->exitCode, 127);
        QVERIFY(!processMentions(bundle.string()));
        for (const auto& dir : cgroupDirectories(spec)) {
            QVERIFY2(!stdfs::exists(dir), dir.c_str());
        }
    }

    void notExecutableIs126() {
        ContainerSpec spec = makeSpec({"/etc/passwd"});
        ScopeGuard guard([&] { tearDown(spec); });
        auto shim = createContainer(spec, bundleOf(spec), shimBinary_);
        QVERIFY(!shim.has_value());
        QCOMPARE(shim.error().message, std::string("exec: \"/etc/passwd\": permission denied"));
        QCOMPARE(readExit(bundleOf(spec))->exitCode, 126);
    }

    void terminalRunsInteractiveShell() {
        ContainerSpec spec = makeSpec({"sh"});
        spec.process.terminal = true;
        spec.process.openStdin = true;
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        QVERIFY(createContainer(spec, bundle, shimBinary_).has_value());
        auto stream = attach(bundle, {.stdin = true, .stdout = true, .stderr = true});
        QVERIFY(stream.has_value());
        QVERIFY(startContainer(bundle).has_value());
        writeAll(stream->get(), "echo $((6*7))\n");
        QVERIFY(readRaw(stream->get(), "42\r\n").find("42\r\n") != std::string::npos);

        QVERIFY(resize(bundle, 50, 132).has_value());
        writeAll(stream->get(), "stty size\n");
        QVERIFY(readRaw(stream->get(), "50 132").find("50 132") != std::string::npos);

        writeAll(stream->get(), "exit 5\n");
        readRaw(stream->get());
        QCOMPARE(waitExit(bundle).exitCode, 5);
    }

    void namespacesAndProcessSettings() {
        ContainerSpec spec =
            makeSpec({"sh", "-c", "echo $$; hostname; echo $FOO; pwd; echo $PATH; echo $HOME"});
        spec.hostname = "berth-box";
        spec.process.env = {"FOO=bar"};
        spec.process.cwd = "/work/dir";
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out,
                 std::string("1\nberth-box\nbar\n/work/dir\n"
                             "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
                             "/root\n"));
        QCOMPARE(outcome.exit.exitCode, 0);
    }

    void devHasStandardNodes() {
        ContainerSpec spec = makeSpec(
            {"sh", "-c",
             "for n in null zero full random urandom tty; do [ -c /dev/$n ] || echo no $n; done;"
             "readlink /dev/ptmx; readlink /dev/fd; [ -c /dev/pts/ptmx ] || echo no pts;"
             "grep -c ' /dev/shm tmpfs\\| /dev/mqueue mqueue' /proc/mounts;"
             "head -c 4 /dev/zero | wc -c; echo x > /dev/null && echo null ok"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out + outcome.output.err),
                 QString("pts/ptmx\n/proc/self/fd\n2\n4\nnull ok\n"));
    }

    void etcFilesAreBound() {
        stdfs::path dir = dataDir_.filePath("etc-files").toStdString();
        stdfs::create_directories(dir);
        std::ofstream(dir / "hosts") << "127.0.0.1 localhost berth-box\n";
        std::ofstream(dir / "hostname") << "berth-box\n";
        std::ofstream(dir / "resolv.conf") << "nameserver 127.0.0.1\n";
        ContainerSpec spec = makeSpec({"cat", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"});
        spec.hostsFile = dir / "hosts";
        spec.hostnameFile = dir / "hostname";
        spec.resolvConfFile = dir / "resolv.conf";
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out,
                 std::string("127.0.0.1 localhost berth-box\nberth-box\nnameserver 127.0.0.1\n"));
    }

    void rlimitsAreInherited() {
        rlimit files{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &files), 0);
        ContainerSpec spec = makeSpec({"sh", "-c", "ulimit -n; ulimit -Hn"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out,
                 std::to_string(files.rlim_cur) + "\n" + std::to_string(files.rlim_max) + "\n");
    }

    void userByNameAndIds_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("expected");
        QTest::newRow("name") << "www-data"
                              << "33 33 /var/www";
        QTest::newRow("uid:gid") << "1000:1000"
                                 << "1000 1000 /";
        QTest::newRow("root") << ""
                              << "0 0 /root";
    }
    void userByNameAndIds() {
        QFETCH(QString, user);
        QFETCH(QString, expected);
        ContainerSpec spec = makeSpec({"sh", "-c", "echo $(id -u) $(id -g) $HOME"});
        spec.process.user = user.toStdString();
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out), expected + "\n");
    }

    void unknownUserFailsLikeDocker() {
        ContainerSpec spec = makeSpec({"true"});
        spec.process.user = "nosuch";
        ScopeGuard guard([&] { tearDown(spec); });
        auto shim = createContainer(spec, bundleOf(spec), shimBinary_);
        QVERIFY(!shim.has_value());
        QCOMPARE(shim.error().message,
                 std::string("unable to find user nosuch: no matching entries in passwd file"));
    }

    void capabilities_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("capAdd");
        QTest::addColumn<QString>("expected");
        QTest::newRow("root has Docker's default set")
            << "" << QStringList{}
            << "CapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\n"
               "CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n"
               "CapAmb:\t0000000000000000\n";
        QTest::newRow("cap-add NET_ADMIN")
            << "" << QStringList{"NET_ADMIN"}
            << "CapInh:\t0000000000000000\nCapPrm:\t00000000a80435fb\n"
               "CapEff:\t00000000a80435fb\nCapBnd:\t00000000a80435fb\n"
               "CapAmb:\t0000000000000000\n";
        QTest::newRow("non-root user has none effective")
            << "1000" << QStringList{}
            << "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
               "CapEff:\t0000000000000000\nCapBnd:\t00000000a80425fb\n"
               "CapAmb:\t0000000000000000\n";
    }
    void capabilities() {
        QFETCH(QString, user);
        QFETCH(QStringList, capAdd);
        QFETCH(QString, expected);
        ContainerSpec spec = makeSpec({"grep", "^Cap", "/proc/self/status"});
        spec.process.user = user.toStdString();
        for (const QString& cap : capAdd) {
            spec.process.capAdd.push_back(cap.toStdString());
        }
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out), expected);
    }

    // /proc/kcore is missing on some kernels; cat then prints nothing, which counts as masked.
    void seccompFilter_data() {
        QTest::addColumn<QString>("seccomp");
        QTest::addColumn<bool>("privileged");
        QTest::addColumn<QString>("expected");
        QTest::newRow("default filter") << "" << false << "Seccomp:\t2\n";
        QTest::newRow("unconfined") << "unconfined" << false << "Seccomp:\t0\n";
        QTest::newRow("privileged") << "" << true << "Seccomp:\t0\n";
    }
    void seccompFilter() {
        QFETCH(QString, seccomp);
        QFETCH(bool, privileged);
        QFETCH(QString, expected);
        ContainerSpec spec = makeSpec({"grep", "^Seccomp:", "/proc/self/status"});
        spec.seccomp = seccomp.toStdString();
        spec.privileged = privileged;
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out), expected);
    }

    void seccompDeniesNamespaceClone() {
        ContainerSpec spec = makeSpec({"unshare", "-u", "true"});
        spec.process.capAdd = {"SYS_ADMIN"};
        spec.process.capDrop = {};
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.exit.exitCode, 0);

        ContainerSpec confined = makeSpec({"unshare", "-u", "true"});
        ScopeGuard confinedGuard([&] { tearDown(confined); });
        Outcome denied = runToEnd(confined);
        QVERIFY(denied.exit.exitCode != 0);
        QVERIFY2(denied.output.err.find("Operation not permitted") != std::string::npos,
                 denied.output.err.c_str());
    }

    void noNewPrivilegesIsSet_data() {
        QTest::addColumn<bool>("requested");
        QTest::addColumn<QString>("expected");
        QTest::newRow("requested") << true << "NoNewPrivs:\t1\n";
        QTest::newRow("not requested") << false << "NoNewPrivs:\t0\n";
    }
    void noNewPrivilegesIsSet() {
        QFETCH(bool, requested);
        QFETCH(QString, expected);
        ContainerSpec spec = makeSpec({"grep", "^NoNewPrivs:", "/proc/self/status"});
        spec.process.noNewPrivileges = requested;
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out), expected);
    }

    void kernelPathsMaskedAndReadOnly() {
        ContainerSpec spec = makeSpec(
            {"sh", "-c",
             "cat /proc/kcore 2>/dev/null | wc -c; wc -c < /proc/timer_list; wc -c < /proc/keys;"
             "find /proc/acpi /sys/firmware -mindepth 1 | wc -l;"
             "if echo x 2>/dev/null > /proc/sys/kernel/domainname; then echo rw; else echo ro; fi;"
             "if mkdir /sys/berth-x 2>/dev/null; then echo rw; else echo ro; fi;"
             "if mkdir /sys/fs/cgroup/berth-x 2>/dev/null; then echo rw; else echo ro; fi"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out + outcome.output.err),
                 QString("0\n0\n0\n0\nro\nro\nro\n"));
    }

    void readonlyRootfsRejectsWrites() {
        ContainerSpec spec = makeSpec(
            {"sh", "-c", "if touch /x 2>/dev/null; then echo rw; else echo ro; fi; touch /tmp/y"});
        spec.readonlyRootfs = true;
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out, std::string("ro\n"));
        QVERIFY(outcome.exit.exitCode != 0);
    }

    void bindMountReadOnly() {
        stdfs::path hostDir = dataDir_.filePath("shared").toStdString();
        stdfs::create_directories(hostDir);
        std::ofstream(hostDir / "greeting") << "hello from host\n";
        ContainerSpec spec =
            makeSpec({"sh", "-c",
                      "cat /data/greeting; if touch /data/x 2>/dev/null; then echo rw; "
                      "else echo ro; fi"});
        spec.mounts.push_back({hostDir.string(), "/data", "bind", {"rbind", "ro"}});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out, std::string("hello from host\nro\n"));
    }

    void networkModes_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("loopback is up") << int(NetworkMode::Loopback) << "up\n";
        QTest::newRow("none leaves lo down") << int(NetworkMode::None) << "down\n";
    }
    void networkModes() {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        ContainerSpec spec = makeSpec(
            {"sh", "-c", "if ip link show lo | grep -q ',UP'; then echo up; else echo down; fi"});
        spec.network = NetworkMode(mode);
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(QString::fromStdString(outcome.output.out), expected);
    }

    void partialLineReachesLog() {
        ContainerSpec spec = makeSpec({"printf", "no newline"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.output.out, std::string("no newline"));
        std::string log = readText(spec.logPath);
        QVERIFY2(log.starts_with("{\"log\":\"no newline\",\"stream\":\"stdout\""), log.c_str());
    }

    void oomKillIsRecorded() {
        ContainerSpec spec = makeSpec({"sh", "-c", "head -c 200000000 /dev/zero | tail"});
        spec.resources.memoryBytes = 16 * 1024 * 1024;
        spec.resources.memorySwapBytes = 16 * 1024 * 1024;
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.exit.exitCode, 137);
        QVERIFY(outcome.exit.oomKilled);
    }

    void cgroupLimitsAreWritten() {
        ContainerSpec spec = makeSpec({"sleep", "100"});
        spec.resources.memoryBytes = 64 * 1024 * 1024;
        spec.resources.pidsLimit = 50;
        spec.resources.cpuShares = 512;
        spec.resources.nanoCpus = 500'000'000;
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        auto shim = createContainer(spec, bundle, shimBinary_);
        QVERIFY2(shim.has_value(), shim ? "" : shim.error().message.c_str());
        QVERIFY(startContainer(bundle).has_value());
        auto layout = detectCgroupLayout();
        QVERIFY(layout.has_value());
        bool sawMemory = false;
        bool sawPids = false;
        bool sawCpu = false;
        for (const auto& hierarchy : layout->hierarchies) {
            stdfs::path dir = hierarchy.mountPoint / spec.cgroupPath;
            std::string procs = readText(dir / "cgroup.procs");
            QVERIFY2(procs.find(std::to_string(shim->initPid)) != std::string::npos, dir.c_str());
            for (const char* file : {"memory.limit_in_bytes", "memory.max"}) {
                if (stdfs::exists(dir / file)) {
                    QCOMPARE(readText(dir / file), std::string("67108864\n"));
                    sawMemory = true;
                }
            }
            if (stdfs::exists(dir / "pids.max")) {
                QCOMPARE(readText(dir / "pids.max"), std::string("50\n"));
                sawPids = true;
            }
            if (stdfs::exists(dir / "cpu.shares")) {
                QCOMPARE(readText(dir / "cpu.shares"), std::string("512\n"));
                QCOMPARE(readText(dir / "cpu.cfs_period_us"), std::string("100000\n"));
                QCOMPARE(readText(dir / "cpu.cfs_quota_us"), std::string("50000\n"));
                sawCpu = true;
            }
            if (stdfs::exists(dir / "cpu.max")) {
                QCOMPARE(readText(dir / "cpu.max"), std::string("50000 100000\n"));
                sawCpu = true;
            }
        }
        QVERIFY(sawMemory);
        QVERIFY(sawPids);
        QVERIFY(sawCpu);
    }

    // berth-exec's child joins a container's cgroup by writing "0" to selfJoinFiles. The
    // process must then be listed in every hierarchy, and so must a process it forks.
    void selfJoinFilesMoveProcessAndChildren() {
        auto layout = detectCgroupLayout();
        QVERIFY(layout.has_value());
        std::string path = cgroupParent_ + "/self-join";
        auto cgroup = Cgroup::create(*layout, path, ResourceSpec{}, false);
        QVERIFY2(cgroup.has_value(), cgroup ? "" : cgroup.error().message.c_str());
        std::vector<stdfs::path> files = selfJoinFiles(*layout, path);
        QCOMPARE(files.size(), cgroup->directories().size());

        int report[2];
        int release[2];
        QCOMPARE(::pipe2(report, O_CLOEXEC), 0);
        QCOMPARE(::pipe2(release, O_CLOEXEC), 0);
        pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::close(report[0]);
            ::close(release[1]);
            for (const stdfs::path& file : files) {
                int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
                if (fd < 0 || ::write(fd, "0", 1) != 1) {
                    ::_exit(10);
                }
                ::close(fd);
            }
            pid_t grandchild = ::fork();
            if (grandchild == 0) {
                char byte;
                (void)::read(release[0], &byte, 1);
                ::_exit(0);
            }
            (void)::write(report[1], &grandchild, sizeof grandchild);
            int status = 0;
            ::waitpid(grandchild, &status, 0);
            ::_exit(grandchild > 0 ? 0 : 11);
        }
        ::close(report[1]);
        ::close(release[0]);
        ScopeGuard finish([&] {
            ::close(release[1]);
            int status = 0;
            ::waitpid(child, &status, 0);
            (void)cgroup->remove();
        });
        // The child sends the grandchild's pid only after every write succeeded.
        pid_t grandchild = 0;
        ssize_t received = ::read(report[0], &grandchild, sizeof grandchild);
        ::close(report[0]);
        QCOMPARE(received, ssize_t(sizeof grandchild));
        QVERIFY(grandchild > 0);

        auto listed = [](const std::string& procs, pid_t pid) {
            std::istringstream lines(procs);
            std::string line;
            while (std::getline(lines, line)) {
                if (line == std::to_string(pid)) {
                    return true;
                }
            }
            return false;
        };
        for (const stdfs::path& directory : cgroup->directories()) {
            std::string procs = readText(directory / "cgroup.procs");
            QVERIFY2(listed(procs, child), directory.c_str());
            QVERIFY2(listed(procs, grandchild), directory.c_str());
        }
    }

    // The v2 path on this hybrid machine: a private mount namespace puts the cgroup2
    // hierarchy (which holds no memory, cpu or pids controller here) at /sys/fs/cgroup, so
    // only creation, joining, the read-only view inside and removal are checked.
    void cgroupV2TreeIsUsed() {
        auto hostLayout = detectCgroupLayout();
        QVERIFY(hostLayout.has_value());
        if (hostLayout->version == CgroupVersion::V2) {
            QSKIP("the host is cgroup v2 already; the other tests cover it");
        }
        if (!stdfs::exists("/sys/fs/cgroup/unified/cgroup.procs")) {
            QSKIP("no cgroup2 hierarchy mounted beside the v1 controllers");
        }
        ContainerSpec spec =
            makeSpec({"sh", "-c",
                      "cat /proc/self/cgroup; if mkdir /sys/fs/cgroup/x 2>/dev/null; "
                      "then echo rw; else echo ro; fi"});
        ScopeGuard guard([&] {
            ::rmdir(("/sys/fs/cgroup/unified/" + spec.cgroupPath).c_str());
            ::rmdir(("/sys/fs/cgroup/unified/" + cgroupParent_).c_str());
        });
        stdfs::path bundle = bundleOf(spec);
        pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            bool ok = ::unshare(CLONE_NEWNS) == 0 &&
                      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
                      ::mount("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, nullptr) == 0;
            if (!ok) {
                ::_exit(10);
            }
            Outcome outcome = runToEnd(spec);
            bool joined =
                outcome.output.out.find("0::/" + spec.cgroupPath + "\n") != std::string::npos;
            bool readOnly = outcome.output.out.ends_with("ro\n");
            bool removed = !stdfs::exists("/sys/fs/cgroup/" + spec.cgroupPath);
            ::_exit(outcome.exit.exitCode != 0 ? 11
                    : !joined                  ? 12
                    : !readOnly                ? 13
                    : !removed                 ? 14
                                               : 0);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QVERIFY(!stdfs::exists("/sys/fs/cgroup/unified/" + spec.cgroupPath));
    }

    void stdinOnceClosesStdin() {
        ContainerSpec spec = makeSpec({"cat"});
        spec.process.openStdin = true;
        spec.process.stdinOnce = true;
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        QVERIFY(createContainer(spec, bundle, shimBinary_).has_value());
        auto stream = attach(bundle, {.stdin = true, .stdout = true, .stderr = true});
        QVERIFY(stream.has_value());
        auto watcher = attach(bundle, {});
        QVERIFY(watcher.has_value());
        QVERIFY(startContainer(bundle).has_value());
        writeAll(stream->get(), "abc\n");
        ::shutdown(stream->get(), SHUT_WR);
        QCOMPARE(demultiplex(readRaw(stream->get())).out, std::string("abc\n"));
        QCOMPARE(demultiplex(readRaw(watcher->get())).out, std::string("abc\n"));
        QCOMPARE(waitExit(bundle).exitCode, 0);
    }

    // A client that closes its socket, and a container that closes its stdin, must not
    // leave the shim polling a hung-up descriptor in a loop.
    void hangupsLeaveShimIdle() {
        ContainerSpec spec = makeSpec({"sh", "-c", "exec 0<&-; sleep 100"});
        spec.process.openStdin = true;
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        auto shim = createContainer(spec, bundle, shimBinary_);
        QVERIFY(shim.has_value());
        {
            auto stream = attach(bundle, {.stdin = true, .stdout = true, .stderr = true});
            QVERIFY(stream.has_value());
        }
        QVERIFY(startContainer(bundle).has_value());
        QTest::qWait(300);
        auto cpuTicks = [&] {
            std::string stat = readText("/proc/" + std::to_string(shim->shimPid) + "/stat");
            std::istringstream fields(stat.substr(stat.rfind(')') + 2));
            std::string field;
            long ticks = 0;
            for (int index = 3; index <= 15 && fields >> field; ++index) {
                if (index >= 14) {
                    ticks += std::stol(field); // utime and stime
                }
            }
            return ticks;
        };
        long before = cpuTicks();
        QTest::qWait(500);
        QVERIFY2(cpuTicks() - before <= 2, "the shim is busy while the container idles");
    }

    void shimOutlivesItsCreator() {
        ContainerSpec spec = makeSpec({"sleep", "100"});
        ScopeGuard guard([&] { tearDown(spec); });
        stdfs::path bundle = bundleOf(spec);
        pid_t creator = ::fork();
        QVERIFY(creator >= 0);
        if (creator == 0) {
            bool ok = createContainer(spec, bundle, shimBinary_) && startContainer(bundle);
            ::_exit(ok ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(creator, &status, 0), creator);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);

        auto shim = readShimProcess(bundle);
        QVERIFY(shim.has_value());
        QVERIFY(shimAlive(*shim));
        QVERIFY(!readExit(bundle).has_value());

        std::string mountinfo = readText("/proc/self/mountinfo");
        QVERIFY2(mountinfo.find(dataDir_.path().toStdString()) == std::string::npos,
                 "a container mount is visible in the host's mount namespace");

        auto stream = attach(bundle, {});
        QVERIFY(stream.has_value());
        QVERIFY(signalInit(*shim, SIGKILL).has_value());
        QCOMPARE(readRaw(stream->get()), std::string());
        QCOMPARE(waitExit(bundle).exitCode, 137);
        QVERIFY(!shimAlive(*shim));
        QVERIFY(!signalInit(*shim, SIGKILL).has_value());
    }

    // A restart reuses the upper dir at once, while the previous run's mount namespace may
    // still be on its way out.
    void restartKeepsUpperDir() {
        ContainerSpec spec = makeSpec({"sh", "-c", "cat /count 2>/dev/null; echo x >> /count"});
        ScopeGuard guard([&] { tearDown(spec); });
        QCOMPARE(runToEnd(spec).output.out, std::string());
        QCOMPARE(runToEnd(spec).output.out, std::string("x\n"));
        QCOMPARE(runToEnd(spec).output.out, std::string("x\nx\n"));
    }

    void longBundlePathWorks() {
        ContainerSpec spec = makeSpec({"echo", "long"});
        stdfs::path bundle = bundleOf(spec).parent_path() / std::string(120, 'b') / "bundle";
        QVERIFY(bundle.string().size() > 108);
        ScopeGuard guard([&] { (void)cleanup(bundle, spec); });
        auto shim = createContainer(spec, bundle, shimBinary_);
        QVERIFY2(shim.has_value(), shim ? "" : shim.error().message.c_str());
        auto stream = attach(bundle, {});
        QVERIFY2(stream.has_value(), stream ? "" : stream.error().message.c_str());
        QVERIFY(startContainer(bundle).has_value());
        QCOMPARE(demultiplex(readRaw(stream->get())).out, std::string("long\n"));
        QCOMPARE(waitExit(bundle).exitCode, 0);
    }

    void cleanupRemovesCgroup() {
        ContainerSpec spec = makeSpec({"true"});
        ScopeGuard guard([&] { tearDown(spec); });
        Outcome outcome = runToEnd(spec);
        QCOMPARE(outcome.exit.exitCode, 0);
        QVERIFY(cleanup(bundleOf(spec), spec).has_value());
        for (const auto& dir : cgroupDirectories(spec)) {
            QVERIFY2(!stdfs::exists(dir), dir.c_str());
        }
        QVERIFY(!stdfs::exists(bundleOf(spec) / "shim.sock"));
    }
};

QTEST_GUILESS_MAIN(RuntimeContainerTest)
#include "tst_runtime_container.moc"

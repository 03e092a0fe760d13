// HostConfig.CgroupnsMode through the docker CLI and raw requests on the host's own
// cgroup layout: what create accepts and inspect reports, and what /proc/PID/cgroup,
// /proc/PID/ns/cgroup and /sys/fs/cgroup show to the init and to an exec'd process in
// each mode. tst_cgroup_v2_vm checks the same on a cgroup2-only kernel.

#include "busybox_test_case.h"

#include <QFile>
#include <QTest>

#include <sys/statfs.h>

#include <linux/magic.h>

#include <filesystem>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// True when /sys/fs/cgroup is cgroup2, where dockerd's default mode is "private".
bool hostUsesCgroupV2() {
    struct statfs info {};
    return ::statfs("/sys/fs/cgroup", &info) == 0 && info.f_type == CGROUP2_SUPER_MAGIC;
}

// Returns the target of a /proc/PID/ns link, such as "cgroup:[4026531835]", or "" when
// the link cannot be read.
QString namespaceLink(const QString& path) {
    std::error_code error;
    std::filesystem::path target = std::filesystem::read_symlink(path.toStdString(), error);
    return error ? QString() : QString::fromStdString(target.string());
}

// The lines of /proc/PID/cgroup whose path is not the namespace root "/".
QStringList linesOutsideRoot(const QString& cgroupFile) {
    QStringList outside;
    for (const QString& line : cgroupFile.split('\n', Qt::SkipEmptyParts)) {
        if (!line.endsWith(":/")) {
            outside << line;
        }
    }
    return outside;
}

} // namespace

class TestApiCgroupns final : public BusyboxTestCase {
    Q_OBJECT

    QString inspect(const QString& container, const QString& format) const {
        CommandResult result = daemon_.docker({"inspect", "--format", format, container});
        return result.exitCode == 0 ? text(result.out)
                                    : QString("inspect failed: ") + describe(result);
    }

    QString execOutput(const QString& container, const QStringList& command) const {
        CommandResult result = daemon_.docker(QStringList{"exec", container} + command);
        return result.exitCode == 0 ? text(result.out)
                                    : QString("exec failed: ") + describe(result);
    }

    // Starts a detached busybox "sleep 600" with the given docker run flags.
    bool runSleeper(const QString& name, const QStringList& flags) const {
        CommandResult run = daemon_.docker(QStringList{"run", "-d", "--name", name} + flags +
                                           QStringList{"busybox", "sleep", "600"});
        if (run.exitCode != 0) {
            qWarning("docker run --name %s failed: %s", qPrintable(name), describe(run).data());
        }
        return run.exitCode == 0;
    }

    // The cgroup namespace of the container's init, as the host names it.
    QString initCgroupNamespace(const QString& container) const {
        return namespaceLink(
            QString("/proc/%1/ns/cgroup").arg(inspect(container, "{{.State.Pid}}")));
    }

private slots:
    // dockerd rejects any mode but "", "host" and "private" before it stores the container.
    void unknownModeRejected() {
        HttpResult create = daemon_.request(
            "POST", "/v1.43/containers/create?name=bogus",
            R"({"Image":"busybox","Cmd":["true"],"HostConfig":{"CgroupnsMode":"shared"}})");
        QCOMPARE(create.status, 400);
        QVERIFY2(create.body.contains("invalid cgroup namespace mode: shared"), create.body);
        QVERIFY(daemon_.docker({"inspect", "bogus"}).exitCode != 0);
    }

    void modeMustBeString() {
        HttpResult create = daemon_.request(
            "POST", "/v1.43/containers/create",
            R"({"Image":"busybox","Cmd":["true"],"HostConfig":{"CgroupnsMode":1}})");
        QCOMPARE(create.status, 400);
        QVERIFY2(create.body.contains("CgroupnsMode"), create.body);
    }

    // A create without CgroupnsMode stores dockerd's default for the host's layout.
    void defaultModeFollowsHostLayout() {
        QString expected = hostUsesCgroupV2() ? "private" : "host";
        HttpResult create = daemon_.request("POST", "/v1.43/containers/create?name=unset",
                                            R"({"Image":"busybox","Cmd":["true"]})");
        QCOMPARE(create.status, 201);
        QCOMPARE(inspect("unset", "{{.HostConfig.CgroupnsMode}}"), expected);

        QVERIFY(daemon_.docker({"create", "--name", "cli-default", "busybox", "true"}).exitCode ==
                0);
        QCOMPARE(inspect("cli-default", "{{.HostConfig.CgroupnsMode}}"), expected);
    }

    void explicitModesKept() {
        for (const QString mode : {"host", "private"}) {
            QString name = "kept-" + mode;
            CommandResult create =
                daemon_.docker({"create", "--name", name, "--cgroupns", mode, "busybox", "true"});
            QVERIFY2(create.exitCode == 0, describe(create));
            QCOMPARE(inspect(name, "{{.HostConfig.CgroupnsMode}}"), mode);
        }
    }

    // With --cgroupns host the container shares the host's namespace, so /proc/1/cgroup
    // shows the path of its cgroup below the host's root.
    void hostModeShowsHostPath() {
        QVERIFY(runSleeper("shared", {"--cgroupns", "host"}));
        QCOMPARE(initCgroupNamespace("shared"), namespaceLink("/proc/self/ns/cgroup"));

        QString path = QString("/%1/%2").arg(daemon_.cgroupParent(), inspect("shared", "{{.Id}}"));
        QString expectedLine = hostUsesCgroupV2() ? "0::" + path : ":memory:" + path;
        QString initCgroup = execOutput("shared", {"cat", "/proc/1/cgroup"});
        bool found = false;
        for (const QString& line : initCgroup.split('\n')) {
            found = found || line.endsWith(expectedLine);
        }
        QVERIFY2(found, qPrintable(initCgroup));
    }

    // With --cgroupns private init's cgroup is the namespace root in every hierarchy, and
    // an exec'd process joins that namespace.
    void privateModeShowsRoot() {
        QVERIFY(runSleeper("own", {"--cgroupns", "private", "--memory", "48m"}));
        QString initNamespace = initCgroupNamespace("own");
        QVERIFY(!initNamespace.isEmpty());
        QVERIFY(initNamespace != namespaceLink("/proc/self/ns/cgroup"));
        QCOMPARE(execOutput("own", {"readlink", "/proc/self/ns/cgroup"}), initNamespace);

        QString initCgroup = execOutput("own", {"cat", "/proc/1/cgroup"});
        QVERIFY2(!initCgroup.startsWith("exec failed"), qPrintable(initCgroup));
        QVERIFY2(linesOutsideRoot(initCgroup).isEmpty(), qPrintable(initCgroup));
        QString execCgroup = execOutput("own", {"cat", "/proc/self/cgroup"});
        QVERIFY2(!execCgroup.startsWith("exec failed"), qPrintable(execCgroup));
        QVERIFY2(linesOutsideRoot(execCgroup).isEmpty(), qPrintable(execCgroup));

        // From the host, /proc/PID/cgroup still shows the path below the daemon's parent.
        QString pid = inspect("own", "{{.State.Pid}}");
        QFile hostView(QString("/proc/%1/cgroup").arg(pid));
        QVERIFY(hostView.open(QIODevice::ReadOnly));
        QVERIFY2(text(hostView.readAll()).contains(daemon_.cgroupParent()), qPrintable(pid));
    }

    // /sys/fs/cgroup inside a private namespace shows the container's own cgroup, limits
    // included, read-only.
    void privateModeCgroupTree() {
        QVERIFY(runSleeper("tree", {"--cgroupns", "private", "--memory", "48m"}));
        QString limitFile = hostUsesCgroupV2() ? "/sys/fs/cgroup/memory.max"
                                               : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
        QCOMPARE(execOutput("tree", {"cat", limitFile}), QString::number(48 << 20));

        // mountinfo fields: id parent major:minor root mountpoint ...
        QString mountinfo = execOutput("tree", {"cat", "/proc/self/mountinfo"});
        int cgroupMounts = 0;
        for (const QString& line : mountinfo.split('\n')) {
            QStringList fields = line.split(' ');
            bool underCgroupTree = fields.size() >= 5 && (fields[4] == "/sys/fs/cgroup" ||
                                                          fields[4].startsWith("/sys/fs/cgroup/"));
            if (!underCgroupTree || !line.contains(" - cgroup")) {
                continue;
            }
            ++cgroupMounts;
            QVERIFY2(fields[3] == "/", qPrintable(line));
        }
        QVERIFY2(cgroupMounts > 0, qPrintable(mountinfo));

        CommandResult write = daemon_.docker({"exec", "tree", "sh", "-c", "echo 1 > " + limitFile});
        QVERIFY(write.exitCode != 0);
        QVERIFY2(write.err.contains("Read-only file system"), describe(write));
    }

    // A privileged container gets the cgroup tree too when its namespace is private, and
    // may write to it, as dockerd makes a privileged container's cgroup mount writable.
    void privilegedPrivateModeCgroupTree() {
        QVERIFY(
            runSleeper("privileged", {"--privileged", "--cgroupns", "private", "--memory", "48m"}));
        bool v2 = hostUsesCgroupV2();
        QString limitName = v2 ? "memory.max" : "memory.limit_in_bytes";
        QString limitFile =
            v2 ? "/sys/fs/cgroup/memory.max" : "/sys/fs/cgroup/memory/memory.limit_in_bytes";
        QCOMPARE(execOutput("privileged", {"cat", limitFile}), QString::number(48 << 20));
        QString execCgroup = execOutput("privileged", {"cat", "/proc/self/cgroup"});
        QVERIFY2(!execCgroup.startsWith("exec failed"), qPrintable(execCgroup));
        QVERIFY2(linesOutsideRoot(execCgroup).isEmpty(), qPrintable(execCgroup));

        QString newLimit = QString::number(64 << 20);
        CommandResult write = daemon_.docker(
            {"exec", "privileged", "sh", "-c", "echo " + newLimit + " > " + limitFile});
        QVERIFY2(write.exitCode == 0, describe(write));
        QString hostDirectory = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
        QFile hostLimit(QString("%1/%2/%3/%4")
                            .arg(hostDirectory, daemon_.cgroupParent(),
                                 inspect("privileged", "{{.Id}}"), limitName));
        QVERIFY2(hostLimit.open(QIODevice::ReadOnly), qPrintable(hostLimit.fileName()));
        QCOMPARE(text(hostLimit.readAll()), newLimit);
    }
};

QTEST_GUILESS_MAIN(TestApiCgroupns)
#include "tst_api_cgroupns.moc"

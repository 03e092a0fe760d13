// docker exec through the stock CLI against a private berthd: exit codes, the flags, the
// streams, a terminal, and what the exec'd process inherits from the container (its
// namespaces, cgroup, environment and capabilities, never more).

#include "berthd_fixture.h"
#include "tmux_session.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <signal.h>
#include <unistd.h>

namespace {

constexpr const char* kBox = "exec-box";

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// The value of a "Name:\tvalue" line of /proc/PID/status.
QString statusField(const QByteArray& status, const QString& name) {
    for (const QByteArray& line : status.split('\n')) {
        if (line.startsWith(name.toUtf8() + ":")) {
            return QString::fromUtf8(line.mid(name.size() + 1)).trimmed();
        }
    }
    return {};
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestApiDockerExec : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;

    QString dockerEnvCommand(const QString& args) const {
        return QString("env DOCKER_HOST=unix://%1 DOCKER_CONFIG=%2 docker %3")
            .arg(daemon_.socketPath(), daemon_.dockerConfigDir(), args);
    }

    CommandResult exec(const QStringList& args, const QByteArray& input = {}) const {
        return daemon_.docker(QStringList{"exec"} + args, input);
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", kBox, "-e", "FROM_RUN=yes", "busybox", "sleep", "3600"});
        QVERIFY2(run.exitCode == 0, describe(run));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void exitCodePropagates() {
        CommandResult success = exec({kBox, "true"});
        QVERIFY2(success.exitCode == 0, describe(success));
        CommandResult failure = exec({kBox, "sh", "-c", "exit 3"});
        QVERIFY2(failure.exitCode == 3, describe(failure));
    }

    void signalExitCodeIs128PlusSignal() {
        CommandResult killed = exec({kBox, "sh", "-c", "kill -9 $$"});
        QVERIFY2(killed.exitCode == 137, describe(killed));
    }

    void userFlagSetsIds() {
        CommandResult result = exec({"-u", "1000:1000", kBox, "id"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY2(result.out.contains("uid=1000 gid=1000"), describe(result));
        CommandResult root = exec({kBox, "id", "-u"});
        QCOMPARE(text(root.out), QString("0"));
    }

    void workdirFlagSetsDirectory() {
        CommandResult result = exec({"-w", "/tmp", kBox, "pwd"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("/tmp"));
    }

    void environmentInheritedAndExtended() {
        CommandResult result = exec({"-e", "FROM_EXEC=added", kBox, "env"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QStringList lines = text(result.out).split('\n');
        QVERIFY2(lines.contains("FROM_RUN=yes"), describe(result));
        QVERIFY2(lines.contains("FROM_EXEC=added"), describe(result));
        QVERIFY2(!lines.filter(QRegularExpression("^HOSTNAME=.+")).isEmpty(), describe(result));
        QVERIFY2(!lines.filter(QRegularExpression("^PATH=.+")).isEmpty(), describe(result));
    }

    void envFlagOverridesContainerVariable() {
        CommandResult result = exec({"-e", "FROM_RUN=override", kBox, "env"});
        QStringList lines = text(result.out).split('\n');
        QVERIFY2(lines.contains("FROM_RUN=override"), describe(result));
        QVERIFY2(!lines.contains("FROM_RUN=yes"), describe(result));
    }

    void stdinIsPiped() {
        CommandResult result = exec({"-i", kBox, "cat"}, "hi\n");
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(result.out, QByteArray("hi\n"));
    }

    void stdoutAndStderrStaySeparate() {
        CommandResult result = exec({kBox, "sh", "-c", "echo to-out; echo to-err >&2"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("to-out"));
        QCOMPARE(text(result.err), QString("to-err"));
    }

    void terminalShellListsRoot() {
        TmuxSession session(dockerEnvCommand(QString("exec -it %1 sh").arg(kBox)) +
                                "; echo EXIT=$?; sleep 30",
                            "exec-tty");
        QVERIFY2(session.waitFor("/ #"), qPrintable(session.capture()));
        session.sendKeys({"ls /", "Enter"});
        QVERIFY2(session.waitFor("proc"), qPrintable(session.capture()));
        QVERIFY2(session.capture().contains("bin"), qPrintable(session.capture()));
        session.sendKeys({"tty", "Enter"});
        QVERIFY2(session.waitFor("/dev/pts/"), qPrintable(session.capture()));
        session.sendKeys({"exit", "Enter"});
        QVERIFY2(session.waitFor("EXIT=0"), qPrintable(session.capture()));
    }

    void detachKeysLeaveShellRunning() {
        TmuxSession session(dockerEnvCommand(QString("exec -it %1 sh").arg(kBox)) +
                                "; echo EXIT=$?; sleep 30",
                            "exec-detach");
        QVERIFY2(session.waitFor("/ #"), qPrintable(session.capture()));
        session.sendKeys({"exec sleep 321", "Enter"});
        QThread::msleep(300);
        session.sendKeys({"C-p", "C-q"});
        // The CLI detects the keys as well and exits with this message.
        QVERIFY2(session.waitFor("read escape sequence"), qPrintable(session.capture()));
        CommandResult ps = exec({kBox, "ps", "-o", "pid,args"});
        QString pid;
        for (const QString& line : text(ps.out).split('\n')) {
            if (line.endsWith("sleep 321")) {
                pid = line.trimmed().section(' ', 0, 0);
            }
        }
        QVERIFY2(!pid.isEmpty(), describe(ps));
        CommandResult killed = exec({kBox, "kill", pid});
        QVERIFY2(killed.exitCode == 0, describe(killed));
    }

    void terminalSizeFollowsClient() {
        // tmux's pane is 120 columns wide; the CLI sends it with the start and a resize.
        TmuxSession session(dockerEnvCommand(QString("exec -it %1 stty size").arg(kBox)) +
                                "; echo EXIT=$?; sleep 30",
                            "exec-size");
        QVERIFY2(session.waitFor("EXIT=", 30000), qPrintable(session.capture()));
        QVERIFY2(session.capture().contains(" 120"), qPrintable(session.capture()));
    }

    void detachRunsInBackground() {
        CommandResult started =
            exec({"-d", kBox, "sh", "-c", "sleep 0.2; echo finished > /tmp/detached"});
        QVERIFY2(started.exitCode == 0, describe(started));
        QVERIFY2(started.out.isEmpty(), describe(started));
        QDeadlineTimer deadline(10000);
        CommandResult read;
        while (!deadline.hasExpired()) {
            read = exec({kBox, "cat", "/tmp/detached"});
            if (read.exitCode == 0) {
                break;
            }
            QThread::msleep(100);
        }
        QCOMPARE(text(read.out), QString("finished"));
    }

    void missingExecutableExits127() {
        CommandResult result = exec({kBox, "no-such-command"});
        QVERIFY2(result.exitCode == 127, describe(result));
        QVERIFY2((result.out + result.err).contains("executable file not found in $PATH"),
                 describe(result));
    }

    void nonExecutableFileExits126() {
        CommandResult result = exec({kBox, "/etc/passwd"});
        QVERIFY2(result.exitCode == 126, describe(result));
    }

    void unknownUserExits126() {
        CommandResult result = exec({"-u", "nosuchuser", kBox, "true"});
        QVERIFY2(result.exitCode == 126, describe(result));
        QVERIFY2((result.out + result.err).contains("unable to find user nosuchuser"),
                 describe(result));
    }

    void missingWorkdirExits126() {
        CommandResult result = exec({"-w", "/no/such/dir", kBox, "true"});
        QVERIFY2(result.exitCode == 126, describe(result));
        QVERIFY2((result.out + result.err)
                     .contains("chdir to cwd (\"/no/such/dir\") set in config.json failed: no "
                               "such file or directory"),
                 describe(result));
    }

    void relativeWorkdirIsRejected() {
        CommandResult result = exec({"-w", "relative", kBox, "true"});
        QVERIFY2(result.exitCode != 0, describe(result));
        QVERIFY2(result.err.contains("needs to be an absolute path"), describe(result));
    }

    void stoppedContainerIsRefused() {
        CommandResult run = daemon_.docker({"run", "--name", "exec-stopped", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult result = exec({"exec-stopped", "true"});
        QVERIFY2(result.exitCode != 0, describe(result));
        QVERIFY2(result.err.contains("is not running"), describe(result));
        HttpResult raw =
            daemon_.request("POST", "/v1.43/containers/exec-stopped/exec", R"({"Cmd":["true"]})");
        QCOMPARE(raw.status, 409);
    }

    void unknownExecIdIsNotFound() {
        HttpResult inspect = daemon_.request("GET", "/v1.43/exec/no-such-exec/json");
        QCOMPARE(inspect.status, 404);
        QVERIFY2(inspect.body.contains("No such exec instance"), inspect.body.constData());
        HttpResult start =
            daemon_.request("POST", "/v1.43/exec/no-such-exec/start", R"({"Detach":true})");
        QCOMPARE(start.status, 404);
    }

    void inspectReportsExitCode() {
        HttpResult created =
            daemon_.request("POST", QByteArray("/v1.43/containers/") + kBox + "/exec",
                            R"({"Cmd":["sh","-c","exit 5"]})");
        QCOMPARE(created.status, 201);
        QByteArray id = QJsonDocument::fromJson(created.body)["Id"].toString().toUtf8();
        HttpResult started =
            daemon_.request("POST", "/v1.43/exec/" + id + "/start", R"({"Detach":true})");
        QCOMPARE(started.status, 200);
        QDeadlineTimer deadline(10000);
        QJsonObject state;
        while (!deadline.hasExpired()) {
            state =
                QJsonDocument::fromJson(daemon_.request("GET", "/v1.43/exec/" + id + "/json").body)
                    .object();
            if (!state["Running"].toBool()) {
                break;
            }
            QThread::msleep(50);
        }
        QCOMPARE(state["Running"].toBool(), false);
        QCOMPARE(state["ExitCode"].toInt(), 5);
        QCOMPARE(state["ProcessConfig"].toObject()["entrypoint"].toString(), QString("sh"));
        HttpResult again =
            daemon_.request("POST", "/v1.43/exec/" + id + "/start", R"({"Detach":true})");
        QCOMPARE(again.status, 409);
    }

    void removedContainerForgetsItsExecs() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--name", "exec-gone", "busybox", "sleep", "3600"});
        QVERIFY2(run.exitCode == 0, describe(run));
        HttpResult created =
            daemon_.request("POST", "/v1.43/containers/exec-gone/exec", R"({"Cmd":["true"]})");
        QCOMPARE(created.status, 201);
        QByteArray id = QJsonDocument::fromJson(created.body)["Id"].toString().toUtf8();
        QCOMPARE(daemon_.request("GET", "/v1.43/exec/" + id + "/json").status, 200);
        CommandResult removed = daemon_.docker({"rm", "-f", "exec-gone"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        HttpResult inspect = daemon_.request("GET", "/v1.43/exec/" + id + "/json");
        QCOMPARE(inspect.status, 404);
    }

    void eventsReportExecLifecycle() {
        const qint64 since = QDateTime::currentSecsSinceEpoch() - 1;
        CommandResult run = exec({kBox, "sh", "-c", "exit 4"});
        QVERIFY2(run.exitCode == 4, describe(run));
        const QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", QString::number(since), "--until", until,
                            "--filter", QString("container=") + kBox, "--format",
                            "{{.Action}}|{{index .Actor.Attributes \"exitCode\"}}"});
        QVERIFY2(events.exitCode == 0, describe(events));
        QStringList lines = text(events.out).split('\n');
        QVERIFY2(lines.contains("exec_create: sh -c exit 4|"), describe(events));
        QVERIFY2(lines.contains("exec_start: sh -c exit 4|"), describe(events));
        QVERIFY2(lines.contains("exec_die|4"), describe(events));
    }

    void pidNamespaceShowsContainerOnly() {
        CommandResult result = exec({kBox, "ps", "-o", "pid,comm"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QStringList lines = text(result.out).split('\n');
        // The header, the container's init (pid 1) and ps itself.
        QVERIFY2(lines.size() == 3, describe(result));
        QVERIFY2(QRegularExpression(R"(^\s*1\s+sleep$)").match(lines[1]).hasMatch(),
                 describe(result));
        QVERIFY2(lines[2].endsWith("ps"), describe(result));
    }

    void namespacesAndCgroupMatchInit() {
        for (const char* ns : {"mnt", "pid", "net", "uts", "ipc"}) {
            CommandResult own = exec({kBox, "readlink", QString("/proc/self/ns/") + ns});
            CommandResult init = exec({kBox, "readlink", QString("/proc/1/ns/") + ns});
            QVERIFY2(own.exitCode == 0, describe(own));
            QCOMPARE(text(own.out), text(init.out));
        }
        CommandResult own = exec({kBox, "cat", "/proc/self/cgroup"});
        CommandResult init = exec({kBox, "cat", "/proc/1/cgroup"});
        QVERIFY2(own.exitCode == 0, describe(own));
        QVERIFY2(own.out.contains(daemon_.cgroupParent().toUtf8()), describe(own));
        QCOMPARE(own.out, init.out);
    }

    void capabilitiesMatchInit() {
        CommandResult own = exec({kBox, "cat", "/proc/self/status"});
        CommandResult init = exec({kBox, "cat", "/proc/1/status"});
        QVERIFY2(own.exitCode == 0, describe(own));
        for (const char* field :
             {"CapEff", "CapPrm", "CapBnd", "CapInh", "Seccomp", "NoNewPrivs"}) {
            QString mine = statusField(own.out, field);
            QVERIFY2(!mine.isEmpty(), field);
            QCOMPARE(mine, statusField(init.out, field));
        }
        QCOMPARE(statusField(own.out, "CapEff"), QString("00000000a80425fb"));
        CommandResult user = exec({"-u", "1000", kBox, "cat", "/proc/self/status"});
        QCOMPARE(statusField(user.out, "CapEff"), QString("0000000000000000"));
    }

    // A restarted daemon finds the running container again through its shim and can
    // exec into it, with the same namespaces as before.
    void execAfterDaemonRestart() {
        CommandResult before = exec({kBox, "readlink", "/proc/self/ns/pid"});
        QVERIFY2(before.exitCode == 0, describe(before));
        QString error = daemon_.killAndRestart();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CommandResult after = exec({kBox, "readlink", "/proc/self/ns/pid"});
        QVERIFY2(after.exitCode == 0, describe(after));
        QCOMPARE(text(after.out), text(before.out));
        CommandResult env = exec({kBox, "env"});
        QVERIFY2(text(env.out).split('\n').contains("FROM_RUN=yes"), describe(env));
    }

    void privilegedGetsMoreCapabilities() {
        CommandResult result = exec({"--privileged", kBox, "cat", "/proc/self/status"});
        QVERIFY2(result.exitCode == 0, describe(result));
        bool ok = false;
        quint64 effective = statusField(result.out, "CapEff").toULongLong(&ok, 16);
        QVERIFY(ok);
        QVERIFY2((effective & 0xa80425fbULL) == 0xa80425fbULL, describe(result));
        QVERIFY2(effective & (1ULL << 21), "CAP_SYS_ADMIN is missing"); // bit 21
        // Docker keeps the container's seccomp filter on a privileged exec.
        CommandResult init = exec({kBox, "cat", "/proc/1/status"});
        QCOMPARE(statusField(result.out, "Seccomp"), statusField(init.out, "Seccomp"));
        QCOMPARE(statusField(result.out, "Seccomp"), QString("2"));
    }

    // Seen from the host, the exec'd process and a process it forks are in the same cgroup
    // as the container's init in every hierarchy, so the container's limits cover them.
    void execProcessSharesInitCgroups() {
        HttpResult created = daemon_.request("POST", "/v1.43/containers/exec-box/exec",
                                             R"({"Cmd":["sh","-c","sleep 300 & wait"]})");
        QCOMPARE(created.status, 201);
        QByteArray id = QJsonDocument::fromJson(created.body)["Id"].toString().toUtf8();
        HttpResult started =
            daemon_.request("POST", "/v1.43/exec/" + id + "/start", R"({"Detach":true})");
        QCOMPARE(started.status, 200);
        HttpResult inspected = daemon_.request("GET", "/v1.43/exec/" + id + "/json");
        QCOMPARE(inspected.status, 200);
        const qint64 shell = QJsonDocument::fromJson(inspected.body)["Pid"].toInteger();
        QVERIFY2(shell > 0, inspected.body.constData());

        // The shell forks sleep soon after it starts, and /proc lists the child once it exists.
        const QString childrenFile = QString("/proc/%1/task/%1/children").arg(shell);
        qint64 sleeper = 0;
        QDeadlineTimer deadline(10000);
        while (sleeper == 0 && !deadline.hasExpired()) {
            sleeper = text(readFile(childrenFile)).toLongLong();
            if (sleeper == 0) {
                QThread::msleep(20);
            }
        }
        QVERIFY2(sleeper > 0, qPrintable(childrenFile));
        // Killing sleep lets the shell's wait return, so the exec ends by itself.
        auto stopSleeper = qScopeGuard([sleeper] { ::kill(pid_t(sleeper), SIGKILL); });

        CommandResult initPid = daemon_.docker({"inspect", "--format", "{{.State.Pid}}", kBox});
        QVERIFY2(initPid.exitCode == 0, describe(initPid));
        const QByteArray initCgroups = readFile("/proc/" + text(initPid.out) + "/cgroup");
        QVERIFY2(initCgroups.contains(daemon_.cgroupParent().toUtf8()), initCgroups.constData());
        QCOMPARE(readFile(QString("/proc/%1/cgroup").arg(shell)), initCgroups);
        QCOMPARE(readFile(QString("/proc/%1/cgroup").arg(sleeper)), initCgroups);
    }
};

QTEST_GUILESS_MAIN(TestApiDockerExec)
#include "tst_api_docker_exec.moc"

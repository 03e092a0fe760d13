// The container lifecycle beyond run and stop, through the stock docker CLI: pause and
// unpause, update, stop signals and timeouts, kill with any signal, --init, and restart
// policies across a daemon restart. Each test removes its containers afterwards.

#include "busybox_test_case.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <signal.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// A shell loop that writes a growing counter to /tmp/count ten times a second.
const QString kCounterLoop =
    "i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 0.1; done";

} // namespace

class TestApiLifecycle final : public BusyboxTestCase {
    Q_OBJECT

    QString inspect(const QString& container, const QString& format) const {
        CommandResult result = daemon_.docker({"inspect", "--format", format, container});
        return result.exitCode == 0 ? text(result.out)
                                    : QString("inspect failed: ") + describe(result);
    }

    QString fullId(const QString& container) const { return inspect(container, "{{.Id}}"); }

    // The counter file in the container's upper directory, read from the host, so that it
    // can be read while the container is frozen.
    int readCounter(const QString& container) const {
        QFile file(daemon_.dataRoot() + "/containers/" + fullId(container) + "/upper/tmp/count");
        if (!file.open(QIODevice::ReadOnly)) {
            return -1;
        }
        return text(file.readAll()).toInt();
    }

    QString cgroupFile(const QString& controller, const QString& container,
                       const QString& name) const {
        QFile file(QString("/sys/fs/cgroup/%1/%2/%3/%4")
                       .arg(controller, daemon_.cgroupParent(), fullId(container), name));
        if (!file.open(QIODevice::ReadOnly)) {
            return "unreadable: " + file.fileName();
        }
        return text(file.readAll());
    }

    bool waitFor(const std::function<bool()>& condition, int deadlineMs) const {
        QDeadlineTimer deadline(deadlineMs);
        while (!deadline.hasExpired()) {
            if (condition()) {
                return true;
            }
            QThread::msleep(100);
        }
        return condition();
    }

    static bool isV1Hierarchy(const QString& controller) {
        return QFile::exists("/sys/fs/cgroup/" + controller + "/cgroup.procs");
    }

private slots:
    // A paused container's processes do not run: its counter does not advance until unpause.
    void pauseStopsCounter() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "counter", "busybox:latest", "sh", "-c", kCounterLoop});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(waitFor([&] { return readCounter("counter") > 2; }, 10000));

        CommandResult paused = daemon_.docker({"pause", "counter"});
        QVERIFY2(paused.exitCode == 0, describe(paused));
        QCOMPARE(inspect("counter", "{{.State.Status}} {{.State.Paused}} {{.State.Running}}"),
                 QString("paused true true"));
        CommandResult ps =
            daemon_.docker({"ps", "--filter", "name=counter", "--format", "{{.Status}}"});
        QVERIFY2(text(ps.out).endsWith("(Paused)"), describe(ps));

        int frozenAt = readCounter("counter");
        QThread::msleep(1000);
        QCOMPARE(readCounter("counter"), frozenAt);

        CommandResult unpaused = daemon_.docker({"unpause", "counter"});
        QVERIFY2(unpaused.exitCode == 0, describe(unpaused));
        QVERIFY(waitFor([&] { return readCounter("counter") > frozenAt + 2; }, 5000));
        QCOMPARE(inspect("counter", "{{.State.Status}} {{.State.Paused}}"),
                 QString("running false"));
    }

    void pausedContainerRefusesExec() {
        QVERIFY(daemon_.docker({"run", "-d", "--name", "frozen", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(daemon_.docker({"pause", "frozen"}).exitCode == 0);
        CommandResult exec = daemon_.docker({"exec", "frozen", "true"});
        QVERIFY2(exec.exitCode != 0, describe(exec));
        QVERIFY2(exec.err.contains("is paused, unpause the container before exec"), describe(exec));
    }

    void pauseAndUnpauseRejectWrongState() {
        QVERIFY(daemon_.docker({"create", "--name", "idle", "busybox:latest", "true"}).exitCode ==
                0);
        CommandResult pauseStopped = daemon_.docker({"pause", "idle"});
        QVERIFY2(pauseStopped.exitCode != 0, describe(pauseStopped));
        QVERIFY2(pauseStopped.err.contains("is not running"), describe(pauseStopped));

        QVERIFY(daemon_.docker({"run", "-d", "--name", "busy", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        CommandResult unpauseRunning = daemon_.docker({"unpause", "busy"});
        QVERIFY2(unpauseRunning.exitCode != 0, describe(unpauseRunning));
        QVERIFY2(unpauseRunning.err.contains("is not paused"), describe(unpauseRunning));

        QVERIFY(daemon_.docker({"pause", "busy"}).exitCode == 0);
        CommandResult pauseTwice = daemon_.docker({"pause", "busy"});
        QVERIFY2(pauseTwice.err.contains("is already paused"), describe(pauseTwice));

        HttpResult status = daemon_.request("POST", "/containers/idle/pause");
        QCOMPARE(status.status, 409);
    }

    // Stop and rm -f thaw first, so a paused container ends at once, not after the timeout.
    void pausedContainerStopsAndRemoves() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "p1", "busybox:latest", "sh", "-c",
                             "trap 'exit 5' TERM; while true; do sleep 0.1; done"})
                    .exitCode == 0);
        QThread::msleep(300);
        QVERIFY(daemon_.docker({"run", "-d", "--name", "p2", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(daemon_.docker({"pause", "p1", "p2"}).exitCode == 0);

        QElapsedTimer timer;
        timer.start();
        CommandResult stopped = daemon_.docker({"stop", "-t", "5", "p1"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QVERIFY2(timer.elapsed() < 4000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(inspect("p1", "{{.State.Status}} {{.State.ExitCode}}"), QString("exited 5"));

        CommandResult removed = daemon_.docker({"rm", "-f", "p2"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY(daemon_.docker({"inspect", "p2"}).exitCode != 0);
    }

    void pauseEventsAreReported() {
        QString since = QString::number(QDateTime::currentSecsSinceEpoch() - 1);
        QVERIFY(daemon_.docker({"run", "-d", "--name", "ev", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(daemon_.docker({"pause", "ev"}).exitCode == 0);
        QVERIFY(daemon_.docker({"unpause", "ev"}).exitCode == 0);
        QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", since, "--until", until, "--filter",
                            "container=ev", "--format", "{{.Action}}"});
        QVERIFY2(events.exitCode == 0, describe(events));
        QStringList actions = text(events.out).split('\n');
        QVERIFY2(actions.contains("pause"), describe(events));
        QVERIFY2(actions.contains("unpause"), describe(events));
    }

    // A container killed for going over its memory limit has OOMKilled set in inspect, and
    // the events show oom before die.
    void memoryLimitKillReportsOom() {
        QString since = QString::number(QDateTime::currentSecsSinceEpoch() - 1);
        CommandResult ran =
            daemon_.docker({"run", "--name", "hungry", "-m", "16m", "--memory-swap", "16m",
                            "busybox:latest", "sh", "-c", "head -c 200000000 /dev/zero | tail"});
        QCOMPARE(ran.exitCode, 137);
        QCOMPARE(inspect("hungry", "{{.State.OOMKilled}} {{.State.ExitCode}}"),
                 QString("true 137"));
        QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", since, "--until", until, "--filter",
                            "container=hungry", "--format", "{{.Action}}"});
        QStringList actions = text(events.out).split('\n');
        QVERIFY2(actions.contains("oom") && actions.contains("die"), describe(events));
        QVERIFY2(actions.indexOf("oom") < actions.indexOf("die"), describe(events));
        QVERIFY(daemon_.docker({"rm", "hungry"}).exitCode == 0);
    }

    // docker commit pauses the container while it reads its files, then lets it go on.
    void commitPausesAndResumes() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "committed", "busybox:latest", "sh", "-c",
                             kCounterLoop})
                    .exitCode == 0);
        QString since = QString::number(QDateTime::currentSecsSinceEpoch() - 1);
        CommandResult commit = daemon_.docker({"commit", "committed", "lifecycle-commit:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", since, "--until", until, "--filter",
                            "container=committed", "--format", "{{.Action}}"});
        QStringList actions = text(events.out).split('\n');
        QVERIFY2(actions.contains("pause") && actions.contains("unpause"), describe(events));
        QCOMPARE(inspect("committed", "{{.State.Status}}"), QString("running"));
        QVERIFY(daemon_.docker({"rmi", "lifecycle-commit:v1"}).exitCode == 0);
    }

    // The limits of docker run land in the container's cgroup.
    void createLimitsLandInCgroup() {
        if (!isV1Hierarchy("memory")) {
            QSKIP("the checks read cgroup v1 files; this host has a unified hierarchy");
        }
        CommandResult run = daemon_.docker({"run",
                                            "-d",
                                            "--name",
                                            "limited",
                                            "-m",
                                            "32m",
                                            "--memory-reservation",
                                            "16m",
                                            "--cpus",
                                            "0.5",
                                            "--cpu-shares",
                                            "512",
                                            "--pids-limit",
                                            "40",
                                            "--cpuset-cpus",
                                            "0",
                                            "--cpuset-mems",
                                            "0",
                                            "busybox:latest",
                                            "sleep",
                                            "1000"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(cgroupFile("memory", "limited", "memory.limit_in_bytes"),
                 QString::number(32 << 20));
        QCOMPARE(cgroupFile("memory", "limited", "memory.memsw.limit_in_bytes"),
                 QString::number(64 << 20));
        QCOMPARE(cgroupFile("memory", "limited", "memory.soft_limit_in_bytes"),
                 QString::number(16 << 20));
        QCOMPARE(cgroupFile("cpu", "limited", "cpu.cfs_quota_us"), QString("50000"));
        QCOMPARE(cgroupFile("cpu", "limited", "cpu.shares"), QString("512"));
        QCOMPARE(cgroupFile("pids", "limited", "pids.max"), QString("40"));
        QCOMPARE(cgroupFile("cpuset", "limited", "cpuset.cpus"), QString("0"));
        QCOMPARE(cgroupFile("cpuset", "limited", "cpuset.mems"), QString("0"));
        QCOMPARE(inspect("limited", "{{.HostConfig.MemorySwap}}"), QString::number(64 << 20));
    }

    void updateChangesRunningLimits() {
        if (!isV1Hierarchy("memory")) {
            QSKIP("the checks read cgroup v1 files; this host has a unified hierarchy");
        }
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "updated", "-m", "32m", "busybox:latest",
                             "sleep", "1000"})
                    .exitCode == 0);
        QString since = QString::number(QDateTime::currentSecsSinceEpoch() - 1);
        CommandResult update =
            daemon_.docker({"update", "-m", "96m", "--memory-swap", "192m", "--memory-reservation",
                            "24m", "--cpu-shares", "256", "--cpus", "1", "--pids-limit", "64",
                            "--restart", "on-failure:3", "updated"});
        QVERIFY2(update.exitCode == 0, describe(update));
        QCOMPARE(cgroupFile("memory", "updated", "memory.limit_in_bytes"),
                 QString::number(96 << 20));
        QCOMPARE(cgroupFile("memory", "updated", "memory.memsw.limit_in_bytes"),
                 QString::number(192 << 20));
        QCOMPARE(cgroupFile("memory", "updated", "memory.soft_limit_in_bytes"),
                 QString::number(24 << 20));
        QCOMPARE(cgroupFile("cpu", "updated", "cpu.shares"), QString("256"));
        QCOMPARE(cgroupFile("cpu", "updated", "cpu.cfs_quota_us"), QString("100000"));
        QCOMPARE(cgroupFile("pids", "updated", "pids.max"), QString("64"));
        QCOMPARE(inspect("updated", "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} "
                                    "{{.HostConfig.RestartPolicy.Name}}:"
                                    "{{.HostConfig.RestartPolicy.MaximumRetryCount}}"),
                 QString("%1 64 on-failure:3").arg(96 << 20));

        QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", since, "--until", until, "--filter",
                            "event=update", "--format", "{{.Actor.Attributes.name}}"});
        QCOMPARE(text(events.out), QString("updated"));
    }

    void updateKeepsLimitsOfStoppedContainer() {
        QVERIFY(daemon_.docker({"create", "--name", "later", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        CommandResult update =
            daemon_.docker({"update", "-m", "48m", "--restart", "always", "later"});
        QVERIFY2(update.exitCode == 0, describe(update));
        QVERIFY(daemon_.docker({"start", "later"}).exitCode == 0);
        QCOMPARE(inspect("later", "{{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}"),
                 QString("%1 always").arg(48 << 20));
        if (isV1Hierarchy("memory")) {
            QCOMPARE(cgroupFile("memory", "later", "memory.limit_in_bytes"),
                     QString::number(48 << 20));
        }
    }

    void updateRejectsBadLimits_data() {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("message");
        QTest::newRow("memory under 6 MB")
            << QStringList{"-m", "1m"} << "Minimum memory limit allowed is 6MB";
        QTest::newRow("memory above the swap limit")
            << QStringList{"-m", "200m"}
            << "Memory limit should be smaller than already set memoryswap limit";
        QTest::newRow("swap below memory") << QStringList{"-m", "20m", "--memory-swap", "10m"}
                                           << "Minimum memoryswap limit should be larger than "
                                              "memory limit";
        QTest::newRow("more CPUs than the host has")
            << QStringList{"--cpus", "4096"} << "Range of CPUs is from 0.01 to";
        QTest::newRow("unknown restart policy")
            << QStringList{"--restart", "sometimes"} << "invalid restart policy";
    }

    void updateRejectsBadLimits() {
        QFETCH(QStringList, flags);
        QFETCH(QString, message);
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "bad", "-m", "32m", "busybox:latest", "sleep",
                             "1000"})
                    .exitCode == 0);
        CommandResult update = daemon_.docker(QStringList{"update"} + flags + QStringList{"bad"});
        QVERIFY2(update.exitCode != 0, describe(update));
        QVERIFY2(text(update.err).contains(message), describe(update));
    }

    // With no swap to push to, the kernel cannot take 20 MB of tmpfs pages away.
    void updateBelowUsageFails() {
        if (!isV1Hierarchy("memory")) {
            QSKIP("the kernel's refusal is checked on cgroup v1");
        }
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "full", "-m", "64m", "busybox:latest", "sh",
                             "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=20; sleep 1000"})
                    .exitCode == 0);
        QVERIFY(waitFor(
            [&] {
                return cgroupFile("memory", "full", "memory.usage_in_bytes").toLongLong() >
                       (20 << 20);
            },
            10000));
        CommandResult update =
            daemon_.docker({"update", "-m", "8m", "--memory-swap", "8m", "full"});
        QVERIFY2(update.exitCode != 0, describe(update));
        QVERIFY2(update.err.contains("unable to set memory limit to 8388608"), describe(update));
        QCOMPARE(inspect("full", "{{.HostConfig.Memory}}"), QString::number(64 << 20));
    }

    void stopUsesStopSignal() {
        QVERIFY(
            daemon_
                .docker({"run", "-d", "--name", "usr1", "--stop-signal", "USR1", "busybox:latest",
                         "sh", "-c", "trap 'exit 9' USR1; while true; do sleep 0.1; done"})
                .exitCode == 0);
        QThread::msleep(300);
        CommandResult stopped = daemon_.docker({"stop", "usr1"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QCOMPARE(inspect("usr1", "{{.State.ExitCode}}"), QString("9"));
    }

    void stopTimeoutEndsWithKill() {
        QVERIFY(
            daemon_
                .docker({"run", "-d", "--name", "stubborn", "--stop-timeout", "1", "busybox:latest",
                         "sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"})
                .exitCode == 0);
        QThread::msleep(300);
        QElapsedTimer timer;
        timer.start();
        CommandResult stopped = daemon_.docker({"stop", "stubborn"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 6000,
                 qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(inspect("stubborn", "{{.State.ExitCode}}"), QString("137"));
    }

    void killSendsNamedAndNumberedSignals() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "hup", "busybox:latest", "sh", "-c",
                             "trap 'exit 3' HUP; while true; do sleep 0.1; done"})
                    .exitCode == 0);
        QThread::msleep(300);
        CommandResult hup = daemon_.docker({"kill", "-s", "HUP", "hup"});
        QVERIFY2(hup.exitCode == 0, describe(hup));
        QVERIFY(waitFor([&] { return inspect("hup", "{{.State.Status}}") == "exited"; }, 5000));
        QCOMPARE(inspect("hup", "{{.State.ExitCode}}"), QString("3"));

        QVERIFY(daemon_.docker({"run", "-d", "--name", "nine", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        CommandResult nine = daemon_.docker({"kill", "-s", "9", "nine"});
        QVERIFY2(nine.exitCode == 0, describe(nine));
        QVERIFY(waitFor([&] { return inspect("nine", "{{.State.Status}}") == "exited"; }, 5000));
        QCOMPARE(inspect("nine", "{{.State.ExitCode}}"), QString("137"));

        CommandResult bad = daemon_.docker({"kill", "-s", "NOSUCHSIGNAL", "nine"});
        QVERIFY2(bad.exitCode != 0, describe(bad));
    }

    void initRunsAsPidOne() {
        CommandResult run =
            daemon_.docker({"run", "--rm", "--init", "busybox:latest", "ps", "-o", "pid,comm"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(QRegularExpression(R"(^\s*1\s+docker-init$)", QRegularExpression::MultilineOption)
                     .match(text(run.out))
                     .hasMatch(),
                 describe(run));
    }

    // An orphan that exits is reaped by the init, so no zombie is left.
    void initReapsZombies() {
        CommandResult run = daemon_.docker(
            {"run", "--rm", "--init", "busybox:latest", "sh", "-c",
             "sh -c 'sleep 0.2 &'; sleep 1.5; ps -o stat,comm | grep -c '^Z' || true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(text(run.out), QString("0"));
    }

    void initForwardsSignalsAndExitStatus() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--init", "--name", "forwarded", "busybox:latest", "sh",
                             "-c", "trap 'exit 7' TERM; while true; do sleep 0.1; done"})
                    .exitCode == 0);
        QThread::msleep(300);
        CommandResult stopped = daemon_.docker({"stop", "forwarded"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QCOMPARE(inspect("forwarded", "{{.State.ExitCode}}"), QString("7"));
    }

    void restartAlwaysSurvivesKilledProcess() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "phoenix", "--restart", "always",
                             "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        qint64 pid = inspect("phoenix", "{{.State.Pid}}").toLongLong();
        QVERIFY(pid > 0);
        QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
        QVERIFY(waitFor(
            [&] {
                return inspect("phoenix", "{{.State.Status}} {{.RestartCount}}") == "running 1";
            },
            10000));
        QVERIFY(inspect("phoenix", "{{.State.Pid}}").toLongLong() != pid);
    }

    // The container's process dies while no daemon runs; the next daemon restarts it.
    void restartAlwaysAfterDaemonRestart() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "survivor", "--restart", "always",
                             "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "stopped-by-hand", "--restart",
                             "unless-stopped", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(daemon_.docker({"stop", "-t", "0", "stopped-by-hand"}).exitCode == 0);
        qint64 pid = inspect("survivor", "{{.State.Pid}}").toLongLong();
        QVERIFY(pid > 0);

        QString error = daemon_.killAndRestart([pid] { ::kill(pid_t(pid), SIGKILL); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(
            waitFor([&] { return inspect("survivor", "{{.State.Status}}") == "running"; }, 10000));
        QVERIFY(inspect("survivor", "{{.State.Pid}}").toLongLong() != pid);
        QCOMPARE(inspect("stopped-by-hand", "{{.State.Status}}"), QString("exited"));
    }

    void onFailureCountsRetries() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "flaky", "--restart", "on-failure:2",
                             "busybox:latest", "sh", "-c", "exit 3"})
                    .exitCode == 0);
        QVERIFY(waitFor(
            [&] { return inspect("flaky", "{{.State.Status}} {{.RestartCount}}") == "exited 2"; },
            15000));
        QThread::msleep(1000);
        QCOMPARE(inspect("flaky", "{{.State.Status}} {{.RestartCount}}"), QString("exited 2"));
    }
};

QTEST_GUILESS_MAIN(TestApiLifecycle)
#include "tst_api_lifecycle.moc"

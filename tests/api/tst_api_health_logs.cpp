// Health checks, logs, stats, image prune and the events of images and volumes, through
// the stock docker CLI. Each test removes its containers afterwards.

#include "busybox_test_case.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

QString nowSeconds(int offset = 0) {
    return QString::number(QDateTime::currentSecsSinceEpoch() + offset);
}

// "12.5MiB / 1.2GiB" → the bytes before the slash.
double memoryUsageBytes(const QString& usage) {
    QString first = usage.section('/', 0, 0).trimmed();
    static const QList<QPair<QString, double>> units = {
        {"GiB", 1024.0 * 1024 * 1024}, {"MiB", 1024.0 * 1024}, {"KiB", 1024.0}, {"B", 1.0}};
    for (const auto& [suffix, factor] : units) {
        if (first.endsWith(suffix)) {
            return first.chopped(suffix.size()).toDouble() * factor;
        }
    }
    return -1;
}

} // namespace

class TestApiHealthLogs final : public BusyboxTestCase {
    Q_OBJECT

    QString inspect(const QString& container, const QString& format) const {
        CommandResult result = daemon_.docker({"inspect", "--format", format, container});
        return result.exitCode == 0 ? text(result.out) : "inspect failed: " + describe(result);
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

    QStringList eventsSince(const QString& since, const QStringList& filters,
                            const QString& format) const {
        QStringList args{"events", "--since", since, "--until", nowSeconds(1), "--format", format};
        for (const auto& filter : filters) {
            args << "--filter" << filter;
        }
        return text(daemon_.docker(args).out).split('\n', Qt::SkipEmptyParts);
    }

private slots:
    // The probe succeeds while /tmp/ok exists, so removing it turns the container unhealthy.
    void healthTurnsHealthyThenUnhealthy() {
        QString since = nowSeconds(-1);
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "probed", "--health-cmd", "test -f /tmp/ok && echo fine",
             "--health-interval", "1s", "--health-retries", "2", "--health-timeout", "5s",
             "busybox:latest", "sh", "-c", "touch /tmp/ok; sleep 1000"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(inspect("probed", "{{.State.Health.Status}}"), QString("starting"));

        QVERIFY(waitFor([&] { return inspect("probed", "{{.State.Health.Status}}") == "healthy"; },
                        10000));
        CommandResult ps =
            daemon_.docker({"ps", "--filter", "name=probed", "--format", "{{.Status}}"});
        QVERIFY2(text(ps.out).endsWith("(healthy)"), describe(ps));
        QCOMPARE(inspect("probed", "{{(index .State.Health.Log 0).Output}}"), QString("fine"));

        QVERIFY(daemon_.docker({"exec", "probed", "rm", "/tmp/ok"}).exitCode == 0);
        QVERIFY(waitFor(
            [&] { return inspect("probed", "{{.State.Health.Status}}") == "unhealthy"; }, 10000));
        QVERIFY(inspect("probed", "{{.State.Health.FailingStreak}}").toInt() >= 2);
        QString last = inspect("probed", "{{json .State.Health.Log}}");
        QJsonArray log = QJsonDocument::fromJson(last.toUtf8()).array();
        QVERIFY(log.size() >= 3);
        QVERIFY(log.size() <= 5);
        QCOMPARE(log.last().toObject()["ExitCode"].toInt(), 1);

        QStringList actions = eventsSince(since, {"container=probed"}, "{{.Action}}");
        QVERIFY2(actions.contains("health_status: healthy"), qPrintable(actions.join(',')));
        QVERIFY2(actions.contains("health_status: unhealthy"), qPrintable(actions.join(',')));
        QStringList health =
            eventsSince(since, {"container=probed", "event=health_status"}, "{{.Action}}");
        QVERIFY2(health.size() >= 2, qPrintable(health.join(',')));
        QVERIFY2(health.filter("health_status: ").size() == health.size(),
                 qPrintable(health.join(',')));
    }

    void healthProbeTimesOut() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "slow", "--health-cmd", "sleep 5",
                             "--health-interval", "1s", "--health-timeout", "500ms",
                             "--health-retries", "1", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        QVERIFY(waitFor([&] { return inspect("slow", "{{.State.Health.Status}}") == "unhealthy"; },
                        10000));
        QCOMPARE(inspect("slow", "{{(index .State.Health.Log 0).ExitCode}}"), QString("-1"));
        QCOMPARE(inspect("slow", "{{(index .State.Health.Log 0).Output}}"),
                 QString("Health check exceeded timeout (500ms)"));
    }

    // An image's HEALTHCHECK applies unless the container sets --no-healthcheck.
    void imageHealthcheckAndNoHealthcheck() {
        QVERIFY(daemon_.docker({"create", "--name", "base", "busybox:latest", "true"}).exitCode ==
                0);
        CommandResult commit =
            daemon_.docker({"commit", "--change", "HEALTHCHECK --interval=1s --retries=1 CMD true",
                            "base", "health-image:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QVERIFY(
            daemon_.docker({"run", "-d", "--name", "inherits", "health-image:v1", "sleep", "1000"})
                .exitCode == 0);
        QVERIFY(waitFor(
            [&] { return inspect("inherits", "{{.State.Health.Status}}") == "healthy"; }, 10000));

        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "opted-out", "--no-healthcheck",
                             "health-image:v1", "sleep", "1000"})
                    .exitCode == 0);
        QThread::msleep(1500);
        QCOMPARE(inspect("opted-out", "{{if .State.Health}}health{{else}}none{{end}}"),
                 QString("none"));
        QVERIFY(daemon_.docker({"rm", "-f", "inherits", "opted-out", "base"}).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", "health-image:v1"}).exitCode == 0);
    }

    // stats reads the container's memory cgroup, which counts the tmpfs pages dd writes.
    void statsMemoryFollowsAllocation() {
        QVERIFY(daemon_.docker({"run", "-d", "--name", "eater", "busybox:latest", "sleep", "1000"})
                    .exitCode == 0);
        CommandResult before =
            daemon_.docker({"stats", "--no-stream", "--format", "{{.MemUsage}}", "eater"});
        QVERIFY2(before.exitCode == 0, describe(before));
        double idle = memoryUsageBytes(text(before.out));
        QVERIFY2(idle >= 0 && idle < 20.0 * 1024 * 1024, describe(before));

        CommandResult fill = daemon_.docker(
            {"exec", "eater", "dd", "if=/dev/zero", "of=/dev/shm/fill", "bs=1M", "count=50"});
        QVERIFY2(fill.exitCode == 0, describe(fill));
        CommandResult after =
            daemon_.docker({"stats", "--no-stream", "--format", "{{.MemUsage}}", "eater"});
        double used = memoryUsageBytes(text(after.out));
        QVERIFY2(used >= idle + 45.0 * 1024 * 1024, describe(after));

        QVERIFY(daemon_.docker({"exec", "eater", "rm", "/dev/shm/fill"}).exitCode == 0);
        CommandResult freed =
            daemon_.docker({"stats", "--no-stream", "--format", "{{.MemUsage}}", "eater"});
        QVERIFY2(memoryUsageBytes(text(freed.out)) < used - 40.0 * 1024 * 1024, describe(freed));
    }

    void logsTailSinceUntilDetails() {
        QVERIFY(daemon_
                    .docker({"run", "-d", "--name", "talker", "--label", "team=core", "--log-opt",
                             "labels=team", "busybox:latest", "sh", "-c",
                             "echo one; echo two; sleep 2; echo three; sleep 1000"})
                    .exitCode == 0);
        QVERIFY(waitFor(
            [&] {
                return daemon_.docker({"logs", "talker"}).out.contains("three");
            },
            10000));

        QCOMPARE(text(daemon_.docker({"logs", "--tail", "1", "talker"}).out), QString("three"));
        QCOMPARE(text(daemon_.docker({"logs", "--tail", "-1", "talker"}).out),
                 QString("one\ntwo\nthree"));
        QCOMPARE(text(daemon_.docker({"logs", "--tail", "0", "talker"}).out), QString());

        CommandResult stamped = daemon_.docker({"logs", "-t", "talker"});
        QStringList lines = text(stamped.out).split('\n');
        QCOMPARE(lines.size(), 3);
        QDateTime third = QDateTime::fromString(lines[2].section(' ', 0, 0), Qt::ISODateWithMs);
        QVERIFY2(third.isValid(), describe(stamped));
        QString split = QString::number(third.toSecsSinceEpoch() - 1);
        QCOMPARE(text(daemon_.docker({"logs", "--since", split, "talker"}).out), QString("three"));
        QCOMPARE(text(daemon_.docker({"logs", "--until", split, "talker"}).out),
                 QString("one\ntwo"));

        CommandResult details = daemon_.docker({"logs", "--details", "talker"});
        QCOMPARE(text(details.out), QString("team=core one\nteam=core two\nteam=core three"));
    }

    // The shim rotates the json-file log past max-size and keeps max-file files.
    void logsRotateAndReadAcrossFiles() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "chatty", "--log-opt", "max-size=2k", "--log-opt", "max-file=3",
             "busybox:latest", "sh", "-c",
             "i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo line-$i; done; sleep 1000"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(waitFor(
            [&] {
                return daemon_.docker({"logs", "--tail", "1", "chatty"}).out.contains("line-200");
            },
            10000));
        QString id = inspect("chatty", "{{.Id}}");
        QString log = daemon_.dataRoot() + "/containers/" + id + "/" + id + "-json.log";
        QVERIFY(QFile::exists(log + ".1"));
        QVERIFY(QFile::exists(log + ".2"));
        QVERIFY(!QFile::exists(log + ".3"));
        for (const QString& file : {log, log + ".1", log + ".2"}) {
            QVERIFY2(QFileInfo(file).size() <= 2048, qPrintable(file));
        }
        QStringList lines = text(daemon_.docker({"logs", "chatty"}).out).split('\n');
        QVERIFY(lines.size() > 10);
        QCOMPARE(lines.last(), QString("line-200"));
        int first = lines.first().mid(5).toInt();
        for (int i = 0; i < lines.size(); ++i) {
            QCOMPARE(lines[i], QString("line-%1").arg(first + i));
        }
    }

    void logOptionsRejectBadValues_data() {
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << "colour=red"
                                        << "unknown log opt 'colour'";
        QTest::newRow("bad size") << "max-size=ten"
                                  << "invalid size: 'ten'";
        QTest::newRow("zero files") << "max-file=0"
                                    << "max-file cannot be less than 1";
    }

    void logOptionsRejectBadValues() {
        QFETCH(QString, option);
        QFETCH(QString, message);
        CommandResult run =
            daemon_.docker({"create", "--log-opt", option, "busybox:latest", "true"});
        QVERIFY2(run.exitCode != 0, describe(run));
        QVERIFY2(run.err.contains(message.toUtf8()), describe(run));
    }

    void imagePruneRemovesDanglingThenUnused() {
        QVERIFY(daemon_.docker({"create", "--name", "keeper", "busybox:latest", "true"}).exitCode ==
                0);
        CommandResult dangling = daemon_.docker({"commit", "keeper"});
        QVERIFY2(dangling.exitCode == 0, describe(dangling));
        QString danglingId = text(dangling.out);
        QVERIFY(daemon_.docker({"commit", "keeper", "prune-me:v1"}).exitCode == 0);

        QString since = nowSeconds(-1);
        CommandResult prune = daemon_.docker({"image", "prune", "-f"});
        QVERIFY2(prune.exitCode == 0, describe(prune));
        QVERIFY2(prune.out.contains(danglingId.toUtf8()), describe(prune));
        QVERIFY(daemon_.docker({"image", "inspect", danglingId}).exitCode != 0);
        QVERIFY(daemon_.docker({"image", "inspect", "prune-me:v1"}).exitCode == 0);

        CommandResult all = daemon_.docker({"image", "prune", "-a", "-f"});
        QVERIFY2(all.exitCode == 0, describe(all));
        QVERIFY2(all.out.contains("untagged: prune-me:v1"), describe(all));
        QVERIFY(daemon_.docker({"image", "inspect", "prune-me:v1"}).exitCode != 0);
        // The keeper container still uses busybox.
        QVERIFY(daemon_.docker({"image", "inspect", "busybox:latest"}).exitCode == 0);

        QStringList actions = eventsSince(since, {"type=image"}, "{{.Action}}");
        QVERIFY2(actions.contains("delete"), qPrintable(actions.join(',')));
        QVERIFY2(actions.contains("untag"), qPrintable(actions.join(',')));
        QVERIFY2(actions.contains("prune"), qPrintable(actions.join(',')));

        CommandResult bad = daemon_.docker({"image", "prune", "-f", "--filter", "colour=red"});
        QVERIFY2(bad.exitCode != 0, describe(bad));
        QVERIFY2(bad.err.contains("invalid filter 'colour'"), describe(bad));
    }

    void imageEventsForTagAndImport() {
        QString since = nowSeconds(-1);
        QVERIFY(daemon_.docker({"tag", "busybox:latest", "events-tag:v1"}).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", "events-tag:v1"}).exitCode == 0);
        QFile tar(daemon_.busyboxTar());
        QVERIFY(tar.open(QIODevice::ReadOnly));
        CommandResult imported =
            daemon_.docker({"import", "-", "events-import:v1"}, tar.readAll(), 60000);
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QVERIFY(daemon_.docker({"rmi", "events-import:v1"}).exitCode == 0);
        QStringList actions = eventsSince(since, {"type=image"}, "{{.Action}}");
        for (const char* action : {"tag", "untag", "import", "delete"}) {
            QVERIFY2(actions.contains(action), qPrintable(actions.join(',')));
        }
    }

    void volumeEventsForCreateMountDestroy() {
        QString since = nowSeconds(-1);
        QVERIFY(daemon_.docker({"volume", "create", "events-volume"}).exitCode == 0);
        CommandResult run =
            daemon_.docker({"run", "--rm", "-v", "events-volume:/data", "busybox:latest", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(daemon_.docker({"volume", "rm", "events-volume"}).exitCode == 0);
        QStringList actions = eventsSince(since, {"type=volume"}, "{{.Action}}");
        for (const char* action : {"create", "mount", "unmount", "destroy"}) {
            QVERIFY2(actions.contains(action), qPrintable(actions.join(',')));
        }
    }
};

QTEST_GUILESS_MAIN(TestApiHealthLogs)
#include "tst_api_health_logs.moc"

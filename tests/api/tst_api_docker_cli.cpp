// Acceptance tests: the stock docker CLI against a private berthd. One daemon serves the
// whole suite; every test removes its containers afterwards, and the last step checks
// that no shim, cgroup or mount is left.

#include "busybox_test_case.h"
#include "tmux_session.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>
#include <QThread>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// A ustar archive of two 3-byte files, without the end-of-archive blocks: each entry is a
// 512-byte header and one 512-byte data block.
QByteArray twoEntryTar() {
    QByteArray archive;
    for (const char* name : {"a.txt", "b.txt"}) {
        QByteArray header(512, '\0');
        header.replace(0, qstrlen(name), name);
        header.replace(100, 8, "0000644\0");
        header.replace(108, 8, "0000000\0");
        header.replace(116, 8, "0000000\0");
        header.replace(124, 12, "00000000003\0");
        header.replace(136, 12, "00000000000\0");
        header[156] = '0';
        header.replace(257, 6, QByteArray("ustar\0", 6));
        header.replace(263, 2, "00");
        header.replace(148, 8, "        ");
        unsigned sum = 0;
        for (char c : header) {
            sum += static_cast<unsigned char>(c);
        }
        header.replace(148, 8,
                       QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2));
        QByteArray data(512, '\0');
        data.replace(0, 3, "abc");
        archive += header + data;
    }
    return archive;
}

// Sends an import request that announces contentLength bytes, sends only body, and
// disconnects, as a client killed in the middle of "docker import" does.
bool sendCutImport(const QString& socketPath, const QByteArray& target, qint64 contentLength,
                   const QByteArray& body) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    QByteArray path = socketPath.toLocal8Bit();
    qstrncpy(address.sun_path, path.constData(), sizeof address.sun_path);
    bool sent = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    QByteArray request =
        "POST " + target + " HTTP/1.1\r\nHost: berthd\r\n" +
        "Content-Type: application/x-tar\r\nContent-Length: " + QByteArray::number(contentLength) +
        "\r\n\r\n" + body;
    if (sent) {
        sent = ::send(fd, request.constData(), request.size(), MSG_NOSIGNAL) == request.size();
    }
    QThread::msleep(300); // let berthd read the part that was sent before the hang-up
    ::close(fd);
    return sent;
}

} // namespace

class TestApiDockerCli : public BusyboxTestCase {
    Q_OBJECT

private:
    QString dockerEnvCommand(const QString& args) const {
        return QString("env DOCKER_HOST=unix://%1 DOCKER_CONFIG=%2 docker %3")
            .arg(daemon_.socketPath(), daemon_.dockerConfigDir(), args);
    }

    QJsonObject inspect(const QString& container) {
        CommandResult result = daemon_.docker({"inspect", container});
        return QJsonDocument::fromJson(result.out).array().first().toObject();
    }

    // Polls the container's State.Status until it is status or the deadline passes.
    bool waitForStatus(const QString& container, const QString& status, int deadlineMs) {
        QDeadlineTimer deadline(deadlineMs);
        while (!deadline.hasExpired()) {
            if (inspect(container)["State"].toObject()["Status"].toString() == status) {
                return true;
            }
            QThread::msleep(100);
        }
        return false;
    }

private slots:
    void versionReportsApi143() {
        CommandResult result = daemon_.docker({"version", "--format", "{{.Server.APIVersion}}"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("1.43"));
    }

    void infoPrintsWithoutErrors() {
        CommandResult result = daemon_.docker({"info"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QVERIFY2(result.out.contains("Storage Driver: overlay2"), describe(result));
        QVERIFY2(result.out.contains("Server Version: 0.1.0"), describe(result));
        QVERIFY2(!result.err.contains("rror"), describe(result));
    }

    void importFromStdin() {
        QFile tar(daemon_.busyboxTar());
        QVERIFY(tar.open(QIODevice::ReadOnly));
        CommandResult result = daemon_.docker({"import", "-", "stdin-image:v1"}, tar.readAll());
        QVERIFY2(result.exitCode == 0, describe(result));
        CommandResult images = daemon_.docker({"images"});
        QVERIFY2(images.out.contains("stdin-image"), describe(images));
        QVERIFY2(images.out.contains("busybox"), describe(images));

        // Without -m, Docker names the source in the comment and leaves Created by empty.
        CommandResult history = daemon_.docker(
            {"history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "stdin-image:v1"});
        QVERIFY2(history.exitCode == 0, describe(history));
        QCOMPARE(text(history.out), QString("|Imported from -"));
        CommandResult comment =
            daemon_.docker({"image", "inspect", "--format", "{{.Comment}}", "stdin-image:v1"});
        QVERIFY2(comment.exitCode == 0, describe(comment));
        QCOMPARE(text(comment.out), QString("Imported from -"));
    }

    // A message given with -m replaces the default comment.
    void importKeepsMessage() {
        CommandResult result = daemon_.docker(
            {"import", "-m", "root file system of the guide", daemon_.busyboxTar(), "noted:v1"});
        QVERIFY2(result.exitCode == 0, describe(result));
        CommandResult history =
            daemon_.docker({"history", "--format", "{{.CreatedBy}}|{{.Comment}}", "noted:v1"});
        QVERIFY2(history.exitCode == 0, describe(history));
        QCOMPARE(text(history.out), QString("|root file system of the guide"));
        QVERIFY(daemon_.docker({"rmi", "noted:v1"}).exitCode == 0);
    }

    void importRejectsNonArchive() {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("this is not a tar archive\n");
        file.flush();
        CommandResult result = daemon_.docker({"import", file.fileName(), "notar:v1"});
        QVERIFY2(result.exitCode != 0, describe(result));
        QVERIFY2(result.err.contains("Error response from daemon"), describe(result));
        CommandResult images = daemon_.docker({"images"});
        QVERIFY2(!images.out.contains("notar"), describe(images));
    }

    void importFromUrl() {
        // A file server on loopback, serving the folder that contains the busybox tar.
        QProcess server;
        server.setWorkingDirectory(QFileInfo(daemon_.busyboxTar()).path());
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start("python3", {"-u", "-m", "http.server", "--bind", "127.0.0.1", "0"});
        QVERIFY(server.waitForStarted(5000));
        QDeadlineTimer deadline(10000);
        QByteArray banner;
        while (!deadline.hasExpired() && !banner.contains("port ")) {
            server.waitForReadyRead(200);
            banner += server.readAll();
        }
        QRegularExpression portPattern("port (\\d+)");
        QRegularExpressionMatch match = portPattern.match(QString::fromUtf8(banner));
        QVERIFY2(match.hasMatch(), banner);
        QString url = QString("http://127.0.0.1:%1/busybox.tar").arg(match.captured(1));
        CommandResult result = daemon_.docker({"import", url, "url-image:v1"});
        server.kill();
        server.waitForFinished(5000);
        QVERIFY2(result.exitCode == 0, describe(result));
        CommandResult images = daemon_.docker({"images"});
        QVERIFY2(images.out.contains("url-image"), describe(images));
        CommandResult history = daemon_.docker(
            {"history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "url-image:v1"});
        QVERIFY2(history.exitCode == 0, describe(history));
        QCOMPARE(text(history.out), "|Imported from " + url);
    }

    void importFromUnansweringUrl() {
        CommandResult result =
            daemon_.docker({"import", "http://127.0.0.1:1/none.tar", "never:v1"});
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains("download failed"), describe(result));
        CommandResult images = daemon_.docker({"images", "-a"});
        QVERIFY2(!images.out.contains("never"), describe(images));
    }

    void imagesFiltersByReference() {
        QVERIFY(daemon_.docker({"tag", "busybox", "filtered/one:v1"}).exitCode == 0);
        QVERIFY(daemon_.docker({"tag", "busybox", "filtered/two:v2"}).exitCode == 0);

        CommandResult byName =
            daemon_.docker({"images", "--format", "{{.Repository}}:{{.Tag}}", "filtered/one"});
        QVERIFY2(byName.exitCode == 0, describe(byName));
        QCOMPARE(text(byName.out), QString("filtered/one:v1"));

        CommandResult byGlob = daemon_.docker(
            {"images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "reference=filtered/*"});
        QVERIFY2(byGlob.exitCode == 0, describe(byGlob));
        QStringList tags = text(byGlob.out).split('\n');
        tags.sort();
        QCOMPARE(tags, QStringList({"filtered/one:v1", "filtered/two:v2"}));

        CommandResult dangling =
            daemon_.docker({"images", "--format", "{{.Repository}}", "--filter", "dangling=true"});
        QVERIFY2(dangling.exitCode == 0, describe(dangling));
        QVERIFY2(!dangling.out.contains("filtered") && !dangling.out.contains("busybox"),
                 describe(dangling));

        CommandResult unknown = daemon_.docker({"images", "--filter", "colour=red"});
        QVERIFY2(unknown.exitCode != 0, describe(unknown));
        QVERIFY2(unknown.err.contains("invalid filter 'colour'"), describe(unknown));

        QVERIFY(daemon_.docker({"rmi", "filtered/one:v1", "filtered/two:v2"}).exitCode == 0);
    }

    void importCutByClientLeavesNoImage() {
        // The cut falls on an entry boundary, where libarchive reports a clean end of input.
        QByteArray archive = twoEntryTar();
        QVERIFY(sendCutImport(daemon_.socketPath(),
                              "/v1.43/images/create?fromSrc=-&repo=cut&tag=v1",
                              archive.size() + 1024, archive.left(1024)));
        QThread::msleep(500);
        CommandResult images = daemon_.docker({"images", "-a"});
        QVERIFY2(images.exitCode == 0, describe(images));
        QVERIFY2(!images.out.contains("cut"), describe(images));
        QDir staging(daemon_.dataRoot() + "/image/tmp");
        QVERIFY2(staging.isEmpty(),
                 qPrintable(staging.entryList(QDir::NoDotAndDotDot | QDir::AllEntries).join(' ')));
    }

    void eventsListLifecycle() {
        QString since = QString::number(QDateTime::currentSecsSinceEpoch() - 1);
        CommandResult run =
            daemon_.docker({"run", "--rm", "--name", "event-box", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString until = QString::number(QDateTime::currentSecsSinceEpoch() + 1);
        CommandResult events =
            daemon_.docker({"events", "--since", since, "--until", until, "--filter",
                            "container=event-box", "--format", "{{.Action}}"},
                           {}, 15000);
        QVERIFY2(events.exitCode == 0, describe(events));
        QStringList actions = text(events.out).split('\n');
        for (const char* action : {"create", "attach", "start", "die", "destroy"}) {
            QVERIFY2(actions.contains(action), describe(events));
        }
    }

    void runEchoPrintsAndRemoves() {
        CommandResult result = daemon_.docker({"run", "--rm", "busybox", "echo", "hi"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("hi"));
        CommandResult list = daemon_.docker({"ps", "-aq"});
        QCOMPARE(text(list.out), QString());
    }

    void exitCodePropagates() {
        CommandResult result = daemon_.docker({"run", "busybox", "sh", "-c", "exit 3"});
        QCOMPARE(result.exitCode, 3);
    }

    void missingCommandExits127() {
        CommandResult result = daemon_.docker({"run", "--name", "nosuch-cmd", "busybox", "nosuch"});
        QCOMPARE(result.exitCode, 127);
        QVERIFY2(result.err.contains("executable file not found"), describe(result));
        QCOMPARE(inspect("nosuch-cmd")["State"].toObject()["ExitCode"].toInt(), 127);
    }

    void detachedShellIsUp() {
        CommandResult run = daemon_.docker({"run", "-itd", "--name", "up-box", "busybox", "sh"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult list = daemon_.docker({"ps"});
        QVERIFY2(list.out.contains("up-box"), describe(list));
        QVERIFY2(list.out.contains(" Up "), describe(list));
    }

    void logsSeparateStreams() {
        CommandResult run = daemon_.docker(
            {"run", "--name", "logger", "busybox", "sh", "-c", "echo out; echo err >&2"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult logs = daemon_.docker({"logs", "logger"});
        QVERIFY2(logs.exitCode == 0, describe(logs));
        QCOMPARE(text(logs.out), QString("out"));
        QCOMPARE(text(logs.err), QString("err"));
        CommandResult tail = daemon_.docker({"logs", "--tail", "1", "-t", "logger"});
        QVERIFY2(tail.out.isEmpty() || tail.out.contains("out"), describe(tail));
    }

    void logsFollowEndsWhenContainerStops() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "follower", "busybox", "sh", "-c", "echo a; sleep 1; echo b"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult logs = daemon_.docker({"logs", "-f", "follower"}, {}, 15000);
        QVERIFY2(!logs.timedOut, describe(logs));
        QCOMPARE(text(logs.out), QString("a\nb"));
    }

    void attachToRunningShell() {
        CommandResult run =
            daemon_.docker({"run", "-itd", "--name", "attach-box", "busybox", "sh"});
        QVERIFY2(run.exitCode == 0, describe(run));
        TmuxSession session(dockerEnvCommand("attach attach-box"));
        QThread::msleep(500);
        session.sendKeys({"echo attached-$((6*7))", "Enter"});
        QVERIFY2(session.waitFor("attached-42"), qPrintable(session.capture()));
        session.sendKeys({"C-p", "C-q"});
        QThread::msleep(500);
        QCOMPARE(inspect("attach-box")["State"].toObject()["Status"].toString(),
                 QString("running"));
    }

    void interactiveRunTakesInput() {
        TmuxSession session(dockerEnvCommand("run -it --name it-box busybox sh") +
                            "; echo EXIT=$?; sleep 30");
        QVERIFY2(session.waitFor("/ #"), qPrintable(session.capture()));
        session.sendKeys({"echo typed-$((2+3))", "Enter"});
        QVERIFY2(session.waitFor("typed-5"), qPrintable(session.capture()));
        session.sendKeys({"exit 4", "Enter"});
        QVERIFY2(session.waitFor("EXIT=4"), qPrintable(session.capture()));
    }

    void stopWithTimeoutKills() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--name", "stopper", "busybox", "sleep", "100"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QElapsedTimer elapsed;
        elapsed.start();
        CommandResult stop = daemon_.docker({"stop", "-t", "1", "stopper"});
        QVERIFY2(stop.exitCode == 0, describe(stop));
        QVERIFY2(elapsed.elapsed() < 8000, "stop took longer than the timeout allows");
        QJsonObject state = inspect("stopper")["State"].toObject();
        QCOMPARE(state["Status"].toString(), QString("exited"));
        QCOMPARE(state["Running"].toBool(), false);
    }

    void removeStoppedContainer() {
        CommandResult run = daemon_.docker({"run", "--name", "gone", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult removed = daemon_.docker({"rm", "gone"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        CommandResult again = daemon_.docker({"inspect", "gone"});
        QVERIFY(again.exitCode != 0);
        QVERIFY2(again.err.contains("No such"), describe(again));
    }

    void removeRunningIsRefused() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--name", "busy", "busybox", "sleep", "100"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult removed = daemon_.docker({"rm", "busy"});
        QVERIFY(removed.exitCode != 0);
        QVERIFY2(removed.err.contains("You cannot remove a running container"), describe(removed));
        CommandResult forced = daemon_.docker({"rm", "-f", "busy"});
        QVERIFY2(forced.exitCode == 0, describe(forced));
    }

    void removeImageInUseIsRefused() {
        QFile tar(daemon_.busyboxTar());
        QVERIFY(tar.open(QIODevice::ReadOnly));
        CommandResult imported = daemon_.docker({"import", "-", "in-use:v1"}, tar.readAll());
        QVERIFY2(imported.exitCode == 0, describe(imported));
        CommandResult created = daemon_.docker({"create", "--name", "user", "in-use:v1", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        CommandResult removed = daemon_.docker({"rmi", "in-use:v1"});
        QVERIFY(removed.exitCode != 0);
        QVERIFY2(removed.err.contains("conflict"), describe(removed));
        QVERIFY2(daemon_.docker({"image", "inspect", "in-use:v1"}).exitCode == 0,
                 "the refused removal deleted the image");
        CommandResult containerRemoved = daemon_.docker({"rm", "user"});
        QVERIFY2(containerRemoved.exitCode == 0, describe(containerRemoved));
        CommandResult untagged = daemon_.docker({"rmi", "in-use:v1"});
        QVERIFY2(untagged.exitCode == 0, describe(untagged));
        QVERIFY2(untagged.out.contains("Untagged: in-use:v1"), describe(untagged));
    }

    void forceRemoveByIdRefusedWhileRunning() {
        CommandResult imported = daemon_.docker({"import", daemon_.busyboxTar(), "forced:v1"});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QString id = text(imported.out).mid(7, 12);
        CommandResult run = daemon_.docker({"run", "-d", "forced:v1", "sleep", "100"});
        QVERIFY2(run.exitCode == 0, describe(run));

        CommandResult refused = daemon_.docker({"rmi", "-f", id});
        QVERIFY2(refused.exitCode != 0, describe(refused));
        QVERIFY2(refused.err.contains("(cannot be forced) - image is being used by running "
                                      "container " +
                                      text(run.out).left(12).toUtf8()),
                 describe(refused));
        CommandResult images = daemon_.docker({"images", "forced"});
        QVERIFY2(images.out.contains(id.toUtf8()), describe(images));

        QVERIFY(daemon_.docker({"rm", "-f", text(run.out)}).exitCode == 0);
        CommandResult removed = daemon_.docker({"rmi", "-f", id});
        QVERIFY2(removed.exitCode == 0, describe(removed));
    }

    void forceRemoveLastTagOnlyUntagsWhileRunning() {
        CommandResult imported = daemon_.docker({"import", daemon_.busyboxTar(), "kept:v1"});
        QVERIFY2(imported.exitCode == 0, describe(imported));
        QString id = text(imported.out);
        CommandResult run = daemon_.docker({"run", "-d", "kept:v1", "sleep", "100"});
        QVERIFY2(run.exitCode == 0, describe(run));

        CommandResult removed = daemon_.docker({"rmi", "-f", "kept:v1"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY2(removed.out.contains("Untagged: kept:v1"), describe(removed));
        QVERIFY2(!removed.out.contains("Deleted"), describe(removed));
        CommandResult inspect = daemon_.docker({"image", "inspect", "-f", "{{.Id}}", id});
        QVERIFY2(inspect.exitCode == 0, describe(inspect));
        QCOMPARE(text(inspect.out), id);

        QVERIFY(daemon_.docker({"rm", "-f", text(run.out)}).exitCode == 0);
        CommandResult deleted = daemon_.docker({"rmi", id});
        QVERIFY2(deleted.exitCode == 0, describe(deleted));
    }

    void removeImage() {
        QFile tar(daemon_.busyboxTar());
        QVERIFY(tar.open(QIODevice::ReadOnly));
        CommandResult imported = daemon_.docker({"import", "-", "doomed:v1"}, tar.readAll());
        QVERIFY2(imported.exitCode == 0, describe(imported));
        CommandResult removed = daemon_.docker({"rmi", "doomed:v1"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY2(removed.out.contains("Untagged: doomed:v1"), describe(removed));
        CommandResult images = daemon_.docker({"images"});
        QVERIFY2(!images.out.contains("doomed"), describe(images));
    }

    void nameInUseIsRefused() {
        CommandResult first = daemon_.docker({"create", "--name", "taken", "busybox", "true"});
        QVERIFY2(first.exitCode == 0, describe(first));
        CommandResult second = daemon_.docker({"create", "--name", "taken", "busybox", "true"});
        QVERIFY(second.exitCode != 0);
        QVERIFY2(second.err.contains("The container name \"/taken\" is already in use"),
                 describe(second));
    }

    void malformedNameAndTagAreRefused() {
        CommandResult name = daemon_.docker({"create", "--name", "bad name", "busybox", "true"});
        QVERIFY(name.exitCode != 0);
        QVERIFY2(name.err.contains("Invalid container name"), describe(name));
        HttpResult tag =
            daemon_.request("POST", "/v1.43/images/busybox/tag?repo=Bad%2FUpper&tag=x");
        QCOMPARE(tag.status, 400);
        QVERIFY2(tag.body.contains("invalid reference format"), tag.body);
        HttpResult create = daemon_.request("POST", "/v1.43/containers/create",
                                            R"({"Image":"UPPER:case","Cmd":["true"]})");
        QCOMPARE(create.status, 400);
    }

    void missingImageGivesClearError() {
        CommandResult result = daemon_.docker({"run", "--rm", "nosuchimage:1", "true"});
        QCOMPARE(result.exitCode, 125);
        QVERIFY2(result.err.contains("Unable to find image"), describe(result));
        // The pull that follows is stopped before it leaves loopback.
        QVERIFY2(result.err.contains("allows only loopback registries"), describe(result));
    }

    void waitPrintsExitCode() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "waiter", "busybox", "sh", "-c", "sleep 1; exit 5"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult waited = daemon_.docker({"wait", "waiter"});
        QVERIFY2(waited.exitCode == 0, describe(waited));
        QCOMPARE(text(waited.out), QString("5"));
    }

    void restartRunsAgain() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--name", "restarted", "busybox", "sleep", "100"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString before = inspect("restarted")["State"].toObject()["StartedAt"].toString();
        CommandResult restart = daemon_.docker({"restart", "-t", "1", "restarted"});
        QVERIFY2(restart.exitCode == 0, describe(restart));
        QJsonObject state = inspect("restarted")["State"].toObject();
        QCOMPARE(state["Status"].toString(), QString("running"));
        QVERIFY(state["StartedAt"].toString() != before);
    }

    void onFailurePolicyRestartsTwice() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox",
                            "sh", "-c", "echo attempt; exit 1"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired() && inspect("flaky")["RestartCount"].toInt() < 2) {
            QThread::msleep(100);
        }
        QVERIFY(waitForStatus("flaky", "exited", 10000));
        QCOMPARE(inspect("flaky")["RestartCount"].toInt(), 2);
        CommandResult logs = daemon_.docker({"logs", "flaky"});
        QCOMPARE(text(logs.out), QString("attempt\nattempt\nattempt"));
    }

    void autoRemoveRemoves() {
        CommandResult run =
            daemon_.docker({"run", "-d", "--rm", "--name", "ephemeral", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && daemon_.docker({"inspect", "ephemeral"}).exitCode == 0) {
            QThread::msleep(100);
        }
        QVERIFY(daemon_.docker({"inspect", "ephemeral"}).exitCode != 0);
    }

    void runFlagsApply() {
        CommandResult result = daemon_.docker(
            {"run", "--rm", "-e", "GREETING=hello", "-w", "/tmp", "-u", "1000:1000", "--hostname",
             "hosty", "busybox", "sh", "-c", "echo $GREETING $(pwd) $(id -u) $(hostname)"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("hello /tmp 1000 hosty"));
    }

    void badResourceValuesAreRefused() {
        const QList<QStringList> cases = {
            {"--memory", "1k"},
            {"--cpus", "1000"},
            {"-w", "relative"},
        };
        for (const QStringList& flags : cases) {
            CommandResult result =
                daemon_.docker(QStringList{"run", "--rm"} + flags + QStringList{"busybox", "true"});
            QVERIFY2(result.exitCode == 125, describe(result));
            QVERIFY2(result.err.contains("Error response from daemon"), describe(result));
        }
        CommandResult all = daemon_.docker({"ps", "-aq"});
        QVERIFY2(text(all.out).isEmpty(), describe(all));
    }

    void entrypointReplacesCommand() {
        CommandResult result =
            daemon_.docker({"run", "--rm", "--entrypoint", "echo", "busybox", "from-entrypoint"});
        QVERIFY2(result.exitCode == 0, describe(result));
        QCOMPARE(text(result.out), QString("from-entrypoint"));
    }

    void killStoppedIsRefused() {
        CommandResult run = daemon_.docker({"create", "--name", "idle", "busybox", "true"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult killed = daemon_.docker({"kill", "idle"});
        QVERIFY(killed.exitCode != 0);
        QVERIFY2(killed.err.contains("is not running"), describe(killed));
    }

    void unknownMethodNamesRequest() {
        HttpResult result = daemon_.request("PUT", "/v1.43/containers/json");
        QCOMPARE(result.status, 405);
        QVERIFY2(result.body.contains("PUT /containers/json is not implemented by this engine"),
                 result.body);
    }

    void pingHeaders() {
        HttpResult ping = daemon_.request("GET", "/_ping");
        QCOMPARE(ping.status, 200);
        QCOMPARE(ping.body, QByteArray("OK"));
        HttpResult old = daemon_.request("GET", "/v1.12/version");
        QCOMPARE(old.status, 400);
        QVERIFY2(old.body.contains("is too old"), old.body);
    }

    void listFilters() {
        CommandResult front = daemon_.docker(
            {"create", "--name", "front", "--label", "tier=front", "busybox", "true"});
        QVERIFY2(front.exitCode == 0, describe(front));
        CommandResult back = daemon_.docker(
            {"run", "-d", "--name", "back", "--label", "tier=back", "busybox", "sleep", "100"});
        QVERIFY2(back.exitCode == 0, describe(back));
        auto names = [this](const QStringList& filter) {
            CommandResult list =
                daemon_.docker(QStringList{"ps", "-a", "--format", "{{.Names}}"} + filter);
            return text(list.out);
        };
        QCOMPARE(names({"--filter", "label=tier=front"}), QString("front"));
        QCOMPARE(names({"--filter", "status=created"}), QString("front"));
        QCOMPARE(names({"--filter", "status=running"}), QString("back"));
        QCOMPARE(names({"--filter", "name=bac"}), QString("back"));
        CommandResult running = daemon_.docker({"ps", "--format", "{{.Names}}"});
        QCOMPARE(text(running.out), QString("back"));
    }

    void resizeTerminal() {
        CommandResult run = daemon_.docker({"run", "-itd", "--name", "sized", "busybox", "sh"});
        QVERIFY2(run.exitCode == 0, describe(run));
        HttpResult resized = daemon_.request("POST", "/v1.43/containers/sized/resize?h=40&w=132");
        QCOMPARE(resized.status, 200);
        HttpResult bad = daemon_.request("POST", "/v1.43/containers/sized/resize?h=x&w=1");
        QCOMPARE(bad.status, 400);
        CommandResult created = daemon_.docker({"create", "--name", "unsized", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        HttpResult stopped = daemon_.request("POST", "/v1.43/containers/unsized/resize?h=1&w=1");
        QCOMPARE(stopped.status, 409);
        QVERIFY2(stopped.body.contains("is not running"), stopped.body);
    }

    void renameFreesOldName() {
        CommandResult created = daemon_.docker({"create", "--name", "before", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        CommandResult renamed = daemon_.docker({"rename", "before", "after"});
        QVERIFY2(renamed.exitCode == 0, describe(renamed));
        QCOMPARE(inspect("after")["Name"].toString(), QString("/after"));
        CommandResult reused = daemon_.docker({"create", "--name", "before", "busybox", "true"});
        QVERIFY2(reused.exitCode == 0, describe(reused));
        CommandResult clash = daemon_.docker({"rename", "after", "before"});
        QVERIFY(clash.exitCode != 0);
        QVERIFY2(clash.err.contains("is already in use"), describe(clash));
    }

    void pruneRemovesStopped() {
        CommandResult stopped = daemon_.docker({"create", "--name", "stale", "busybox", "true"});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        CommandResult running =
            daemon_.docker({"run", "-d", "--name", "live", "busybox", "sleep", "100"});
        QVERIFY2(running.exitCode == 0, describe(running));
        CommandResult pruned = daemon_.docker({"container", "prune", "-f"});
        QVERIFY2(pruned.exitCode == 0, describe(pruned));
        QVERIFY(daemon_.docker({"inspect", "stale"}).exitCode != 0);
        QVERIFY(daemon_.docker({"inspect", "live"}).exitCode == 0);
    }

    void topListsProcesses() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "topped", "busybox", "sh", "-c", "sleep 101 & sleep 102"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QThread::msleep(300);
        CommandResult top = daemon_.docker({"top", "topped"});
        QVERIFY2(top.exitCode == 0, describe(top));
        QVERIFY2(top.out.contains("CMD"), describe(top));
        QVERIFY2(top.out.contains("sleep 101"), describe(top));
        QVERIFY2(top.out.contains("sleep 102"), describe(top));
        QVERIFY2(!top.out.contains("berthd"), describe(top));
    }

    void statsReadCgroup() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "busyloop", "busybox", "sh", "-c", "while :; do :; done"});
        QVERIFY2(run.exitCode == 0, describe(run));
        CommandResult stats = daemon_.docker(
            {"stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.CPUPerc}}", "busyloop"});
        QVERIFY2(stats.exitCode == 0, describe(stats));
        QStringList fields = text(stats.out).split(' ');
        QCOMPARE(fields.size(), 3);
        QCOMPARE(fields[0], QString("busyloop"));
        QCOMPARE(fields[1], QString("1"));
        QVERIFY2(fields[2].chopped(1).toDouble() > 1.0, describe(stats));
    }

    void unsupportedOptionsAreReported() {
        CommandResult ports =
            daemon_.docker({"create", "--name", "ported", "-p", "8080:80", "busybox", "true"});
        QVERIFY2(ports.exitCode == 0, describe(ports));
        QVERIFY2(ports.err.contains("WARNING: Published ports are not supported"), describe(ports));
    }

    void startAttachedShowsOutput() {
        CommandResult created =
            daemon_.docker({"create", "--name", "again", "busybox", "echo", "once more"});
        QVERIFY2(created.exitCode == 0, describe(created));
        for (int round = 0; round < 2; ++round) {
            CommandResult started = daemon_.docker({"start", "-a", "again"});
            QVERIFY2(started.exitCode == 0, describe(started));
            QCOMPARE(text(started.out), QString("once more"));
        }
    }

    void exitWhileDaemonDownIsRecorded() {
        CommandResult run = daemon_.docker(
            {"run", "-d", "--name", "quitter", "busybox", "sh", "-c", "sleep 1; exit 7"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString error = daemon_.killAndRestart();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(waitForStatus("quitter", "exited", 10000));
        QCOMPARE(inspect("quitter")["State"].toObject()["ExitCode"].toInt(), 7);
    }

    // Runs last among the container tests: it restarts the daemon.
    void containerSurvivesDaemonKill() {
        CommandResult run = daemon_.docker({"run", "-itd", "--name", "survivor", "busybox", "sh"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString error = daemon_.killAndRestart();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CommandResult list = daemon_.docker({"ps"});
        QVERIFY2(list.out.contains("survivor") && list.out.contains(" Up "), describe(list));
        TmuxSession session(dockerEnvCommand("attach survivor"));
        QThread::msleep(500);
        session.sendKeys({"echo still-$((40+2))", "Enter"});
        QVERIFY2(session.waitFor("still-42"), qPrintable(session.capture()));
        CommandResult stop = daemon_.docker({"stop", "-t", "1", "survivor"});
        QVERIFY2(stop.exitCode == 0, describe(stop));
        CommandResult removed = daemon_.docker({"rm", "survivor"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
    }
};

QTEST_GUILESS_MAIN(TestApiDockerCli)
#include "tst_api_docker_cli.moc"

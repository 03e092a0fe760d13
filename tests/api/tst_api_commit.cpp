// docker diff and docker commit through the stock docker CLI against a private berthd:
// what the diff lists, and what a committed image holds when it runs again.

#include "busybox_test_case.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

} // namespace

class TestApiCommit : public BusyboxTestCase {
    Q_OBJECT

private:
    // Runs a container to its end and checks that it exited with 0.
    bool runToEnd(const QString& name, const QString& script, const QStringList& flags = {}) {
        QStringList args = {"run", "--name", name};
        args << flags << "busybox"
             << "sh"
             << "-c" << script;
        CommandResult result = daemon_.docker(args);
        if (result.exitCode != 0) {
            qWarning("%s", describe(result).constData());
        }
        return result.exitCode == 0;
    }

    QString runOutput(const QString& image, const QStringList& command) {
        CommandResult result = daemon_.docker(QStringList{"run", "--rm", image} + command);
        return result.exitCode == 0 ? text(result.out) : "exit " + describe(result);
    }

    QJsonObject inspectImage(const QString& image) {
        CommandResult result = daemon_.docker({"image", "inspect", image});
        return QJsonDocument::fromJson(result.out).array().first().toObject();
    }

private slots:
    // docker diff prints "A", "C" or "D" and the path; runtime mount points are no change.
    void diffListsAddedChangedDeleted() {
        QVERIFY(runToEnd("diff-box", "echo x > /new.txt && echo y >> /etc/passwd && "
                                     "rm /var/www/index.html && mkdir -p /made/deep"));
        CommandResult diff = daemon_.docker({"diff", "diff-box"});
        QVERIFY2(diff.exitCode == 0, describe(diff));
        QStringList lines = text(diff.out).split('\n');
        QVERIFY2(lines.contains("A /new.txt"), describe(diff));
        QVERIFY2(lines.contains("C /etc"), describe(diff));
        QVERIFY2(lines.contains("C /etc/passwd"), describe(diff));
        QVERIFY2(lines.contains("C /var/www"), describe(diff));
        QVERIFY2(lines.contains("D /var/www/index.html"), describe(diff));
        QVERIFY2(lines.contains("A /made"), describe(diff));
        QVERIFY2(lines.contains("A /made/deep"), describe(diff));
        QVERIFY2(!diff.out.contains("/proc"), describe(diff));
        QVERIFY2(!diff.out.contains("/etc/hosts"), describe(diff));
        QVERIFY2(!diff.out.contains("/dev"), describe(diff));
    }

    void diffOfUnchangedContainerIsEmpty() {
        QVERIFY(runToEnd("clean-box", "true"));
        CommandResult diff = daemon_.docker({"diff", "clean-box"});
        QVERIFY2(diff.exitCode == 0, describe(diff));
        QCOMPARE(text(diff.out), QString());
    }

    void diffOfMissingContainerFails() {
        CommandResult diff = daemon_.docker({"diff", "no-such-box"});
        QVERIFY(diff.exitCode != 0);
        QVERIFY2(diff.err.contains("No such container: no-such-box"), describe(diff));
    }

    // A file deleted in the container stays deleted in a container of the committed image,
    // and the files it added are there.
    void commitKeepsAddedAndDeletedFiles() {
        QVERIFY(runToEnd("wh-box", "echo hello > /hello.txt && rm /var/www/index.html && "
                                   "rm -rf /home"));
        CommandResult commit = daemon_.docker({"commit", "wh-box", "whiteouts:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QVERIFY2(commit.out.startsWith("sha256:"), describe(commit));
        QCOMPARE(runOutput("whiteouts:v1", {"cat", "/hello.txt"}), QString("hello"));
        QCOMPARE(runOutput("whiteouts:v1", {"sh", "-c", "ls /var/www | wc -l"}), QString("0"));
        QCOMPARE(runOutput("whiteouts:v1", {"sh", "-c", "test -e /home; echo $?"}), QString("1"));
        QCOMPARE(runOutput("whiteouts:v1", {"sh", "-c", "test -e /etc/passwd; echo $?"}),
                 QString("0"));
    }

    // A directory removed and made again hides what the image had there (opaque).
    void commitKeepsOpaqueDirectory() {
        QVERIFY(
            runToEnd("opq-box", "rm -rf /var/www && mkdir /var/www && echo new > /var/www/other"));
        CommandResult commit = daemon_.docker({"commit", "opq-box", "opaque:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QCOMPARE(runOutput("opaque:v1", {"ls", "/var/www"}), QString("other"));
    }

    // A committed image of an image that was itself committed stacks both layers.
    void commitOfCommittedImageStacksLayers() {
        QVERIFY(runToEnd("stack-1", "echo one > /one.txt"));
        QVERIFY(daemon_.docker({"commit", "stack-1", "stack:v1"}).exitCode == 0);
        CommandResult second = daemon_.docker(
            {"run", "--name", "stack-2", "stack:v1", "sh", "-c", "echo two > /two.txt"});
        QVERIFY2(second.exitCode == 0, describe(second));
        QVERIFY(daemon_.docker({"commit", "stack-2", "stack:v2"}).exitCode == 0);
        QCOMPARE(runOutput("stack:v2", {"cat", "/one.txt", "/two.txt"}), QString("one\ntwo"));
        QCOMPARE(inspectImage("stack:v2")["RootFS"].toObject()["Layers"].toArray().size(), 3);
    }

    void commitKeepsHardLinks() {
        QVERIFY(runToEnd("link-box", "echo linked > /a && ln /a /b"));
        QVERIFY(daemon_.docker({"commit", "link-box", "links:v1"}).exitCode == 0);
        QCOMPARE(runOutput("links:v1", {"sh", "-c", "stat -c %h /a; cat /b"}),
                 QString("2\nlinked"));
    }

    // The container's run overrides, then --change, make the new image's config; message and
    // author go to the image and its history.
    void commitSetsConfigAndHistory() {
        QVERIFY(runToEnd("cfg-box", "true", {"-e", "GREETING=hi", "-w", "/tmp", "-u", "0"}));
        CommandResult commit = daemon_.docker(
            {"commit", "-m", "Added greeting", "-a", "Admin", "-c",
             "CMD [\"sh\", \"-c\", "
             "\"echo $GREETING from $(pwd)\"]",
             "-c", "EXPOSE 8080", "-c", "LABEL stage=one", "cfg-box", "configured:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QCOMPARE(runOutput("configured:v1", {}), QString("hi from /tmp"));

        QJsonObject image = inspectImage("configured:v1");
        QCOMPARE(image["Author"].toString(), QString("Admin"));
        QCOMPARE(image["Comment"].toString(), QString("Added greeting"));
        QJsonObject config = image["Config"].toObject();
        QVERIFY(config["ExposedPorts"].toObject().contains("8080/tcp"));
        QCOMPARE(config["Labels"].toObject()["stage"].toString(), QString("one"));
        QCOMPARE(config["User"].toString(), QString("0"));

        CommandResult history = daemon_.docker(
            {"history", "--no-trunc", "--format", "{{.Comment}}|{{.CreatedBy}}", "configured:v1"});
        QVERIFY2(history.exitCode == 0, describe(history));
        QStringList rows = text(history.out).split('\n');
        QVERIFY2(rows.size() >= 2, describe(history));
        QCOMPARE(rows.first(), QString("Added greeting|sh -c true"));
    }

    void commitOfRunningContainer() {
        CommandResult run = daemon_.docker({"run", "-d", "--name", "live-box", "busybox", "sh",
                                            "-c", "echo live > /live.txt && sleep 300"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QTRY_VERIFY_WITH_TIMEOUT(text(daemon_.docker({"diff", "live-box"}).out).contains("/live"),
                                 5000);
        CommandResult commit = daemon_.docker({"commit", "live-box", "live:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        QCOMPARE(runOutput("live:v1", {"cat", "/live.txt"}), QString("live"));
    }

    // An image from a running container: run a base, copy a file in, install something
    // with exec, commit with a message and author, and run the result with a published
    // port. Busybox's httpd replaces the package install.
    void imageFromRunningContainer() {
        CommandResult base =
            daemon_.docker({"run", "-itd", "--name", "base_node", "busybox", "sh"});
        QVERIFY2(base.exitCode == 0, describe(base));
        CommandResult made =
            daemon_.docker({"exec", "base_node", "mkdir", "-p", "/etc/yum.repos.d"});
        QVERIFY2(made.exitCode == 0, describe(made));

        QTemporaryDir host;
        QFile repo(host.filePath("custom.repo"));
        QVERIFY(repo.open(QIODevice::WriteOnly));
        repo.write("[custom]\nbaseurl=file:///srv/repo\n");
        repo.close();
        CommandResult copied =
            daemon_.docker({"cp", repo.fileName(), "base_node:/etc/yum.repos.d/"});
        QVERIFY2(copied.exitCode == 0, describe(copied));

        CommandResult installed =
            daemon_.docker({"exec", "base_node", "sh", "-c",
                            "mkdir -p /var/www/html && echo 'served by custom_httpd' > "
                            "/var/www/html/index.html && mkdir -p /etc/httpd && "
                            "echo 'H:/var/www/html' > /etc/httpd/httpd.conf"});
        QVERIFY2(installed.exitCode == 0, describe(installed));

        CommandResult commit = daemon_.docker(
            {"commit", "-m", "Added httpd", "-a", "Admin", "base_node", "custom_httpd:v1"});
        QVERIFY2(commit.exitCode == 0, describe(commit));
        CommandResult history =
            daemon_.docker({"history", "--format", "{{.Comment}}", "custom_httpd:v1"});
        QCOMPARE(text(history.out).split('\n').first(), QString("Added httpd"));

        CommandResult run = daemon_.docker(
            {"run", "-itd", "--name", "running_httpd", "-p", "8080:80", "custom_httpd:v1", "sh",
             "-c", "httpd -f -p 80 -c /etc/httpd/httpd.conf -h /var/www/html"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(
            text(daemon_.docker({"exec", "running_httpd", "cat", "/etc/yum.repos.d/custom.repo"})
                     .out),
            QString("[custom]\nbaseurl=file:///srv/repo"));
        // The server responds inside the container's own network namespace.
        QTRY_COMPARE_WITH_TIMEOUT(
            text(daemon_.docker({"exec", "running_httpd", "wget", "-qO-", "http://127.0.0.1:80/"})
                     .out),
            QString("served by custom_httpd"), 5000);
    }

    void commitRejectsBadChange() {
        QVERIFY(runToEnd("bad-change", "true"));
        CommandResult commit =
            daemon_.docker({"commit", "-c", "RUN echo", "bad-change", "badchange:v1"});
        QVERIFY(commit.exitCode != 0);
        QVERIFY2(commit.err.contains("not a valid change command"), describe(commit));
        QVERIFY(daemon_.docker({"image", "inspect", "badchange:v1"}).exitCode != 0);
    }

    void commitOfMissingContainerFails() {
        CommandResult commit = daemon_.docker({"commit", "no-such-box", "missing:v1"});
        QVERIFY(commit.exitCode != 0);
        QVERIFY2(commit.err.contains("No such container: no-such-box"), describe(commit));
    }
};

QTEST_GUILESS_MAIN(TestApiCommit)
#include "tst_api_commit.moc"

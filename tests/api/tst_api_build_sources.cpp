// docker build sources that are not files of the context, through the stock docker CLI.
// The cases cover COPY and ADD heredocs, ADD from a URL of a loopback HTTP server that the
// test starts, and --chown with the user and group names of the stage.

#include "berthd_fixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <utime.h>

namespace {

// A loopback port that nothing listens on at the moment of the call.
quint16 freeLoopbackPort() {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

constexpr qint64 kServedMtime = 1000000000; // 2001-09-09, sent as Last-Modified

} // namespace

class TestApiBuildSources : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QTemporaryDir served_;
    QProcess server_;
    quint16 port_ = 0;

    CommandResult build(const QString& contextDir, const QStringList& flags) {
        return daemon_.docker(QStringList{"build"} + flags + QStringList{contextDir}, {}, 120000);
    }

    QString url(const QString& name) const {
        return QString("http://127.0.0.1:%1/%2").arg(port_).arg(name);
    }

    // Writes a file the HTTP server serves, with the fixed modification time.
    bool serve(const QString& name, const QByteArray& content) {
        QString path = served_.filePath(name);
        struct utimbuf times = {kServedMtime, kServedMtime};
        return writeTestFile(path, content) &&
               ::utime(QFile::encodeName(path).constData(), &times) == 0;
    }

    QString startServer() {
        port_ = freeLoopbackPort();
        if (port_ == 0) {
            return "no free loopback port";
        }
        server_.setProcessChannelMode(QProcess::MergedChannels);
        server_.start("python3", {"-m", "http.server", "--bind", "127.0.0.1",
                                  QString::number(port_), "--directory", served_.path()});
        if (!server_.waitForStarted(10000)) {
            return "python3 -m http.server did not start: " + server_.errorString();
        }
        for (int attempt = 0; attempt < 100; ++attempt) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port_);
            if (socket.waitForConnected(100)) {
                return {};
            }
            QTest::qWait(100);
        }
        return "the HTTP server did not listen on port " + QString::number(port_) + ": " +
               QString::fromUtf8(server_.readAll());
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QVERIFY(served_.isValid());
        QString error = startServer();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        if (server_.state() != QProcess::NotRunning) {
            server_.terminate();
            QVERIFY(server_.waitForFinished(10000));
        }
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // Unquoted delimiters expand the stage's variables and quoted ones keep the body. <<-
    // strips the leading tabs, and a directory destination names the file after the delimiter.
    void heredocsBecomeFiles() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                    "ENV NAME=berth\n"
                                                    "ARG PLACE=harbour\n"
                                                    "COPY <<EOF /greeting.txt\n"
                                                    "hello $NAME in ${PLACE}\n"
                                                    "\"${MISSING:-quoted} 'x'\" \\$HOME\n"
                                                    "EOF\n"
                                                    "COPY <<\"RAW\" /raw.txt\n"
                                                    "keep $NAME\n"
                                                    "RAW\n"
                                                    "COPY <<-TABS /tabs/\n"
                                                    "\tindented\n"
                                                    "\tTABS\n"
                                                    "COPY <<ONE <<TWO /pair/\n"
                                                    "first\n"
                                                    "ONE\n"
                                                    "second\n"
                                                    "TWO\n"
                                                    "ADD <<EOF /added.txt\n"
                                                    "by add\n"
                                                    "EOF\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "heredocs:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "cat", "/greeting.txt"}),
                 QString("hello berth in harbour\n\"quoted 'x'\" $HOME"));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "cat", "/raw.txt"}), QString("keep $NAME"));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "cat", "/tabs/TABS"}), QString("indented"));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "cat", "/pair/ONE", "/pair/TWO"}),
                 QString("first\nsecond"));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "cat", "/added.txt"}), QString("by add"));
        QCOMPARE(daemon_.runOutput({"heredocs:v1", "stat", "-c", "%a", "/greeting.txt"}),
                 QString("644"));

        CommandResult again = build(context->path(), {"-t", "heredocs:v1"});
        QVERIFY2(again.exitCode == 0, describe(again));
        QCOMPARE(again.out.count(" ---> Using cache"), 7);
        QDir contexts(daemon_.dataRoot() + "/build/contexts");
        QVERIFY(contexts.exists());
        QCOMPARE(contexts.entryList({"sources-*"}, QDir::AllEntries | QDir::Hidden), QStringList());
    }

    void chownTakesNamesFromStage() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                    "COPY --chown=www-data:nogroup a.txt /a.txt\n"
                                                    "COPY --chown=daemon a.txt /b.txt\n"
                                                    "COPY --chown=nobody:1 <<EOF /c.txt\n"
                                                    "c\n"
                                                    "EOF\n"},
                                     {"a.txt", "a\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "owners:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(
            daemon_.runOutput({"owners:v1", "stat", "-c", "%u:%g", "/a.txt", "/b.txt", "/c.txt"}),
            QString("33:65534\n1:1\n65534:1"));
    }

    void chownUnknownNameFails() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox\nCOPY --chown=ghost a.txt /a.txt\n"}, {"a.txt", "a\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "ghost:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains("unable to convert uid/gid chown string to host mapping: "
                                    "can't find uid for user ghost: no such user: ghost"),
                 describe(built));

        QVERIFY(writeTestFile(context->filePath("Dockerfile"),
                              "FROM busybox\nCOPY --chown=daemon:ghosts a.txt /a.txt\n"));
        built = build(context->path(), {"-t", "ghost:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains("can't find gid for group ghosts: no such group: ghosts"),
                 describe(built));
        QVERIFY(daemon_.docker({"image", "inspect", "ghost:v1"}).exitCode != 0);
    }

    // The archive is stored as downloaded, 0600, with the server's Last-Modified time.
    void addDownloadsUrlWithoutExtracting() {
        QProcess tar;
        QVERIFY(writeTestFile(served_.filePath("tree/inner.txt"), "inner\n"));
        tar.start("tar", {"-czf", served_.filePath("archive.tar.gz"), "-C",
                          served_.filePath("tree"), "inner.txt"});
        QVERIFY(tar.waitForFinished(10000) && tar.exitCode() == 0);
        struct utimbuf times = {kServedMtime, kServedMtime};
        QVERIFY(::utime(QFile::encodeName(served_.filePath("archive.tar.gz")).constData(),
                        &times) == 0);
        QVERIFY(serve("notes.txt", "notes v1\n"));

        auto context =
            makeFileTree({{"Dockerfile", QString("FROM busybox\n"
                                                 "ADD %1 /downloads/\n"
                                                 "ADD %2 /etc/renamed.txt\n")
                                             .arg(url("archive.tar.gz"), url("notes.txt"))
                                             .toUtf8()}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "fetched:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"fetched:v1", "ls", "/downloads"}), QString("archive.tar.gz"));
        QCOMPARE(
            daemon_.runOutput({"fetched:v1", "stat", "-c", "%a %Y", "/downloads/archive.tar.gz"}),
            QString("600 %1").arg(kServedMtime));
        QCOMPARE(daemon_.runOutput({"fetched:v1", "cat", "/etc/renamed.txt"}), QString("notes v1"));
    }

    // The cache key follows the downloaded content, not the URL alone.
    void addUrlCacheFollowsContent() {
        QVERIFY(serve("cached.txt", "first\n"));
        auto context = makeFileTree(
            {{"Dockerfile",
              QString("FROM busybox\nADD %1 /cached.txt\n").arg(url("cached.txt")).toUtf8()}});
        QVERIFY(context);
        CommandResult first = build(context->path(), {"-t", "cached:v1"});
        QVERIFY2(first.exitCode == 0, describe(first));
        CommandResult same = build(context->path(), {"-t", "cached:v1"});
        QVERIFY2(same.out.contains(" ---> Using cache"), describe(same));

        QVERIFY(serve("cached.txt", "second\n"));
        CommandResult changed = build(context->path(), {"-t", "cached:v2"});
        QVERIFY2(changed.exitCode == 0, describe(changed));
        QVERIFY2(!changed.out.contains(" ---> Using cache"), describe(changed));
        QCOMPARE(daemon_.runOutput({"cached:v2", "cat", "/cached.txt"}), QString("second"));
    }

    void addUrlChecksumIsVerified() {
        QByteArray content = "checked content\n";
        QVERIFY(serve("checked.txt", content));
        QString digest = QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
        auto context = makeFileTree({{"Dockerfile", QString("FROM busybox\n"
                                                            "ADD --checksum=sha256:%1 %2 /c.txt\n")
                                                        .arg(digest, url("checked.txt"))
                                                        .toUtf8()}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "checked:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QCOMPARE(daemon_.runOutput({"checked:v1", "cat", "/c.txt"}), QString("checked content"));

        QString wrong(64, '0');
        QVERIFY(writeTestFile(context->filePath("Dockerfile"),
                              QString("FROM busybox\nADD --checksum=sha256:%1 %2 /c.txt\n")
                                  .arg(wrong, url("checked.txt"))
                                  .toUtf8()));
        built = build(context->path(), {"-t", "unchecked:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains("checksum mismatch"), describe(built));
        QVERIFY2(built.err.contains(digest.toUtf8()), describe(built));
    }

    void addUrlFailureNamesUrlAndStatus() {
        auto context = makeFileTree(
            {{"Dockerfile",
              QString("FROM busybox\nADD %1 /x.txt\n").arg(url("missing.txt")).toUtf8()}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-t", "missing:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains(
                     QString("failed to GET %1 with status 404").arg(url("missing.txt")).toUtf8()),
                 describe(built));

        QString silent = QString("http://127.0.0.1:%1/x.txt").arg(freeLoopbackPort());
        QVERIFY(writeTestFile(context->filePath("Dockerfile"),
                              QString("FROM busybox\nADD %1 /x.txt\n").arg(silent).toUtf8()));
        built = build(context->path(), {"-t", "missing:v1"});
        QVERIFY(built.exitCode != 0);
        QVERIFY2(built.err.contains(QString("failed to GET %1: ").arg(silent).toUtf8()),
                 describe(built));
        QVERIFY(daemon_.docker({"image", "inspect", "missing:v1"}).exitCode != 0);
        QDir contexts(daemon_.dataRoot() + "/build/contexts");
        QVERIFY(contexts.exists());
        QCOMPARE(contexts.entryList({"sources-*"}, QDir::AllEntries | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestApiBuildSources)
#include "tst_api_build_sources.moc"

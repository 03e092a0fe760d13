// What docker build shows while it runs: a RUN step's output reaches the client as the
// step writes it, -q hides it, and output that is not valid UTF-8 keeps the stream valid.
// A client that leaves during a RUN step stops the build.

#include "busybox_test_case.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TestApiBuildOutput : public BusyboxTestCase {
    Q_OBJECT

private:
    CommandResult build(const QString& contextDir, const QStringList& flags) {
        return daemon_.docker(QStringList{"build"} + flags + QStringList{contextDir}, {}, 120000);
    }

    // Starts docker build in the background, for a test that reads its output as it comes.
    void startBuild(QProcess& docker, const QString& contextDir, const QStringList& flags) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DOCKER_HOST", "unix://" + daemon_.socketPath());
        env.insert("DOCKER_CONFIG", daemon_.dockerConfigDir());
        docker.setProcessEnvironment(env);
        docker.start("docker", QStringList{"build"} + flags + QStringList{contextDir});
    }

private slots:
    // The step prints, sleeps, and prints again: the first lines must reach the client
    // during the sleep. The words are built from a variable, so that the "Step" line,
    // which shows the command, does not contain them.
    void runOutputArrivesWhileStepRuns() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox\n"
                            "RUN word=live; echo \"$word-one\"; echo \"$word-err\" >&2; "
                            "sleep 5; echo \"$word-two\"\n"}});
        QVERIFY(context);
        QProcess docker;
        startBuild(docker, context->path(), {"--no-cache", "-t", "live:v1"});
        QVERIFY2(docker.waitForStarted(10000), qPrintable(docker.errorString()));

        QByteArray seen;
        QDeadlineTimer deadline(60000);
        while (!(seen.contains("live-one") && seen.contains("live-err")) &&
               docker.state() == QProcess::Running && !deadline.hasExpired()) {
            docker.waitForReadyRead(100);
            seen += docker.readAllStandardOutput();
        }
        QVERIFY2(seen.contains("live-one"), seen.constData());
        QVERIFY2(seen.contains("live-err"), seen.constData());
        QVERIFY2(!seen.contains("live-two"), seen.constData());
        QCOMPARE(docker.state(), QProcess::Running);

        QVERIFY(docker.waitForFinished(60000));
        seen += docker.readAllStandardOutput();
        QVERIFY2(docker.exitCode() == 0, docker.readAllStandardError().constData());
        QVERIFY2(seen.contains("live-two"), seen.constData());
        QCOMPARE(seen.count("live-one"), qsizetype(1));
        QCOMPARE(seen.count("live-two"), qsizetype(1));
        QVERIFY2(seen.indexOf("live-two") < seen.indexOf("Successfully built"), seen.constData());
    }

    // A client that goes away while a RUN step runs stops the build, and the step's
    // container is removed.
    void interruptedRunRemovesContainer() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox\nRUN word=slow; echo \"$word-start\"; sleep 60\n"}});
        QVERIFY(context);
        QProcess docker;
        startBuild(docker, context->path(), {"--no-cache", "-t", "interrupted:v1"});
        QVERIFY2(docker.waitForStarted(10000), qPrintable(docker.errorString()));

        QByteArray seen;
        QDeadlineTimer started(60000);
        while (!seen.contains("slow-start") && docker.state() == QProcess::Running &&
               !started.hasExpired()) {
            docker.waitForReadyRead(100);
            seen += docker.readAllStandardOutput();
        }
        QVERIFY2(seen.contains("slow-start"), seen.constData());
        docker.kill();
        QVERIFY(docker.waitForFinished(10000));

        QString remaining;
        QDeadlineTimer removed(20000);
        do {
            QTest::qWait(200);
            remaining = QString::fromUtf8(daemon_.docker({"ps", "-aq"}).out).trimmed();
        } while (!remaining.isEmpty() && !removed.hasExpired());
        QCOMPARE(remaining, QString());
        QVERIFY(daemon_.docker({"image", "inspect", "interrupted:v1"}).exitCode != 0);
    }

    void quietBuildHidesRunOutput() {
        auto context = makeFileTree(
            {{"Dockerfile", "FROM busybox\nRUN word=quiet; echo \"$word-one\" \"$word-two\"\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"-q", "--no-cache", "-t", "quiet:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QVERIFY2(!built.out.contains("quiet-one"), describe(built));
        QVERIFY2(!built.err.contains("quiet-one"), describe(built));
        QVERIFY2(built.out.trimmed().startsWith("sha256:"), describe(built));
    }

    // A split or invalid UTF-8 sequence in the output must not break the JSON stream: the
    // CLI prints the valid text and U+FFFD for the byte that is not UTF-8.
    void invalidUtf8OutputKeepsStreamValid() {
        auto context = makeFileTree({{"Dockerfile", "FROM busybox\n"
                                                    "RUN printf 'caf\\303'; sleep 1; "
                                                    "printf '\\251 \\377 end-of-bytes\\n'\n"}});
        QVERIFY(context);
        CommandResult built = build(context->path(), {"--no-cache", "-t", "bytes:v1"});
        QVERIFY2(built.exitCode == 0, describe(built));
        QVERIFY2(built.out.contains("caf\xC3\xA9 \xEF\xBF\xBD end-of-bytes\n"
                                    "Removing intermediate container"),
                 describe(built));
    }
};

QTEST_GUILESS_MAIN(TestApiBuildOutput)
#include "tst_api_build_output.moc"

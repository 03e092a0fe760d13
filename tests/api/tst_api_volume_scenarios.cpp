// The data volume and data-volume container walkthroughs, replayed step by step with the
// stock docker CLI on a busybox image: containers started with "run -itd", files written
// and read with "docker exec", and the host side checked directly.

#include "berthd_fixture.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

namespace {

QByteArray readText(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestApiVolumeScenarios : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    std::unique_ptr<QTemporaryDir> host_;

    CommandResult docker(const QStringList& args) { return daemon_.docker(args); }

    // "docker run -itd --name NAME ARGS busybox sh", checked.
    void runDetached(const QString& name, const QStringList& args) {
        CommandResult result = docker(QStringList{"run", "-itd", "--name", name} + args +
                                      QStringList{"busybox", "sh"});
        QVERIFY2(result.exitCode == 0, describe(result));
    }

    CommandResult exec(const QString& container, const QString& command) {
        return docker({"exec", container, "sh", "-c", command});
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        host_ = std::make_unique<QTemporaryDir>();
        QVERIFY(host_->isValid());
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        CommandResult pruned = docker({"volume", "prune", "--all", "--force"});
        QVERIFY2(pruned.exitCode == 0, describe(pruned));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void dataVolumesWalkthrough() {
        QString webapp = host_->filePath("srv/webapp");
        QVERIFY(QDir().mkpath(webapp));
        runDetached("web_primary", {"-v", webapp + ":/app_data"});

        CommandResult written = exec("web_primary", "echo 'initial data' > /app_data/startup.log");
        QVERIFY2(written.exitCode == 0, describe(written));
        QCOMPARE(readText(webapp + "/startup.log"), QByteArray("initial data\n"));

        QFile log(webapp + "/startup.log");
        QVERIFY(log.open(QIODevice::Append));
        QCOMPARE(log.write("host update\n"), qint64(12));
        log.close();
        CommandResult both = exec("web_primary", "cat /app_data/startup.log");
        QVERIFY2(both.exitCode == 0, describe(both));
        QCOMPARE(both.out, QByteArray("initial data\nhost update\n"));

        runDetached("web_secondary", {"-v", webapp + ":/shared_data"});
        CommandResult shared = exec("web_secondary", "cat /shared_data/startup.log");
        QCOMPARE(shared.out, QByteArray("initial data\nhost update\n"));

        QFile config(webapp + "/config.yaml");
        QVERIFY(config.open(QIODevice::WriteOnly));
        QCOMPARE(config.write("listen: 80\n"), qint64(11));
        config.close();
        runDetached("file_container", {"-v", webapp + "/config.yaml:/app/config.yaml"});
        CommandResult file = exec("file_container", "cat /app/config.yaml");
        QCOMPARE(file.out, QByteArray("listen: 80\n"));

        runDetached("read_only_container", {"-v", webapp + "/config.yaml:/app/config.yaml:ro"});
        CommandResult refused = exec("read_only_container", "echo x >> /app/config.yaml");
        QVERIFY2(refused.exitCode != 0, describe(refused));
        QVERIFY2(refused.err.contains("Read-only file system"), describe(refused));
        QCOMPARE(readText(webapp + "/config.yaml"), QByteArray("listen: 80\n"));
    }

    void dataVolumeContainerWalkthrough() {
        runDetached("data_hub", {"-v", "/storage_one", "-v", "/storage_two"});
        runDetached("app_worker_1", {"--volumes-from", "data_hub"});
        runDetached("app_worker_2", {"--volumes-from", "data_hub"});

        CommandResult written = exec("data_hub", "echo 'shared file 1' > /storage_one/doc.txt; "
                                                 "echo 'shared file 2' > /storage_two/note.txt");
        QVERIFY2(written.exitCode == 0, describe(written));
        CommandResult first = exec("app_worker_1", "cat /storage_one/doc.txt");
        QVERIFY2(first.exitCode == 0, describe(first));
        QCOMPARE(first.out, QByteArray("shared file 1\n"));
        CommandResult second = exec("app_worker_2", "cat /storage_two/note.txt");
        QVERIFY2(second.exitCode == 0, describe(second));
        QCOMPARE(second.out, QByteArray("shared file 2\n"));
    }
};

QTEST_GUILESS_MAIN(TestApiVolumeScenarios)
#include "tst_api_volume_scenarios.moc"

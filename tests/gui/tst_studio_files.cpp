// The Files tab against a real berthd. It lists a running container's directories, opens
// a subdirectory, uploads a host file and downloads it again. Once the container is
// stopped, the listing still shows the uploaded file.

#include "api/berthd_fixture.h"
#include "containerfiles.h"
#include "containerfilesmodel.h"
#include "engineconnection.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kStepMs = 30000;

} // namespace

class StudioFilesTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<EngineConnection> connection_;
    std::unique_ptr<ContainerFiles> files_;
    QString containerId_;

    // Opens path and waits for its listing; false when it failed.
    bool list(const QString& path) {
        QSignalSpy listed(files_.get(), &ContainerFiles::listed);
        files_->openDirectory(path);
        return listed.wait(kStepMs) && listed.first().first().toBool();
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QString error = berthd_.startWithBusybox("busybox");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CommandResult run = berthd_.docker({"run", "-d", "busybox", "sleep", "3600"});
        QVERIFY2(run.exitCode == 0, describe(run));
        containerId_ = QString::fromUtf8(run.out).trimmed();

        connection_ = std::make_unique<EngineConnection>(
            client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
        files_ = std::make_unique<ContainerFiles>();
        files_->setConnection(connection_.get());
        files_->resize(800, 500);
        files_->show();
    }

    void cleanupTestCase() {
        files_.reset();
        connection_.reset();
        QStringList problems = berthd_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void listsRootOnShow() {
        QSignalSpy listed(files_.get(), &ContainerFiles::listed);
        files_->showContainer(containerId_);
        QVERIFY(listed.wait(kStepMs));
        QVERIFY2(listed.first().first().toBool(), qPrintable(files_->status()->text()));
        QCOMPARE(files_->model()->directory(), QString("/"));
        QVERIFY(files_->model()->rowOfName("etc") >= 0);
        QVERIFY(files_->model()->entry(files_->model()->rowOfName("etc"))->isDirectory());
    }

    void opensSubdirectory() {
        QVERIFY2(list("/etc"), qPrintable(files_->status()->text()));
        int row = files_->model()->rowOfName("passwd");
        QVERIFY(row >= 0);
        QCOMPARE(files_->model()->pathOf(row), QString("/etc/passwd"));
    }

    void uploadsIntoShownDirectory() {
        QTemporaryDir host;
        QVERIFY(host.isValid());
        QFile file(host.filePath("notes.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("uploaded from the studio");
        file.close();
        QVERIFY(list("/tmp"));

        QSignalSpy finished(files_.get(), &ContainerFiles::transferFinished);
        QSignalSpy listed(files_.get(), &ContainerFiles::listed);
        files_->upload(file.fileName());
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(files_->status()->text()));
        QVERIFY(listed.wait(kStepMs));
        QVERIFY(files_->model()->rowOfName("notes.txt") >= 0);
    }

    void uploadsFolder() {
        QTemporaryDir host;
        QVERIFY(QDir(host.path()).mkpath("site/css"));
        QFile page(host.filePath("site/index.html"));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("<p>hi</p>");
        page.close();
        QVERIFY(list("/tmp"));

        QSignalSpy finished(files_.get(), &ContainerFiles::transferFinished);
        QSignalSpy listed(files_.get(), &ContainerFiles::listed);
        files_->upload(host.filePath("site"));
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(files_->status()->text()));
        QVERIFY(listed.wait(kStepMs));
        QVERIFY(files_->model()->rowOfName("site") >= 0);
        QVERIFY(list("/tmp/site"));
        QVERIFY(files_->model()->rowOfName("index.html") >= 0);
        QVERIFY(files_->model()->rowOfName("css") >= 0);
    }

    void downloadsToHost() {
        QVERIFY(list("/tmp"));
        QTemporaryDir host;
        QSignalSpy finished(files_.get(), &ContainerFiles::transferFinished);
        files_->download(files_->model()->rowOfName("notes.txt"), host.path());
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(files_->status()->text()));
        QFile file(host.filePath("notes.txt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("uploaded from the studio"));
    }

    void marksChangesFromImage() {
        CommandResult changed = berthd_.docker(
            {"exec", containerId_, "sh", "-c", "rm /etc/nsswitch.conf && echo x >> /etc/group"});
        QVERIFY2(changed.exitCode == 0, describe(changed));

        QSignalSpy marked(files_.get(), &ContainerFiles::changesLoaded);
        QVERIFY(list("/etc"));
        QVERIFY(marked.wait(kStepMs));
        ContainerFilesModel* model = files_->model();
        int group = model->rowOfName("group");
        QVERIFY(group >= 0);
        QCOMPARE(model->index(group, ContainerFilesModel::Change).data().toString(),
                 QString("Changed"));
        int passwd = model->rowOfName("passwd");
        QCOMPARE(model->index(passwd, ContainerFilesModel::Change).data().toString(), QString());
        QCOMPARE(model->deletedNames(), QStringList{"nsswitch.conf"});
        QVERIFY2(files_->status()->text().contains("nsswitch.conf"),
                 qPrintable(files_->status()->text()));

        QVERIFY(list("/tmp"));
        QVERIFY(marked.wait(kStepMs));
        int notes = model->rowOfName("notes.txt");
        QCOMPARE(model->index(notes, ContainerFilesModel::Change).data().toString(),
                 QString("Added"));
    }

    void listsStoppedContainer() {
        CommandResult stopped = berthd_.docker({"stop", "-t", "1", containerId_});
        QVERIFY2(stopped.exitCode == 0, describe(stopped));
        QVERIFY2(list("/tmp"), qPrintable(files_->status()->text()));
        QVERIFY(files_->model()->rowOfName("notes.txt") >= 0);
    }
};

QTEST_MAIN(StudioFilesTest)
#include "tst_studio_files.moc"

// The studio against a real berthd: import busybox through the Import dialog, run a
// container from the Run dialog, stop it, remove it and remove the image, checking the
// models after each step. The test starts its own berthd (private socket, data root and
// cgroup parent) and stops it, and removes its containers, even when a step fails.

#include "backgroundtasks.h"
#include "client/client.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "rundialog.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <csignal>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

QString randomSuffix() {
    return QString::number(QRandomGenerator::global()->generate(), 16);
}

// Selects the view row whose source row is `sourceRow`.
void selectSourceRow(QTableView* view, int sourceRow) {
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(view->model());
    const QModelIndex index = proxy->mapFromSource(proxy->sourceModel()->index(sourceRow, 0));
    view->selectionModel()->select(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->setCurrentIndex(index);
}

// Clicks the destructive button of the confirmation the page opened.
bool confirmRemoval(QWidget* page) {
    auto* box = page->findChild<QMessageBox*>(QStringLiteral("confirmRemove"));
    if (!box) {
        return false;
    }
    for (QAbstractButton* button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole) {
            button->click();
            return true;
        }
    }
    return false;
}

} // namespace

class StudioWorkflowTest : public QObject {
    Q_OBJECT

private:
    // Short on purpose: berthd puts each container's shim socket under its data root, and a
    // unix socket path must fit in 107 bytes.
    QTemporaryDir dir_{QStringLiteral("/tmp/bg-XXXXXX")};
    QString socketPath_;
    QString cgroupParent_;
    QString containerName_;
    QProcess berthd_;
    std::unique_ptr<MainWindow> window_;

    [[nodiscard]] bool startBerthd();
    void stopBerthd();
    void removeLeftoverContainers();

private slots:
    void initTestCase();
    void cleanupTestCase();
    void connectsToEngine();
    void runReportsMissingImage();
    void importsBusybox();
    void runDialogRejectsBadName();
    void runsContainer();
    void stopsContainer();
    void removesContainer();
    void removesImage();
};

bool StudioWorkflowTest::startBerthd() {
    const QString bin = qEnvironmentVariable("BERTH_BIN_DIR");
    socketPath_ = dir_.filePath(QStringLiteral("berthd.sock"));
    cgroupParent_ = QStringLiteral("berth-test-") + randomSuffix();
    berthd_.setProgram(bin + QStringLiteral("/berthd"));
    berthd_.setArguments({QStringLiteral("-H"), QStringLiteral("unix://") + socketPath_,
                          QStringLiteral("--data-root"), dir_.filePath(QStringLiteral("d")),
                          QStringLiteral("--cgroup-parent"), cgroupParent_,
                          // No bridge: the test must not leave one in the host's namespace.
                          QStringLiteral("--bridge"), QStringLiteral("none"),
                          QStringLiteral("--log-level"), QStringLiteral("debug")});
    berthd_.setProcessChannelMode(QProcess::MergedChannels);
    berthd_.setStandardOutputFile(dir_.filePath(QStringLiteral("berthd.log")));
    berthd_.start();
    if (!berthd_.waitForStarted(kEngineStartMs)) {
        return false;
    }
    client::Client probe(client::Endpoint::unixSocket(socketPath_.toStdString()),
                         client::ClientOptions{std::chrono::milliseconds(1000)});
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < kEngineStartMs && berthd_.state() == QProcess::Running) {
        if (probe.ping()) {
            return true;
        }
        QTest::qWait(100);
    }
    return false;
}

void StudioWorkflowTest::removeLeftoverContainers() {
    if (socketPath_.isEmpty() || berthd_.state() != QProcess::Running) {
        return;
    }
    client::Client client(client::Endpoint::unixSocket(socketPath_.toStdString()));
    if (auto containers = client.listContainers(true); containers) {
        for (const client::ContainerSummary& container : *containers) {
            (void)client.removeContainer(container.id, true, true);
        }
    }
}

void StudioWorkflowTest::stopBerthd() {
    if (berthd_.state() == QProcess::NotRunning) {
        return;
    }
    ::kill(static_cast<pid_t>(berthd_.processId()), SIGTERM);
    if (!berthd_.waitForFinished(15000)) {
        berthd_.kill();
        berthd_.waitForFinished(5000);
    }
    // The daemon removes its container cgroups; the parent it was given is the test's.
    for (const QString& root :
         QDir(QStringLiteral("/sys/fs/cgroup")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QDir(QStringLiteral("/sys/fs/cgroup/") + root).rmdir(cgroupParent_);
    }
    QDir(QStringLiteral("/sys/fs/cgroup")).rmdir(cgroupParent_);
}

void StudioWorkflowTest::initTestCase() {
    if (::geteuid() != 0) {
        QSKIP("berthd runs containers, which needs root");
    }
    if (!QFile::exists(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"))) {
        QSKIP("berthd is not built");
    }
    QVERIFY(dir_.isValid());
    QProcess make;
    make.start(qEnvironmentVariable("BERTH_TEST_SUPPORT") +
                   QStringLiteral("/make-busybox-rootfs.sh"),
               {dir_.filePath(QStringLiteral("busybox.tar"))});
    QVERIFY(make.waitForFinished(60000));
    QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());

    QVERIFY2(startBerthd(), qPrintable(QStringLiteral("berthd did not answer; log: ") +
                                       dir_.filePath(QStringLiteral("berthd.log"))));

    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-workflow-") + randomSuffix());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       dir_.filePath(QStringLiteral("settings")));
    QSettings().setValue(QStringLiteral("engine/endpoint"),
                         QStringLiteral("unix://") + socketPath_);

    containerName_ = QStringLiteral("studio-test-") + randomSuffix();
    window_ = std::make_unique<MainWindow>();
    window_->resize(1200, 640);
    window_->show();
    window_->connectToEngine();
}

void StudioWorkflowTest::cleanupTestCase() {
    window_.reset();
    removeLeftoverContainers();
    stopBerthd();
}

void StudioWorkflowTest::connectsToEngine() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
    QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->hasLoaded(), kStepMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window_->connection()->engineVersion().isEmpty(), kStepMs);
    QCOMPARE(window_->connection()->apiVersion(), QStringLiteral("1.43"));
    auto* status = window_->statusBar()->findChild<QLabel*>(QStringLiteral("engineStatus"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(window_->connection()->engineVersion()),
             qPrintable(status->text()));
}

// Before the import there is no image, and the engine's own message must reach the page.
void StudioWorkflowTest::runReportsMissingImage() {
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->runAction()->isEnabled(), kStepMs);
    page->runAction()->trigger();
    auto* dialog = page->findChild<RunDialog*>();
    QVERIFY(dialog);
    RunSpec spec = dialog->spec();
    spec.image = "no-such-image:1";
    dialog->setSpec(spec);
    dialog->runButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(page->banner()->isVisible(), kStepMs);
    const QString text = page->banner()->text();
    QVERIFY2(text.contains(QStringLiteral("Could not create a container from no-such-image:1")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("no-such-image")), qPrintable(text));
    QCOMPARE(window_->containersModel()->rowCount(), 0);
}

void StudioWorkflowTest::importsBusybox() {
    window_->setCurrentPage(MainWindow::ImagesIndex);
    ImagesPage* page = window_->imagesPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->importAction()->isEnabled(), kStepMs);
    page->importAction()->trigger();
    auto* dialog = page->findChild<ImportDialog*>();
    QVERIFY(dialog);
    QVERIFY(!dialog->canImport());
    dialog->setFilePath(dir_.filePath(QStringLiteral("busybox.tar")));
    dialog->setReference(QStringLiteral("Busybox"));
    QVERIFY(!dialog->canImport());
    dialog->setReference(QStringLiteral("busybox:latest"));
    QVERIFY(dialog->canImport());
    auto* importButton = dialog->findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(importButton);
    importButton->click();

    ImagesModel* images = window_->imagesModel();
    QTRY_VERIFY_WITH_TIMEOUT(images->rowOfReference(QStringLiteral("busybox:latest")) >= 0,
                             kStepMs);
    const ImageRow* row =
        images->imageRow(images->rowOfReference(QStringLiteral("busybox:latest")));
    QCOMPARE(row->repository, QStringLiteral("busybox"));
    QCOMPARE(row->tag, QStringLiteral("latest"));
    QVERIFY(row->image.size > 0);
    QCOMPARE(row->usedBy, 0);
    QTRY_COMPARE_WITH_TIMEOUT(window_->tasks()->runningCount(), 0, kStepMs);
    const BackgroundTask* task = window_->tasks()->task(1);
    QVERIFY(task);
    QCOMPARE(int(task->state), int(BackgroundTask::State::Succeeded));
    QCOMPARE(task->message, QStringLiteral("Imported busybox:latest"));
    QVERIFY(!page->banner()->isVisible());
}

void StudioWorkflowTest::runDialogRejectsBadName() {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    RunDialog* dialog = window_->containersPage()->showRunDialog();
    RunSpec spec;
    spec.image = "busybox:latest";
    spec.name = "-bad";
    dialog->setSpec(spec);
    QVERIFY(!dialog->runButton()->isEnabled());
    QVERIFY(dialog->runButton()->toolTip().contains(QStringLiteral("name")));
    QVERIFY(dialog->applyRunLine(QStringLiteral("docker run -d --dns 10.0.0.1 --name ok busybox")));
    QVERIFY(dialog->runButton()->isEnabled());
    QVERIFY2(dialog->pasteResult().contains(QStringLiteral("--dns 10.0.0.1")),
             qPrintable(dialog->pasteResult()));
    dialog->reject();
}

void StudioWorkflowTest::runsContainer() {
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->runAction()->isEnabled(), kStepMs);
    page->runAction()->trigger();
    auto* dialog = page->findChild<RunDialog*>();
    QVERIFY(dialog);
    RunSpec spec = dialog->spec();
    QVERIFY(spec.detach);
    spec.image = "busybox:latest";
    spec.name = containerName_.toStdString();
    spec.command = {"sh", "-c", "echo hello from busybox; sleep 300"};
    dialog->setSpec(spec);
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    QCOMPARE(dialog->runLine(), QStringLiteral("docker run -d --name %1 busybox:latest sh -c "
                                               "'echo hello from busybox; sleep 300'")
                                    .arg(containerName_));
    dialog->runButton()->click();

    ContainersModel* model = window_->containersModel();
    const auto stateOf = [&]() -> QString {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, ContainersModel::Name).data().toString() == containerName_) {
                return model->index(row, ContainersModel::State).data().toString();
            }
        }
        return {};
    };
    QTRY_VERIFY_WITH_TIMEOUT(stateOf() == QStringLiteral("running") || page->banner()->isVisible(),
                             kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    QCOMPARE(stateOf(), QStringLiteral("running"));
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->index(i, ContainersModel::Name).data().toString() == containerName_) {
            row = i;
        }
    }
    QCOMPARE(model->index(row, ContainersModel::Image).data().toString(),
             QStringLiteral("busybox:latest"));
    QVERIFY(model->index(row, ContainersModel::Status).data().toString().startsWith("Up"));
    auto* running = window_->statusBar()->findChild<QLabel*>(QStringLiteral("runningStatus"));
    QTRY_COMPARE_WITH_TIMEOUT(running->text(), QStringLiteral("1 running"), kStepMs);

    selectSourceRow(page->view(), row);
    QTRY_VERIFY_WITH_TIMEOUT(page->logView()->toPlainText().contains("hello from busybox"),
                             kStepMs);

    // The image's "used by" follows the containers.
    QTRY_COMPARE_WITH_TIMEOUT(
        window_->imagesModel()
            ->imageRow(window_->imagesModel()->rowOfReference(QStringLiteral("busybox:latest")))
            ->usedBy,
        1, kStepMs);

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty() && QDir().mkpath(shots)) {
        QTest::qWait(300);
        QVERIFY(window_->grab().save(shots + QStringLiteral("/studio-containers.png")));
    }
}

void StudioWorkflowTest::stopsContainer() {
    ContainersPage* page = window_->containersPage();
    ContainersModel* model = window_->containersModel();
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->index(i, ContainersModel::Name).data().toString() == containerName_) {
            row = i;
        }
    }
    QVERIFY(row >= 0);
    selectSourceRow(page->view(), row);
    QTRY_VERIFY_WITH_TIMEOUT(page->stopAction()->isEnabled(), kStepMs);
    page->stopAction()->trigger();
    const QString id = model->index(row, 0).data(ContainersModel::IdRole).toString();
    QTRY_COMPARE_WITH_TIMEOUT(
        model->index(model->rowOfId(id), 0).data(ContainersModel::StateRole).toString(),
        QStringLiteral("exited"), kStepMs);
    QVERIFY(model->index(model->rowOfId(id), ContainersModel::Status)
                .data()
                .toString()
                .startsWith(QStringLiteral("Exited")));
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
}

void StudioWorkflowTest::removesContainer() {
    ContainersPage* page = window_->containersPage();
    ContainersModel* model = window_->containersModel();
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->index(i, ContainersModel::Name).data().toString() == containerName_) {
            row = i;
        }
    }
    QVERIFY(row >= 0);
    const QString id = model->index(row, 0).data(ContainersModel::IdRole).toString();
    selectSourceRow(page->view(), row);
    QTRY_VERIFY_WITH_TIMEOUT(page->removeAction()->isEnabled(), kStepMs);
    page->removeAction()->trigger();
    QVERIFY(confirmRemoval(page));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowOfId(id), -1, kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
}

void StudioWorkflowTest::removesImage() {
    window_->setCurrentPage(MainWindow::ImagesIndex);
    ImagesPage* page = window_->imagesPage();
    ImagesModel* images = window_->imagesModel();
    const int row = images->rowOfReference(QStringLiteral("busybox:latest"));
    QVERIFY(row >= 0);
    selectSourceRow(page->view(), row);
    QTRY_VERIFY_WITH_TIMEOUT(page->removeAction()->isEnabled(), kStepMs);
    page->removeAction()->trigger();
    QVERIFY(confirmRemoval(page));
    QTRY_COMPARE_WITH_TIMEOUT(images->rowOfReference(QStringLiteral("busybox:latest")), -1,
                              kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
}

QTEST_MAIN(StudioWorkflowTest)
#include "tst_studio_workflow.moc"

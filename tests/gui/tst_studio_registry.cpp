// The Images page's registry and archive dialogs against a private berthd and two
// loopback docker-registry processes that the test starts: one open, one with basic auth
// and a self-signed certificate. It pulls with the tag list and per-layer progress and
// cancels a pull from its background task after the dialog was closed. It pushes only on
// the Push button, to the destination the dialog shows, and pushes and pulls through the
// login dialog, which keeps credentials in the config.json fallback or for the session
// only. It saves, removes and loads an image, cancels a save and exports a container.
// Nothing but loopback is contacted: berthd runs with BERTH_LOOPBACK_REGISTRIES_ONLY.

#include "api/berthd_fixture.h"
#include "api/loopback_registry.h"
#include "archivetransfers.h"
#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
#include "formatting.h"
#include "formproblems.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "layerprogresspanel.h"
#include "loaddialog.h"
#include "logindialog.h"
#include "pulldialog.h"
#include "pushdialog.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <sys/stat.h>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int kStepMs = 120000;

void saveScreenshot(QWidget* widget, const QString& fileName) {
    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (shots.isEmpty() || !QDir().mkpath(shots)) {
        return;
    }
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
    QTest::qWait(200);
    QVERIFY(widget->grab().save(shots + QLatin1Char('/') + fileName));
}

} // namespace

class StudioRegistryTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir home_;
    BerthdFixture berthd_;
    LoopbackRegistry open_;
    LoopbackRegistry guarded_;
    std::unique_ptr<EngineConnection> connection_;
    std::unique_ptr<BackgroundTasks> tasks_;
    std::unique_ptr<ImagesModel> model_;
    std::unique_ptr<ImagesPage> page_;

    bool hasImage(const QString& reference) const {
        return berthd_.docker({"image", "inspect", reference}).exitCode == 0;
    }

    QStringList stagingLeftovers() const {
        return QDir(berthd_.dataRoot() + "/image/tmp")
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    }

    // Runs a busybox shell command in a container and commits it as name.
    QString makeImage(const QString& name, const QString& script) {
        CommandResult run =
            berthd_.docker({"run", "--name", "maker", "busybox", "sh", "-c", script}, {}, kStepMs);
        CommandResult commit = berthd_.docker({"commit", "maker", name});
        CommandResult removed = berthd_.docker({"rm", "maker"});
        if (run.exitCode != 0 || commit.exitCode != 0 || removed.exitCode != 0) {
            return describe(run) + describe(commit) + describe(removed);
        }
        return {};
    }

    QString push(const QString& name) {
        CommandResult pushed = berthd_.docker({"push", name}, {}, kStepMs);
        return pushed.exitCode == 0 ? QString() : QString(describe(pushed));
    }

    bool selectImage(const QString& reference) {
        model_->reload();
        if (!QTest::qWaitFor([&] { return model_->rowOfReference(reference) >= 0; }, kStepMs)) {
            return false;
        }
        auto* proxy = qobject_cast<QSortFilterProxyModel*>(page_->view()->model());
        const QModelIndex index =
            proxy->mapFromSource(model_->index(model_->rowOfReference(reference), 0));
        page_->view()->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
        return page_->view()->selectionModel()->selectedRows().size() == 1;
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty() ||
            QStandardPaths::findExecutable("htpasswd").isEmpty()) {
            QSKIP("docker-registry or htpasswd is missing: run packaging/setup.sh deps");
        }
        // No keyring daemon runs here: credentials go to config.json under a private
        // config directory, and QSettings too.
        QVERIFY(home_.isValid());
        qputenv("BERTH_CREDENTIAL_STORE", "file");
        qputenv("XDG_CONFIG_HOME", home_.filePath("config").toLocal8Bit());
        QCoreApplication::setOrganizationName("BerthTest");
        QCoreApplication::setApplicationName("tst_studio_registry");

        QString error = berthd_.startWithBusybox("busybox:latest");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = open_.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = guarded_.start("tester", "s3cret", true);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const QString app = open_.host() + "/berth/app";
        error = makeImage(app + ":v1", "echo one > /one.txt");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(berthd_.docker({"tag", app + ":v1", app + ":v2"}).exitCode == 0);
        for (const char* tag : {"v1", "v2"}) {
            error = push(app + ":" + tag);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        // Random bytes do not compress, so the big layer takes long enough to cancel.
        error = makeImage(open_.host() + "/berth/big:v1",
                          "dd if=/dev/urandom of=/big.bin bs=1M count=96 2>/dev/null");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = push(open_.host() + "/berth/big:v1");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString& name : {app + ":v1", app + ":v2", open_.host() + "/berth/big:v1"}) {
            CommandResult removed = berthd_.docker({"rmi", name});
            QVERIFY2(removed.exitCode == 0, describe(removed));
        }

        connection_ = std::make_unique<EngineConnection>(
            client::Endpoint::unixSocket(berthd_.socketPath().toStdString()));
        tasks_ = std::make_unique<BackgroundTasks>();
        model_ = std::make_unique<ImagesModel>();
        page_ = std::make_unique<ImagesPage>(model_.get(), tasks_.get());
        connection_->start();
        QTRY_VERIFY_WITH_TIMEOUT(connection_->isConnected(), kStepMs);
        model_->setConnection(connection_.get());
        page_->setConnection(connection_.get());
        page_->resize(900, 600);
        page_->show();
        QCOMPARE(page_->credentials()->backend(), CredentialStore::Backend::File);
    }

    void cleanupTestCase() {
        page_.reset();
        model_.reset();
        tasks_.reset();
        connection_.reset();
        guarded_.stop();
        open_.stop();
        QStringList problems = berthd_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void pullDialogListsRegistryTags() {
        PullDialog* dialog = page_->showPullDialog();
        QVERIFY(dialog);
        QSignalSpy listed(dialog, &PullDialog::tagsListed);
        dialog->setReference(open_.host() + "/berth/app");
        dialog->listTags();
        QVERIFY(listed.wait(kStepMs));
        QStringList tags = dialog->listedTags();
        tags.sort();
        QCOMPARE(tags, QStringList({"v1", "v2"}));
        QCOMPARE(dialog->tagStatus(), PullDialog::tr("%n tag(s)", nullptr, 2));
    }

    void tagListWaitsForCompleteName() {
        PullDialog* dialog = page_->showPullDialog();
        QVERIFY(dialog);
        auto* edit = dialog->findChild<QLineEdit*>("referenceEdit");
        QVERIFY(edit);
        QSignalSpy listed(dialog, &PullDialog::tagsListed);

        // A registry host without a repository would be Docker Hub's library/<host>.
        for (const QString& partial : {open_.host(), QString("127.0.0.1:1543"),
                                       QString("registry.example"), open_.host() + "/"}) {
            edit->clear();
            QTest::keyClicks(edit, partial);
            QTest::qWait(1200);
            QCOMPARE(listed.count(), 0);
            QCOMPARE(dialog->tagStatus(), QString());
            dialog->listTags();
            QTest::qWait(200);
            QCOMPARE(listed.count(), 0);
        }

        // Typing a whole name requests the tags once, after the typing paused.
        edit->clear();
        QTest::keyClicks(edit, open_.host() + "/berth/app", Qt::NoModifier, 20);
        QVERIFY(listed.wait(kStepMs));
        QTest::qWait(1200);
        QCOMPARE(listed.count(), 1);
        QStringList tags = dialog->listedTags();
        tags.sort();
        QCOMPARE(tags, QStringList({"v1", "v2"}));
        dialog->close();
    }

    void pullDialogShowsLayerProgress() {
        PullDialog* dialog = page_->showPullDialog();
        dialog->setReference(open_.host() + "/berth/app");
        dialog->setTag("v1");
        QSignalSpy finished(dialog, &PullDialog::pullFinished);
        dialog->startPull();
        QVERIFY(dialog->isPulling());
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->errorText()));
        QVERIFY(hasImage(open_.host() + "/berth/app:v1"));

        const TransferProgress& progress = dialog->layers()->progress();
        QCOMPARE(progress.layers().size(), size_t(2)); // busybox and the committed layer
        QCOMPARE(progress.finishedLayers(), 2);
        QCOMPARE(dialog->layers()->layerBar(0)->value(), 100);
        QCOMPARE(dialog->layers()->layerBar(1)->value(), 100);
        QVERIFY(progress.lines().join('\n').contains("Digest: sha256:"));
        QVERIFY(PullDialog::recentPulls().contains(open_.host() + "/berth/app:v1"));
        QVERIFY(dialog->completions().contains(open_.host() + "/berth/app:v1"));
        saveScreenshot(dialog, QStringLiteral("studio-pull-dialog.png"));
    }

    void cancelledPullLeavesNoImage() {
        const QString big = open_.host() + "/berth/big:v1";
        PullDialog* dialog = page_->showPullDialog();
        dialog->setReference(open_.host() + "/berth/big");
        dialog->setTag("v1");
        QSignalSpy finished(dialog, &PullDialog::pullFinished);
        QSignalSpy added(tasks_.get(), &BackgroundTasks::taskAdded);
        // Close the dialog once the big layer has started to arrive.
        bool downloading = false;
        QMetaObject::Connection closeOnDownload =
            connect(dialog->layers(), &LayerProgressPanel::changed, dialog, [&] {
                for (const LayerProgress& layer : dialog->layers()->progress().layers()) {
                    if (layer.status == QLatin1String("Downloading") && !downloading) {
                        downloading = true;
                        dialog->close();
                    }
                }
            });
        dialog->startPull();
        QCOMPARE(added.count(), 1);
        const int task = added.first().first().toInt();
        QTRY_VERIFY_WITH_TIMEOUT(downloading, kStepMs);
        disconnect(closeOnDownload);

        // Closed, the dialog leaves the pull running as a background task.
        QVERIFY(!dialog->isVisible());
        QVERIFY(dialog->isPulling());
        QVERIFY(!tasks_->task(task)->cancel->cancelled());
        QCOMPARE(tasks_->task(task)->state, BackgroundTask::State::Running);
        QCOMPARE(finished.count(), 0);

        // Reopened during the pull, it shows that pull.
        QCOMPARE(page_->showPullDialog(), dialog);
        QVERIFY(dialog->isPulling());
        QVERIFY(!dialog->layers()->progress().layers().empty());

        tasks_->cancel(task);
        QVERIFY(finished.wait(kStepMs));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(tasks_->task(task)->state, BackgroundTask::State::Cancelled);
        QVERIFY2(dialog->errorText().contains("no image was stored"),
                 qPrintable(dialog->errorText()));
        QVERIFY2(dialog->errorText().contains("resumes"), qPrintable(dialog->errorText()));
        const TransferProgress& progress = dialog->layers()->progress();
        int cancelledRows = 0;
        for (int row = 0; row < int(progress.layers().size()); ++row) {
            const QString status = dialog->layers()->layerStatus(row);
            QVERIFY2(!status.contains(" of "), qPrintable(status));
            if (!progress.layers()[size_t(row)].finished) {
                QCOMPARE(status, PullDialog::tr("Cancelled"));
                ++cancelledRows;
            }
        }
        QVERIFY(cancelledRows >= 1);

        // Reopened after the pull, it starts empty.
        dialog->close();
        QCOMPARE(page_->showPullDialog(), dialog);
        QVERIFY(dialog->layers()->progress().layers().empty());
        QVERIFY(dialog->layers()->progress().lines().isEmpty());
        QCOMPARE(dialog->errorText(), QString());
        QCOMPARE(dialog->repository(), QString());
        QCOMPARE(dialog->tagStatus(), QString());
        dialog->close();
        // The engine stops the pull when it notices the closed connection, then cleans up.
        QTRY_VERIFY_WITH_TIMEOUT(stagingLeftovers().isEmpty(), 30000);
        QTest::qWait(1000);
        QVERIFY(!hasImage(big));
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));
    }

    void pushWaitsForButtonAndShowsDestination() {
        QVERIFY(berthd_.docker({"tag", "busybox:latest", "app:1"}).exitCode == 0);
        QSignalSpy added(tasks_.get(), &BackgroundTasks::taskAdded);
        QPointer<PushDialog> dialog = page_->showPushDialog("app:1");
        QVERIFY(dialog);
        QTest::qWait(1000);
        QVERIFY(!dialog->isPushing());
        QCOMPARE(added.count(), 0);

        // A local name without a registry host is Docker Hub's, and the dialog states that.
        QCOMPARE(dialog->target(), QString("app:1"));
        QCOMPARE(dialog->destination(), QString("docker.io/library/app:1"));
        QVERIFY2(dialog->registryText().contains("Docker Hub"), qPrintable(dialog->registryText()));
        QVERIFY2(dialog->hubNotice().contains("Docker Hub"), qPrintable(dialog->hubNotice()));
        QVERIFY(dialog->pushButton()->isEnabled());
        saveScreenshot(dialog, QStringLiteral("studio-push-dialog.png"));
        // Enter in the name field pushes nothing.
        auto* targetEdit = dialog->findChild<QLineEdit*>(QStringLiteral("targetEdit"));
        QVERIFY(targetEdit != nullptr);
        QTest::keyClick(targetEdit, Qt::Key_Return);
        QVERIFY(!dialog->isPushing());
        QCOMPARE(added.count(), 0);

        dialog->setTarget("Bad Name");
        QVERIFY(!dialog->pushButton()->isEnabled());
        dialog->setTarget("team/app");
        QCOMPARE(dialog->destination(), QString("docker.io/team/app:latest"));

        // Another target is tagged on the image first, then pushed there.
        const QString target = open_.host() + "/berth/retagged:7";
        dialog->setTarget(target);
        QCOMPARE(dialog->destination(), target);
        QCOMPARE(dialog->registryText(), open_.host());
        QCOMPARE(dialog->hubNotice(), QString());
        QSignalSpy finished(dialog.data(), &PushDialog::pushFinished);
        dialog->pushButton()->click();
        QVERIFY(dialog->isPushing());
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().first().toBool(), qPrintable(dialog->errorText()));
        QVERIFY(hasImage(target));
        QVERIFY(hasImage("app:1"));
        auto tags = connection_->client()->registryTags(target.toStdString(), {});
        QVERIFY2(tags.has_value(), tags ? "" : tags.error().message.c_str());
        QCOMPARE(*tags, std::vector<std::string>{"7"});

        // Closed and not pushing, the dialog goes away.
        dialog->close();
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(berthd_.docker({"rmi", "app:1", target}).exitCode == 0);
    }

    void closedPushDialogKeepsPushing() {
        const QString target = open_.host() + "/berth/closed:v1";
        QVERIFY(berthd_.docker({"tag", "busybox:latest", target}).exitCode == 0);
        QSignalSpy added(tasks_.get(), &BackgroundTasks::taskAdded);
        QPointer<PushDialog> dialog = page_->showPushDialog(target);
        QVERIFY(dialog);
        QSignalSpy finished(dialog.data(), &PushDialog::pushFinished);
        dialog->pushButton()->click();
        QCOMPARE(added.count(), 1);
        const int task = added.first().first().toInt();
        dialog->close();
        QVERIFY(!tasks_->task(task)->cancel->cancelled());
        QTRY_VERIFY_WITH_TIMEOUT(tasks_->task(task)->state != BackgroundTask::State::Running,
                                 kStepMs);
        QCOMPARE(tasks_->task(task)->state, BackgroundTask::State::Succeeded);
        QCOMPARE(finished.count(), 1);
        // Hidden and done, the dialog deletes itself.
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(berthd_.docker({"rmi", target}).exitCode == 0);
    }

    void pushAsksForLoginAndStoresCredentials() {
        const QString secure = guarded_.host() + "/berth/secure:v1";
        QVERIFY(berthd_.docker({"tag", "busybox:latest", secure}).exitCode == 0);
        PushDialog* dialog = page_->showPushDialog(secure);
        QVERIFY(dialog);
        QCOMPARE(dialog->destination(), secure);
        QSignalSpy loginRequested(dialog, &PushDialog::loginRequested);
        QSignalSpy finished(dialog, &PushDialog::pushFinished);
        dialog->pushButton()->click();
        QVERIFY(loginRequested.wait(kStepMs));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), false);

        LoginDialog* login = dialog->loginDialog();
        QVERIFY(login);
        QCOMPARE(login->server(), guarded_.host());
        QCOMPARE(
            login->message(),
            PushDialog::tr("The registry requires a login to push to %1.").arg(guarded_.host()));
        login->setUsername("tester");
        login->setPassword("s3cret");
        login->setRemember(true);
        saveScreenshot(login, QStringLiteral("studio-registry-login.png"));
        login->logIn();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kStepMs);
        QVERIFY2(finished.last().first().toBool(), qPrintable(dialog->errorText()));

        const QString path = page_->credentials()->file().path();
        QVERIFY(path.startsWith(home_.path()));
        struct stat status {};
        QCOMPARE(::stat(path.toLocal8Bit().constData(), &status), 0);
        QCOMPARE(status.st_mode & 0777, 0600u);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject auths =
            QJsonDocument::fromJson(file.readAll()).object().value("auths").toObject();
        QCOMPARE(auths.value(guarded_.host()).toObject().value("auth").toString(),
                 QString::fromLatin1(QByteArray("tester:s3cret").toBase64()));

        const RegistryCredential credential{guarded_.host(), "tester", "s3cret"};
        auto tags = connection_->client()->registryTags(secure.toStdString(),
                                                        encodeRegistryAuth(credential));
        QVERIFY2(tags.has_value(), tags ? "" : tags.error().message.c_str());
        QCOMPARE(*tags, std::vector<std::string>{"v1"});
        dialog->close();
    }

    void wrongPasswordKeepsLoginOpen() {
        LoginDialog* login = page_->showLoginDialog(guarded_.host());
        QVERIFY(login);
        login->setUsername("tester");
        login->setPassword("wrong");
        QSignalSpy accepted(login, &QDialog::accepted);
        login->logIn();
        QTRY_VERIFY_WITH_TIMEOUT(!login->message().startsWith("Checking"), kStepMs);
        QVERIFY2(login->message().startsWith("The registry rejected the user name or password."),
                 qPrintable(login->message()));
        QVERIFY2(!login->message().contains("docker login"), qPrintable(login->message()));
        QCOMPARE(accepted.count(), 0);
        QVERIFY(login->loginButton()->isEnabled());
        login->close();
    }

    void logoutRemovesCredentials() {
        CredentialStore* store = page_->credentials();
        QVERIFY(store->servers().contains(guarded_.host()));
        QString error = "not called";
        store->remove(guarded_.host(), [&](const QString& e) { error = e; });
        QTRY_COMPARE_WITH_TIMEOUT(error, QString(), 5000);
        QVERIFY(!store->servers().contains(guarded_.host()));
        QVERIFY(!store->file().find(guarded_.host()).has_value());
    }

    void pullAsksForLoginWhenRefused() {
        const QString secure = guarded_.host() + "/berth/secure";
        CommandResult removed = berthd_.docker({"rmi", secure + ":v1"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        PullDialog* dialog = page_->showPullDialog();
        QSignalSpy listed(dialog, &PullDialog::tagsListed);
        dialog->setReference(secure);
        dialog->setTag("v1");
        QSignalSpy finished(dialog, &PullDialog::pullFinished);
        dialog->startPull();
        QVERIFY(finished.wait(kStepMs));
        QCOMPARE(finished.first().first().toBool(), false);

        // The anonymous tag request, made after the typing pause, gets no list.
        QTRY_COMPARE_WITH_TIMEOUT(listed.count(), 1, kStepMs);
        QCOMPARE(dialog->listedTags(), QStringList());
        auto* login = dialog->findChild<LoginDialog*>();
        QVERIFY(login);
        QCOMPARE(login->server(), guarded_.host());
        QCOMPARE(login->message(),
                 PullDialog::tr("The registry requires a login to pull %1.").arg(secure + ":v1"));
        login->setUsername("tester");
        login->setPassword("s3cret");
        login->setRemember(false);
        login->logIn();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kStepMs);
        QVERIFY2(finished.last().first().toBool(), qPrintable(dialog->errorText()));
        QVERIFY(hasImage(secure + ":v1"));
        // The tags the registry hid from the anonymous request are listed after the login.
        QTRY_COMPARE_WITH_TIMEOUT(dialog->listedTags(), QStringList({"v1"}), 30000);
        // Not remembered: kept for the session only, not in config.json.
        QVERIFY(page_->credentials()->servers().contains(guarded_.host()));
        QVERIFY(!page_->credentials()->file().find(guarded_.host()).has_value());
        dialog->close();
    }

    void saveRemoveLoadRoundTrip() {
        const QString name = "roundtrip/app:v1";
        QVERIFY(berthd_.docker({"tag", "busybox:latest", name}).exitCode == 0);
        QVERIFY(selectImage(name));
        QTemporaryDir dir;
        const QString path = dir.filePath("app.tar");
        QFileDialog* picker = page_->showSaveDialog();
        QVERIFY(picker);
        QSignalSpy saved(page_->archives(), &ArchiveTransfers::finished);
        picker->selectFile(path);
        // accept() is protected in QFileDialog; the OK button calls the same slot.
        QVERIFY(QMetaObject::invokeMethod(picker, "accept"));
        QVERIFY(saved.wait(kStepMs));
        QVERIFY2(saved.first().at(1).toBool(), qPrintable(saved.first().at(2).toString()));
        QVERIFY(QFileInfo(path).size() > 0);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList({"app.tar"}));

        CommandResult removed = berthd_.docker({"rmi", name});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY(!hasImage(name));

        LoadDialog* load = page_->showLoadDialog();
        QVERIFY(load);
        load->setFilePath(path);
        QVERIFY(load->loadButton()->isEnabled());
        QSignalSpy loaded(load, &LoadDialog::loadFinished);
        load->startLoad();
        QVERIFY(loaded.wait(kStepMs));
        QVERIFY2(loaded.first().first().toBool(), qPrintable(load->errorText()));
        QVERIFY2(load->loadedLines().contains("Loaded image: " + name),
                 qPrintable(load->loadedLines().join('\n')));
        QVERIFY(hasImage(name));
        load->close();
    }

    void failedLoadShowsProblem() {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.tar");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write(QByteArray(4096, 'x')) == 4096);
        file.close();

        LoadDialog* load = page_->showLoadDialog();
        QVERIFY(load);
        load->setFilePath(path);
        QSignalSpy loaded(load, &LoadDialog::loadFinished);
        load->startLoad();
        QVERIFY(loaded.wait(kStepMs));
        QCOMPARE(loaded.first().first().toBool(), false);

        auto* error = load->findChild<QLabel*>("errorLabel");
        QVERIFY(error);
        QVERIFY(error->isVisible());
        QVERIFY2(load->errorText().startsWith("Could not load broken.tar: "),
                 qPrintable(load->errorText()));
        QCOMPARE(error->palette().color(QPalette::WindowText), kProblemColor);
        auto* bar = load->findChild<QProgressBar*>("progress");
        QVERIFY(bar);
        QCOMPARE(bar->value(), 0);
        QVERIFY(!bar->isVisible());
        load->close();
    }

    void historyClearsWhenImageRemoved() {
        const QString name = "history/app:v1";
        QVERIFY(berthd_.docker({"tag", "busybox:latest", name}).exitCode == 0);
        QVERIFY(selectImage(name));
        QTRY_VERIFY_WITH_TIMEOUT(page_->historyView()->topLevelItemCount() > 0, kStepMs);

        CommandResult removed = berthd_.docker({"rmi", name});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QSignalSpy loaded(model_.get(), &ImagesModel::loaded);
        model_->reload();
        QVERIFY(loaded.wait(kStepMs));
        QVERIFY(!page_->view()->selectionModel()->hasSelection());
        QCOMPARE(page_->historyView()->topLevelItemCount(), 0);
    }

    void imagesPageIconsAndColumns() {
        for (QAction* action : {page_->pullAction(), page_->pushAction(), page_->saveAction(),
                                page_->loadAction(), page_->importAction()}) {
            QVERIFY2(!action->icon().isNull(), qPrintable(action->text()));
            // The SVG icons also render at 64 px.
            QVERIFY2(!action->icon().pixmap(64, 64).isNull(), qPrintable(action->text()));
        }
        const QVariant tagAlignment =
            model_->headerData(ImagesModel::Tag, Qt::Horizontal, Qt::TextAlignmentRole);
        QVERIFY(tagAlignment.isValid());
        QVERIFY(Qt::Alignment(tagAlignment.toInt()) & Qt::AlignLeft);
        const int ageWidth = page_->view()->fontMetrics().horizontalAdvance(formatAge(1, 91));
        QCOMPARE(formatAge(1, 91), QString("About a minute ago"));
        QVERIFY2(page_->view()->horizontalHeader()->sectionSize(ImagesModel::Created) > ageWidth,
                 qPrintable(QString::number(ageWidth)));
    }

    void progressWeighsLayersByBytes() {
        LayerProgressPanel panel;
        panel.apply({{"status", "Downloading"},
                     {"id", "small"},
                     {"progressDetail", {{"current", 1000}, {"total", 1000}}}});
        panel.apply({{"status", "Downloading"},
                     {"id", "large"},
                     {"progressDetail", {{"current", 0}, {"total", 9000}}}});
        // 1000 of 10000 bytes, where counting layers would give 500.
        QCOMPARE(panel.progress().permille(), 100);
        // A layer of unknown size weighs as the average known one, 5000 bytes.
        panel.apply({{"status", "Waiting"}, {"id", "unknown"}});
        QCOMPARE(panel.progress().permille(), 1000 * 1000 / 15000);
        panel.apply({{"status", "Already exists"}, {"id", "unknown"}});
        QCOMPARE(panel.progress().permille(), 6000 * 1000 / 15000);

        panel.markUnfinished(PullDialog::tr("Cancelled"));
        QCOMPARE(panel.layerStatus(0), PullDialog::tr("Cancelled"));
        QCOMPARE(panel.layerStatus(1), PullDialog::tr("Cancelled"));
        QCOMPARE(panel.layerStatus(2), QString("Already exists"));
    }

    void cancelledSaveLeavesNoFile() {
        const QString big = open_.host() + "/berth/big:v1";
        PullDialog* dialog = page_->showPullDialog();
        dialog->setReference(open_.host() + "/berth/big");
        dialog->setTag("v1");
        QSignalSpy pulled(dialog, &PullDialog::pullFinished);
        dialog->startPull();
        QVERIFY(pulled.wait(kStepMs));
        QVERIFY2(pulled.first().first().toBool(), qPrintable(dialog->errorText()));
        dialog->close();

        QTemporaryDir dir;
        const QString path = dir.filePath("big.tar");
        QSignalSpy finished(page_->archives(), &ArchiveTransfers::finished);
        const int task = page_->archives()->saveImages(connection_.get(), {big}, path, 0);
        tasks_->cancel(task);
        QVERIFY(finished.wait(kStepMs));
        QCOMPARE(finished.first().at(1).toBool(), false);
        QCOMPARE(finished.first().at(2).toString(), QString());
        QCOMPARE(tasks_->task(task)->state, BackgroundTask::State::Cancelled);
        QVERIFY(!QFile::exists(path));
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());

        // A cancel after the first bytes were written removes the partial file. The client
        // is called on this thread so that the cancel lands while the tar streams.
        client::CancelToken cancel;
        QStringList seen;
        auto saved = connection_->client()->saveImages(
            {big.toStdString()}, path.toStdString(),
            [&](uint64_t) {
                if (seen.isEmpty()) {
                    seen = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden);
                }
                cancel.cancel();
            },
            &cancel);
        QVERIFY(!saved.has_value());
        QCOMPARE(saved.error().kind, ErrorKind::Cancelled);
        QCOMPARE(seen.size(), 1); // the temporary file beside big.tar
        QVERIFY2(seen.first().startsWith("big.tar."), qPrintable(seen.join(' ')));
        QVERIFY(!QFile::exists(path));
        QVERIFY2(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty(),
                 qPrintable(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).join(' ')));
    }

    void exportWritesContainerFiles() {
        CommandResult created = berthd_.docker({"create", "--name", "exported", "busybox", "true"});
        QVERIFY2(created.exitCode == 0, describe(created));
        const QString id = QString::fromUtf8(created.out).trimmed();
        QTemporaryDir dir;
        const QString path = dir.filePath("exported.tar");
        ArchiveTransfers archives(tasks_.get());
        QSignalSpy finished(&archives, &ArchiveTransfers::finished);
        archives.exportContainer(connection_.get(), id, "exported", path);
        QVERIFY(finished.wait(kStepMs));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QProcess tar;
        tar.start("tar", {"-tf", path});
        QVERIFY(tar.waitForFinished(30000));
        QVERIFY(QString::fromUtf8(tar.readAllStandardOutput()).contains("bin/busybox"));
        QVERIFY(berthd_.docker({"rm", "exported"}).exitCode == 0);
    }
};

QTEST_MAIN(StudioRegistryTest)
#include "tst_studio_registry.moc"

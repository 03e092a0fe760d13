// The Images page's registry and archive dialogs against a private berthd and two
// loopback docker-registry processes that the test starts: one open, one with basic auth
// and a self-signed certificate. It pulls with the tag list and per-layer progress and
// cancels a pull. It pushes and pulls through the login dialog, which keeps credentials in
// the config.json fallback or for the session only. It saves, removes and loads an image,
// cancels a save and exports a container. Nothing but loopback is contacted.

#include "api/berthd_fixture.h"
#include "api/loopback_registry.h"
#include "archivetransfers.h"
#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
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
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

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
        // Cancel once the big layer has started to arrive.
        QMetaObject::Connection cancelOnDownload =
            connect(dialog->layers(), &LayerProgressPanel::changed, dialog, [dialog] {
                for (const LayerProgress& layer : dialog->layers()->progress().layers()) {
                    if (layer.status == QLatin1String("Downloading")) {
                        dialog->cancelPull();
                    }
                }
            });
        dialog->startPull();
        QVERIFY(finished.wait(kStepMs));
        disconnect(cancelOnDownload);
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(dialog->errorText().contains("cancelled"), qPrintable(dialog->errorText()));
        // The engine stops the pull when it notices the closed connection, then cleans up.
        QTRY_VERIFY_WITH_TIMEOUT(stagingLeftovers().isEmpty(), 30000);
        QTest::qWait(1000);
        QVERIFY(!hasImage(big));
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));
    }

    void pushAsksForLoginAndStoresCredentials() {
        const QString secure = guarded_.host() + "/berth/secure:v1";
        QVERIFY(berthd_.docker({"tag", "busybox:latest", secure}).exitCode == 0);
        PushDialog* dialog = page_->showPushDialog(secure);
        QVERIFY(dialog);
        QSignalSpy loginRequested(dialog, &PushDialog::loginRequested);
        QSignalSpy finished(dialog, &PushDialog::pushFinished);
        QVERIFY(loginRequested.wait(kStepMs));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), false);

        LoginDialog* login = dialog->loginDialog();
        QVERIFY(login);
        QCOMPARE(login->server(), guarded_.host());
        QVERIFY2(isAuthenticationError(login->message()), qPrintable(login->message()));
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
        QTRY_VERIFY_WITH_TIMEOUT(login->message().startsWith("The login failed"), kStepMs);
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
        dialog->setReference(secure);
        dialog->setTag("v1");
        QSignalSpy finished(dialog, &PullDialog::pullFinished);
        dialog->startPull();
        QVERIFY(finished.wait(kStepMs));
        QCOMPARE(finished.first().first().toBool(), false);

        auto* login = dialog->findChild<LoginDialog*>();
        QVERIFY(login);
        QCOMPARE(login->server(), guarded_.host());
        login->setUsername("tester");
        login->setPassword("s3cret");
        login->setRemember(false);
        login->logIn();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 2, kStepMs);
        QVERIFY2(finished.last().first().toBool(), qPrintable(dialog->errorText()));
        QVERIFY(hasImage(secure + ":v1"));
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

// The user guide's walkthrough in the real studio against a real berthd. It covers the
// first-run page and importing an OS template tarball. Then come a shell in a container
// with a host directory, a single file mapped read-only, a data-volume container shared
// with --volumes-from, and a named volume. Files are copied in and out through the Files
// tab, a container is committed, linked and published, and the Dockerfile studio previews
// and builds an image. The last step is the Engine page. Each step checks what it shows
// before it is photographed, so a broken step fails the test instead of producing a
// screenshot of an error.
//
// With BERTH_SCREENSHOT_DIR set (docs/guide/shoot.sh sets it), each step saves the window
// or the dialog as NN-name.png there; without it nothing is written.
//
// The test process enters a network namespace of its own before it starts berthd with its
// own bridge, subnet and nftables table, so that links and published ports work without
// touching the host's network; berthd --cleanup-network removes both at the end.

#include "api/berthd_fixture.h"
#include "commitdialog.h"
#include "common/unique_fd.h"
#include "containerfiles.h"
#include "containerfilesmodel.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "containerterminal.h"
#include "dockerfile/buildpanel.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/dockerfilestudio.h"
#include "dockerfile/layerpreview.h"
#include "dockerfile/previewplanner.h"
#include "engineconnection.h"
#include "enginepage.h"
#include "errorbanner.h"
#include "firstrunpage.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "importdialog.h"
#include "linkview.h"
#include "mainwindow.h"
#include "networkspage.h"
#include "rundialog.h"
#include "sharingview.h"
#include "terminal/terminalsession.h"
#include "terminal/terminalsurface.h"
#include "terminal/terminalview.h"
#include "volumesmodel.h"
#include "volumespage.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;
const QSize kWindowSize(1440, 900);

QString randomSuffix() {
    return QString::number(QRandomGenerator::global()->generate() & 0xffffff, 16)
        .rightJustified(6, QLatin1Char('0'));
}

// Runs a command of this machine's tools and returns its exit code, or -1 if it did not
// finish.
int runTool(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(30000)) {
        return -1;
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QString screenText(const TerminalView* view) {
    QStringList lines;
    const TerminalSurface* surface = view->surface();
    for (int line = 0; line < surface->totalLines(); ++line) {
        lines << surface->lineText(line);
    }
    return lines.join(QLatin1Char('\n'));
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Selects the view row whose source row is `sourceRow`.
void selectSourceRow(QTableView* view, int sourceRow) {
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(view->model());
    const QModelIndex index = proxy->mapFromSource(proxy->sourceModel()->index(sourceRow, 0));
    view->selectionModel()->select(index,
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->setCurrentIndex(index);
}

// Sends a plain HTTP GET to an IPv4 address and port and returns the whole response, empty
// when the connection fails. Each receive waits at most 5 s.
QByteArray httpGet(const char* address, quint16 port) {
    berth::UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        return {};
    }
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_port = htons(port);
    ::inet_pton(AF_INET, address, &target.sin_addr);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
        return {};
    }
    const QByteArray request = "GET / HTTP/1.0\r\nHost: guide\r\n\r\n";
    if (::send(fd.get(), request.constData(), size_t(request.size()), MSG_NOSIGNAL) !=
        ssize_t(request.size())) {
        return {};
    }
    QByteArray response;
    char buffer[4096];
    for (ssize_t n; (n = ::recv(fd.get(), buffer, sizeof buffer, 0)) > 0;) {
        response.append(buffer, int(n));
    }
    return response;
}

// The folder that takes the place of the host's / in the guide's paths, so that a
// screenshot shows /tmp/guide/srv/webapp where the guide has /srv/webapp. It is /tmp/guide,
// or /tmp/guide-2 and so on while another run uses that name. mkdir fails on an existing
// path, so the test writes only into a folder that it made itself, and the destructor
// removes that folder with everything in it.
class GuideRoot {
public:
    GuideRoot() {
        for (int attempt = 1; attempt <= 20; ++attempt) {
            const QString candidate = attempt == 1 ? QStringLiteral("/tmp/guide")
                                                   : QStringLiteral("/tmp/guide-%1").arg(attempt);
            if (::mkdir(QFile::encodeName(candidate).constData(), 0700) == 0) {
                path_ = candidate;
                return;
            }
            if (errno != EEXIST) {
                return;
            }
        }
    }
    ~GuideRoot() {
        if (!path_.isEmpty()) {
            QDir(path_).removeRecursively();
        }
    }
    GuideRoot(const GuideRoot&) = delete;
    GuideRoot& operator=(const GuideRoot&) = delete;

    [[nodiscard]] bool isValid() const { return !path_.isEmpty(); }
    [[nodiscard]] QString filePath(const QString& relative) const {
        return path_ + QLatin1Char('/') + relative;
    }

private:
    QString path_;
};

} // namespace

class StudioGuideTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    GuideRoot work_;
    QString suffix_;
    QString bridgeName_;
    QString tableName_;
    QString shots_;
    int shotNumber_ = 0;
    std::unique_ptr<MainWindow> window_;

    // Saves widget as NN-name.png when screenshots were asked for.
    void shoot(QWidget* widget, const QString& name);
    [[nodiscard]] QJsonObject inspect(const QString& name) const;
    [[nodiscard]] bool isRunning(const QString& name) const;
    // Opens the Run dialog and fills it from a docker run line, as "Paste a docker run
    // line…" does. Returns null when the dialog did not open or the line did not parse.
    RunDialog* openRunDialog(const QString& line);
    void showRunTab(RunDialog* dialog, const QString& tabName);
    // Clicks Run and waits until the container runs. A failure shows the banner's text.
    void runAndWait(RunDialog* dialog, const QString& name);
    void selectContainer(const QString& name);
    [[nodiscard]] TerminalView* terminalView() const;
    void typeLine(const QString& text);
    [[nodiscard]] QString hostPath(const QString& relative) const {
        return work_.filePath(relative);
    }

private slots:
    void initTestCase();
    void cleanupTestCase();
    void firstRunPageExplainsService();
    void importsTemplateTarball();
    void shellSeesHostDirectory();
    void singleFileMappedReadOnly();
    void dataVolumeContainerShared();
    void namedVolumeMapped();
    void filesCopiedInAndOut();
    void commitMakesImage();
    void linkReachesAlias();
    void publishedPortAnswers();
    void dockerfileBuildsImage();
    void enginePageShowsEngine();
};

void StudioGuideTest::shoot(QWidget* widget, const QString& name) {
    ++shotNumber_;
    if (shots_.isEmpty()) {
        return;
    }
    // Lets pending layouts, paints and the terminal's refresh timer run first.
    QTest::qWait(400);
    const QString file = QStringLiteral("%1/%2-%3.png")
                             .arg(shots_)
                             .arg(shotNumber_, 2, 10, QLatin1Char('0'))
                             .arg(name);
    QVERIFY2(widget->grab().save(file), qPrintable(QStringLiteral("cannot write ") + file));
}

QJsonObject StudioGuideTest::inspect(const QString& name) const {
    const HttpResult result = berthd_.request("GET", "/containers/" + name.toUtf8() + "/json");
    return result.status == 200 ? QJsonDocument::fromJson(result.body).object() : QJsonObject();
}

bool StudioGuideTest::isRunning(const QString& name) const {
    return inspect(name)["State"].toObject()["Running"].toBool();
}

RunDialog* StudioGuideTest::openRunDialog(const QString& line) {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    RunDialog* dialog = window_->containersPage()->showRunDialog();
    if (!dialog || !dialog->applyRunLine(line)) {
        return nullptr;
    }
    return dialog;
}

void StudioGuideTest::showRunTab(RunDialog* dialog, const QString& tabName) {
    auto* tabs = dialog->findChild<QTabWidget*>(QStringLiteral("tabs"));
    QVERIFY(tabs);
    auto* tab = dialog->findChild<QWidget*>(tabName);
    QVERIFY(tab);
    tabs->setCurrentWidget(tab);
}

void StudioGuideTest::runAndWait(RunDialog* dialog, const QString& name) {
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    QVERIFY2(dialog->pasteResult().isEmpty() ||
                 !dialog->pasteResult().contains(QStringLiteral("--")),
             qPrintable(dialog->pasteResult()));
    dialog->runButton()->click();
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(isRunning(name) || page->banner()->isVisible(), kStepMs);
    QVERIFY2(!page->banner()->isVisible(),
             qPrintable(page->banner()->text() + QStringLiteral("\nberthd log:\n") +
                        QString::fromUtf8(berthd_.logText().right(3000))));
    const QString id = inspect(name)["Id"].toString();
    QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->rowOfId(id) >= 0, kStepMs);
}

void StudioGuideTest::selectContainer(const QString& name) {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    const QString id = inspect(name)["Id"].toString();
    QVERIFY2(!id.isEmpty(), qPrintable(name));
    QTRY_VERIFY_WITH_TIMEOUT(window_->containersPage()->selectContainer(id), kStepMs);
}

TerminalView* StudioGuideTest::terminalView() const {
    return window_->containersPage()->terminal()->view();
}

void StudioGuideTest::typeLine(const QString& text) {
    QTest::keyClicks(terminalView(), text);
    QTest::keyClick(terminalView(), Qt::Key_Return);
}

void StudioGuideTest::initTestCase() {
    if (const QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
        QSKIP(qPrintable(missing));
    }
    if (!QFile::exists(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"))) {
        QSKIP("berthd is not built");
    }
    QVERIFY2(work_.isValid(), "cannot create /tmp/guide or a numbered variant of it");
    shots_ = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots_.isEmpty()) {
        QVERIFY2(QDir().mkpath(shots_), qPrintable(shots_));
    }
    QVERIFY2(::unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET) failed");
    QCOMPARE(runTool(QStringLiteral("ip"), {"link", "set", "lo", "up"}), 0);

    suffix_ = randomSuffix();
    bridgeName_ = QStringLiteral("bg") + suffix_;
    tableName_ = QStringLiteral("berth-guide-") + suffix_;
    berthd_.setNetworkArguments(
        {"--bridge", bridgeName_, "--bridge-subnet", "10.217.0.0/24", "--nat-table", tableName_});
    const QString error = berthd_.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-guide-") + suffix_);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       work_.filePath(QStringLiteral("settings")));
}

void StudioGuideTest::cleanupTestCase() {
    window_.reset();
    const QStringList leftovers = berthd_.stop();
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
    if (bridgeName_.isEmpty()) {
        return;
    }
    QCOMPARE(runTool(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"),
                     {"--data-root", berthd_.dataRoot(), "--bridge", bridgeName_, "--nat-table",
                      tableName_, "--cleanup-network"}),
             0);
}

// A user who may not use the system socket, started without root: the page shows how to
// enable the service. Then the studio is pointed at the test's engine, as Settings does.
void StudioGuideTest::firstRunPageExplainsService() {
    {
        MainWindow window;
        StartupOptions options;
        options.systemSocket = hostPath(QStringLiteral("run/berth/berth.sock"));
        options.mayStartBundled = false;
        window.setStartupOptions(options);
        window.resize(kWindowSize);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.connectToEngine();
        QVERIFY(window.isFirstRunPageShown());
        QVERIFY2(window.firstRunPage()->text().contains(
                     QStringLiteral("systemctl enable --now berth.socket")),
                 qPrintable(window.firstRunPage()->text()));
        shoot(&window, QStringLiteral("first-run"));
    }

    QSettings().setValue(QStringLiteral("engine/endpoint"),
                         QStringLiteral("unix://") + berthd_.socketPath());
    window_ = std::make_unique<MainWindow>();
    window_->resize(kWindowSize);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->connectToEngine();
    QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
    QTRY_VERIFY_WITH_TIMEOUT(window_->containersModel()->hasLoaded(), kStepMs);
}

// An image from an OS template tarball, which is also the base image of every later step:
// docker import busybox.tar -- busybox:latest.
void StudioGuideTest::importsTemplateTarball() {
    window_->setCurrentPage(MainWindow::ImagesIndex);
    ImagesPage* page = window_->imagesPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->importAction()->isEnabled(), kStepMs);
    page->importAction()->trigger();
    auto* dialog = page->findChild<ImportDialog*>();
    QVERIFY(dialog);
    // A copy next to the guide's other files, so that the dialog shows a plain path.
    const QString tarball = hostPath(QStringLiteral("busybox.tar"));
    QVERIFY(QFile::copy(berthd_.busyboxTar(), tarball));
    dialog->setFilePath(tarball);
    dialog->setReference(QStringLiteral("busybox:latest"));
    QVERIFY(dialog->canImport());
    shoot(dialog, QStringLiteral("import-dialog"));
    auto* importButton = dialog->findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(importButton);
    importButton->click();

    ImagesModel* images = window_->imagesModel();
    QTRY_VERIFY_WITH_TIMEOUT(images->rowOfReference(QStringLiteral("busybox:latest")) >= 0,
                             kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    selectSourceRow(page->view(), images->rowOfReference(QStringLiteral("busybox:latest")));
    // An imported layer has no command, so the history shows where it came from instead.
    QTreeWidget* history = page->historyView();
    QTRY_COMPARE_WITH_TIMEOUT(history->topLevelItemCount(), 1, kStepMs);
    QCOMPARE(history->topLevelItem(0)->text(0), QStringLiteral("Imported from -"));
    QVERIFY(history->topLevelItem(0)->font(0).italic());
    shoot(window_.get(), QStringLiteral("images"));
}

// A data volume: docker run -itd --name web_primary -v /srv/webapp:/app_data IMAGE sh. A
// shell writes into the mapped directory and then reads the line the host appended.
void StudioGuideTest::shellSeesHostDirectory() {
    const QString webapp = hostPath(QStringLiteral("srv/webapp"));
    RunDialog* dialog = openRunDialog(
        QStringLiteral("docker run -itd --name web_primary -v %1:/app_data busybox:latest sh")
            .arg(webapp));
    QVERIFY(dialog);
    QVERIFY(dialog->spec().interactive && dialog->spec().tty && dialog->spec().detach);
    shoot(dialog, QStringLiteral("run-dialog"));
    showRunTab(dialog, QStringLiteral("volumesTab"));
    shoot(dialog, QStringLiteral("run-volumes"));
    runAndWait(dialog, QStringLiteral("web_primary"));
    // The engine made the missing host directory.
    QVERIFY(QFileInfo(webapp).isDir());

    ContainersPage* page = window_->containersPage();
    ContainerTerminal* terminal = page->terminal();
    QTRY_VERIFY_WITH_TIMEOUT(page->details()->currentWidget() == terminal, kStepMs);
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isAttached(), kStepMs);
    QTRY_COMPARE_WITH_TIMEOUT(window_->focusWidget(), terminalView(), kStepMs);
    typeLine(QStringLiteral("echo 'initial data' > /app_data/startup.log"));
    QTRY_COMPARE_WITH_TIMEOUT(readFile(webapp + QStringLiteral("/startup.log")),
                              QByteArray("initial data\n"), kStepMs);

    QFile log(webapp + QStringLiteral("/startup.log"));
    QVERIFY(log.open(QIODevice::Append));
    QVERIFY(log.write("host update\n") > 0);
    log.close();
    typeLine(QStringLiteral("cat /app_data/startup.log"));
    QTRY_VERIFY_WITH_TIMEOUT(screenText(terminalView()).contains(QStringLiteral("host update")),
                             kStepMs);
    shoot(window_.get(), QStringLiteral("terminal"));
}

// docker run -itd --name read_only_container -v /srv/webapp/config.yaml:/app/config.yaml:ro
void StudioGuideTest::singleFileMappedReadOnly() {
    const QString config = hostPath(QStringLiteral("srv/webapp/config.yaml"));
    QVERIFY(writeTestFile(config, "listen: 80\n"));
    RunDialog* dialog = openRunDialog(QStringLiteral("docker run -itd --name read_only_container "
                                                     "-v %1:/app/config.yaml:ro busybox:latest sh")
                                          .arg(config));
    QVERIFY(dialog);
    QCOMPARE(dialog->spec().volumes.size(), size_t(1));
    QVERIFY(dialog->spec().volumes[0].readOnly);
    showRunTab(dialog, QStringLiteral("volumesTab"));
    shoot(dialog, QStringLiteral("run-file-read-only"));
    runAndWait(dialog, QStringLiteral("read_only_container"));

    const CommandResult read =
        berthd_.docker({"exec", "read_only_container", "cat", "/app/config.yaml"});
    QCOMPARE(read.out, QByteArray("listen: 80\n"));
    const CommandResult write = berthd_.docker(
        {"exec", "read_only_container", "sh", "-c", "echo changed > /app/config.yaml"});
    QVERIFY2(write.exitCode != 0, describe(write));
    QVERIFY2(write.err.contains("Read-only file system"), describe(write));
    QCOMPARE(readFile(config), QByteArray("listen: 80\n"));
}

// A data-volume container: data_hub has two anonymous volumes, and app_worker_1 repeats its
// mounts with --volumes-from and reads what data_hub wrote. The sharing map draws both.
void StudioGuideTest::dataVolumeContainerShared() {
    RunDialog* hub = openRunDialog(QStringLiteral(
        "docker run -itd --name data_hub -v /storage_one -v /storage_two busybox:latest sh"));
    QVERIFY(hub);
    runAndWait(hub, QStringLiteral("data_hub"));

    RunDialog* worker = openRunDialog(QStringLiteral(
        "docker run -itd --name app_worker_1 --volumes-from data_hub busybox:latest sh"));
    QVERIFY(worker);
    QCOMPARE(worker->spec().volumesFrom.size(), size_t(1));
    showRunTab(worker, QStringLiteral("volumesTab"));
    shoot(worker, QStringLiteral("run-volumes-from"));
    runAndWait(worker, QStringLiteral("app_worker_1"));

    const CommandResult wrote = berthd_.docker({"exec", "data_hub", "sh", "-c",
                                                "echo 'shared file 1' > /storage_one/doc.txt; echo "
                                                "'shared file 2' > /storage_two/note.txt"});
    QVERIFY2(wrote.exitCode == 0, describe(wrote));
    const CommandResult read =
        berthd_.docker({"exec", "app_worker_1", "cat", "/storage_one/doc.txt"});
    QCOMPARE(read.out, QByteArray("shared file 1\n"));

    window_->setCurrentPage(MainWindow::VolumesIndex);
    VolumesPage* page = window_->volumesPage();
    page->showMap(true);
    SharingView* view = page->sharingView();
    const std::string hubId = inspect(QStringLiteral("data_hub"))["Id"].toString().toStdString();
    const std::string workerId =
        inspect(QStringLiteral("app_worker_1"))["Id"].toString().toStdString();
    const auto hasVolumesFromEdge = [&] {
        const int from = view->graph().find(SharingNode::Kind::Container, hubId);
        const int to = view->graph().find(SharingNode::Kind::Container, workerId);
        return std::any_of(view->graph().edges.begin(), view->graph().edges.end(),
                           [&](const SharingEdge& edge) {
                               return int(edge.from) == from && int(edge.to) == to &&
                                      edge.kind == SharingEdge::Kind::VolumesFrom;
                           });
    };
    QTRY_VERIFY_WITH_TIMEOUT(hasVolumesFromEdge(), kStepMs);
    shoot(window_.get(), QStringLiteral("sharing-map"));
}

// A named volume made on the Volumes page and mapped by its name.
void StudioGuideTest::namedVolumeMapped() {
    window_->setCurrentPage(MainWindow::VolumesIndex);
    VolumesPage* page = window_->volumesPage();
    page->showMap(false);
    page->createVolume(QStringLiteral("webapp_logs"));
    VolumesModel* volumes = window_->volumesModel();
    QTRY_VERIFY_WITH_TIMEOUT(volumes->rowOfName(QStringLiteral("webapp_logs")) >= 0, kStepMs);

    RunDialog* dialog = openRunDialog(QStringLiteral(
        "docker run -itd --name log_writer -v webapp_logs:/var/log/app busybox:latest sh"));
    QVERIFY(dialog);
    runAndWait(dialog, QStringLiteral("log_writer"));
    const QJsonArray mounts = inspect(QStringLiteral("log_writer"))["Mounts"].toArray();
    QCOMPARE(mounts.size(), 1);
    QCOMPARE(mounts[0].toObject()["Name"].toString(), QStringLiteral("webapp_logs"));

    window_->setCurrentPage(MainWindow::VolumesIndex);
    QTRY_VERIFY_WITH_TIMEOUT(
        volumes->rowOfName(QStringLiteral("webapp_logs")) >= 0 &&
            volumes->volume(volumes->rowOfName(QStringLiteral("webapp_logs")))->usedBy ==
                std::vector<std::string>{"log_writer"},
        kStepMs);
    QVERIFY(page->selectVolume(QStringLiteral("webapp_logs")));
    shoot(window_.get(), QStringLiteral("volumes"));
}

// docker cp custom.repo base_node:/etc/ and a copy back, through the Files tab.
void StudioGuideTest::filesCopiedInAndOut() {
    RunDialog* dialog =
        openRunDialog(QStringLiteral("docker run -itd --name base_node busybox:latest sh"));
    QVERIFY(dialog);
    runAndWait(dialog, QStringLiteral("base_node"));

    const QString repo = hostPath(QStringLiteral("custom.repo"));
    QVERIFY(writeTestFile(repo, "[custom]\nbaseurl=http://mirror.example/\n"));
    selectContainer(QStringLiteral("base_node"));
    ContainersPage* page = window_->containersPage();
    ContainerFiles* files = page->files();
    page->details()->setCurrentWidget(files);

    QSignalSpy listed(files, &ContainerFiles::listed);
    files->openDirectory(QStringLiteral("/etc"));
    QVERIFY(listed.wait(kStepMs));
    QSignalSpy finished(files, &ContainerFiles::transferFinished);
    files->upload(repo);
    QVERIFY(finished.wait(kStepMs));
    QVERIFY2(finished.first().first().toBool(), qPrintable(files->status()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(files->model()->rowOfName(QStringLiteral("custom.repo")) >= 0,
                             kStepMs);
    const CommandResult read = berthd_.docker({"exec", "base_node", "cat", "/etc/custom.repo"});
    QCOMPARE(read.out, readFile(repo));

    const QString downloads = hostPath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(downloads));
    finished.clear();
    files->download(files->model()->rowOfName(QStringLiteral("passwd")), downloads);
    QVERIFY(finished.wait(kStepMs));
    QVERIFY2(finished.first().first().toBool(), qPrintable(files->status()->text()));
    QVERIFY(readFile(downloads + QStringLiteral("/passwd")).startsWith("root:x:0:0:"));
    const int row = files->model()->rowOfName(QStringLiteral("custom.repo"));
    files->view()->selectRow(row);
    shoot(window_.get(), QStringLiteral("files"));
}

// docker commit -m "Added httpd" -a "Admin" base_node custom_httpd:v1, from the Commit
// dialog. The image's history has the message, and the image has the copied file.
void StudioGuideTest::commitMakesImage() {
    selectContainer(QStringLiteral("base_node"));
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->commitAction()->isEnabled(), kStepMs);
    page->commitAction()->trigger();
    auto* dialog = page->findChild<CommitDialog*>();
    QVERIFY(dialog);
    dialog->setReference(QStringLiteral("custom_httpd:v1"));
    dialog->setMessage(QStringLiteral("Added httpd"));
    dialog->setAuthor(QStringLiteral("Admin"));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    QCOMPARE(dialog->commandLine(),
             QStringLiteral("docker commit -m 'Added httpd' -a Admin base_node custom_httpd:v1"));
    shoot(dialog, QStringLiteral("commit-dialog"));
    dialog->commitButton()->click();

    window_->setCurrentPage(MainWindow::ImagesIndex);
    ImagesModel* images = window_->imagesModel();
    QTRY_VERIFY_WITH_TIMEOUT(images->rowOfReference(QStringLiteral("custom_httpd:v1")) >= 0 ||
                                 page->banner()->isVisible(),
                             kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    const HttpResult history = berthd_.request("GET", "/images/custom_httpd:v1/history");
    QCOMPARE(history.status, 200);
    const QJsonObject top = QJsonDocument::fromJson(history.body).array()[0].toObject();
    QCOMPARE(top["Comment"].toString(), QStringLiteral("Added httpd"));
    // The copied file is part of the new image.
    QCOMPARE(berthd_.runOutput({"custom_httpd:v1", "cat", "/etc/custom.repo"}),
             QString::fromUtf8(readFile(hostPath(QStringLiteral("custom.repo")))).trimmed());
    selectSourceRow(window_->imagesPage()->view(),
                    images->rowOfReference(QStringLiteral("custom_httpd:v1")));
    shoot(window_.get(), QStringLiteral("committed-image"));
}

// A link: web_client links to db_service as database_alias on the Run dialog's Links tab
// and pings it by the alias.
void StudioGuideTest::linkReachesAlias() {
    RunDialog* dialog =
        openRunDialog(QStringLiteral("docker run -itd --name db_service busybox:latest sh"));
    QVERIFY(dialog);
    runAndWait(dialog, QStringLiteral("db_service"));
    RunDialog* client = openRunDialog(QStringLiteral(
        "docker run -itd --name web_client --link db_service:database_alias busybox:latest sh"));
    QVERIFY(client);
    QCOMPARE(client->spec().links, std::vector<std::string>{"db_service:database_alias"});
    showRunTab(client, QStringLiteral("linksTab"));
    shoot(client, QStringLiteral("run-links"));
    runAndWait(client, QStringLiteral("web_client"));

    selectContainer(QStringLiteral("web_client"));
    ContainersPage* page = window_->containersPage();
    ContainerTerminal* terminal = page->terminal();
    page->details()->setCurrentWidget(terminal);
    QTRY_VERIFY_WITH_TIMEOUT(terminal->containerId() == inspect("web_client")["Id"].toString() &&
                                 terminal->shellButton()->isEnabled(),
                             kStepMs);
    terminal->shellButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isExec() &&
                                 terminal->session()->isAttached(),
                             kStepMs);
    terminalView()->setFocus();
    typeLine(QStringLiteral("ping -c 2 database_alias"));
    QTRY_VERIFY_WITH_TIMEOUT(
        screenText(terminalView()).contains(QStringLiteral("2 packets received")), kStepMs);
    shoot(window_.get(), QStringLiteral("link-ping"));
}

// docker run -itd --name running_httpd -p 8080:80 custom_httpd:v1 httpd -f -p 80 -h /var/www
void StudioGuideTest::publishedPortAnswers() {
    RunDialog* dialog = openRunDialog(
        QStringLiteral("docker run -itd --name running_httpd -p 8080:80 custom_httpd:v1 "
                       "httpd -f -p 80 -h /var/www"));
    QVERIFY(dialog);
    QCOMPARE(dialog->spec().ports.size(), size_t(1));
    showRunTab(dialog, QStringLiteral("portsTab"));
    shoot(dialog, QStringLiteral("run-ports"));
    runAndWait(dialog, QStringLiteral("running_httpd"));

    const QJsonObject bindings = inspect(QStringLiteral("running_httpd"))["HostConfig"]
                                     .toObject()["PortBindings"]
                                     .toObject();
    QCOMPARE(bindings["80/tcp"].toArray()[0].toObject()["HostPort"].toString(),
             QStringLiteral("8080"));
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response = httpGet("127.0.0.1", 8080)).contains("busybox test image"),
                             kStepMs);

    window_->setCurrentPage(MainWindow::NetworksIndex);
    LinkView* view = window_->networksPage()->linkView();
    const auto hasEdge = [view](LinkEdge::Kind kind, const std::string& label) {
        return std::any_of(
            view->graph().edges.begin(), view->graph().edges.end(),
            [&](const LinkEdge& edge) { return edge.kind == kind && edge.label == label; });
    };
    window_->networksPage()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(hasEdge(LinkEdge::Kind::PublishedPort, "8080→80/tcp"), kStepMs);
    QVERIFY(hasEdge(LinkEdge::Kind::Link, "database_alias"));
    shoot(window_.get(), QStringLiteral("links-diagram"));
}

// An image from a Dockerfile, with busybox's httpd in place of apache2: the editor, its
// layer preview, a build from the panel, the built image in the list, and its web page on
// the published port.
void StudioGuideTest::dockerfileBuildsImage() {
    const QString context = hostPath(QStringLiteral("build/apache"));
    QVERIFY(writeTestFile(context + QStringLiteral("/index.html"), "Custom Apache Page\n"));
    QVERIFY(writeTestFile(context + QStringLiteral("/Dockerfile"),
                          "FROM busybox:latest\n"
                          "LABEL maintainer=\"devops\"\n"
                          "COPY index.html /var/www/html/index.html\n"
                          "RUN mkdir -p /var/log/httpd && echo built > /var/www/html/build.txt\n"
                          "EXPOSE 80\n"
                          "CMD [\"httpd\", \"-f\", \"-p\", \"80\", \"-h\", \"/var/www/html\"]\n"));

    window_->setCurrentPage(MainWindow::DockerfileIndex);
    DockerfilePage* page = window_->dockerfilePage();
    page->setUnsavedChangesPrompt([](const QString&) { return QMessageBox::Discard; });
    QVERIFY(page->openFolder(context));
    PreviewPlanner* planner = window_->dockerfileStudio()->preview()->planner();
    QTRY_COMPARE_WITH_TIMEOUT(planner->model()->rowCount(), 6, kStepMs);
    QTRY_VERIFY_WITH_TIMEOUT(planner->cacheStatusAvailable() &&
                                 planner->model()->step(3)->cache == CacheState::Rebuild,
                             kStepMs);
    window_->dockerfileStudio()->preview()->selectLine(3);
    shoot(window_.get(), QStringLiteral("dockerfile"));

    BuildPanel* panel = window_->dockerfileStudio()->buildPanel();
    panel->tagsEdit()->setText(QStringLiteral("apache_server:v1"));
    QSignalSpy built(panel, &BuildPanel::buildFinished);
    panel->buildButton()->click();
    QVERIFY(built.wait(kStepMs * 2));
    QVERIFY2(built.first().first().toBool(), qPrintable(panel->log()->toPlainText()));
    // The panel switched to its output when the build started.
    QCOMPARE(panel->tabs()->tabText(panel->tabs()->currentIndex()), QStringLiteral("Output"));
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->imagesModel()->rowOfReference(QStringLiteral("apache_server:v1")) >= 0, kStepMs);
    // The preview plans again after the build, and every step is now a cache hit.
    QTRY_VERIFY_WITH_TIMEOUT(planner->model()->step(3)->cache == CacheState::Hit, kStepMs);
    shoot(window_.get(), QStringLiteral("build"));

    const CommandResult ran = berthd_.docker(
        {"run", "-d", "--name", "apache_check", "-p", "9090:80", "apache_server:v1"});
    QVERIFY2(ran.exitCode == 0, describe(ran));
    QByteArray response;
    QTRY_VERIFY_WITH_TIMEOUT((response = httpGet("127.0.0.1", 9090)).contains("Custom Apache Page"),
                             kStepMs);
}

void StudioGuideTest::enginePageShowsEngine() {
    window_->setCurrentPage(MainWindow::EngineIndex);
    EnginePage* page = window_->enginePage();
    page->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(
        page->identity()->text().contains(window_->connection()->engineVersion()) &&
            page->diskUse()->rowCount() > 0,
        kStepMs);
    QVERIFY2(page->identity()->text().contains(berthd_.dataRoot()),
             qPrintable(page->identity()->text()));
    shoot(window_.get(), QStringLiteral("engine"));
}

QTEST_MAIN(StudioGuideTest)
#include "tst_studio_guide.moc"

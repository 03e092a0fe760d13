#include "mainwindow.h"

#include "backgroundtasks.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/dockerfilestudio.h"
#include "embeddedengine.h"
#include "engineconnection.h"
#include "enginepage.h"
#include "errorbanner.h"
#include "firstrunpage.h"
#include "formatting.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "language.h"
#include "networkspage.h"
#include "settingsdialog.h"
#include "taskstrip.h"
#include "volumesmodel.h"
#include "volumespage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

constexpr int kReloadDebounceMs = 150;
constexpr int kStartupDeadlineMs = 20000;
const QString kEndpointKey = QStringLiteral("engine/endpoint");

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , tasks_(new BackgroundTasks(this))
    , containers_(new ContainersModel(this))
    , images_(new ImagesModel(this))
    , volumes_(new VolumesModel(this))
    , reloadContainers_(new QTimer(this))
    , reloadImages_(new QTimer(this))
    , reloadVolumes_(new QTimer(this))
    , startupDeadline_(new QTimer(this)) {
    setWindowTitle(tr("Berth Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/berth.svg")));

    for (QTimer* timer : {reloadContainers_, reloadImages_, reloadVolumes_}) {
        timer->setSingleShot(true);
        timer->setInterval(kReloadDebounceMs);
    }
    connect(reloadContainers_, &QTimer::timeout, containers_, &ContainersModel::reload);
    connect(reloadImages_, &QTimer::timeout, images_, &ImagesModel::reload);
    connect(reloadVolumes_, &QTimer::timeout, volumes_, &VolumesModel::reload);
    startupDeadline_->setSingleShot(true);
    startupDeadline_->setInterval(kStartupDeadlineMs);
    connect(startupDeadline_, &QTimer::timeout, this, [this] {
        if (connection_ && !connection_->isConnected()) {
            containersPage_->banner()->showError(
                tr("The engine did not answer within %1 seconds").arg(kStartupDeadlineMs / 1000),
                embedded_ ? tr("Its log is %1.").arg(embedded_->logPath())
                          : tr("Check that %1 is running, or choose another engine in the "
                               "settings.")
                                .arg(connection_->endpointText()));
        }
    });

    containersPage_ = new ContainersPage(containers_, images_, this);
    imagesPage_ = new ImagesPage(images_, tasks_, this);
    containersPage_->setBackgroundTasks(tasks_);
    connect(imagesPage_, &ImagesPage::runRequested, this, [this](const QString& image) {
        setCurrentPage(ContainersIndex);
        containersPage_->showRunDialog(image);
    });
    connect(imagesPage_, &ImagesPage::buildRequested, this,
            [this] { setCurrentPage(DockerfileIndex); });
    volumesPage_ = new VolumesPage(volumes_, this);
    connect(volumesPage_, &VolumesPage::containerActivated, this, [this](const QString& id) {
        setCurrentPage(ContainersIndex);
        containersPage_->selectContainer(id);
    });
    networksPage_ = new NetworksPage(this);
    dockerfilePage_ = new DockerfilePage(this);
    dockerfilePage_->setImagesModel(images_);
    dockerfileStudio_ = new DockerfileStudio(dockerfilePage_, tasks_, this);
    connect(networksPage_, &NetworksPage::containerActivated, this, [this](const QString& id) {
        setCurrentPage(ContainersIndex);
        containersPage_->selectContainer(id);
    });
    // The diagram follows the same container events as the sharing map.
    connect(reloadVolumes_, &QTimer::timeout, networksPage_, &NetworksPage::reload);
    connect(containers_, &ContainersModel::loaded, this, &MainWindow::updateRunningCount);
    // An image's "used by" count follows the containers.
    connect(containers_, &ContainersModel::loaded, images_, [this] { reloadImages_->start(); });

    buildRail();
    buildMenus();
    buildStatusBar();
    restoreSettings();
}

MainWindow::~MainWindow() {
    // Saved here rather than in closeEvent, so that quitting on a signal saves them too.
    saveSettings();
    // The connection's threads deliver into the models; stop them before the models go. An
    // import in flight would keep its pool thread busy until it ends, so it is cancelled.
    tasks_->cancelAll();
    connection_.reset();
    embedded_.reset();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!dockerfilePage_->maybeSaveChanges()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::buildRail() {
    rail_ = new QListWidget(this);
    rail_->setObjectName(QStringLiteral("navigationRail"));
    rail_->setAccessibleName(tr("Pages"));
    rail_->setIconSize(QSize(22, 22));
    rail_->setFixedWidth(190);
    rail_->setFrameShape(QFrame::NoFrame);
    rail_->setSpacing(2);
    const struct {
        const char* icon;
        QString label;
    } entries[] = {
        {"containers", tr("Containers")},
        {"images", tr("Images")},
        {"volumes", tr("Volumes")},
        {"networks", tr("Networks & links")},
        {"dockerfile", tr("Dockerfile studio")},
        {"engine", tr("Engine")},
    };
    for (const auto& entry : entries) {
        new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(entry.icon)), entry.label,
                            rail_);
    }

    pages_ = new QStackedWidget(this);
    pages_->addWidget(containersPage_);
    pages_->addWidget(imagesPage_);
    pages_->addWidget(volumesPage_);
    pages_->addWidget(networksPage_);
    pages_->addWidget(dockerfilePage_);
    enginePage_ = new EnginePage(this);
    connect(enginePage_, &EnginePage::chooseEngineRequested, this, &MainWindow::showSettings);
    // Disk use follows the containers, images and volumes while the page is shown.
    for (QTimer* timer : {reloadContainers_, reloadImages_, reloadVolumes_}) {
        connect(timer, &QTimer::timeout, enginePage_, &EnginePage::refreshIfVisible);
    }
    pages_->addWidget(enginePage_);
    // Not in the rail: connectToEngine shows it when there is no engine to use.
    firstRunPage_ = new FirstRunPage(this);
    connect(firstRunPage_, &FirstRunPage::retryRequested, this, &MainWindow::connectToEngine);
    connect(firstRunPage_, &FirstRunPage::settingsRequested, this, &MainWindow::showSettings);
    pages_->addWidget(firstRunPage_);

    connect(rail_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
    rail_->setCurrentRow(0);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(rail_);
    layout->addWidget(pages_, 1);
    setCentralWidget(central);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(containersPage_->runAction());
    file->addAction(imagesPage_->pullAction());
    file->addAction(imagesPage_->importAction());
    file->addAction(imagesPage_->loadAction());
    file->addSeparator();
    file->addAction(imagesPage_->loginAction());
    file->addAction(imagesPage_->logoutAction());
    file->addSeparator();
    QAction* settings = file->addAction(tr("&Settings…"), this, &MainWindow::showSettings);
    settings->setShortcut(QKeySequence::Preferences);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int page = 0; page < PageCount; ++page) {
        QAction* action = view->addAction(rail_->item(page)->text(), this,
                                          [this, page] { setCurrentPage(page); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + page)));
    }
    view->addSeparator();
    QAction* refresh = view->addAction(tr("&Refresh"), this, [this] {
        containers_->reload();
        images_->reload();
        volumes_->reload();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction* find = view->addAction(tr("&Filter"), this, [this] {
        QLineEdit* filter = currentPage() == ImagesIndex    ? imagesPage_->filter()
                            : currentPage() == VolumesIndex ? volumesPage_->filter()
                                                            : containersPage_->filter();
        filter->setFocus(Qt::ShortcutFocusReason);
        filter->selectAll();
    });
    find->setShortcut(QKeySequence::Find);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Berth Studio"), this, [this] {
        QMessageBox::about(this, tr("About Berth Studio"),
                           tr("<b>Berth Studio %1</b><p>A desktop container studio for Linux.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::buildStatusBar() {
    engineStatus_ = new QLabel(this);
    engineStatus_->setObjectName(QStringLiteral("engineStatus"));
    runningStatus_ = new QLabel(this);
    runningStatus_->setObjectName(QStringLiteral("runningStatus"));
    statusBar()->addPermanentWidget(new TaskStrip(tasks_, this));
    statusBar()->addPermanentWidget(runningStatus_);
    statusBar()->addPermanentWidget(engineStatus_);
    updateEngineStatus();
    updateRunningCount();
}

int MainWindow::currentPage() const {
    return pages_->currentIndex();
}

void MainWindow::setCurrentPage(int page) {
    rail_->setCurrentRow(page);
}

void MainWindow::connectToEngine() {
    containers_->setConnection(nullptr);
    images_->setConnection(nullptr);
    volumes_->setConnection(nullptr);
    containersPage_->setConnection(nullptr);
    imagesPage_->setConnection(nullptr);
    volumesPage_->setConnection(nullptr);
    networksPage_->setConnection(nullptr);
    enginePage_->setConnection(nullptr, false);
    connection_.reset();
    embedded_.reset();

    const QString configured = QSettings().value(kEndpointKey).toString();
    const StartupEngine choice = chooseStartupEngine(configured, startup_);
    if (choice == StartupEngine::FirstRun) {
        firstRunPage_->showFor(startup_.systemSocket);
        // The rail keeps its current row: without one, focusing it would pick a row and so
        // replace this page.
        rail_->clearSelection();
        pages_->setCurrentWidget(firstRunPage_);
        updateEngineStatus();
        return;
    }
    if (isFirstRunPageShown()) {
        setCurrentPage(ContainersIndex);
        pages_->setCurrentIndex(ContainersIndex);
    }
    const QString endpointText = choice == StartupEngine::System
                                     ? QStringLiteral("unix://") + startup_.systemSocket
                                     : configured;
    Result<client::Endpoint> endpoint = client::parseEndpoint(endpointText.toStdString());
    if (choice == StartupEngine::Bundled) {
        embedded_ = std::make_unique<EmbeddedEngine>();
        connect(embedded_.get(), &EmbeddedEngine::crashed, this, [this](const QString& message) {
            containersPage_->banner()->showError(tr("The bundled engine stopped"), message);
        });
        endpoint = embedded_->start();
    }
    if (!endpoint) {
        containersPage_->banner()->showError(tr("Could not reach an engine"),
                                             QString::fromStdString(endpoint.error().message));
        updateEngineStatus();
        return;
    }

    connection_ = std::make_unique<EngineConnection>(*endpoint);
    connect(connection_.get(), &EngineConnection::connectedChanged, this, [this](bool connected) {
        updateEngineStatus();
        containersPage_->updateActions();
        imagesPage_->updateActions();
        volumesPage_->updateActions();
        if (connected) {
            containers_->reload();
            images_->reload();
            volumes_->reload();
            networksPage_->reload();
            enginePage_->refreshIfVisible();
        }
    });
    connect(connection_.get(), &EngineConnection::engineIdentified, this,
            &MainWindow::updateEngineStatus);
    connect(connection_.get(), &EngineConnection::engineEvent, this,
            [this](const QString& type) { scheduleReload(type); });
    containers_->setConnection(connection_.get());
    images_->setConnection(connection_.get());
    volumes_->setConnection(connection_.get());
    containersPage_->setConnection(connection_.get());
    imagesPage_->setConnection(connection_.get());
    volumesPage_->setConnection(connection_.get());
    networksPage_->setConnection(connection_.get());
    dockerfileStudio_->setConnection(connection_.get());
    enginePage_->setConnection(connection_.get(), embedded_ != nullptr);
    connection_->start();
    startupDeadline_->start();
    updateEngineStatus();
}

bool MainWindow::isFirstRunPageShown() const {
    return pages_->currentWidget() == firstRunPage_;
}

void MainWindow::scheduleReload(const QString& type) {
    if (type == QLatin1String("container")) {
        reloadContainers_->start();
        // A container's mounts decide the volumes' "used by" and the sharing map.
        reloadVolumes_->start();
    } else if (type == QLatin1String("image")) {
        reloadImages_->start();
    } else if (type == QLatin1String("volume")) {
        reloadVolumes_->start();
    }
}

void MainWindow::updateEngineStatus() {
    const bool connected = connection_ && connection_->isConnected();
    const QString endpoint = connection_ ? connection_->endpointText() : tr("no engine");
    QString text;
    if (!connection_) {
        text = tr("No engine");
    } else if (!connected) {
        text = tr("Connecting to %1…").arg(endpoint);
    } else {
        text = tr("%1 %2").arg(connection_->engineName(), connection_->engineVersion()).trimmed();
    }
    const QColor dot = connected ? QColor(0x2e, 0xa0, 0x43) : QColor(0xcf, 0x22, 0x2e);
    const int size = fontMetrics().height() * 2 / 3;
    engineStatus_->setText(QStringLiteral("<span style=\"color:%1; font-size:%2px\">●</span> %3")
                               .arg(dot.name())
                               .arg(size + 4)
                               .arg(text.toHtmlEscaped()));
    engineStatus_->setToolTip(
        connected ? tr("Connected to %1, API %2").arg(endpoint, connection_->apiVersion())
                  : tr("Not connected; retrying"));
    engineStatus_->setAccessibleName(engineStatus_->toolTip());
}

void MainWindow::updateRunningCount() {
    runningStatus_->setText(tr("%n running", nullptr, containers_->runningCount()));
}

void MainWindow::showSettings() {
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEndpoint(QSettings().value(kEndpointKey).toString());
    dialog->setFoundEndpoints(presentEndpoints(wellKnownEndpoints()));
    dialog->setLanguage(languageSetting());
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setLanguageSetting(dialog->language());
        QSettings settings;
        if (dialog->endpoint() == settings.value(kEndpointKey).toString()) {
            return;
        }
        settings.setValue(kEndpointKey, dialog->endpoint());
        connectToEngine();
    });
    dialog->open();
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), currentPage());
    containersPage_->saveState(settings);
    imagesPage_->saveState(settings);
    volumesPage_->saveState(settings);
}

void MainWindow::restoreSettings() {
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        resize(1100, 700);
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    setCurrentPage(
        std::clamp(settings.value(QStringLiteral("window/page"), 0).toInt(), 0, PageCount - 1));
    containersPage_->restoreState(settings);
    imagesPage_->restoreState(settings);
    volumesPage_->restoreState(settings);
}

} // namespace berth::studio

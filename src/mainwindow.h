#pragma once

// The main window: the navigation rail, the pages, and the status bar with the engine, its
// connection state, running containers and background tasks. It owns the connection to
// the engine and, when no endpoint is configured, the bundled engine.

#include "enginediscovery.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTimer;

namespace berth::studio {

class BackgroundTasks;
class ContainersModel;
class ContainersPage;
class DockerfilePage;
class DockerfileStudio;
class EmbeddedEngine;
class EngineConnection;
class FirstRunPage;
class EnginePage;
class ImagesModel;
class ImagesPage;
class VolumesModel;
class VolumesPage;
class NetworksPage;

class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    enum Page {
        ContainersIndex,
        ImagesIndex,
        VolumesIndex,
        NetworksIndex,
        DockerfileIndex,
        EngineIndex,
        PageCount
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] ContainersPage* containersPage() const { return containersPage_; }
    [[nodiscard]] ImagesPage* imagesPage() const { return imagesPage_; }
    [[nodiscard]] VolumesPage* volumesPage() const { return volumesPage_; }
    [[nodiscard]] NetworksPage* networksPage() const { return networksPage_; }
    [[nodiscard]] DockerfilePage* dockerfilePage() const { return dockerfilePage_; }
    [[nodiscard]] DockerfileStudio* dockerfileStudio() const { return dockerfileStudio_; }
    [[nodiscard]] EnginePage* enginePage() const { return enginePage_; }
    [[nodiscard]] VolumesModel* volumesModel() const { return volumes_; }
    [[nodiscard]] ContainersModel* containersModel() const { return containers_; }
    [[nodiscard]] ImagesModel* imagesModel() const { return images_; }
    [[nodiscard]] EngineConnection* connection() const { return connection_.get(); }
    [[nodiscard]] BackgroundTasks* tasks() const { return tasks_; }
    [[nodiscard]] int currentPage() const;
    void setCurrentPage(int page);

    // Connects to the endpoint in the settings. Without one it connects to the system engine
    // when this account may use it, or starts the bundled engine as root, or else shows the
    // first-run page.
    void connectToEngine();

    // Where connectToEngine looks for the system engine and whether it may start the
    // bundled one; tests point it at paths of their own.
    void setStartupOptions(const StartupOptions& options) { startup_ = options; }
    [[nodiscard]] FirstRunPage* firstRunPage() const { return firstRunPage_; }
    [[nodiscard]] bool isFirstRunPageShown() const;

    // Opens the Settings dialog; accepting a new engine reconnects.
    void showSettings();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildRail();
    void buildMenus();
    void buildStatusBar();
    void updateEngineStatus();
    void updateRunningCount();
    void scheduleReload(const QString& type);
    void saveSettings() const;
    void restoreSettings();

    BackgroundTasks* tasks_;
    ContainersModel* containers_;
    ImagesModel* images_;
    VolumesModel* volumes_;
    std::unique_ptr<EngineConnection> connection_;
    std::unique_ptr<EmbeddedEngine> embedded_;
    StartupOptions startup_ = defaultStartupOptions();
    QListWidget* rail_;
    QStackedWidget* pages_;
    ContainersPage* containersPage_;
    ImagesPage* imagesPage_;
    VolumesPage* volumesPage_;
    NetworksPage* networksPage_;
    DockerfilePage* dockerfilePage_;
    DockerfileStudio* dockerfileStudio_;
    FirstRunPage* firstRunPage_;
    EnginePage* enginePage_;
    QLabel* engineStatus_;
    QLabel* runningStatus_;
    QTimer* reloadContainers_;
    QTimer* reloadImages_;
    QTimer* reloadVolumes_;
    QTimer* startupDeadline_;
};

} // namespace berth::studio

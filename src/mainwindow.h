#pragma once

// The main window: the navigation rail, the pages, and the status bar with the engine, its
// connection state, running containers and background tasks. It owns the connection to
// the engine and, when no endpoint is configured, the bundled engine.

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
class EmbeddedEngine;
class EngineConnection;
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
    [[nodiscard]] EnginePage* enginePage() const { return enginePage_; }
    [[nodiscard]] VolumesModel* volumesModel() const { return volumes_; }
    [[nodiscard]] ContainersModel* containersModel() const { return containers_; }
    [[nodiscard]] ImagesModel* imagesModel() const { return images_; }
    [[nodiscard]] EngineConnection* connection() const { return connection_.get(); }
    [[nodiscard]] BackgroundTasks* tasks() const { return tasks_; }
    [[nodiscard]] int currentPage() const;
    void setCurrentPage(int page);

    // Connects to the endpoint in the settings, or starts the bundled engine.
    void connectToEngine();

private:
    void buildRail();
    void buildMenus();
    void buildStatusBar();
    void showSettings();
    void updateEngineStatus();
    void updateRunningCount();
    void scheduleReload(const QString& type);
    void saveSettings() const;
    void restoreSettings();
    [[nodiscard]] QWidget* makePlaceholder(const QString& title, const QString& text);

    BackgroundTasks* tasks_;
    ContainersModel* containers_;
    ImagesModel* images_;
    VolumesModel* volumes_;
    std::unique_ptr<EngineConnection> connection_;
    std::unique_ptr<EmbeddedEngine> embedded_;
    QListWidget* rail_;
    QStackedWidget* pages_;
    ContainersPage* containersPage_;
    ImagesPage* imagesPage_;
    VolumesPage* volumesPage_;
    NetworksPage* networksPage_;
    EnginePage* enginePage_;
    QLabel* engineStatus_;
    QLabel* runningStatus_;
    QTimer* reloadContainers_;
    QTimer* reloadImages_;
    QTimer* reloadVolumes_;
    QTimer* startupDeadline_;
    QTimer* ageRefresh_;
};

} // namespace berth::studio

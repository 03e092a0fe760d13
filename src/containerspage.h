#pragma once

// The Containers page: toolbar, filter, the table over ContainersModel, and the details
// (overview, logs, terminal, files, stats, top and inspect) below it. Actions run on the
// engine connection's pool; failures show in the page's error banner.

#include "client/client.h"
#include "recreate.h"
#include "runline.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QAction;
class QFileDialog;
class QLineEdit;
class QPlainTextEdit;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolBar;

namespace berth::studio {

class CommitDialog;
class ContainerFiles;
class ContainerInspectView;
class ContainerOverview;
class ContainerStatsView;
class ContainerTopView;
class ContainerTerminal;
class ContainersModel;
class EngineConnection;
class ErrorBanner;
class ArchiveTransfers;
class BackgroundTasks;
class ImagesModel;
class ContainerLogsView;
class RenameDialog;
class RunDialog;
class UpdateDialog;

class ContainersPage final : public QWidget {
    Q_OBJECT

public:
    ContainersPage(ContainersModel* model, ImagesModel* images, QWidget* parent = nullptr);
    ~ContainersPage() override;

    void setConnection(EngineConnection* connection);
    // Where exports run as background tasks; makes the Export action, which does not exist
    // before (containerspage_export.cpp).
    void setBackgroundTasks(BackgroundTasks* tasks);
    void saveState(QSettings& settings) const;
    void restoreState(const QSettings& settings);

    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }
    [[nodiscard]] QAction* runAction() const { return runAction_; }
    [[nodiscard]] QAction* stopAction() const { return stopAction_; }
    [[nodiscard]] QAction* removeAction() const { return removeAction_; }
    // Null until setBackgroundTasks().
    [[nodiscard]] QAction* exportAction() const { return exportAction_; }
    [[nodiscard]] ArchiveTransfers* archives() const { return archives_; }
    // Opens a file picker and exports the selected container's file system to the chosen
    // .tar. Null without a single selection.
    QFileDialog* showExportDialog();
    [[nodiscard]] QLineEdit* filter() const { return filter_; }
    [[nodiscard]] QPlainTextEdit* logView() const;
    [[nodiscard]] ContainerLogsView* logs() const { return logs_; }
    [[nodiscard]] QAction* terminalAction() const { return terminalAction_; }
    [[nodiscard]] QTabWidget* details() const { return details_; }
    [[nodiscard]] ContainerTerminal* terminal() const { return terminal_; }
    [[nodiscard]] ContainerFiles* files() const { return files_; }
    [[nodiscard]] ContainerStatsView* stats() const { return stats_; }
    [[nodiscard]] ContainerTopView* top() const { return top_; }
    [[nodiscard]] ContainerInspectView* inspectView() const { return inspect_; }
    [[nodiscard]] ContainerOverview* overview() const { return overview_; }
    [[nodiscard]] QAction* pauseAction() const { return pauseAction_; }
    [[nodiscard]] QAction* unpauseAction() const { return unpauseAction_; }
    [[nodiscard]] QAction* renameAction() const { return renameAction_; }
    [[nodiscard]] QAction* updateAction() const { return updateAction_; }
    [[nodiscard]] QAction* commitAction() const { return commitAction_; }
    [[nodiscard]] QAction* editNetworkingAction() const { return editNetworkingAction_; }
    [[nodiscard]] QAction* duplicateAction() const { return duplicateAction_; }

    // Opens the Rename dialog for the selected container (window-modal, not blocking); the
    // container is renamed when it is accepted. Null without a single selection.
    RenameDialog* showRenameDialog();
    // Opens the Commit dialog for the selected container (window-modal, not blocking); the
    // image is made when it is accepted. Null without a single selection.
    CommitDialog* showCommitDialog();
    // Reads the selected container's limits and then opens the Update dialog; updateDialog()
    // returns it once open.
    void showUpdateDialog();
    // Opens the ports and links editor of the selected container; after a confirmation
    // that lists the changes, the container is recreated with them (recreate.h).
    void showEditNetworkingDialog();
    // Opens the Run dialog filled in with the selected container's settings.
    void showDuplicateDialog();
    void confirmRecreate(const QString& id, const QString& name, const NetworkingEdit& current,
                         const NetworkingEdit& edited);
    [[nodiscard]] UpdateDialog* updateDialog() const;

    // Opens the Run dialog (window-modal, not blocking), with `image` chosen when it is not
    // empty, and runs what it describes.
    RunDialog* showRunDialog(const QString& image = {});
    // Creates and starts a container; errors go to the banner.
    void runContainer(const RunSpec& spec);

    // Selects the container (once the list has it), shows its Terminal tab and focuses it.
    void openTerminal(const QString& id);

    // Enables the actions that fit the selection and the connection state.
    void updateActions();

    // Selects the container's row; false if the list does not have it (yet).
    bool selectContainer(const QString& id);

private:
    void buildActions();
    void buildLayout();
    void updateEmptyState();
    void showContextMenu(const QPoint& position);
    [[nodiscard]] QStringList selectedIds() const;
    [[nodiscard]] QString describe(const QStringList& ids) const;
    void runOnSelection(const QString& failureText,
                        std::function<Result<void>(client::Client&, const std::string&)> action);
    void confirmRemove();
    void showDetails();
    // Writes the selected container's Overview tab; false when no single container is selected.
    bool updateOverview();
    void updateTerminal();
    void updateLiveTabs();

    ContainersModel* model_;
    ImagesModel* images_;
    EngineConnection* connection_ = nullptr;
    QSortFilterProxyModel* proxy_;
    QToolBar* toolbar_;
    QLineEdit* filter_;
    ErrorBanner* banner_;
    QStackedWidget* stack_;
    QTableView* view_;
    QSplitter* splitter_;
    ContainerOverview* overview_;
    ContainerLogsView* logs_;
    QTabWidget* details_;
    ContainerTerminal* terminal_;
    ContainerFiles* files_;
    ContainerStatsView* stats_;
    ContainerTopView* top_;
    ContainerInspectView* inspect_;
    QAction* runAction_;
    QAction* startAction_;
    QAction* stopAction_;
    QAction* restartAction_;
    QAction* removeAction_;
    QAction* terminalAction_;
    QAction* exportAction_ = nullptr;
    ArchiveTransfers* archives_ = nullptr;
    QAction* pauseAction_;
    QAction* unpauseAction_;
    QAction* renameAction_;
    QAction* updateAction_;
    QAction* commitAction_;
    QAction* editNetworkingAction_;
    QAction* duplicateAction_;
    QPointer<UpdateDialog> updateDialog_;
};

} // namespace berth::studio

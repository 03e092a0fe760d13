#pragma once

// The Images page: toolbar (Run…, Build…, Pull…, Push…, Tag…, Import…, Save…, Load…,
// Remove), filter, the table over ImagesModel and the selected image's history. Imports, pulls,
// pushes, saves and loads run as background tasks with progress and Cancel.

#include <QWidget>

class QAction;
class QFileDialog;
class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTreeWidget;

namespace berth::studio {

class BackgroundTasks;
class EngineConnection;
class ErrorBanner;
class ArchiveTransfers;
class CredentialStore;
class ImagesModel;
class ImportDialog;
class LoadDialog;
class LoginDialog;
class PullDialog;
class PushDialog;
class TagDialog;

class ImagesPage final : public QWidget {
    Q_OBJECT

public:
    ImagesPage(ImagesModel* model, BackgroundTasks* tasks, QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    void saveState(QSettings& settings) const;
    void restoreState(const QSettings& settings);
    void updateActions();

    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }
    // The selected image's history, newest layer first.
    [[nodiscard]] QTreeWidget* historyView() const { return history_; }
    [[nodiscard]] QAction* runAction() const { return runAction_; }
    [[nodiscard]] QAction* buildAction() const { return buildAction_; }
    [[nodiscard]] QAction* tagAction() const { return tagAction_; }
    [[nodiscard]] QAction* importAction() const { return importAction_; }
    [[nodiscard]] QAction* removeAction() const { return removeAction_; }
    [[nodiscard]] QAction* pullAction() const { return pullAction_; }
    [[nodiscard]] QAction* pushAction() const { return pushAction_; }
    [[nodiscard]] QAction* saveAction() const { return saveAction_; }
    [[nodiscard]] QAction* loadAction() const { return loadAction_; }
    [[nodiscard]] QAction* loginAction() const { return loginAction_; }
    [[nodiscard]] QAction* logoutAction() const { return logoutAction_; }
    [[nodiscard]] CredentialStore* credentials() const { return credentials_; }
    [[nodiscard]] ArchiveTransfers* archives() const { return archives_; }
    [[nodiscard]] QLineEdit* filter() const { return filter_; }

    ImportDialog* showImportDialog();
    // Imports a tarball as a background task; `reference` may be empty.
    void startImport(const QString& path, const QString& reference);

    // The pull dialog, one per page so that a pull goes on while it is hidden.
    PullDialog* showPullDialog();
    // Pushes the selected image (its first reference) with a push dialog.
    PushDialog* showPushDialog();
    PushDialog* showPushDialog(const QString& reference);
    LoginDialog* showLoginDialog(const QString& server = {});
    // Prompts for the registry to log out of and removes its stored credentials.
    void showLogoutDialog();
    // Opens a file picker and saves the selected images to the chosen .tar.
    QFileDialog* showSaveDialog();
    LoadDialog* showLoadDialog();
    // Opens the Tag dialog for the selected image (window-modal, not blocking). The tag is
    // added when it is accepted. Null without a single selection.
    TagDialog* showTagDialog();

signals:
    // Emitted for Run… with the selected image: its reference, or its id when untagged.
    void runRequested(const QString& image);
    // Emitted for Build…, so that the window shows the Dockerfile studio.
    void buildRequested();

private:
    void buildLayout();
    void updateEmptyState();
    void confirmRemove();
    void showHistory();
    [[nodiscard]] QStringList selectedReferences() const;

    ImagesModel* model_;
    BackgroundTasks* tasks_;
    EngineConnection* connection_ = nullptr;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    ErrorBanner* banner_;
    QStackedWidget* stack_;
    QTableView* view_;
    QSplitter* splitter_;
    QTreeWidget* history_;
    QAction* runAction_;
    QAction* buildAction_;
    QAction* tagAction_;
    QAction* importAction_;
    QAction* removeAction_;
    QAction* pullAction_;
    QAction* pushAction_;
    QAction* saveAction_;
    QAction* loadAction_;
    QAction* loginAction_;
    QAction* logoutAction_;
    CredentialStore* credentials_;
    ArchiveTransfers* archives_;
    PullDialog* pullDialog_ = nullptr;
};

} // namespace berth::studio

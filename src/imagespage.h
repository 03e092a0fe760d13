#pragma once

// The Images page: toolbar (Import…, Remove), filter, the table over ImagesModel and the
// selected image's history. Imports run as background tasks with progress and Cancel.

#include <QWidget>

class QAction;
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
class ImagesModel;
class ImportDialog;

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
    [[nodiscard]] QAction* importAction() const { return importAction_; }
    [[nodiscard]] QAction* removeAction() const { return removeAction_; }
    [[nodiscard]] QLineEdit* filter() const { return filter_; }

    ImportDialog* showImportDialog();
    // Imports a tarball as a background task; `reference` may be empty.
    void startImport(const QString& path, const QString& reference);

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
    QAction* importAction_;
    QAction* removeAction_;
};

} // namespace berth::studio

#pragma once

// The Volumes page: toolbar (Create…, Remove…, Prune…, and a switch between the list and
// the sharing map), filter, the table over VolumesModel and the map. Engine errors, such
// as removing a volume in use, show in the page's banner.

#include "volumeusage.h"

#include <QWidget>

class QAction;
class QLineEdit;
class QSettings;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace berth::studio {

class EngineConnection;
class ErrorBanner;
class SharingView;
class VolumesModel;

class VolumesPage final : public QWidget {
    Q_OBJECT

public:
    explicit VolumesPage(VolumesModel* model, QWidget* parent = nullptr);

    void setConnection(EngineConnection* connection);
    void saveState(QSettings& settings) const;
    void restoreState(const QSettings& settings);
    void updateActions();

    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] SharingView* sharingView() const { return sharing_; }
    [[nodiscard]] ErrorBanner* banner() const { return banner_; }
    [[nodiscard]] QLineEdit* filter() const { return filter_; }
    [[nodiscard]] QAction* createAction() const { return createAction_; }
    [[nodiscard]] QAction* removeAction() const { return removeAction_; }
    [[nodiscard]] QAction* pruneAction() const { return pruneAction_; }
    [[nodiscard]] QAction* mapAction() const { return mapAction_; }

    void showMap(bool map);
    // Selects the volume's row in the list and shows the list; false if it is not there.
    bool selectVolume(const QString& name);
    // Creates the volume (an empty name lets the engine choose one); errors go to the banner.
    void createVolume(const QString& name);
    void removeVolumes(const QStringList& names);
    void pruneVolumes(bool all);

signals:
    // The user clicked a container in the map; the window selects it on its page.
    void containerActivated(const QString& id);

private:
    void buildActions();
    void buildLayout();
    void promptCreate();
    void confirmRemove();
    void confirmPrune();
    void updateEmptyState();
    void showNode(SharingNode::Kind kind, const QString& key, bool activated);
    [[nodiscard]] QStringList selectedNames() const;

    VolumesModel* model_;
    EngineConnection* connection_ = nullptr;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    ErrorBanner* banner_;
    QStackedWidget* stack_;
    QStackedWidget* listStack_;
    QTableView* view_;
    SharingView* sharing_;
    QAction* createAction_;
    QAction* removeAction_;
    QAction* pruneAction_;
    QAction* listAction_;
    QAction* mapAction_;
};

} // namespace berth::studio

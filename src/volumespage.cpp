#include "volumespage.h"

#include "engineconnection.h"
#include "errorbanner.h"
#include "listpage.h"
#include "sharingview.h"
#include "volumesmodel.h"

#include <QAction>
#include <QActionGroup>
#include <QCheckBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

enum StackPage { ListPage, MapPage };
enum ListStackPage { TablePage, EmptyPage };

QString errorText(const Error& error) {
    return QString::fromStdString(error.message);
}

} // namespace

VolumesPage::VolumesPage(VolumesModel* model, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , proxy_(new QSortFilterProxyModel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setSortRole(VolumesModel::SortRole);

    buildActions();
    buildLayout();
    connect(model_, &QAbstractItemModel::modelReset, this, &VolumesPage::updateEmptyState);
    connect(model_, &VolumesModel::loaded, this, [this] {
        if (model_->volumesError().isEmpty()) {
            banner_->clearError(tr("Could not list the volumes"));
        } else {
            banner_->showError(tr("Could not list the volumes"), model_->volumesError());
        }
        sharing_->setGraph(model_->sharingGraph());
        updateEmptyState();
    });
    connect(model_, &VolumesModel::loadFailed, this, [this](const QString& message) {
        banner_->showError(tr("Could not list the volumes"), message);
    });
    updateEmptyState();
}

void VolumesPage::buildActions() {
    createAction_ = new QAction(QIcon(QStringLiteral(":/icons/volumes.svg")), tr("&Create…"), this);
    createAction_->setToolTip(tr("Create a named volume"));
    connect(createAction_, &QAction::triggered, this, &VolumesPage::promptCreate);
    removeAction_ = new QAction(tr("Re&move…"), this);
    removeAction_->setShortcut(QKeySequence::Delete);
    removeAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeAction_, &QAction::triggered, this, &VolumesPage::confirmRemove);
    pruneAction_ = new QAction(tr("&Prune…"), this);
    pruneAction_->setToolTip(tr("Remove the volumes no container uses"));
    connect(pruneAction_, &QAction::triggered, this, &VolumesPage::confirmPrune);

    auto* views = new QActionGroup(this);
    listAction_ = new QAction(tr("&List"), views);
    mapAction_ = new QAction(tr("Sharing &Map"), views);
    mapAction_->setObjectName(QStringLiteral("showSharingMap"));
    for (QAction* action : {listAction_, mapAction_}) {
        action->setCheckable(true);
    }
    listAction_->setChecked(true);
    connect(mapAction_, &QAction::toggled, this, &VolumesPage::showMap);
    for (QAction* action : {createAction_, removeAction_, pruneAction_}) {
        addAction(action);
    }
}

void VolumesPage::buildLayout() {
    auto* toolbar = new QToolBar(tr("Volumes"), this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(createAction_);
    toolbar->addSeparator();
    toolbar->addAction(removeAction_);
    toolbar->addAction(pruneAction_);
    toolbar->addSeparator();
    toolbar->addAction(listAction_);
    toolbar->addAction(mapAction_);
    filter_ = addFilterBox(toolbar, proxy_, tr("Filter volumes (Ctrl+F)"), tr("Filter volumes"));

    banner_ = new ErrorBanner(this);

    view_ = createListView(this, proxy_, QStringLiteral("volumesView"), tr("Volumes"));
    view_->setColumnWidth(VolumesModel::Name, 260);
    // Room for two container names, as a volume shared with --volumes-from has.
    view_->setColumnWidth(VolumesModel::UsedBy, 220);
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        if (!view_->indexAt(position).isValid()) {
            return;
        }
        QMenu menu(this);
        menu.addAction(removeAction_);
        menu.addSeparator();
        menu.addAction(createAction_);
        menu.exec(view_->viewport()->mapToGlobal(position));
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &VolumesPage::updateActions);

    auto* empty = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(empty);
    auto* emptyLabel = new QLabel(tr("No volumes yet. Create one, or map one in the Run "
                                     "dialog's Volumes tab."),
                                  empty);
    emptyLabel->setAlignment(Qt::AlignCenter);
    auto* emptyButton = new QPushButton(createAction_->icon(), tr("Create a Volume…"), empty);
    connect(emptyButton, &QPushButton::clicked, createAction_, &QAction::trigger);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyLabel);
    emptyLayout->addWidget(emptyButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch();

    listStack_ = new QStackedWidget(this);
    listStack_->insertWidget(TablePage, view_);
    listStack_->insertWidget(EmptyPage, empty);

    sharing_ = new SharingView(this);
    connect(sharing_, &SharingView::nodeClicked, this,
            [this](SharingNode::Kind kind, const QString& key) { showNode(kind, key, false); });
    connect(sharing_, &SharingView::nodeActivated, this,
            [this](SharingNode::Kind kind, const QString& key) { showNode(kind, key, true); });

    stack_ = new QStackedWidget(this);
    stack_->insertWidget(ListPage, listStack_);
    stack_->insertWidget(MapPage, sharing_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(banner_);
    layout->addWidget(stack_, 1);
}

void VolumesPage::setConnection(EngineConnection* connection) {
    connection_ = connection;
    updateActions();
}

void VolumesPage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("volumes/header"), view_->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("volumes/map"), mapAction_->isChecked());
}

void VolumesPage::restoreState(const QSettings& settings) {
    view_->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("volumes/header")).toByteArray());
    showMap(settings.value(QStringLiteral("volumes/map"), false).toBool());
}

void VolumesPage::updateActions() {
    const bool connected = connection_ && connection_->isConnected();
    createAction_->setEnabled(connected);
    pruneAction_->setEnabled(connected);
    removeAction_->setEnabled(connected && !selectedNames().isEmpty());
}

void VolumesPage::updateEmptyState() {
    listStack_->setCurrentIndex(model_->rowCount() == 0 && model_->hasLoaded() ? EmptyPage
                                                                               : TablePage);
    updateActions();
}

void VolumesPage::showMap(bool map) {
    (map ? mapAction_ : listAction_)->setChecked(true);
    stack_->setCurrentIndex(map ? MapPage : ListPage);
}

QStringList VolumesPage::selectedNames() const {
    QStringList names;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) {
        names << index.data(VolumesModel::NameRole).toString();
    }
    return names;
}

bool VolumesPage::selectVolume(const QString& name) {
    const int row = model_->rowOfName(name);
    if (row < 0) {
        return false;
    }
    const QModelIndex index = proxy_->mapFromSource(model_->index(row, 0));
    if (!index.isValid()) {
        filter_->clear();
    }
    view_->selectRow(proxy_->mapFromSource(model_->index(row, 0)).row());
    return true;
}

// A click on a volume selects it in the list behind the map; a double click shows the list.
// A container is selected on the Containers page; a host directory has no page.
void VolumesPage::showNode(SharingNode::Kind kind, const QString& key, bool activated) {
    if (kind == SharingNode::Kind::Volume) {
        selectVolume(key);
        if (activated) {
            showMap(false);
        }
    } else if (kind == SharingNode::Kind::Container) {
        emit containerActivated(key);
    }
}

void VolumesPage::promptCreate() {
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Create a Volume"),
                              tr("Name (letters, digits, _ . -; empty lets the engine choose):"),
                              QLineEdit::Normal, QString(), &ok)
            .trimmed();
    if (ok) {
        createVolume(name);
    }
}

void VolumesPage::createVolume(const QString& name) {
    const QString failure = name.isEmpty() ? tr("Could not create a volume")
                                           : tr("Could not create volume %1").arg(name);
    if (!name.isEmpty() && classifySource(name.toStdString()) != MappingSource::Volume) {
        banner_->showProblem(failure, tr("A volume name starts with a letter or digit, followed "
                                         "by at least one letter, digit, _ . or -."));
        return;
    }
    if (!connection_) {
        return;
    }
    connection_->run(
        this,
        [name = name.toStdString()](client::Client& client) { return client.createVolume(name); },
        [this, failure](Result<client::Json> created) {
            if (!created) {
                banner_->showError(failure, errorText(created.error()));
            } else {
                banner_->clearError(failure);
            }
            model_->reload();
        });
}

void VolumesPage::confirmRemove() {
    const QStringList names = selectedNames();
    if (names.isEmpty() || !connection_) {
        return;
    }
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Remove Volumes"),
        tr("Remove %1?")
            .arg(names.size() == 1 ? names[0] : tr("%n volume(s)", nullptr, int(names.size()))),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemove"));
    box->setInformativeText(tr("Every file in the volume is deleted. A volume that a container "
                               "uses cannot be removed until the container is."));
    QPushButton* remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(remove, &QPushButton::clicked, this, [this, names] { removeVolumes(names); });
    box->open();
}

void VolumesPage::removeVolumes(const QStringList& names) {
    if (!connection_) {
        return;
    }
    for (const QString& name : names) {
        connection_->run(
            this,
            [name = name.toStdString()](client::Client& client) {
                return client.removeVolume(name, false);
            },
            [this, name](Result<void> removed) {
                if (!removed) {
                    banner_->showError(tr("Could not remove volume %1").arg(name),
                                       errorText(removed.error()));
                }
                model_->reload();
            });
    }
}

void VolumesPage::confirmPrune() {
    if (!connection_) {
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Prune Volumes"),
                                tr("Remove every anonymous volume that no container uses?"),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmPrune"));
    box->setInformativeText(tr("Their files are deleted."));
    auto* all = new QCheckBox(tr("Also remove unused &named volumes"), box);
    box->setCheckBox(all);
    QPushButton* prune = box->addButton(tr("&Prune"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(prune, &QPushButton::clicked, this, [this, all] { pruneVolumes(all->isChecked()); });
    box->open();
}

void VolumesPage::pruneVolumes(bool all) {
    if (!connection_) {
        return;
    }
    connection_->run(
        this, [all](client::Client& client) { return client.pruneVolumes(all); },
        [this](Result<client::Json> pruned) {
            if (!pruned) {
                banner_->showError(tr("Could not prune the volumes"), errorText(pruned.error()));
            }
            model_->reload();
        });
}

} // namespace berth::studio

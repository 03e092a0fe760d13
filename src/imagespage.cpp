#include "imagespage.h"

#include "backgroundtasks.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "formatting.h"
#include "imagesmodel.h"
#include "importdialog.h"
#include "listpage.h"

#include <QAction>
#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

// Splits "busybox:latest" into repo and tag; a colon before the last slash is a port.
std::pair<std::string, std::string> splitReference(const QString& reference) {
    const int colon = reference.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < reference.lastIndexOf(QLatin1Char('/'))) {
        return {reference.toStdString(), reference.isEmpty() ? std::string() : "latest"};
    }
    return {reference.left(colon).toStdString(), reference.mid(colon + 1).toStdString()};
}

} // namespace

ImagesPage::ImagesPage(ImagesModel* model, BackgroundTasks* tasks, QWidget* parent)
    : QWidget(parent)
    , model_(model)
    , tasks_(tasks)
    , proxy_(new QSortFilterProxyModel(this)) {
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);

    importAction_ = new QAction(QIcon(QStringLiteral(":/icons/import.svg")), tr("&Import…"), this);
    importAction_->setToolTip(tr("Make an image from a root file system tarball"));
    connect(importAction_, &QAction::triggered, this, &ImagesPage::showImportDialog);
    removeAction_ = new QAction(tr("Re&move…"), this);
    removeAction_->setShortcut(QKeySequence::Delete);
    removeAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeAction_, &QAction::triggered, this, &ImagesPage::confirmRemove);
    addAction(importAction_);
    addAction(removeAction_);

    buildLayout();
    connect(model_, &QAbstractItemModel::modelReset, this, &ImagesPage::updateEmptyState);
    connect(model_, &ImagesModel::loaded, this, &ImagesPage::updateEmptyState);
    connect(model_, &ImagesModel::loadFailed, this, [this](const QString& message) {
        banner_->showError(tr("Could not list the images"), message);
    });
    connect(model_, &ImagesModel::loaded, this,
            [this] { banner_->clearError(tr("Could not list the images")); });
    updateEmptyState();
}

void ImagesPage::buildLayout() {
    auto* toolbar = new QToolBar(tr("Images"), this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(importAction_);
    toolbar->addSeparator();
    toolbar->addAction(removeAction_);
    filter_ = addFilterBox(toolbar, proxy_, tr("Filter images (Ctrl+F)"), tr("Filter images"));

    banner_ = new ErrorBanner(this);

    view_ = createListView(this, proxy_, QStringLiteral("imagesView"), tr("Images"));
    view_->setColumnWidth(ImagesModel::Repository, 220);
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        if (!view_->indexAt(position).isValid()) {
            return;
        }
        QMenu menu(this);
        menu.addAction(removeAction_);
        menu.addSeparator();
        menu.addAction(importAction_);
        menu.exec(view_->viewport()->mapToGlobal(position));
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showHistory();
    });

    auto* empty = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(empty);
    auto* emptyLabel =
        new QLabel(tr("No images yet. Import a root file system tarball to make one."), empty);
    emptyLabel->setAlignment(Qt::AlignCenter);
    auto* emptyButton = new QPushButton(importAction_->icon(), tr("Import an Image…"), empty);
    connect(emptyButton, &QPushButton::clicked, importAction_, &QAction::trigger);
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyLabel);
    emptyLayout->addWidget(emptyButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch();

    stack_ = new QStackedWidget(this);
    stack_->addWidget(view_);
    stack_->addWidget(empty);

    history_ = new QTreeWidget(this);
    history_->setAccessibleName(tr("Image history"));
    history_->setRootIsDecorated(false);
    history_->setHeaderLabels({tr("Created by"), tr("Size"), tr("Created"), tr("Comment")});
    history_->setColumnWidth(0, 420);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->addWidget(stack_);
    splitter_->addWidget(history_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(banner_);
    layout->addWidget(splitter_, 1);
}

void ImagesPage::setConnection(EngineConnection* connection) {
    connection_ = connection;
    updateActions();
}

void ImagesPage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("images/splitter"), splitter_->saveState());
    settings.setValue(QStringLiteral("images/header"), view_->horizontalHeader()->saveState());
}

void ImagesPage::restoreState(const QSettings& settings) {
    splitter_->restoreState(settings.value(QStringLiteral("images/splitter")).toByteArray());
    view_->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("images/header")).toByteArray());
}

void ImagesPage::updateEmptyState() {
    stack_->setCurrentIndex(model_->rowCount() == 0 && model_->hasLoaded() ? 1 : 0);
    updateActions();
}

void ImagesPage::updateActions() {
    const bool connected = connection_ && connection_->isConnected();
    importAction_->setEnabled(connected);
    removeAction_->setEnabled(connected && view_->selectionModel()->hasSelection());
}

QStringList ImagesPage::selectedReferences() const {
    QStringList references;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) {
        references << index.data(ImagesModel::ReferenceRole).toString();
    }
    return references;
}

ImportDialog* ImagesPage::showImportDialog() {
    auto* dialog = new ImportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { startImport(dialog->filePath(), dialog->reference()); });
    dialog->open();
    return dialog;
}

void ImagesPage::startImport(const QString& path, const QString& reference) {
    if (!connection_) {
        return;
    }
    const QString label = reference.isEmpty() ? QFileInfo(path).fileName() : reference;
    auto cancel = std::make_shared<client::CancelToken>();
    const int task = tasks_->add(tr("Importing %1").arg(label), cancel);
    const auto repoTag = splitReference(reference);
    const std::string repo = repoTag.first;
    const std::string tag = repoTag.second;
    QPointer<BackgroundTasks> tasks(tasks_);
    connection_->run(
        this,
        [path, repo, tag, cancel, tasks, task](client::Client& client) {
            client::ImportOptions options;
            options.repo = repo;
            options.tag = tag;
            int lastPermille = -1;
            return client.importImage(
                path.toStdString(), options,
                [&](uint64_t sent, uint64_t total) {
                    const int permille = total ? static_cast<int>(sent * 1000 / total) : 0;
                    if (permille == lastPermille) {
                        return;
                    }
                    lastPermille = permille;
                    QMetaObject::invokeMethod(
                        tasks.data(),
                        [tasks, task, sent, total] {
                            if (tasks) {
                                tasks->setProgress(task, qint64(sent), qint64(total));
                            }
                        },
                        Qt::QueuedConnection);
                },
                cancel.get());
        },
        [this, task, label](Result<std::string> id) {
            if (id) {
                const QString done = tr("Imported %1").arg(label);
                tasks_->finish(task, BackgroundTask::State::Succeeded, done);
            } else if (id.error().kind == ErrorKind::Cancelled) {
                tasks_->finish(task, BackgroundTask::State::Cancelled,
                               tr("Import of %1 cancelled").arg(label));
            } else {
                tasks_->finish(task, BackgroundTask::State::Failed,
                               tr("Import of %1 failed").arg(label));
                banner_->showError(tr("Could not import %1").arg(label),
                                   QString::fromStdString(id.error().message));
            }
            model_->reload();
        });
}

void ImagesPage::confirmRemove() {
    const QStringList references = selectedReferences();
    if (references.isEmpty() || !connection_) {
        return;
    }
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Remove Images"),
                                tr("Remove %1?")
                                    .arg(references.size() == 1
                                             ? references[0]
                                             : tr("%n image(s)", nullptr, int(references.size()))),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemove"));
    box->setInformativeText(tr("When no other tag points at an image, its layers are deleted "
                               "from disk. An image used by a container cannot be removed "
                               "until the container is."));
    QPushButton* remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(remove, &QPushButton::clicked, this, [this, references] {
        for (const QString& reference : references) {
            connection_->run(
                this,
                [reference](client::Client& client) {
                    return client.removeImage(reference.toStdString(), false);
                },
                [this, reference](Result<std::vector<client::ImageDeleteEntry>> removed) {
                    if (!removed) {
                        banner_->showError(tr("Could not remove %1").arg(reference),
                                           QString::fromStdString(removed.error().message));
                    }
                    model_->reload();
                });
        }
    });
    box->open();
}

void ImagesPage::showHistory() {
    history_->clear();
    const QStringList references = selectedReferences();
    if (references.size() != 1 || !connection_) {
        return;
    }
    const QString reference = references[0];
    connection_->run(
        this,
        [reference](client::Client& client) {
            return client.imageHistory(reference.toStdString());
        },
        [this, reference](Result<std::vector<client::ImageHistoryEntry>> history) {
            if (!history || selectedReferences() != QStringList{reference}) {
                return;
            }
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            for (const client::ImageHistoryEntry& entry : *history) {
                auto* item = new QTreeWidgetItem(history_);
                item->setText(0, QString::fromStdString(entry.createdBy).simplified());
                item->setText(1, formatSize(entry.size));
                item->setText(2, formatAge(entry.created, now));
                item->setToolTip(0, QString::fromStdString(entry.createdBy));
                // The -m message of docker commit or docker import.
                item->setText(3, QString::fromStdString(entry.comment).simplified());
            }
        });
}

} // namespace berth::studio

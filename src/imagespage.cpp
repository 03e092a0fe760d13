#include "imagespage.h"

#include "archivetransfers.h"
#include "backgroundtasks.h"
#include "credentialstore.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "formatting.h"
#include "imagesmodel.h"
#include "importdialog.h"
#include "listpage.h"
#include "loaddialog.h"
#include "logindialog.h"
#include "pulldialog.h"
#include "pushdialog.h"
#include "tagdialog.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
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
    , proxy_(new QSortFilterProxyModel(this))
    , credentials_(new CredentialStore(CredentialStore::defaultConfigFile(),
                                       CredentialStore::defaultBackend(), this))
    , archives_(new ArchiveTransfers(tasks, this)) {
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);

    runAction_ = new QAction(QIcon(QStringLiteral(":/icons/run.svg")), tr("&Run…"), this);
    runAction_->setToolTip(tr("Run a new container from the selected image"));
    connect(runAction_, &QAction::triggered, this, [this] {
        const QStringList references = selectedReferences();
        if (references.size() == 1) {
            emit runRequested(references[0]);
        }
    });
    buildAction_ =
        new QAction(QIcon(QStringLiteral(":/icons/dockerfile.svg")), tr("&Build…"), this);
    buildAction_->setToolTip(tr("Build an image from a Dockerfile in the Dockerfile studio"));
    connect(buildAction_, &QAction::triggered, this, &ImagesPage::buildRequested);
    tagAction_ = new QAction(tr("&Tag…"), this);
    tagAction_->setToolTip(tr("Give the selected image another name, like docker tag"));
    connect(tagAction_, &QAction::triggered, this, &ImagesPage::showTagDialog);
    importAction_ = new QAction(QIcon(QStringLiteral(":/icons/import.svg")), tr("&Import…"), this);
    importAction_->setToolTip(tr("Make an image from a root file system tarball"));
    connect(importAction_, &QAction::triggered, this, &ImagesPage::showImportDialog);
    removeAction_ = new QAction(tr("Re&move…"), this);
    removeAction_->setShortcut(QKeySequence::Delete);
    removeAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(removeAction_, &QAction::triggered, this, &ImagesPage::confirmRemove);
    pullAction_ = new QAction(QIcon(QStringLiteral(":/icons/pull.svg")), tr("&Pull…"), this);
    pullAction_->setToolTip(tr("Download an image from a registry"));
    connect(pullAction_, &QAction::triggered, this, &ImagesPage::showPullDialog);
    pushAction_ = new QAction(QIcon(QStringLiteral(":/icons/push.svg")), tr("Pu&sh…"), this);
    pushAction_->setToolTip(tr("Upload the selected image to the registry its name starts with"));
    connect(pushAction_, &QAction::triggered, this, qOverload<>(&ImagesPage::showPushDialog));
    saveAction_ = new QAction(QIcon(QStringLiteral(":/icons/save.svg")), tr("Sa&ve…"), this);
    saveAction_->setToolTip(tr("Write the selected images to a tar archive, like docker save"));
    connect(saveAction_, &QAction::triggered, this, &ImagesPage::showSaveDialog);
    loadAction_ = new QAction(QIcon(QStringLiteral(":/icons/load.svg")), tr("&Load…"), this);
    loadAction_->setToolTip(tr("Load images from a tar archive, like docker load"));
    connect(loadAction_, &QAction::triggered, this, &ImagesPage::showLoadDialog);
    loginAction_ = new QAction(tr("Log &In to a Registry…"), this);
    connect(loginAction_, &QAction::triggered, this, [this] { showLoginDialog(); });
    logoutAction_ = new QAction(tr("Log &Out of a Registry…"), this);
    connect(logoutAction_, &QAction::triggered, this, &ImagesPage::showLogoutDialog);
    for (QAction* action :
         {runAction_, buildAction_, tagAction_, importAction_, removeAction_, pullAction_,
          pushAction_, saveAction_, loadAction_, loginAction_, logoutAction_}) {
        addAction(action);
    }
    connect(archives_, &ArchiveTransfers::finished, this, [this](int, bool, const QString& error) {
        if (!error.isEmpty()) {
            banner_->showError(tr("Could not save the images"), error);
        }
    });

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
    toolbar->addAction(runAction_);
    toolbar->addAction(buildAction_);
    toolbar->addSeparator();
    toolbar->addAction(pullAction_);
    toolbar->addAction(pushAction_);
    toolbar->addAction(tagAction_);
    toolbar->addSeparator();
    toolbar->addAction(importAction_);
    toolbar->addAction(saveAction_);
    toolbar->addAction(loadAction_);
    toolbar->addSeparator();
    toolbar->addAction(removeAction_);
    filter_ = addFilterBox(toolbar, proxy_, tr("Filter images (Ctrl+F)"), tr("Filter images"));

    banner_ = new ErrorBanner(this);

    view_ = createListView(this, proxy_, QStringLiteral("imagesView"), tr("Images"));
    // The repository takes the spare width, so that the count of containers in the last
    // column stays beside the other columns instead of at the far edge.
    view_->horizontalHeader()->setStretchLastSection(false);
    view_->horizontalHeader()->setSectionResizeMode(ImagesModel::Repository, QHeaderView::Stretch);
    // Wide enough for "About a minute ago", the age of an image just pulled or built, plus the
    // cell margins.
    const int ageWidth = view_->fontMetrics().horizontalAdvance(formatAge(1, 91));
    view_->horizontalHeader()->resizeSection(
        ImagesModel::Created, std::max(view_->horizontalHeader()->sectionSize(ImagesModel::Created),
                                       ageWidth + 4 * view_->fontMetrics().averageCharWidth()));
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& position) {
        if (!view_->indexAt(position).isValid()) {
            return;
        }
        QMenu menu(this);
        menu.addAction(runAction_);
        menu.addSeparator();
        menu.addAction(pushAction_);
        menu.addAction(tagAction_);
        menu.addAction(saveAction_);
        menu.addSeparator();
        menu.addAction(removeAction_);
        menu.addSeparator();
        menu.addAction(pullAction_);
        menu.addAction(importAction_);
        menu.exec(view_->viewport()->mapToGlobal(position));
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        showHistory();
    });
    // A reload or a removal drops the selection without selectionChanged, and the history
    // must not keep showing an image that is gone.
    connect(proxy_, &QAbstractItemModel::modelReset, this, &ImagesPage::showHistory);
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &ImagesPage::showHistory);

    auto* empty = new QWidget(this);
    auto* emptyLayout = new QVBoxLayout(empty);
    auto* emptyLabel = new QLabel(
        tr("No images yet. Pull one from a registry, or import a root file system tarball."),
        empty);
    emptyLabel->setAlignment(Qt::AlignCenter);
    auto* pullButton = new QPushButton(tr("Pull an Image…"), empty);
    connect(pullButton, &QPushButton::clicked, pullAction_, &QAction::trigger);
    auto* emptyButton = new QPushButton(importAction_->icon(), tr("Import an Image…"), empty);
    connect(emptyButton, &QPushButton::clicked, importAction_, &QAction::trigger);
    auto* emptyButtons = new QHBoxLayout;
    emptyButtons->addStretch();
    emptyButtons->addWidget(pullButton);
    emptyButtons->addWidget(emptyButton);
    emptyButtons->addStretch();
    emptyLayout->addStretch();
    emptyLayout->addWidget(emptyLabel);
    emptyLayout->addLayout(emptyButtons);
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
    const bool selected = view_->selectionModel()->hasSelection();
    const bool single = selectedReferences().size() == 1;
    runAction_->setEnabled(connected && single);
    tagAction_->setEnabled(connected && single);
    importAction_->setEnabled(connected);
    removeAction_->setEnabled(connected && selected);
    pullAction_->setEnabled(connected);
    loadAction_->setEnabled(connected);
    loginAction_->setEnabled(connected);
    pushAction_->setEnabled(connected && single);
    saveAction_->setEnabled(connected && selected);
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

PullDialog* ImagesPage::showPullDialog() {
    if (!connection_) {
        return nullptr;
    }
    if (!pullDialog_) {
        pullDialog_ = new PullDialog(connection_, credentials_, tasks_, this);
        connect(pullDialog_, &PullDialog::pullFinished, model_, &ImagesModel::reload);
    }
    QStringList repositories;
    for (const QString& reference : model_->references()) {
        repositories << reference.section(QLatin1Char(':'), 0, -2);
    }
    repositories.removeDuplicates();
    pullDialog_->setKnownNames(repositories);
    if (!pullDialog_->isVisible()) {
        pullDialog_->reset();
    }
    pullDialog_->show();
    pullDialog_->raise();
    pullDialog_->activateWindow();
    return pullDialog_;
}

PushDialog* ImagesPage::showPushDialog() {
    const QStringList references = selectedReferences();
    return references.size() == 1 ? showPushDialog(references[0]) : nullptr;
}

PushDialog* ImagesPage::showPushDialog(const QString& reference) {
    if (!connection_) {
        return nullptr;
    }
    // The dialog deletes itself once it is closed and its push, if any, has ended. Nothing is
    // sent until the user has seen the destination and clicked Push.
    auto* dialog = new PushDialog(reference, connection_, credentials_, tasks_, this);
    connect(dialog, &PushDialog::pushFinished, model_, &ImagesModel::reload);
    dialog->show();
    return dialog;
}

LoginDialog* ImagesPage::showLoginDialog(const QString& server) {
    if (!connection_) {
        return nullptr;
    }
    auto* dialog = new LoginDialog(connection_, credentials_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setServer(server);
    dialog->open();
    return dialog;
}

void ImagesPage::showLogoutDialog() {
    const QStringList servers = credentials_->servers();
    if (servers.isEmpty()) {
        banner_->showError(tr("Not logged in"), tr("No registry credentials are kept."));
        return;
    }
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Log Out of a Registry"));
    dialog->setLabelText(tr("Forget the credentials of:"));
    dialog->setComboBoxItems(servers);
    dialog->setOkButtonText(tr("&Log Out"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString& server) {
        credentials_->remove(server, [this, server](const QString& error) {
            if (!error.isEmpty()) {
                banner_->showError(tr("Could not log out of %1").arg(server), error);
            }
        });
    });
    dialog->open();
}

QFileDialog* ImagesPage::showSaveDialog() {
    const QStringList references = selectedReferences();
    if (references.isEmpty() || !connection_) {
        return nullptr;
    }
    qint64 expectedBytes = 0;
    for (const QModelIndex& index : view_->selectionModel()->selectedRows()) {
        const int row = proxy_->mapToSource(index).row();
        if (const ImageRow* image = model_->imageRow(row)) {
            expectedBytes += image->image.size;
        }
    }
    QString suggested = references.size() == 1 ? references[0] : QStringLiteral("images");
    suggested.replace(QRegularExpression(QStringLiteral("[/:@]")), QStringLiteral("_"));
    QFileDialog* picker = ArchiveTransfers::openTarPicker(
        this, tr("Save %n Image(s)", nullptr, int(references.size())),
        suggested + QStringLiteral(".tar"));
    connect(picker, &QFileDialog::fileSelected, this,
            [this, references, expectedBytes](const QString& path) {
                archives_->saveImages(connection_, references, path, expectedBytes);
            });
    return picker;
}

LoadDialog* ImagesPage::showLoadDialog() {
    if (!connection_) {
        return nullptr;
    }
    auto* dialog = new LoadDialog(connection_, tasks_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LoadDialog::loadFinished, model_, &ImagesModel::reload);
    dialog->show();
    return dialog;
}

TagDialog* ImagesPage::showTagDialog() {
    const QStringList references = selectedReferences();
    if (references.size() != 1 || !connection_) {
        return nullptr;
    }
    const QString source = references[0];
    auto* dialog = new TagDialog(source, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The repository of a tagged image is the usual start for a new tag.
    const auto [repository, tag] = splitReference(source);
    if (source != view_->selectionModel()->selectedRows()[0].data(ImagesModel::IdRole).toString()) {
        dialog->setRepository(QString::fromStdString(repository));
    }
    connect(dialog, &QDialog::accepted, this, [this, dialog, source] {
        const QString repository = dialog->repository();
        const QString tag = dialog->tag();
        connection_->run(
            this,
            [source, repository, tag](client::Client& client) {
                return client.tagImage(source.toStdString(), repository.toStdString(),
                                       tag.toStdString());
            },
            [this, source, repository, tag](Result<void> tagged) {
                if (!tagged) {
                    banner_->showError(tr("Could not tag %1 as %2:%3").arg(source, repository, tag),
                                       QString::fromStdString(tagged.error().message));
                }
                model_->reload();
            });
    });
    dialog->open();
    return dialog;
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
                const QString createdBy = QString::fromStdString(entry.createdBy);
                // The -m message of docker commit or docker import, or the import's source.
                const QString comment = QString::fromStdString(entry.comment);
                if (createdBy.trimmed().isEmpty()) {
                    // An imported layer has no command, so the column shows the comment in
                    // italics. The engine's comment names the source ("Imported from -").
                    QFont italic = item->font(0);
                    italic.setItalic(true);
                    item->setFont(0, italic);
                    item->setText(0, comment.simplified());
                    item->setToolTip(0, comment);
                } else {
                    item->setText(0, createdBy.simplified());
                    item->setToolTip(0, createdBy);
                }
                item->setText(1, formatSize(entry.size));
                item->setText(2, formatAge(entry.created, now));
                item->setText(3, comment.simplified());
            }
        });
}

} // namespace berth::studio

#include "containerfiles.h"

#include "containerfilesmodel.h"
#include "engineconnection.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QProgressBar>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

QString parentDirectory(const QString& path) {
    QString trimmed = path;
    while (trimmed.size() > 1 && trimmed.endsWith('/')) {
        trimmed.chop(1);
    }
    int slash = trimmed.lastIndexOf('/');
    return slash <= 0 ? QStringLiteral("/") : trimmed.left(slash);
}

// Reports transfer progress from a worker thread to the widget's thread.
void postProgress(QPointer<QProgressBar> bar, uint64_t done, uint64_t total) {
    QMetaObject::invokeMethod(
        bar,
        [bar, done, total] {
            if (!bar) {
                return;
            }
            // QProgressBar takes int; scale bytes to KiB so that 2 GiB and more fit.
            bar->setMaximum(total ? int(total / 1024) + 1 : 0);
            bar->setValue(int(done / 1024));
        },
        Qt::QueuedConnection);
}

} // namespace

ContainerFiles::ContainerFiles(QWidget* parent)
    : QWidget(parent)
    , model_(new ContainerFilesModel(this))
    , path_(new QLineEdit(this))
    , upButton_(new QToolButton(this))
    , downloadButton_(new QToolButton(this))
    , uploadButton_(new QToolButton(this))
    , view_(new QTableView(this))
    , progress_(new QProgressBar(this))
    , status_(new QLabel(this)) {
    upButton_->setText(tr("&Up"));
    downloadButton_->setText(tr("&Download…"));
    uploadButton_->setText(tr("U&pload…"));
    path_->setPlaceholderText(tr("Path in the container"));
    progress_->setVisible(false);
    status_->setWordWrap(true);

    view_->setModel(model_);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->hide();
    view_->horizontalHeader()->setStretchLastSection(true);
    // Sizes, modes and ISO dates have a known width; names are fitted after each listing.
    for (int column : {ContainerFilesModel::Size, ContainerFilesModel::Permissions,
                       ContainerFilesModel::Modified}) {
        view_->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    connect(this, &ContainerFiles::listed, this, [this](bool ok) {
        if (ok) {
            view_->resizeColumnToContents(ContainerFilesModel::Name);
        }
    });
    // Added and changed files are drawn in bold, which widens their names.
    connect(this, &ContainerFiles::changesLoaded, this,
            [this] { view_->resizeColumnToContents(ContainerFilesModel::Name); });

    auto* bar = new QHBoxLayout;
    bar->addWidget(upButton_);
    bar->addWidget(path_, 1);
    bar->addWidget(downloadButton_);
    bar->addWidget(uploadButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    layout->addWidget(progress_);
    layout->addWidget(status_);

    connect(upButton_, &QToolButton::clicked, this,
            [this] { openDirectory(parentDirectory(model_->directory())); });
    connect(path_, &QLineEdit::returnPressed, this, [this] { openDirectory(path_->text()); });
    connect(view_, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { openRow(index.row()); });
    connect(downloadButton_, &QToolButton::clicked, this, &ContainerFiles::chooseDownload);
    auto* uploadMenu = new QMenu(uploadButton_);
    uploadMenu->addAction(tr("Upload &File…"), this, &ContainerFiles::chooseUploadFile);
    uploadMenu->addAction(tr("Upload F&older…"), this, &ContainerFiles::chooseUploadFolder);
    uploadButton_->setMenu(uploadMenu);
    uploadButton_->setPopupMode(QToolButton::InstantPopup);
    setEnabled(false);
}

void ContainerFiles::setConnection(EngineConnection* connection) {
    connection_ = connection;
}

void ContainerFiles::showContainer(const QString& id) {
    if (id == containerId_) {
        return;
    }
    containerId_ = id;
    ++listing_;
    model_->clear();
    status_->clear();
    setEnabled(!id.isEmpty());
    pendingDirectory_ = id.isEmpty() ? QString() : QStringLiteral("/");
    path_->setText(pendingDirectory_);
    if (isVisible() && !pendingDirectory_.isEmpty()) {
        openDirectory(pendingDirectory_);
    }
}

void ContainerFiles::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!pendingDirectory_.isEmpty()) {
        openDirectory(pendingDirectory_);
    }
}

void ContainerFiles::openDirectory(const QString& requested) {
    if (!connection_ || containerId_.isEmpty()) {
        return;
    }
    const QString path = requested; // requested may be pendingDirectory_, cleared next
    pendingDirectory_.clear();
    path_->setText(path);
    status_->setText(tr("Listing %1…").arg(path));
    const int listing = ++listing_;
    const std::string id = containerId_.toStdString();
    const std::string directory = path.toStdString();
    connection_->run(
        this,
        [id, directory](client::Client& client) {
            return client.listContainerDirectory(id, directory);
        },
        [this, listing, path](Result<std::vector<client::ContainerPathStat>> result) {
            if (listing != listing_) {
                return;
            }
            if (!result) {
                status_->setText(tr("Could not list %1: %2")
                                     .arg(path, QString::fromStdString(result.error().message)));
                emit listed(false);
                return;
            }
            status_->setText(tr("%n entries", nullptr, int(result->size())));
            model_->setEntries(path, std::move(*result));
            loadChanges(listing);
            emit listed(true);
        });
}

// Marks what the container changed from its image. An engine without docker diff only
// leaves the marks out.
void ContainerFiles::loadChanges(int listing) {
    const std::string id = containerId_.toStdString();
    connection_->run(
        this, [id](client::Client& client) { return client.containerChanges(id); },
        [this, listing](Result<std::vector<client::ContainerChange>> result) {
            if (listing != listing_ || !result) {
                return;
            }
            model_->setChanges(*result);
            QStringList deleted = model_->deletedNames();
            if (!deleted.isEmpty()) {
                status_->setText(
                    tr("%n entries; deleted since the image: %1", nullptr, model_->rowCount())
                        .arg(deleted.join(QStringLiteral(", "))));
            }
            emit changesLoaded();
        });
}

void ContainerFiles::openRow(int row) {
    const client::ContainerPathStat* stat = model_->entry(row);
    if (stat && stat->isDirectory()) {
        openDirectory(model_->pathOf(row));
    }
}

void ContainerFiles::chooseDownload() {
    const QModelIndexList rows = view_->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        status_->setText(tr("Select a file or folder to download."));
        return;
    }
    const QString target =
        QFileDialog::getExistingDirectory(this, tr("Download into folder"), QDir::homePath());
    if (!target.isEmpty()) {
        download(rows.first().row(), target);
    }
}

void ContainerFiles::chooseUploadFile() {
    const QString source = QFileDialog::getOpenFileName(this, tr("Upload file"), QDir::homePath());
    if (!source.isEmpty()) {
        upload(source);
    }
}

void ContainerFiles::chooseUploadFolder() {
    const QString source =
        QFileDialog::getExistingDirectory(this, tr("Upload folder"), QDir::homePath());
    if (!source.isEmpty()) {
        upload(source);
    }
}

void ContainerFiles::download(int row, const QString& hostDirectory) {
    const QString path = model_->pathOf(row);
    if (!connection_ || path.isEmpty()) {
        return;
    }
    setBusy(true);
    status_->setText(tr("Downloading %1…").arg(path));
    QPointer<QProgressBar> bar(progress_);
    const std::string id = containerId_.toStdString();
    connection_->run(
        this,
        [id, path = path.toStdString(), target = hostDirectory.toStdString(),
         bar](client::Client& client) {
            return client.downloadFromContainer(
                id, path, target, [bar](uint64_t received) { postProgress(bar, received, 0); });
        },
        [this, path, hostDirectory](Result<void> result) {
            finishTransfer(bool(result),
                           result ? tr("Downloaded %1 to %2").arg(path, hostDirectory)
                                  : tr("Could not download %1: %2")
                                        .arg(path, QString::fromStdString(result.error().message)));
        });
}

void ContainerFiles::upload(const QString& hostPath) {
    if (!connection_ || containerId_.isEmpty()) {
        return;
    }
    const QString directory = model_->directory().isEmpty() ? path_->text() : model_->directory();
    setBusy(true);
    status_->setText(tr("Uploading %1…").arg(QFileInfo(hostPath).fileName()));
    QPointer<QProgressBar> bar(progress_);
    const std::string id = containerId_.toStdString();
    connection_->run(
        this,
        [id, source = hostPath.toStdString(), target = directory.toStdString(),
         bar](client::Client& client) {
            return client.uploadToContainer(
                id, source, target,
                [bar](uint64_t sent, uint64_t total) { postProgress(bar, sent, total); });
        },
        [this, hostPath, directory](Result<void> result) {
            finishTransfer(bool(result), result ? tr("Uploaded %1 to %2").arg(hostPath, directory)
                                                : tr("Could not upload %1: %2")
                                                      .arg(hostPath, QString::fromStdString(
                                                                         result.error().message)));
            if (result) {
                openDirectory(directory);
            }
        });
}

void ContainerFiles::setBusy(bool busy) {
    progress_->setVisible(busy);
    progress_->setRange(0, 0);
    downloadButton_->setEnabled(!busy);
    uploadButton_->setEnabled(!busy);
}

void ContainerFiles::finishTransfer(bool ok, const QString& message) {
    setBusy(false);
    status_->setText(message);
    emit transferFinished(ok, message);
}

} // namespace berth::studio

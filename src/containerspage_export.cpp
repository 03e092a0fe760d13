// The Containers page's Export: a container's file system to a tar file, as a background
// task (docker export).

#include "archivetransfers.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "errorbanner.h"

#include <QAction>
#include <QFileDialog>
#include <QTableView>

namespace berth::studio {

void ContainersPage::setBackgroundTasks(BackgroundTasks* tasks) {
    archives_ = new ArchiveTransfers(tasks, this);
    exportAction_ = new QAction(tr("E&xport…"), this);
    exportAction_->setToolTip(tr("Write the container's file system to a tar archive, like "
                                 "docker export"));
    connect(exportAction_, &QAction::triggered, this, &ContainersPage::showExportDialog);
    addAction(exportAction_);
    connect(archives_, &ArchiveTransfers::finished, this, [this](int, bool, const QString& error) {
        if (!error.isEmpty()) {
            banner_->showError(tr("Could not export the container"), error);
        }
    });
    updateActions();
}

QFileDialog* ContainersPage::showExportDialog() {
    const QStringList ids = selectedIds();
    if (ids.size() != 1 || !connection_ || !archives_) {
        return nullptr;
    }
    const QString id = ids[0];
    QString name =
        view_->selectionModel()->selectedRows()[0].data(ContainersModel::NameRole).toString();
    if (name.isEmpty()) {
        name = id.left(12);
    }
    QFileDialog* picker = ArchiveTransfers::openTarPicker(this, tr("Export %1").arg(name),
                                                          name + QStringLiteral(".tar"));
    connect(picker, &QFileDialog::fileSelected, this, [this, id, name](const QString& path) {
        archives_->exportContainer(connection_, id, name, path);
    });
    return picker;
}

} // namespace berth::studio

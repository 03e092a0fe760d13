// The Run dialog's Volumes tab: the mapping table (host path or volume, container path,
// read-only), the folder, file and volume pickers, the image's VOLUME suggestions and the
// --volumes-from table. Checks come from validateMappings() and show below the table.

#include "rundialog.h"

#include "ui_rundialog.h"

#include <QFileDialog>
#include <QMenu>
#include <QTableWidget>

namespace berth::studio {

namespace {

enum MappingColumn { SourceColumn, TargetColumn, ReadOnlyColumn };
enum VolumesFromColumn { ContainerColumn, FromReadOnlyColumn };

// Marks a source cell filled through "File…": the file must then exist.
constexpr int kSingleFileRole = Qt::UserRole + 2;

QTableWidgetItem* checkItem(bool checked) {
    auto* item = new QTableWidgetItem();
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

QString cellText(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

bool cellChecked(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item && item->checkState() == Qt::Checked;
}

} // namespace

void RunDialog::setupVolumesTab() {
    for (QTableWidget* table : {ui_->volumeTable, ui_->volumesFromTable}) {
        table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        table->verticalHeader()->setVisible(false);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        connect(table, &QTableWidget::itemChanged, this, &RunDialog::updateState);
    }
    ui_->volumeTable->horizontalHeader()->setSectionResizeMode(TargetColumn, QHeaderView::Stretch);

    volumeMenu_ = new QMenu(this);
    ui_->pickVolumeButton->setMenu(volumeMenu_);
    connect(volumeMenu_, &QMenu::aboutToShow, this, &RunDialog::rebuildVolumeMenu);
    containerMenu_ = new QMenu(this);
    ui_->pickContainerButton->setMenu(containerMenu_);
    connect(containerMenu_, &QMenu::aboutToShow, this, &RunDialog::rebuildContainerMenu);

    connect(ui_->addVolumeButton, &QPushButton::clicked, this, [this] {
        addMappingRow({});
        ui_->volumeTable->editItem(ui_->volumeTable->item(ui_->volumeTable->rowCount() - 1, 0));
    });
    connect(ui_->browseFolderButton, &QPushButton::clicked, this,
            [this] { browseHostPath(false); });
    connect(ui_->browseFileButton, &QPushButton::clicked, this, [this] { browseHostPath(true); });
    connect(ui_->removeVolumeButton, &QPushButton::clicked, this, [this] {
        ui_->volumeTable->removeRow(ui_->volumeTable->currentRow());
        updateState();
    });
    connect(ui_->removeVolumesFromButton, &QPushButton::clicked, this, [this] {
        ui_->volumesFromTable->removeRow(ui_->volumesFromTable->currentRow());
        updateState();
    });
    connect(ui_->imageVolumesButton, &QToolButton::clicked, this, &RunDialog::mapImageVolumes);
    setImageVolumes({});
}

void RunDialog::setVolumeNames(const QStringList& names) {
    volumeNames_ = names;
}

void RunDialog::setContainerNames(const QStringList& names) {
    containerNames_ = names;
}

void RunDialog::setImageVolumes(const QStringList& paths) {
    imageVolumes_ = paths;
    ui_->imageVolumesLabel->setText(
        paths.isEmpty() ? QString()
                        : tr("The image declares VOLUME %1. Each path without a mapping "
                             "becomes a new anonymous volume.")
                              .arg(paths.join(QStringLiteral(", "))));
    ui_->imageVolumesLabel->setVisible(!paths.isEmpty());
    ui_->imageVolumesButton->setVisible(!paths.isEmpty());
}

void RunDialog::addMappingRow(const VolumeMapping& mapping) {
    const QSignalBlocker blocker(ui_->volumeTable);
    const int row = ui_->volumeTable->rowCount();
    ui_->volumeTable->insertRow(row);
    auto* source = new QTableWidgetItem(QString::fromStdString(mapping.source));
    source->setData(kSingleFileRole, mapping.singleFile);
    ui_->volumeTable->setItem(row, SourceColumn, source);
    ui_->volumeTable->setItem(row, TargetColumn,
                              new QTableWidgetItem(QString::fromStdString(mapping.target)));
    ui_->volumeTable->setItem(row, ReadOnlyColumn, checkItem(mapping.readOnly));
}

void RunDialog::addVolumesFromRow(const VolumesFrom& entry) {
    const QSignalBlocker blocker(ui_->volumesFromTable);
    const int row = ui_->volumesFromTable->rowCount();
    ui_->volumesFromTable->insertRow(row);
    ui_->volumesFromTable->setItem(row, ContainerColumn,
                                   new QTableWidgetItem(QString::fromStdString(entry.container)));
    ui_->volumesFromTable->setItem(row, FromReadOnlyColumn, checkItem(entry.mode == "ro"));
}

void RunDialog::fillVolumes(const RunSpec& spec) {
    ui_->volumeTable->setRowCount(0);
    for (const VolumeMapping& mapping : spec.volumes) {
        addMappingRow(mapping);
    }
    ui_->volumesFromTable->setRowCount(0);
    for (const VolumesFrom& entry : spec.volumesFrom) {
        addVolumesFromRow(entry);
    }
}

std::vector<VolumeMapping> RunDialog::mappingRows() const {
    std::vector<VolumeMapping> mappings;
    const QTableWidget* table = ui_->volumeTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QTableWidgetItem* source = table->item(row, SourceColumn);
        mappings.push_back({cellText(table, row, SourceColumn).toStdString(),
                            cellText(table, row, TargetColumn).toStdString(),
                            cellChecked(table, row, ReadOnlyColumn),
                            source && source->data(kSingleFileRole).toBool()});
    }
    return mappings;
}

std::vector<VolumesFrom> RunDialog::volumesFromRows() const {
    std::vector<VolumesFrom> entries;
    const QTableWidget* table = ui_->volumesFromTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString container = cellText(table, row, ContainerColumn);
        if (!container.isEmpty()) {
            entries.push_back(
                {container.toStdString(), cellChecked(table, row, FromReadOnlyColumn) ? "ro" : ""});
        }
    }
    return entries;
}

// One line per problem, "Row 2: ...", in row order.
QString RunDialog::volumeProblemText() const {
    const std::vector<VolumeMapping> mappings = mappingRows();
    QStringList lines;
    for (const MappingIssue& issue : validateMappings(mappings)) {
        const VolumeMapping& mapping = mappings[issue.row];
        const QString source = QString::fromStdString(mapping.source);
        QString reason;
        switch (issue.problem) {
        case MappingProblem::EmptyTarget:
            reason = tr("choose the path in the container.");
            break;
        case MappingProblem::RelativeTarget:
            reason = tr("the container path must be absolute, starting with /.");
            break;
        case MappingProblem::RootTarget:
            reason = tr("the container's root / cannot be a mount point.");
            break;
        case MappingProblem::DuplicateTarget:
            reason = tr("%1 is already mapped in an earlier row.")
                         .arg(QString::fromStdString(cleanContainerPath(mapping.target)));
            break;
        case MappingProblem::RelativeHostPath:
            reason = tr("\"%1\" is neither an absolute host path nor a volume name; use "
                        "a path starting with /.")
                         .arg(source);
            break;
        case MappingProblem::MissingHostFile:
            reason = tr("the file %1 does not exist; the engine would create a directory "
                        "in its place.")
                         .arg(source);
            break;
        }
        lines << tr("Row %1: %2").arg(issue.row + 1).arg(reason);
    }
    return lines.join(QLatin1Char('\n'));
}

// With -v, Docker creates a missing host path as an empty directory. That is a surprise
// when the user meant a file or mistyped the path.
QString RunDialog::volumeNoteText() const {
    const std::vector<VolumeMapping> mappings = mappingRows();
    QStringList lines;
    for (size_t row = 0; row < mappings.size(); ++row) {
        const VolumeMapping& mapping = mappings[row];
        if (mapping.singleFile || classifySource(mapping.source) != MappingSource::HostPath ||
            probeHostPath(mapping.source) != HostPathKind::Missing) {
            continue;
        }
        lines << tr("Row %1: %2 does not exist yet; the engine will create it as an empty "
                    "directory.")
                     .arg(row + 1)
                     .arg(QString::fromStdString(mapping.source));
    }
    return lines.join(QLatin1Char('\n'));
}

// Fills the current row when its source is still empty, or else a new row.
void RunDialog::browseHostPath(bool singleFile) {
    const QString path = singleFile
                             ? QFileDialog::getOpenFileName(this, tr("Bind a Host File"))
                             : QFileDialog::getExistingDirectory(this, tr("Bind a Host Folder"));
    if (path.isEmpty()) {
        return;
    }
    QTableWidget* table = ui_->volumeTable;
    int row = table->currentRow();
    if (row < 0 || !cellText(table, row, SourceColumn).isEmpty()) {
        addMappingRow({});
        row = table->rowCount() - 1;
    }
    table->item(row, SourceColumn)->setData(kSingleFileRole, singleFile);
    table->item(row, SourceColumn)->setText(path);
    table->setCurrentCell(row, TargetColumn);
    table->editItem(table->item(row, TargetColumn));
}

void RunDialog::mapImageVolumes() {
    std::vector<std::string> mapped;
    for (const VolumeMapping& mapping : mappingRows()) {
        mapped.push_back(cleanContainerPath(mapping.target));
    }
    for (const QString& path : imageVolumes_) {
        const std::string target = cleanContainerPath(path.toStdString());
        if (std::find(mapped.begin(), mapped.end(), target) == mapped.end()) {
            addMappingRow({"", target, false, false});
        }
    }
    updateState();
}

void RunDialog::rebuildVolumeMenu() {
    volumeMenu_->clear();
    for (const QString& name : volumeNames_) {
        volumeMenu_->addAction(name, this, [this, name] {
            addMappingRow({name.toStdString(), "", false, false});
            const int row = ui_->volumeTable->rowCount() - 1;
            ui_->volumeTable->setCurrentCell(row, TargetColumn);
            ui_->volumeTable->editItem(ui_->volumeTable->item(row, TargetColumn));
            updateState();
        });
    }
    if (volumeNames_.isEmpty()) {
        volumeMenu_->addAction(tr("No volumes yet: type a name in the table to create one"))
            ->setEnabled(false);
    }
}

void RunDialog::rebuildContainerMenu() {
    containerMenu_->clear();
    for (const QString& name : containerNames_) {
        containerMenu_->addAction(name, this, [this, name] {
            addVolumesFromRow({name.toStdString(), ""});
            updateState();
        });
    }
    if (containerNames_.isEmpty()) {
        containerMenu_->addAction(tr("No containers yet"))->setEnabled(false);
    }
}

} // namespace berth::studio

#include "volumesmodel.h"

#include "client/client.h"
#include "engineconnection.h"
#include "formatting.h"

#include <QDateTime>

namespace berth::studio {

Result<VolumesSnapshot> loadVolumesSnapshot(client::Client& client) {
    auto volumes = client.listVolumes();
    auto summaries = client.listContainers(true);
    if (!summaries) {
        return std::unexpected(summaries.error());
    }
    VolumesSnapshot snapshot;
    for (const client::ContainerSummary& summary : *summaries) {
        if (auto inspect = client.inspectContainer(summary.id); inspect) {
            snapshot.containers.push_back(containerMountsFromInspect(*inspect));
        }
    }
    if (volumes) {
        snapshot.volumes = volumeRowsFromJson(*volumes, snapshot.containers);
        // An engine without /system/df leaves the sizes unknown.
        if (auto usage = client.diskUsage(); usage) {
            applyDiskUsage(snapshot.volumes, *usage);
        }
    } else {
        snapshot.volumesError = volumes.error().message;
    }
    return snapshot;
}

VolumesModel::VolumesModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void VolumesModel::setConnection(EngineConnection* connection) {
    connection_ = connection;
    setSnapshot({});
    loaded_ = false;
    loading_ = false;
    if (connection_ && connection_->isConnected()) {
        reload();
    }
}

void VolumesModel::reload() {
    if (!connection_) {
        return;
    }
    if (loading_) {
        reloadAgain_ = true;
        return;
    }
    loading_ = true;
    connection_->run(this, loadVolumesSnapshot, [this](Result<VolumesSnapshot> snapshot) {
        loading_ = false;
        if (snapshot) {
            setSnapshot(std::move(*snapshot));
            loaded_ = true;
            emit loaded();
        } else {
            emit loadFailed(QString::fromStdString(snapshot.error().message));
        }
        if (std::exchange(reloadAgain_, false)) {
            reload();
        }
    });
}

void VolumesModel::setSnapshot(VolumesSnapshot snapshot) {
    // Volumes change rarely; a reset keeps the code simple.
    beginResetModel();
    snapshot_ = std::move(snapshot);
    endResetModel();
}

int VolumesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(snapshot_.volumes.size());
}

int VolumesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VolumesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const VolumeRow& row = snapshot_.volumes[index.row()];
    if (role == NameRole) {
        return QString::fromStdString(row.name);
    }
    if (role == SortRole) {
        switch (index.column()) {
        case Size:
            return qint64(row.size);
        case UsedBy:
            return int(row.usedBy.size());
        case Created:
            return QString::fromStdString(row.createdAt);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Size) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == Name) {
        return QString::fromStdString(row.mountpoint);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Name:
        return QString::fromStdString(row.name);
    case Driver:
        return QString::fromStdString(row.driver);
    case Size:
        return row.size < 0 ? tr("unknown") : formatSize(row.size);
    case UsedBy: {
        QStringList names;
        for (const std::string& name : row.usedBy) {
            names << QString::fromStdString(name);
        }
        return names.isEmpty() ? tr("unused") : names.join(QStringLiteral(", "));
    }
    case Created: {
        const QDateTime created =
            QDateTime::fromString(QString::fromStdString(row.createdAt), Qt::ISODateWithMs);
        return created.isValid()
                   ? formatAge(created.toSecsSinceEpoch(), QDateTime::currentSecsSinceEpoch())
                   : QString::fromStdString(row.createdAt);
    }
    default:
        return {};
    }
}

QVariant VolumesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Name");
    case Driver:
        return tr("Driver");
    case Size:
        return tr("Size");
    case UsedBy:
        return tr("Used by");
    case Created:
        return tr("Created");
    default:
        return {};
    }
}

const VolumeRow* VolumesModel::volume(int row) const {
    return row >= 0 && row < rowCount() ? &snapshot_.volumes[row] : nullptr;
}

int VolumesModel::rowOfName(const QString& name) const {
    for (size_t row = 0; row < snapshot_.volumes.size(); ++row) {
        if (QString::fromStdString(snapshot_.volumes[row].name) == name) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

SharingGraph VolumesModel::sharingGraph() const {
    std::vector<std::string> names;
    for (const VolumeRow& row : snapshot_.volumes) {
        names.push_back(row.name);
    }
    return buildSharingGraph(snapshot_.containers, names);
}

} // namespace berth::studio

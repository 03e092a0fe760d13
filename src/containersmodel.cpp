#include "containersmodel.h"

#include "engineconnection.h"
#include "formatting.h"

#include <QDateTime>

#include <algorithm>
#include <unordered_map>

namespace berth::studio {

QString containerName(const client::ContainerSummary& container) {
    if (container.names.empty()) {
        return shortId(container.id);
    }
    QString name = QString::fromStdString(container.names.front());
    return name.startsWith(QLatin1Char('/')) ? name.mid(1) : name;
}

ContainersModel::ContainersModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ContainersModel::setConnection(EngineConnection* connection) {
    connection_ = connection;
    setContainers({});
    loaded_ = false;
    loading_ = false;
    // Before the engine answers (a bundled berthd still starting) the list would only
    // fail; the window reloads every model once the connection is up.
    if (connection_ && connection_->isConnected()) {
        reload();
    }
}

void ContainersModel::reload() {
    if (!connection_) {
        return;
    }
    if (loading_) {
        reloadAgain_ = true;
        return;
    }
    loading_ = true;
    connection_->run(
        this, [](client::Client& client) { return client.listContainers(true); },
        [this](Result<std::vector<client::ContainerSummary>> containers) {
            loading_ = false;
            if (containers) {
                setContainers(std::move(*containers));
                loaded_ = true;
                emit loaded();
            } else {
                emit loadFailed(QString::fromStdString(containers.error().message));
            }
            if (std::exchange(reloadAgain_, false)) {
                reload();
            }
        });
}

void ContainersModel::setContainers(std::vector<client::ContainerSummary> containers) {
    std::unordered_map<std::string, size_t> incoming;
    for (size_t i = 0; i < containers.size(); ++i) {
        incoming[containers[i].id] = i;
    }
    for (int row = static_cast<int>(rows_.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(rows_[row].id)) {
            beginRemoveRows({}, row, row);
            rows_.erase(rows_.begin() + row);
            endRemoveRows();
        }
    }
    std::vector<bool> placed(containers.size(), false);
    for (size_t row = 0; row < rows_.size(); ++row) {
        const size_t from = incoming.at(rows_[row].id);
        rows_[row] = std::move(containers[from]);
        placed[from] = true;
        emit dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
    }
    std::vector<client::ContainerSummary> added;
    for (size_t i = 0; i < containers.size(); ++i) {
        if (!placed[i]) {
            added.push_back(std::move(containers[i]));
        }
    }
    if (!added.empty()) {
        const int first = static_cast<int>(rows_.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        std::move(added.begin(), added.end(), std::back_inserter(rows_));
        endInsertRows();
    }
}

int ContainersModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ContainersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContainersModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const client::ContainerSummary& container = rows_[index.row()];
    const QString state = QString::fromStdString(container.state);
    switch (role) {
    case IdRole:
        return QString::fromStdString(container.id);
    case StateRole:
        return state;
    case NameRole:
        return containerName(container);
    case Qt::DecorationRole:
        return index.column() == State ? QVariant(dotIcon(stateColor(state))) : QVariant();
    case Qt::ToolTipRole:
        return index.column() == Command ? QString::fromStdString(container.command) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case State:
        return state;
    case Name:
        return containerName(container);
    case Image:
        return QString::fromStdString(container.image);
    case Command:
        return QString::fromStdString(container.command);
    case Ports:
        return formatPorts(container.ports);
    case Created:
        return formatAge(container.created, QDateTime::currentSecsSinceEpoch());
    case Status:
        return QString::fromStdString(container.status);
    default:
        return {};
    }
}

QVariant ContainersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case State:
        return tr("State");
    case Name:
        return tr("Name");
    case Image:
        return tr("Image");
    case Command:
        return tr("Command");
    case Ports:
        return tr("Ports");
    case Created:
        return tr("Created");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

const client::ContainerSummary* ContainersModel::container(int row) const {
    return row >= 0 && row < rowCount() ? &rows_[row] : nullptr;
}

int ContainersModel::rowOfId(const QString& id) const {
    const std::string key = id.toStdString();
    for (size_t row = 0; row < rows_.size(); ++row) {
        if (rows_[row].id == key || rows_[row].id.starts_with(key)) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

int ContainersModel::runningCount() const {
    return static_cast<int>(std::count_if(rows_.begin(), rows_.end(), [](const auto& container) {
        return container.state == "running";
    }));
}

} // namespace berth::studio

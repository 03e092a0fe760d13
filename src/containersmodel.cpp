#include "containersmodel.h"

#include "engineconnection.h"
#include "formatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QTimer>

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

QStringList runningContainerNames(const ContainersModel& model) {
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row) {
        const client::ContainerSummary* container = model.container(row);
        if (container->state == "running") {
            names << containerName(*container);
        }
    }
    names.sort();
    return names;
}

std::vector<HostPortUse> publishedHostPorts(const ContainersModel& model) {
    std::vector<HostPortUse> uses;
    for (int row = 0; row < model.rowCount(); ++row) {
        const client::ContainerSummary* container = model.container(row);
        for (const client::PortMapping& port : container->ports) {
            if (port.publicPort > 0 && port.publicPort <= 65535) {
                uses.push_back({static_cast<uint16_t>(port.publicPort), port.type,
                                containerName(*container).toStdString()});
            }
        }
    }
    return uses;
}

QString healthFromStatus(const std::string& status) {
    if (status.ends_with("(healthy)")) {
        return QStringLiteral("healthy");
    }
    if (status.ends_with("(unhealthy)")) {
        return QStringLiteral("unhealthy");
    }
    if (status.ends_with("(health: starting)")) {
        return QStringLiteral("starting");
    }
    return {};
}

QString stateText(const QString& state) {
    static const QHash<QString, const char*> texts = {
        {QStringLiteral("created"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "created")},
        {QStringLiteral("running"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "running")},
        {QStringLiteral("paused"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "paused")},
        {QStringLiteral("restarting"),
         QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "restarting")},
        {QStringLiteral("removing"),
         QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "removing")},
        {QStringLiteral("exited"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "exited")},
        {QStringLiteral("dead"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "dead")},
        {QStringLiteral("healthy"), QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "healthy")},
        {QStringLiteral("unhealthy"),
         QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "unhealthy")},
        {QStringLiteral("starting"),
         QT_TRANSLATE_NOOP("berth::studio::ContainersModel", "starting")},
    };
    const auto found = texts.constFind(state);
    return found == texts.constEnd()
               ? state
               : QCoreApplication::translate("berth::studio::ContainersModel", found.value());
}

namespace {

// Docker's shortest step is one second ("Up 26 seconds"), so a slower refresh would make
// young containers' times jump.
constexpr int kTimeRefreshMs = 1000;

} // namespace

ContainersModel::ContainersModel(QObject* parent)
    : QAbstractTableModel(parent)
    , clock_([] { return QDateTime::currentSecsSinceEpoch(); })
    , timeRefresh_(new QTimer(this)) {
    timeRefresh_->setInterval(kTimeRefreshMs);
    connect(timeRefresh_, &QTimer::timeout, this, &ContainersModel::refreshTimes);
    timeRefresh_->start();
}

void ContainersModel::setClock(Clock clock) {
    clock_ = std::move(clock);
    refreshTimes();
}

void ContainersModel::refreshTimes() {
    if (rows_.empty()) {
        return;
    }
    const int last = rowCount() - 1;
    emit dataChanged(index(0, Created), index(last, Created), {Qt::DisplayRole});
    emit dataChanged(index(0, Status), index(last, Status), {Qt::DisplayRole});
}

QString ContainersModel::statusText(int row) const {
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return formatContainerStatus(statusTimes_[size_t(row)], now());
}

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
                loadHealthLogs();
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
            statusTimes_.erase(statusTimes_.begin() + row);
            endRemoveRows();
        }
    }
    const int64_t listedAt = now();
    std::vector<bool> placed(containers.size(), false);
    for (size_t row = 0; row < rows_.size(); ++row) {
        const size_t from = incoming.at(rows_[row].id);
        rows_[row] = std::move(containers[from]);
        statusTimes_[row] = parseContainerStatus(rows_[row].status, listedAt);
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
        for (const client::ContainerSummary& container : added) {
            statusTimes_.push_back(parseContainerStatus(container.status, listedAt));
        }
        std::move(added.begin(), added.end(), std::back_inserter(rows_));
        endInsertRows();
    }
}

void ContainersModel::loadHealthLogs() {
    for (const client::ContainerSummary& container : rows_) {
        if (healthFromStatus(container.status).isEmpty() || !connection_) {
            continue;
        }
        const std::string id = container.id;
        connection_->run(
            this, [id](client::Client& client) { return client.inspectContainer(id); },
            [this, id](Result<client::Json> inspect) {
                if (!inspect) {
                    return;
                }
                const client::Json health = inspect->value("State", client::Json::object())
                                                .value("Health", client::Json::object());
                const client::Json log = health.value("Log", client::Json::array());
                if (!log.is_array() || log.empty() || !log.back().is_object()) {
                    return;
                }
                const client::Json& last = log.back();
                setHealthLog(QString::fromStdString(id),
                             tr("Last check exited with %1:\n%2")
                                 .arg(last.value("ExitCode", int64_t(-1)))
                                 .arg(QString::fromStdString(last.value("Output", "")).trimmed()));
            });
    }
}

void ContainersModel::setHealthLog(const QString& id, const QString& lastOutput) {
    const int row = rowOfId(id);
    if (row < 0) {
        return;
    }
    healthLogs_[rows_[size_t(row)].id] = lastOutput;
    emit dataChanged(index(row, State), index(row, State), {Qt::ToolTipRole});
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
    const QString health = healthFromStatus(container.status);
    switch (role) {
    case HealthRole:
        return health;
    case IdRole:
        return QString::fromStdString(container.id);
    case StateRole:
        return state;
    case NameRole:
        return containerName(container);
    case Qt::DecorationRole:
        if (index.column() != State) {
            return {};
        }
        return dotIcon(health == QLatin1String("unhealthy") ? stateColor(QStringLiteral("dead"))
                                                            : stateColor(state));
    case Qt::ToolTipRole:
        if (index.column() == State && !health.isEmpty()) {
            const auto log = healthLogs_.find(container.id);
            return log != healthLogs_.end() ? log->second : QVariant();
        }
        return index.column() == Command ? QString::fromStdString(container.command) : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case State:
        return health.isEmpty() ? stateText(state)
                                : tr("%1 (%2)").arg(stateText(state), stateText(health));
    case Name:
        return containerName(container);
    case Image:
        return QString::fromStdString(container.image);
    case Command:
        return QString::fromStdString(container.command);
    case Ports:
        return formatPorts(container.ports);
    case Created:
        return formatAge(container.created, now());
    case Status:
        return statusText(index.row());
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

#pragma once

// The engine's containers as a table. reload() lists them on the worker pool; rows are
// updated in place by id so that selection and scroll position survive a refresh. The
// Created and Status columns follow the clock: a timer re-reads them every second without
// asking the engine.

#include "client/types.h"
#include "formatting.h"
#include "portforward.h"

#include <QAbstractTableModel>

#include <functional>
#include <map>
#include <vector>

class QTimer;

namespace berth::studio {

class EngineConnection;

class ContainersModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { State, Name, Image, Command, Ports, Created, Status, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StateRole, NameRole, HealthRole };

    // Seconds since the epoch.
    using Clock = std::function<int64_t()>;

    explicit ContainersModel(QObject* parent = nullptr);

    // Replaces the wall clock, for tests.
    void setClock(Clock clock);
    [[nodiscard]] int64_t now() const { return clock_(); }
    // Emits dataChanged for the Created and Status columns of every row.
    void refreshTimes();
    // The Status column's text: the engine's status advanced to now().
    [[nodiscard]] QString statusText(int row) const;

    void setConnection(EngineConnection* connection);
    // Lists the containers again; a reload asked for while one runs follows it.
    void reload();

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    [[nodiscard]] const client::ContainerSummary* container(int row) const;
    [[nodiscard]] int rowOfId(const QString& id) const;
    [[nodiscard]] int runningCount() const;
    [[nodiscard]] bool hasLoaded() const { return loaded_; }

    // Replaces the rows with `containers`, keeping rows whose id stays.
    void setContainers(std::vector<client::ContainerSummary> containers);
    // The last health check's output for the state column's tooltip, from inspect.
    void setHealthLog(const QString& id, const QString& lastOutput);

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    // Reads State.Health of the containers that have a health check.
    void loadHealthLogs();

    EngineConnection* connection_ = nullptr;
    std::map<std::string, QString> healthLogs_;
    std::vector<client::ContainerSummary> rows_;
    std::vector<ContainerStatusTime> statusTimes_; // one per row
    Clock clock_;
    QTimer* timeRefresh_;
    bool loading_ = false;
    bool reloadAgain_ = false;
    bool loaded_ = false;
};

// "healthy", "unhealthy" or "starting" from a list entry's Status ("Up 3 minutes
// (healthy)", "Up 2 seconds (health: starting)"); empty without a health check.
[[nodiscard]] QString healthFromStatus(const std::string& status);

// A container state ("running", "exited", ...) or health ("healthy", ...) as the studio shows
// it, translated. An unknown word stays as the engine sent it.
[[nodiscard]] QString stateText(const QString& state);

// "web" from Docker's "/web".
[[nodiscard]] QString containerName(const client::ContainerSummary& container);

// The names of the model's running containers, sorted.
[[nodiscard]] QStringList runningContainerNames(const ContainersModel& model);

// Every host port that a container of the model publishes, with the container's name.
[[nodiscard]] std::vector<HostPortUse> publishedHostPorts(const ContainersModel& model);

} // namespace berth::studio

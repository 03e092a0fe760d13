#pragma once

// The engine's volumes as a table like `docker volume ls`, with size, the containers that
// use each one and its age. A reload also reads every container's mounts, which the
// sharing map draws, so both views show one snapshot of the engine.

#include "volumeusage.h"

#include <QAbstractTableModel>

#include <vector>

namespace berth::client {
class Client;
}

namespace berth::studio {

class EngineConnection;

struct VolumesSnapshot {
    std::vector<VolumeRow> volumes;
    std::vector<ContainerMounts> containers;
    // Set when GET /volumes failed but the containers were read: an engine without the
    // volumes API still gets a map of its bind mounts.
    std::string volumesError;
};

class VolumesModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Driver, Size, UsedBy, Created, ColumnCount };
    // SortRole gives raw values (bytes, user count, the RFC 3339 time) for the proxy.
    enum Role { NameRole = Qt::UserRole + 1, SortRole };

    explicit VolumesModel(QObject* parent = nullptr);

    void setConnection(EngineConnection* connection);
    void reload();

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    [[nodiscard]] const VolumeRow* volume(int row) const;
    [[nodiscard]] int rowOfName(const QString& name) const;
    [[nodiscard]] const std::vector<ContainerMounts>& containers() const {
        return snapshot_.containers;
    }
    [[nodiscard]] SharingGraph sharingGraph() const;
    [[nodiscard]] QString volumesError() const {
        return QString::fromStdString(snapshot_.volumesError);
    }
    [[nodiscard]] bool hasLoaded() const { return loaded_; }

    void setSnapshot(VolumesSnapshot snapshot);

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    EngineConnection* connection_ = nullptr;
    VolumesSnapshot snapshot_;
    bool loading_ = false;
    bool reloadAgain_ = false;
    bool loaded_ = false;
};

// Reads the volumes and every container's inspect response; a container removed meanwhile
// is left out. Fails only when the containers cannot be listed.
[[nodiscard]] Result<VolumesSnapshot> loadVolumesSnapshot(client::Client& client);

} // namespace berth::studio

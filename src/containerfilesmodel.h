#pragma once

// The entries of one directory in a container, for the Files tab: name, size, permissions,
// modification time and how each differs from the image, directories first.

#include "client/types.h"

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>

#include <map>

#include <vector>

namespace berth::studio {

class ContainerFilesModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Size, Permissions, Modified, Change, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setEntries(const QString& directory, std::vector<client::ContainerPathStat> entries);
    void clear();
    // The container's differences from its image (docker diff), for every directory.
    void setChanges(const std::vector<client::ContainerChange>& changes);
    // The names deleted from the shown directory since the image.
    [[nodiscard]] QStringList deletedNames() const;

    [[nodiscard]] QString directory() const { return directory_; }
    [[nodiscard]] const client::ContainerPathStat* entry(int row) const;
    // The container path of the entry in row.
    [[nodiscard]] QString pathOf(int row) const;
    [[nodiscard]] int rowOfName(const QString& name) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    QString directory_;
    std::vector<client::ContainerPathStat> entries_;
    std::map<QString, client::ContainerChange::Kind> changes_; // by container path
};

// "drwxr-xr-x" from Go's os.FileMode bits.
[[nodiscard]] QString formatFileMode(uint32_t mode);

} // namespace berth::studio

#pragma once

// The engine's images as a table, one row per repository:tag like `docker images`, and one
// "<none>" row for an untagged image. "Used by" counts the containers made from the image.

#include "client/types.h"

#include <QAbstractTableModel>

#include <vector>

namespace berth::studio {

class EngineConnection;

struct ImageRow {
    client::ImageSummary image;
    QString repository; // "<none>" when untagged
    QString tag;
    int usedBy = 0;

    // "busybox:latest", or the id for an untagged image.
    [[nodiscard]] QString reference() const;
};

class ImagesModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Repository, Tag, Id, Size, Created, UsedBy, ColumnCount };
    enum Role { ReferenceRole = Qt::UserRole + 1, IdRole };

    explicit ImagesModel(QObject* parent = nullptr);

    void setConnection(EngineConnection* connection);
    void reload();

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    [[nodiscard]] const ImageRow* imageRow(int row) const;
    [[nodiscard]] int rowOfReference(const QString& reference) const;
    // Every repository:tag the engine has, for completion in the Run dialog.
    [[nodiscard]] QStringList references() const;
    [[nodiscard]] bool hasLoaded() const { return loaded_; }

    void setRows(std::vector<ImageRow> rows);

signals:
    void loaded();
    void loadFailed(const QString& message);

private:
    EngineConnection* connection_ = nullptr;
    std::vector<ImageRow> rows_;
    bool loading_ = false;
    bool reloadAgain_ = false;
    bool loaded_ = false;
};

} // namespace berth::studio

#include "imagesmodel.h"

#include "client/client.h"
#include "engineconnection.h"
#include "formatting.h"

#include <QDateTime>

#include <map>

namespace berth::studio {

namespace {

// Splits "registry:5000/app:1.2" at the tag's colon, not the port's.
std::pair<QString, QString> splitRepoTag(const std::string& repoTag) {
    const QString text = QString::fromStdString(repoTag);
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0 || colon < text.lastIndexOf(QLatin1Char('/'))) {
        return {text, QString()};
    }
    return {text.left(colon), text.mid(colon + 1)};
}

Result<std::vector<ImageRow>> listImageRows(client::Client& client) {
    auto images = client.listImages();
    if (!images) {
        return std::unexpected(images.error());
    }
    std::map<std::string, int> usedBy;
    if (auto containers = client.listContainers(true); containers) {
        for (const client::ContainerSummary& container : *containers) {
            ++usedBy[container.imageId];
        }
    }
    std::vector<ImageRow> rows;
    for (const client::ImageSummary& image : *images) {
        const int count = image.containers >= 0 && !usedBy.contains(image.id)
                              ? static_cast<int>(image.containers)
                              : usedBy[image.id];
        std::vector<std::string> tags = image.repoTags;
        std::erase(tags, "<none>:<none>");
        if (tags.empty()) {
            rows.push_back({image, QStringLiteral("<none>"), QStringLiteral("<none>"), count});
        }
        for (const std::string& repoTag : tags) {
            auto [repository, tag] = splitRepoTag(repoTag);
            rows.push_back({image, repository, tag, count});
        }
    }
    return rows;
}

} // namespace

QString ImageRow::reference() const {
    if (repository == QLatin1String("<none>")) {
        return QString::fromStdString(image.id);
    }
    return tag.isEmpty() ? repository : repository + QLatin1Char(':') + tag;
}

ImagesModel::ImagesModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void ImagesModel::setConnection(EngineConnection* connection) {
    connection_ = connection;
    setRows({});
    loaded_ = false;
    loading_ = false;
    // Before the engine answers (a bundled berthd still starting) the list would only
    // fail; the window reloads every model once the connection is up.
    if (connection_ && connection_->isConnected()) {
        reload();
    }
}

void ImagesModel::reload() {
    if (!connection_) {
        return;
    }
    if (loading_) {
        reloadAgain_ = true;
        return;
    }
    loading_ = true;
    connection_->run(this, listImageRows, [this](Result<std::vector<ImageRow>> rows) {
        loading_ = false;
        if (rows) {
            setRows(std::move(*rows));
            loaded_ = true;
            emit loaded();
        } else {
            emit loadFailed(QString::fromStdString(rows.error().message));
        }
        if (std::exchange(reloadAgain_, false)) {
            reload();
        }
    });
}

void ImagesModel::setRows(std::vector<ImageRow> rows) {
    // Containers' events reload the images too (for "used by"); an unchanged list must not
    // reset the view and lose the user's selection.
    const auto same = [](const ImageRow& a, const ImageRow& b) {
        return a.image.id == b.image.id && a.repository == b.repository && a.tag == b.tag &&
               a.usedBy == b.usedBy && a.image.size == b.image.size &&
               a.image.created == b.image.created;
    };
    if (std::equal(rows.begin(), rows.end(), rows_.begin(), rows_.end(), same)) {
        return;
    }
    // Images change rarely and rows have no stable single key, so a reset is fine here.
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int ImagesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ImagesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImagesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) {
        return {};
    }
    const ImageRow& row = rows_[index.row()];
    if (role == ReferenceRole) {
        return row.reference();
    }
    if (role == IdRole) {
        return QString::fromStdString(row.image.id);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Size || index.column() == UsedBy)) {
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Repository:
        return row.repository;
    case Tag:
        return row.tag;
    case Id:
        return shortId(row.image.id);
    case Size:
        return formatSize(row.image.size);
    case Created:
        return formatAge(row.image.created, QDateTime::currentSecsSinceEpoch());
    case UsedBy:
        return row.usedBy;
    default:
        return {};
    }
}

QVariant ImagesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) {
        return {};
    }
    // Each title sits on the side its column's values are aligned to.
    if (role == Qt::TextAlignmentRole) {
        return section == Size || section == UsedBy ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                    : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Repository:
        return tr("Repository");
    case Tag:
        return tr("Tag");
    case Id:
        return tr("Image ID");
    case Size:
        return tr("Size");
    case Created:
        return tr("Created");
    case UsedBy:
        return tr("Used by");
    default:
        return {};
    }
}

const ImageRow* ImagesModel::imageRow(int row) const {
    return row >= 0 && row < rowCount() ? &rows_[row] : nullptr;
}

int ImagesModel::rowOfReference(const QString& reference) const {
    for (size_t row = 0; row < rows_.size(); ++row) {
        if (rows_[row].reference() == reference) {
            return static_cast<int>(row);
        }
    }
    return -1;
}

QStringList ImagesModel::references() const {
    QStringList list;
    for (const ImageRow& row : rows_) {
        if (row.repository != QLatin1String("<none>")) {
            list << row.reference();
        }
    }
    list.removeDuplicates();
    return list;
}

} // namespace berth::studio

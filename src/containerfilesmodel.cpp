#include "containerfilesmodel.h"

#include "formatting.h"

#include <QDateTime>
#include <QFont>

#include <algorithm>

namespace berth::studio {

void ContainerFilesModel::setEntries(const QString& directory,
                                     std::vector<client::ContainerPathStat> entries) {
    std::ranges::sort(entries, [](const auto& a, const auto& b) {
        if (a.isDirectory() != b.isDirectory()) {
            return a.isDirectory();
        }
        return a.name < b.name;
    });
    beginResetModel();
    directory_ = directory;
    entries_ = std::move(entries);
    endResetModel();
}

void ContainerFilesModel::clear() {
    setEntries({}, {});
    setChanges({});
}

void ContainerFilesModel::setChanges(const std::vector<client::ContainerChange>& changes) {
    changes_.clear();
    for (const client::ContainerChange& change : changes) {
        changes_[QString::fromStdString(change.path)] = change.kind;
    }
    if (!entries_.empty()) {
        emit dataChanged(index(0, 0), index(int(entries_.size()) - 1, ColumnCount - 1));
    }
}

QStringList ContainerFilesModel::deletedNames() const {
    QString base = directory_.endsWith(QLatin1Char('/')) ? directory_ : directory_ + '/';
    QStringList names;
    for (const auto& [path, kind] : changes_) {
        QString name = path.mid(base.size());
        bool inDirectory = path.startsWith(base) && !name.isEmpty() && !name.contains('/');
        if (inDirectory && kind == client::ContainerChange::Kind::Deleted) {
            names << name;
        }
    }
    return names;
}

const client::ContainerPathStat* ContainerFilesModel::entry(int row) const {
    if (row < 0 || row >= int(entries_.size())) {
        return nullptr;
    }
    return &entries_[size_t(row)];
}

QString ContainerFilesModel::pathOf(int row) const {
    const client::ContainerPathStat* stat = entry(row);
    if (!stat) {
        return {};
    }
    QString base = directory_.endsWith(QLatin1Char('/')) ? directory_ : directory_ + '/';
    return base + QString::fromStdString(stat->name);
}

int ContainerFilesModel::rowOfName(const QString& name) const {
    for (size_t row = 0; row < entries_.size(); ++row) {
        if (QString::fromStdString(entries_[row].name) == name) {
            return int(row);
        }
    }
    return -1;
}

int ContainerFilesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(entries_.size());
}

int ContainerFilesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ContainerFilesModel::data(const QModelIndex& index, int role) const {
    const client::ContainerPathStat* stat = entry(index.row());
    if (!stat) {
        return {};
    }
    auto change = changes_.find(pathOf(index.row()));
    if (role == Qt::FontRole && change != changes_.end()) {
        QFont font;
        font.setBold(true); // marks what the container changed since the image
        return font;
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Name: {
        QString name = QString::fromStdString(stat->name);
        if (stat->isDirectory()) {
            return name + '/';
        }
        if (stat->isSymlink()) {
            return tr("%1 -> %2").arg(name, QString::fromStdString(stat->linkTarget));
        }
        return name;
    }
    case Size:
        return stat->isDirectory() ? QString() : formatSize(stat->size);
    case Permissions:
        return formatFileMode(stat->mode);
    case Modified:
        return QDateTime::fromString(QString::fromStdString(stat->mtime), Qt::ISODateWithMs)
            .toLocalTime()
            .toString(Qt::ISODate);
    case Change:
        if (change == changes_.end()) {
            return QString();
        }
        return change->second == client::ContainerChange::Kind::Added ? tr("Added") : tr("Changed");
    default:
        return {};
    }
}

QVariant ContainerFilesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Name");
    case Size:
        return tr("Size");
    case Permissions:
        return tr("Permissions");
    case Modified:
        return tr("Modified");
    case Change:
        return tr("Since Image");
    default:
        return {};
    }
}

QString formatFileMode(uint32_t mode) {
    QString text;
    if (mode & (1u << 31)) {
        text += 'd';
    } else if (mode & (1u << 27)) {
        text += 'l';
    } else if (mode & (1u << 21)) {
        text += 'c';
    } else if (mode & (1u << 26)) {
        text += 'b';
    } else if (mode & (1u << 25)) {
        text += 'p';
    } else {
        text += '-';
    }
    const char letters[] = "rwxrwxrwx";
    for (int bit = 0; bit < 9; ++bit) {
        text += (mode & (1u << (8 - bit))) ? QLatin1Char(letters[bit]) : QLatin1Char('-');
    }
    return text;
}

} // namespace berth::studio

#include "dockerfile/contexttree.h"

#include <QDir>
#include <QFile>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QPalette>

namespace berth::studio {

void IgnoredFilesProxy::setContext(const QString& root, std::vector<build::IgnoreRule> rules) {
    beginResetModel();
    root_ = root;
    rules_ = std::move(rules);
    endResetModel();
}

bool IgnoredFilesProxy::isIgnored(const QModelIndex& index) const {
    auto* files = qobject_cast<QFileSystemModel*>(sourceModel());
    if (files == nullptr || root_.isEmpty() || rules_.empty()) {
        return false;
    }
    const QString path = files->filePath(mapToSource(index));
    const QString relative = QDir(root_).relativeFilePath(path);
    if (relative.isEmpty() || relative.startsWith(QLatin1String(".."))) {
        return false;
    }
    return build::isIgnored(rules_, relative.toStdString());
}

QVariant IgnoredFilesProxy::data(const QModelIndex& index, int role) const {
    if (role == Qt::ForegroundRole && isIgnored(index)) {
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    }
    if (role == Qt::ToolTipRole && index.column() == 0 && isIgnored(index)) {
        return tr("Excluded by .dockerignore: the build does not see it");
    }
    return QIdentityProxyModel::data(index, role);
}

ContextTree::ContextTree(QWidget* parent)
    : QTreeView(parent)
    , files_(new QFileSystemModel(this))
    , proxy_(new IgnoredFilesProxy(this)) {
    setObjectName(QStringLiteral("dockerfileContextTree"));
    setAccessibleName(tr("Build context"));
    files_->setFilter(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    files_->setReadOnly(true);
    proxy_->setSourceModel(files_);
    setModel(proxy_);
    setHeaderHidden(true);
    for (int column = 1; column < files_->columnCount(); ++column) {
        hideColumn(column);
    }
    connect(this, &QTreeView::activated, this, [this](const QModelIndex& index) {
        const QModelIndex source = proxy_->mapToSource(index);
        if (!files_->isDir(source)) {
            emit fileActivated(files_->filePath(source));
        }
    });
}

void ContextTree::setContextDirectory(const QString& directory) {
    if (directory.isEmpty()) {
        proxy_->setContext(QString(), {});
        setRootIndex(QModelIndex());
        return;
    }
    std::vector<build::IgnoreRule> rules;
    QFile ignore(QDir(directory).filePath(QStringLiteral(".dockerignore")));
    if (ignore.open(QIODevice::ReadOnly)) {
        const QByteArray content = ignore.readAll();
        rules = build::parseDockerignore(std::string_view(content.constData(), content.size()));
    }
    const QModelIndex root = files_->setRootPath(directory);
    proxy_->setContext(directory, std::move(rules));
    setRootIndex(proxy_->mapFromSource(root));
}

} // namespace berth::studio

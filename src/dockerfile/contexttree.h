#pragma once

// The build context as a file tree beside the editor. Files and folders that the context's
// .dockerignore excludes are drawn greyed, because the builder does not see them.

#include "build/dockerignore.h"

#include <QIdentityProxyModel>
#include <QTreeView>

#include <vector>

class QFileSystemModel;

namespace berth::studio {

// Greys the entries of a QFileSystemModel that .dockerignore rules exclude.
class IgnoredFilesProxy final : public QIdentityProxyModel {
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;

    void setContext(const QString& root, std::vector<build::IgnoreRule> rules);
    [[nodiscard]] bool isIgnored(const QModelIndex& index) const;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

private:
    QString root_;
    std::vector<build::IgnoreRule> rules_;
};

class ContextTree final : public QTreeView {
    Q_OBJECT

public:
    explicit ContextTree(QWidget* parent = nullptr);

    // Shows the folder and reads its .dockerignore again; an empty folder clears the tree.
    void setContextDirectory(const QString& directory);
    [[nodiscard]] IgnoredFilesProxy* proxy() const { return proxy_; }
    [[nodiscard]] QFileSystemModel* fileSystemModel() const { return files_; }

signals:
    // A file was activated (double-click or Enter).
    void fileActivated(const QString& path);

private:
    QFileSystemModel* files_;
    IgnoredFilesProxy* proxy_;
};

} // namespace berth::studio

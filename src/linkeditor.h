#pragma once

// The --link table of the Run dialog and of Edit Ports and Links: one row per link, a
// container and an optional alias, added from a menu of the engine's running containers.
// The checks below the table catch a missing container, an invalid alias and an alias
// used twice before anything is created; the row at fault is tinted.

#include <QStringList>
#include <QWidget>

#include <memory>
#include <string>
#include <vector>

class QMenu;

namespace Ui {
class LinkEditor;
}

namespace berth::studio {

class LinkEditor final : public QWidget {
    Q_OBJECT

public:
    explicit LinkEditor(QWidget* parent = nullptr);
    ~LinkEditor() override;

    // "NAME" when the alias is the container's name, "NAME:ALIAS" otherwise, as
    // `docker run --link` takes them; rows left empty are skipped.
    [[nodiscard]] std::vector<std::string> links() const;
    void setLinks(const std::vector<std::string>& links);

    // The containers the "Add Link" menu offers.
    void setLinkTargets(const QStringList& names);

    // The first problem, naming the link; empty when every row is valid.
    [[nodiscard]] QString problemText() const;

signals:
    // A row was added, removed or edited; problemText() is up to date.
    void changed();

private:
    void addRow(const QString& container, const QString& alias);
    void rebuildMenu();
    void check();

    std::unique_ptr<Ui::LinkEditor> ui_;
    QStringList targets_;
    QMenu* menu_;
};

} // namespace berth::studio

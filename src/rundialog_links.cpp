// The Run dialog's Links tab: a table of --link entries, each a container and an optional
// alias, filled from a menu of the engine's containers. The checks below the table catch
// a missing container, an invalid alias and an alias used twice before anything is created.

#include "rundialog.h"

#include "ui_rundialog.h"

#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>

namespace berth::studio {

namespace {

enum LinkColumn { LinkContainerColumn, LinkAliasColumn };

QString linkCell(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

void RunDialog::setupLinksTab() {
    QTableWidget* table = ui_->linkTable;
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setVisible(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(table, &QTableWidget::itemChanged, this, &RunDialog::updateState);

    linkMenu_ = new QMenu(this);
    ui_->pickLinkButton->setMenu(linkMenu_);
    connect(linkMenu_, &QMenu::aboutToShow, this, &RunDialog::rebuildLinkMenu);
    connect(ui_->removeLinkButton, &QPushButton::clicked, this, [this] {
        ui_->linkTable->removeRow(ui_->linkTable->currentRow());
        updateState();
    });
}

void RunDialog::rebuildLinkMenu() {
    linkMenu_->clear();
    for (const QString& name : containerNames_) {
        linkMenu_->addAction(name, this, [this, name] {
            // The alias starts as the name; the user edits it in the table.
            addLinkRow(name, name);
            ui_->linkTable->editItem(
                ui_->linkTable->item(ui_->linkTable->rowCount() - 1, LinkAliasColumn));
            updateState();
        });
    }
    if (containerNames_.isEmpty()) {
        linkMenu_->addAction(tr("No containers yet"))->setEnabled(false);
    }
}

void RunDialog::addLinkRow(const QString& container, const QString& alias) {
    const QSignalBlocker blocker(ui_->linkTable);
    const int row = ui_->linkTable->rowCount();
    ui_->linkTable->insertRow(row);
    ui_->linkTable->setItem(row, LinkContainerColumn, new QTableWidgetItem(container));
    ui_->linkTable->setItem(row, LinkAliasColumn, new QTableWidgetItem(alias));
}

void RunDialog::fillLinks(const RunSpec& spec) {
    ui_->linkTable->setRowCount(0);
    for (const std::string& link : spec.links) {
        const QString text = QString::fromStdString(link);
        const int colon = text.indexOf(QLatin1Char(':'));
        addLinkRow(colon < 0 ? text : text.left(colon),
                   colon < 0 ? QString() : text.mid(colon + 1));
    }
}

std::vector<std::string> RunDialog::linkRows() const {
    std::vector<std::string> links;
    const QTableWidget* table = ui_->linkTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString container = linkCell(table, row, LinkContainerColumn);
        const QString alias = linkCell(table, row, LinkAliasColumn);
        if (container.isEmpty() && alias.isEmpty()) {
            continue;
        }
        // An alias equal to the name is written in the short form, --link NAME.
        links.push_back(
            (alias.isEmpty() || alias == container ? container : container + ':' + alias)
                .toStdString());
    }
    return links;
}

QString RunDialog::linkProblemText() const {
    // An alias becomes a host name in /etc/hosts and part of the link's variable names.
    static const QRegularExpression kValidAlias(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"));
    const QTableWidget* table = ui_->linkTable;
    QSet<QString> aliases;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString container = linkCell(table, row, LinkContainerColumn);
        QString alias = linkCell(table, row, LinkAliasColumn);
        if (container.isEmpty() && alias.isEmpty()) {
            continue;
        }
        if (container.isEmpty()) {
            return tr("Link %1: choose the container to link to.").arg(row + 1);
        }
        if (alias.isEmpty()) {
            alias = container;
        }
        if (!kValidAlias.match(alias).hasMatch()) {
            return tr("Link %1: \"%2\" is not a valid alias; use letters, digits, _ . or -, "
                      "starting with a letter or digit.")
                .arg(row + 1)
                .arg(alias);
        }
        if (aliases.contains(alias)) {
            return tr("Link %1: the alias \"%2\" is used by another link.").arg(row + 1).arg(alias);
        }
        aliases.insert(alias);
    }
    return {};
}

} // namespace berth::studio

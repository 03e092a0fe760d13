#include "linkeditor.h"

#include "formproblems.h"
#include "ui_linkeditor.h"

#include <QHeaderView>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>

namespace berth::studio {

namespace {

enum LinkColumn { ContainerColumn, AliasColumn };

QString cellText(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

LinkEditor::LinkEditor(QWidget* parent)
    : QWidget(parent)
    , ui_(std::make_unique<Ui::LinkEditor>()) {
    ui_->setupUi(this);
    QTableWidget* table = ui_->linkTable;
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setVisible(false);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(table, &QTableWidget::itemChanged, this, &LinkEditor::check);
    ui_->linkProblem->setVisible(false);

    menu_ = new QMenu(this);
    ui_->pickLinkButton->setMenu(menu_);
    connect(menu_, &QMenu::aboutToShow, this, &LinkEditor::rebuildMenu);
    connect(ui_->removeLinkButton, &QPushButton::clicked, this, [this] {
        ui_->linkTable->removeRow(ui_->linkTable->currentRow());
        check();
    });
    rebuildMenu();
}

LinkEditor::~LinkEditor() = default;

void LinkEditor::setLinkTargets(const QStringList& names) {
    targets_ = names;
    rebuildMenu();
}

void LinkEditor::rebuildMenu() {
    menu_->clear();
    for (const QString& name : targets_) {
        menu_->addAction(name, this, [this, name] {
            // The alias starts as the name; the user edits it in the table.
            addRow(name, name);
            check();
            ui_->linkTable->editItem(
                ui_->linkTable->item(ui_->linkTable->rowCount() - 1, AliasColumn));
        });
    }
    if (targets_.isEmpty()) {
        menu_->addAction(tr("No running containers"))->setEnabled(false);
    }
}

void LinkEditor::addRow(const QString& container, const QString& alias) {
    const QSignalBlocker blocker(ui_->linkTable);
    const int row = ui_->linkTable->rowCount();
    ui_->linkTable->insertRow(row);
    ui_->linkTable->setItem(row, ContainerColumn, new QTableWidgetItem(container));
    ui_->linkTable->setItem(row, AliasColumn, new QTableWidgetItem(alias));
}

void LinkEditor::setLinks(const std::vector<std::string>& links) {
    ui_->linkTable->setRowCount(0);
    for (const std::string& link : links) {
        const QString text = QString::fromStdString(link);
        const int colon = text.indexOf(QLatin1Char(':'));
        addRow(colon < 0 ? text : text.left(colon), colon < 0 ? QString() : text.mid(colon + 1));
    }
    check();
}

std::vector<std::string> LinkEditor::links() const {
    std::vector<std::string> links;
    const QTableWidget* table = ui_->linkTable;
    for (int row = 0; row < table->rowCount(); ++row) {
        const QString container = cellText(table, row, ContainerColumn);
        const QString alias = cellText(table, row, AliasColumn);
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

QString LinkEditor::problemText() const {
    return ui_->linkProblem->text();
}

void LinkEditor::check() {
    // An alias becomes a host name in /etc/hosts and part of the link's variable names.
    static const QRegularExpression kValidAlias(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$"));
    QTableWidget* table = ui_->linkTable;
    QSet<QString> aliases;
    QString problem;
    int problemRow = -1;
    for (int row = 0; row < table->rowCount() && problem.isEmpty(); ++row) {
        const QString container = cellText(table, row, ContainerColumn);
        QString alias = cellText(table, row, AliasColumn);
        if (container.isEmpty() && alias.isEmpty()) {
            continue;
        }
        if (alias.isEmpty()) {
            alias = container;
        }
        if (container.isEmpty()) {
            problem = tr("Link %1: choose the container to link to.").arg(row + 1);
        } else if (!kValidAlias.match(alias).hasMatch()) {
            problem = tr("Link %1: \"%2\" is not a valid alias; use letters, digits, _ . or -, "
                         "starting with a letter or digit.")
                          .arg(row + 1)
                          .arg(alias);
        } else if (aliases.contains(alias)) {
            problem =
                tr("Link %1: the alias \"%2\" is used by another link.").arg(row + 1).arg(alias);
        }
        aliases.insert(alias);
        problemRow = problem.isEmpty() ? -1 : row;
    }
    for (int row = 0; row < table->rowCount(); ++row) {
        markTableRow(table, row, row == problemRow ? problem : QString());
    }
    showProblem(ui_->linkProblem, problem);
    emit changed();
}

} // namespace berth::studio

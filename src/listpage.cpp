#include "listpage.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolBar>

namespace berth::studio {

QLineEdit* addFilterBox(QToolBar* toolbar, QSortFilterProxyModel* proxy, const QString& placeholder,
                        const QString& accessibleName) {
    auto* filter = new QLineEdit(toolbar);
    filter->setPlaceholderText(placeholder);
    filter->setAccessibleName(accessibleName);
    filter->setClearButtonEnabled(true);
    filter->setMaximumWidth(260);
    QObject::connect(filter, &QLineEdit::textChanged, proxy,
                     &QSortFilterProxyModel::setFilterFixedString);

    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(filter);
    return filter;
}

QTableView* createListView(QWidget* parent, QSortFilterProxyModel* proxy, const QString& objectName,
                           const QString& accessibleName) {
    auto* view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setAlternatingRowColors(true);
    return view;
}

} // namespace berth::studio

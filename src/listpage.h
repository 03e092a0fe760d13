#pragma once

// Widgets every list page has in common: the filter box at the end of its toolbar and the
// table view over its proxy model.

#include <QString>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;
class QWidget;

namespace berth::studio {

// Adds a stretch and a filter box to the toolbar's end; typing filters the proxy.
QLineEdit* addFilterBox(QToolBar* toolbar, QSortFilterProxyModel* proxy, const QString& placeholder,
                        const QString& accessibleName);

// Creates the page's table: whole-row selection, sorting, no editing, no grid, a context
// menu requested through customContextMenuRequested.
QTableView* createListView(QWidget* parent, QSortFilterProxyModel* proxy, const QString& objectName,
                           const QString& accessibleName);

} // namespace berth::studio

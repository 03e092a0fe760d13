#include "formproblems.h"

#include <QLabel>
#include <QSignalBlocker>
#include <QTableWidget>

namespace berth::studio {

void showProblem(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, kProblemColor);
    label->setPalette(palette);
}

void markTableRow(QTableWidget* table, int row, const QString& reason) {
    const QSignalBlocker blocker(table);
    // A translucent tint keeps the cell text readable whatever the palette's base colour.
    QColor tint = kProblemColor;
    tint.setAlpha(48);
    for (int column = 0; column < table->columnCount(); ++column) {
        QTableWidgetItem* item = table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            table->setItem(row, column, item);
        }
        item->setBackground(reason.isEmpty() ? QBrush() : QBrush(tint));
        item->setToolTip(reason);
    }
}

} // namespace berth::studio

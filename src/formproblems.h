#pragma once

// How the studio's forms show what keeps them from being accepted: a label below the
// field or table, hidden while there is no problem, and a tint on the table rows at fault.

#include <QColor>

class QLabel;
class QString;
class QTableWidget;

namespace berth::studio {

// The text colour of a problem, readable on light and dark palettes.
inline constexpr QColor kProblemColor(0xcf, 0x22, 0x2e);

// Sets the label's text in the problem colour, and hides it when the text is empty.
void showProblem(QLabel* label, const QString& text);

// Tints every cell of the table's row and sets the reason as its tooltip; an empty reason
// clears both. Emits no itemChanged signal.
void markTableRow(QTableWidget* table, int row, const QString& reason);

} // namespace berth::studio

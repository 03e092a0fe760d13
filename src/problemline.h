#pragma once

// Inline problem labels under a dialog's fields. Each keeps one line of room whether or not
// it shows a problem, so that a problem appearing while the user types never moves the
// fields below it. A problem wider than the label is elided, and the label's tooltip and
// problemText() contain the whole text.

#include <QString>

class QLabel;

namespace berth::studio {

// Makes `label` a fixed-height, one-line problem line in red.
void reserveProblemLine(QLabel* label);

// Shows `text` in a label set up by reserveProblemLine(); an empty text clears it.
void setProblemText(QLabel* label, const QString& text);

// Shows a failure in a dialog's multi-line error label, in the problem lines' red, or
// hides the label when `text` is empty.
void setErrorText(QLabel* label, const QString& text);

// The whole problem shown in `label`, before elision.
[[nodiscard]] QString problemText(const QLabel* label);

} // namespace berth::studio

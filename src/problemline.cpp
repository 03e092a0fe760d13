#include "problemline.h"

#include "formproblems.h"

#include <QEvent>
#include <QLabel>

namespace berth::studio {

namespace {

constexpr char kProblemProperty[] = "berthProblemText";

// Fits the stored problem into the label's current width.
void showElided(QLabel* label) {
    // A problem of several lines (one per bad --change) reads as sentences on one line.
    QString text = problemText(label);
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    const int width = label->contentsRect().width();
    // Before the dialog is shown the label has no laid-out width; the first resize elides.
    if (label->isVisible() && width > 0) {
        text = label->fontMetrics().elidedText(text, Qt::ElideRight, width);
    }
    label->setText(text);
}

// Elides the problem again when the dialog's width or font changes.
class ProblemElider final : public QObject {
public:
    explicit ProblemElider(QLabel* label)
        : QObject(label) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        const QEvent::Type type = event->type();
        if (type == QEvent::Resize || type == QEvent::FontChange || type == QEvent::Show) {
            showElided(static_cast<QLabel*>(watched));
        }
        return false;
    }
};

} // namespace

void reserveProblemLine(QLabel* label) {
    label->setWordWrap(false);
    label->setTextFormat(Qt::PlainText);
    // Ignored: a long problem must not widen the dialog either.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    const QMargins margins = label->contentsMargins();
    label->setFixedHeight(label->fontMetrics().height() + margins.top() + margins.bottom());
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, kProblemColor);
    label->setPalette(palette);
    label->installEventFilter(new ProblemElider(label));
    label->setVisible(true);
    setProblemText(label, problemText(label));
}

void setProblemText(QLabel* label, const QString& text) {
    label->setProperty(kProblemProperty, text);
    label->setToolTip(text);
    showElided(label);
}

QString problemText(const QLabel* label) {
    return label->property(kProblemProperty).toString();
}

void setErrorText(QLabel* label, const QString& text) {
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, kProblemColor);
    label->setPalette(palette);
    label->setWordWrap(true);
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace berth::studio

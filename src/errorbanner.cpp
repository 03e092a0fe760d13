#include "errorbanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace berth::studio {

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent)
    , label_(new QLabel(this)) {
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    // A red tint that reads on light and dark palettes alike.
    setStyleSheet(
        QStringLiteral("#errorBanner { background: rgba(207, 34, 46, 40); "
                       "border: 1px solid rgba(207, 34, 46, 140); border-radius: 4px; }"));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setAccessibleName(tr("Dismiss the error"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(label_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void ErrorBanner::showError(const QString& what, const QString& engineMessage) {
    show(what, engineMessage,
         tr("<b>%1</b><br>The engine said: %2")
             .arg(what.toHtmlEscaped(), engineMessage.toHtmlEscaped()));
}

void ErrorBanner::showProblem(const QString& what, const QString& reason) {
    show(what, reason, tr("<b>%1</b><br>%2").arg(what.toHtmlEscaped(), reason.toHtmlEscaped()));
}

void ErrorBanner::show(const QString& what, const QString& detail, const QString& html) {
    label_->setText(html);
    setAccessibleDescription(what + QLatin1Char(' ') + detail);
    what_ = what;
    QFrame::show();
}

void ErrorBanner::clearError(const QString& what) {
    if (what_ == what) {
        what_.clear();
        hide();
    }
}

QString ErrorBanner::text() const {
    return isVisible() ? accessibleDescription() : QString();
}

} // namespace berth::studio

// PreviewGutter: the preview rows at the editor's line positions.

#include "dockerfile/previewgutter.h"

#include "dockerfile/layerpreviewmodel.h"

#include <Qsci/qsciscintilla.h>

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

namespace berth::studio {

namespace {

using Sci = QsciScintillaBase;

constexpr int kStatusBarWidth = 4;
constexpr int kTextMargin = 8;

} // namespace

PreviewGutter::PreviewGutter(QsciScintilla* editor, LayerPreviewModel* model, QWidget* parent)
    : QWidget(parent)
    , editor_(editor)
    , model_(model) {
    setObjectName(QStringLiteral("dockerfilePreviewGutter"));
    setAccessibleName(tr("Layer preview beside the lines"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Expanding);
    setMouseTracking(true);

    // Scintilla paints after every scroll, zoom, fold, wrap and resize, so repainting the
    // rows then keeps them on their lines.
    connect(editor_, &QsciScintillaBase::SCN_PAINTED, this, qOverload<>(&QWidget::update));
    connect(editor_, &QsciScintillaBase::SCN_ZOOM, this, qOverload<>(&QWidget::update));
    connect(editor_->verticalScrollBar(), &QScrollBar::valueChanged, this,
            qOverload<>(&QWidget::update));
    connect(model_, &QAbstractItemModel::modelReset, this, qOverload<>(&QWidget::update));
    connect(model_, &QAbstractItemModel::dataChanged, this, qOverload<>(&QWidget::update));
    connect(model_, &QAbstractItemModel::layoutChanged, this, qOverload<>(&QWidget::update));
}

std::pair<int, int> PreviewGutter::lineSpan(int line) const {
    const int lineCount = int(editor_->SendScintilla(Sci::SCI_GETLINECOUNT));
    if (line < 0 || line >= lineCount || !editor_->SendScintilla(Sci::SCI_GETLINEVISIBLE, line)) {
        return {0, 0};
    }
    const long position = editor_->SendScintilla(Sci::SCI_POSITIONFROMLINE, line);
    const int top = int(editor_->SendScintilla(Sci::SCI_POINTYFROMPOSITION, 0UL, position));
    // A wrapped line takes one text height per display line. An annotation below it is not
    // part of it.
    const int height = int(editor_->SendScintilla(Sci::SCI_TEXTHEIGHT, line) *
                           editor_->SendScintilla(Sci::SCI_WRAPCOUNT, line));
    return {top, top + height};
}

int PreviewGutter::viewportToGutterY(int y) const {
    return mapFromGlobal(editor_->viewport()->mapToGlobal(QPoint(0, y))).y();
}

QRect PreviewGutter::rowRect(int row) const {
    const PreviewStep* step = model_->step(row);
    if (step == nullptr || step->line <= 0) {
        return {};
    }
    const int lastLine = std::max(step->line, step->endLine);
    int top = 0;
    int bottom = 0;
    bool found = false;
    for (int line = step->line; line <= lastLine; ++line) {
        const auto [lineTop, lineBottom] = lineSpan(line - 1);
        if (lineBottom <= lineTop) {
            continue;
        }
        if (!found) {
            top = lineTop;
            found = true;
        }
        bottom = lineBottom;
    }
    if (!found) {
        return {};
    }
    const int gutterTop = viewportToGutterY(top);
    return QRect(0, gutterTop, width(), viewportToGutterY(bottom) - gutterTop);
}

int PreviewGutter::rowAt(const QPoint& point) const {
    for (int row = 0; row < model_->rowCount(); ++row) {
        if (rowRect(row).contains(point)) {
            return row;
        }
    }
    return -1;
}

QSize PreviewGutter::sizeHint() const {
    const QString sample = tr("config only") + " · " + tr("would rebuild") + " · 999.9 MiB";
    return {fontMetrics().horizontalAdvance(sample) + kStatusBarWidth + 2 * kTextMargin,
            editor_->sizeHint().height()};
}

void PreviewGutter::setCurrentLine(int line) {
    if (line != currentLine_) {
        currentLine_ = line;
        update();
    }
}

QString PreviewGutter::rowText(int row) const {
    QStringList parts;
    for (int column : {LayerPreviewModel::Kind, LayerPreviewModel::Cache, LayerPreviewModel::Size,
                       LayerPreviewModel::LastRun}) {
        const QString text = model_->index(row, column).data().toString();
        if (!text.isEmpty()) {
            parts << text;
        }
    }
    const QString wasted = model_->index(row, LayerPreviewModel::Wasted).data().toString();
    if (!wasted.isEmpty()) {
        parts << tr("wastes %1").arg(wasted);
    }
    return parts.join(QStringLiteral(" · "));
}

void PreviewGutter::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    painter.fillRect(event->rect(), palette().base());
    const int lineHeight = int(editor_->SendScintilla(Sci::SCI_TEXTHEIGHT, 0));
    QFont font = this->font();
    if (QFontMetrics(font).height() > lineHeight && lineHeight > 4) {
        font.setPixelSize(lineHeight - 2); // zoomed out: the text shrinks with the lines
    }
    painter.setFont(font);
    for (int row = 0; row < model_->rowCount(); ++row) {
        const QRect rect = rowRect(row);
        if (rect.isEmpty() || !rect.intersects(event->rect())) {
            continue;
        }
        const PreviewStep* step = model_->step(row);
        if (currentLine_ >= step->line && currentLine_ <= std::max(step->line, step->endLine)) {
            painter.fillRect(rect, palette().alternateBase());
        }
        painter.fillRect(QRect(rect.left(), rect.top(), kStatusBarWidth, rect.height()),
                         cacheStateColour(step->cache));
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawLine(rect.topLeft(), rect.topRight());
        painter.setPen(palette().color(QPalette::Text));
        const QRect textRect(rect.left() + kStatusBarWidth + kTextMargin, rect.top(),
                             rect.width() - kStatusBarWidth - 2 * kTextMargin,
                             std::min(rect.height(), lineHeight));
        painter.drawText(
            textRect, Qt::AlignLeft | Qt::AlignVCenter,
            painter.fontMetrics().elidedText(rowText(row), Qt::ElideRight, textRect.width()));
    }
}

void PreviewGutter::mousePressEvent(QMouseEvent* event) {
    const int row = rowAt(event->position().toPoint());
    if (row >= 0 && event->button() == Qt::LeftButton) {
        emit lineActivated(model_->step(row)->line);
    }
    QWidget::mousePressEvent(event);
}

bool PreviewGutter::event(QEvent* event) {
    if (event->type() != QEvent::ToolTip) {
        return QWidget::event(event);
    }
    auto* help = static_cast<QHelpEvent*>(event);
    const int row = rowAt(help->pos());
    if (row < 0) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    const PreviewStep* step = model_->step(row);
    QString text = step->instruction.section('\n', 0, 0) + "\n" + rowText(row);
    if (!step->error.isEmpty()) {
        text += "\n" + step->error;
    }
    QToolTip::showText(help->globalPos(), text, this);
    return true;
}

} // namespace berth::studio

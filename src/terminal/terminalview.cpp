#include "terminalview.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace berth::studio {

namespace {

constexpr int kBlinkIntervalMs = 530;

VTermModifier modifiersOf(Qt::KeyboardModifiers modifiers) {
    int result = VTERM_MOD_NONE;
    if (modifiers & Qt::ShiftModifier) {
        result |= VTERM_MOD_SHIFT;
    }
    if (modifiers & Qt::AltModifier) {
        result |= VTERM_MOD_ALT;
    }
    if (modifiers & Qt::ControlModifier) {
        result |= VTERM_MOD_CTRL;
    }
    return VTermModifier(result);
}

std::optional<VTermKey> vtermKeyOf(int key) {
    switch (key) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return VTERM_KEY_ENTER;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return VTERM_KEY_TAB;
    case Qt::Key_Backspace:
        return VTERM_KEY_BACKSPACE;
    case Qt::Key_Escape:
        return VTERM_KEY_ESCAPE;
    case Qt::Key_Up:
        return VTERM_KEY_UP;
    case Qt::Key_Down:
        return VTERM_KEY_DOWN;
    case Qt::Key_Left:
        return VTERM_KEY_LEFT;
    case Qt::Key_Right:
        return VTERM_KEY_RIGHT;
    case Qt::Key_Insert:
        return VTERM_KEY_INS;
    case Qt::Key_Delete:
        return VTERM_KEY_DEL;
    case Qt::Key_Home:
        return VTERM_KEY_HOME;
    case Qt::Key_End:
        return VTERM_KEY_END;
    case Qt::Key_PageUp:
        return VTERM_KEY_PAGEUP;
    case Qt::Key_PageDown:
        return VTERM_KEY_PAGEDOWN;
    default:
        break;
    }
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35) {
        return VTermKey(VTERM_KEY_FUNCTION(key - Qt::Key_F1 + 1));
    }
    return std::nullopt;
}

} // namespace

TerminalView::TerminalView(QWidget* parent)
    : QAbstractScrollArea(parent)
    , surface_(new TerminalSurface(24, 80, this)) {
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    setAccessibleName(tr("Terminal"));
    viewport()->setCursor(Qt::IBeamCursor);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    updateFontMetrics();

    connect(surface_, &TerminalSurface::bytesToSend, this, &TerminalView::bytesToSend);
    connect(surface_, &TerminalSurface::rowsChanged, viewport(), qOverload<>(&QWidget::update));
    connect(surface_, &TerminalSurface::cursorMoved, this, [this] {
        restartCursorBlink();
        viewport()->update();
    });
    connect(surface_, &TerminalSurface::scrollbackChanged, this, &TerminalView::updateScrollBar);
    connect(surface_, &TerminalSurface::bell, this, [] { QApplication::beep(); });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, viewport(),
            qOverload<>(&QWidget::update));

    blinkTimer_.setInterval(kBlinkIntervalMs);
    connect(&blinkTimer_, &QTimer::timeout, this, [this] {
        cursorOn_ = !cursorOn_;
        viewport()->update();
    });
    updateScrollBar();
}

TerminalView::~TerminalView() = default;

QSize TerminalView::sizeHint() const {
    return QSize(cellSize_.width() * 80 + verticalScrollBar()->sizeHint().width(),
                 cellSize_.height() * 24) +
           QSize(2 * frameWidth(), 2 * frameWidth());
}

void TerminalView::setReadOnly(bool readOnly) {
    readOnly_ = readOnly;
    viewport()->update();
}

void TerminalView::updateFontMetrics() {
    const QFontMetrics metrics(font());
    cellSize_ = QSize(std::max(metrics.horizontalAdvance(QLatin1Char('M')), 1),
                      std::max(metrics.height(), 1));
    ascent_ = metrics.ascent();
}

void TerminalView::updateSurfaceSize() {
    const int rows = std::max(viewport()->height() / cellSize_.height(), 1);
    const int columns = std::max(viewport()->width() / cellSize_.width(), 1);
    if (rows == surface_->rows() && columns == surface_->columns()) {
        return;
    }
    surface_->resize(rows, columns);
    updateScrollBar();
    emit terminalSizeChanged(rows, columns);
}

void TerminalView::updateScrollBar() {
    QScrollBar* bar = verticalScrollBar();
    const bool atBottom = bar->value() == bar->maximum();
    bar->setRange(0, surface_->scrollbackLines());
    bar->setPageStep(surface_->rows());
    bar->setSingleStep(1);
    if (atBottom) {
        bar->setValue(bar->maximum());
    }
}

int TerminalView::firstVisibleLine() const {
    return verticalScrollBar()->value();
}

void TerminalView::restartCursorBlink() {
    cursorOn_ = true;
    if (hasFocus() && surface_->cursorBlinks()) {
        blinkTimer_.start();
    } else {
        blinkTimer_.stop();
    }
}

void TerminalView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    const int first = firstVisibleLine();
    const int visibleRows =
        std::min(viewport()->height() / cellSize_.height() + 1, surface_->rows());
    for (int row = 0; row < visibleRows; ++row) {
        const int line = first + row;
        if (line >= surface_->totalLines()) {
            break;
        }
        for (int column = 0; column < surface_->columns(); ++column) {
            paintCell(painter, line, column, row);
        }
    }

    // The cursor: a block while focused, an outline otherwise, none when read-only.
    const int cursorRow = surface_->scrollbackLines() + surface_->cursor().y() - first;
    if (readOnly_ || !surface_->cursorVisible() || cursorRow < 0 || cursorRow >= surface_->rows()) {
        return;
    }
    const QRect cell(surface_->cursor().x() * cellSize_.width(), cursorRow * cellSize_.height(),
                     cellSize_.width(), cellSize_.height());
    const QColor color = palette().color(QPalette::Text);
    if (!hasFocus()) {
        painter.setPen(color);
        painter.drawRect(cell.adjusted(0, 0, -1, -1));
    } else if (cursorOn_) {
        painter.fillRect(cell, color);
        const TerminalCell under = surface_->cell(
            surface_->scrollbackLines() + surface_->cursor().y(), surface_->cursor().x());
        painter.setPen(palette().color(QPalette::Base));
        painter.drawText(cell.x(), cell.y() + ascent_, under.text);
    }
}

void TerminalView::paintCell(QPainter& painter, int line, int column, int row) {
    const TerminalCell cell = surface_->cell(line, column);
    if (cell.width == 0) {
        return;
    }
    QColor foreground = cell.defaultForeground ? palette().color(QPalette::Text) : cell.foreground;
    QColor background = cell.defaultBackground ? palette().color(QPalette::Base) : cell.background;
    if (cell.reverse) {
        std::swap(foreground, background);
    }
    if (isSelected(line, column)) {
        foreground = palette().color(QPalette::HighlightedText);
        background = palette().color(QPalette::Highlight);
    }

    const QRect rect(column * cellSize_.width(), row * cellSize_.height(),
                     cellSize_.width() * cell.width, cellSize_.height());
    if (background != palette().color(QPalette::Base)) {
        painter.fillRect(rect, background);
    }
    if (cell.text.isEmpty() || cell.text == QLatin1String(" ")) {
        if (!cell.underline && !cell.strike) {
            return;
        }
    }

    QFont cellFont = font();
    cellFont.setBold(cell.bold);
    cellFont.setItalic(cell.italic);
    cellFont.setUnderline(cell.underline);
    cellFont.setStrikeOut(cell.strike);
    painter.setFont(cellFont);
    painter.setPen(foreground);
    painter.drawText(rect.x(), rect.y() + ascent_,
                     cell.text.isEmpty() ? QStringLiteral(" ") : cell.text);
}

bool TerminalView::isSelected(int line, int column) const {
    if (!hasSelection_) {
        return false;
    }
    auto before = [](QPoint a, QPoint b) {
        return a.y() < b.y() || (a.y() == b.y() && a.x() < b.x());
    };
    QPoint start = selectionStart_;
    QPoint end = selectionEnd_;
    if (before(end, start)) {
        std::swap(start, end);
    }
    const QPoint cell(column, line);
    return !before(cell, start) && !before(end, cell);
}

void TerminalView::setSelection(QPoint start, QPoint end) {
    selectionStart_ = start;
    selectionEnd_ = end;
    hasSelection_ = true;
    viewport()->update();
}

void TerminalView::clearSelection() {
    if (hasSelection_) {
        hasSelection_ = false;
        viewport()->update();
    }
}

QString TerminalView::selectedText() const {
    return hasSelection_ ? surface_->text(selectionStart_, selectionEnd_) : QString();
}

void TerminalView::copy() {
    if (hasSelection_) {
        QApplication::clipboard()->setText(selectedText());
    }
}

void TerminalView::paste() {
    const QString text = QApplication::clipboard()->text();
    if (!readOnly_ && !text.isEmpty()) {
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        surface_->paste(text);
    }
}

QPoint TerminalView::cellAt(QPoint position) const {
    const int column = std::clamp(position.x() / cellSize_.width(), 0, surface_->columns() - 1);
    const int row = std::clamp(position.y() / cellSize_.height(), 0, surface_->rows() - 1);
    return QPoint(column, firstVisibleLine() + row);
}

void TerminalView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateSurfaceSize();
}

bool TerminalView::event(QEvent* event) {
    // While the terminal has focus, keys such as Ctrl+C or Ctrl+T belong to the program
    // in it, not to the window's shortcuts. Ctrl+Shift+C and Ctrl+Shift+V stay ours.
    if (event->type() == QEvent::ShortcutOverride && !readOnly_) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool modified = key->modifiers() & (Qt::ControlModifier | Qt::AltModifier);
        if (modified || vtermKeyOf(key->key())) {
            event->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

bool TerminalView::focusNextPrevChild(bool next) {
    // Tab completes in the shell; a read-only view lets Tab move the focus on.
    return readOnly_ ? QAbstractScrollArea::focusNextPrevChild(next) : false;
}

bool TerminalView::handleShortcut(QKeyEvent* event) {
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (modifiers == (Qt::ControlModifier | Qt::ShiftModifier)) {
        if (event->key() == Qt::Key_C) {
            copy();
            return true;
        }
        if (event->key() == Qt::Key_V) {
            paste();
            return true;
        }
    }
    if (modifiers == Qt::ShiftModifier &&
        (event->key() == Qt::Key_PageUp || event->key() == Qt::Key_PageDown)) {
        QScrollBar* bar = verticalScrollBar();
        bar->setValue(bar->value() +
                      (event->key() == Qt::Key_PageUp ? -bar->pageStep() : bar->pageStep()));
        return true;
    }
    return false;
}

bool TerminalView::sendSpecialKey(QKeyEvent* event, VTermModifier modifiers) {
    const std::optional<VTermKey> key = vtermKeyOf(event->key());
    if (!key) {
        return false;
    }
    if (event->key() == Qt::Key_Backtab) {
        modifiers = VTermModifier(modifiers | VTERM_MOD_SHIFT);
    }
    surface_->sendKey(*key, modifiers);
    return true;
}

void TerminalView::keyPressEvent(QKeyEvent* event) {
    if (handleShortcut(event)) {
        return;
    }
    if (readOnly_) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    const int key = event->key();
    // Pressing a modifier alone (on its way to Ctrl+Shift+C) must keep the selection.
    switch (key) {
    case Qt::Key_Shift:
    case Qt::Key_Control:
    case Qt::Key_Alt:
    case Qt::Key_AltGr:
    case Qt::Key_Meta:
    case Qt::Key_CapsLock:
    case Qt::Key_NumLock:
        event->ignore();
        return;
    default:
        break;
    }
    const VTermModifier modifiers = modifiersOf(event->modifiers());
    clearSelection();
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    restartCursorBlink();

    if (sendSpecialKey(event, modifiers)) {
        return;
    }
    if (modifiers & VTERM_MOD_CTRL) {
        // Qt gives the letter as the key and a control character as the text; libvterm wants
        // the lower-case letter with the Ctrl modifier.
        if (key >= Qt::Key_A && key <= Qt::Key_Z) {
            surface_->sendCharacter(char32_t('a' + (key - Qt::Key_A)), modifiers);
            return;
        }
        if (key == Qt::Key_Space || (key >= Qt::Key_At && key <= Qt::Key_Underscore)) {
            const char control = key == Qt::Key_Space ? '\0' : char(key & 0x1f);
            emit bytesToSend(QByteArray(1, control));
            return;
        }
    }
    const QString text = event->text();
    if (text.isEmpty()) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    for (const char32_t character : text.toUcs4()) {
        if (character < 0x20 || character == 0x7f) {
            emit bytesToSend(QByteArray(1, char(character)));
        } else {
            surface_->sendCharacter(character, VTermModifier(modifiers & VTERM_MOD_ALT));
        }
    }
}

void TerminalView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        clearSelection();
        selectionStart_ = cellAt(event->position().toPoint());
        selectionEnd_ = selectionStart_;
        selecting_ = true;
    } else if (event->button() == Qt::MiddleButton && !readOnly_) {
        const QString text = QApplication::clipboard()->text(QClipboard::Selection);
        if (!text.isEmpty()) {
            surface_->paste(text);
        }
    }
    setFocus(Qt::MouseFocusReason);
}

void TerminalView::mouseMoveEvent(QMouseEvent* event) {
    if (!selecting_) {
        return;
    }
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell != selectionEnd_ || hasSelection_) {
        setSelection(selectionStart_, cell);
    }
}

void TerminalView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && selecting_) {
        selecting_ = false;
        if (hasSelection_ && QApplication::clipboard()->supportsSelection()) {
            QApplication::clipboard()->setText(selectedText(), QClipboard::Selection);
        }
    }
}

void TerminalView::mouseDoubleClickEvent(QMouseEvent* event) {
    // Selects the word under the pointer: a run of characters other than blanks.
    const QPoint cell = cellAt(event->position().toPoint());
    const QString line = surface_->lineText(cell.y());
    auto isWordCharacter = [&line](int column) {
        return column >= 0 && column < line.size() && !line.at(column).isSpace();
    };
    if (!isWordCharacter(cell.x())) {
        return;
    }
    int start = cell.x();
    int end = cell.x();
    while (isWordCharacter(start - 1)) {
        --start;
    }
    while (isWordCharacter(end + 1)) {
        ++end;
    }
    selecting_ = false;
    setSelection(QPoint(start, cell.y()), QPoint(end, cell.y()));
}

void TerminalView::focusInEvent(QFocusEvent* event) {
    QAbstractScrollArea::focusInEvent(event);
    restartCursorBlink();
    viewport()->update();
}

void TerminalView::focusOutEvent(QFocusEvent* event) {
    QAbstractScrollArea::focusOutEvent(event);
    blinkTimer_.stop();
    viewport()->update();
}

void TerminalView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        updateFontMetrics();
        updateSurfaceSize();
    }
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        viewport()->update();
    }
}

} // namespace berth::studio

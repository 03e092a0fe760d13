#include "terminalsurface.h"

#include <algorithm>
#include <cstring>

namespace berth::studio {

namespace {

// libvterm marks the right half of a wide character with this value in chars[0].
constexpr uint32_t kWideContinuation = 0xffffffffu;

QColor toQColor(const VTermColor& color) {
    return QColor(color.rgb.red, color.rgb.green, color.rgb.blue);
}

} // namespace

TerminalSurface::TerminalSurface(int rows, int columns, QObject* parent)
    : QObject(parent)
    , vterm_(vterm_new(rows, columns))
    , rows_(rows)
    , columns_(columns) {
    vterm_set_utf8(vterm_.get(), 1);
    vterm_output_set_callback(vterm_.get(), &TerminalSurface::onOutput, this);

    screen_ = vterm_obtain_screen(vterm_.get());
    callbacks_.damage = &TerminalSurface::onDamage;
    callbacks_.movecursor = &TerminalSurface::onMoveCursor;
    callbacks_.settermprop = &TerminalSurface::onSetTermProp;
    callbacks_.bell = &TerminalSurface::onBell;
    callbacks_.sb_pushline = &TerminalSurface::onPushLine;
    callbacks_.sb_popline = &TerminalSurface::onPopLine;
    vterm_screen_set_callbacks(screen_, &callbacks_, this);
    vterm_screen_set_damage_merge(screen_, VTERM_DAMAGE_SCROLL);
    vterm_screen_enable_altscreen(screen_, 1);
    vterm_screen_reset(screen_, 1);
}

TerminalSurface::~TerminalSurface() = default;

void TerminalSurface::write(QByteArrayView bytes) {
    vterm_input_write(vterm_.get(), bytes.data(), size_t(bytes.size()));
    vterm_screen_flush_damage(screen_);
    // libvterm writes replies to queries such as "report the cursor position" while it
    // parses the input.
    flushOutput();
}

void TerminalSurface::resize(int rows, int columns) {
    rows = std::max(rows, 1);
    columns = std::max(columns, 1);
    if (rows == rows_ && columns == columns_) {
        return;
    }
    rows_ = rows;
    columns_ = columns;
    vterm_set_size(vterm_.get(), rows, columns);
    vterm_screen_flush_damage(screen_);
    emit rowsChanged(0, rows_ - 1);
}

VTermScreenCell TerminalSurface::rawCell(int line, int column) const {
    VTermScreenCell cell{};
    if (line < 0 || column < 0 || column >= columns_ || line >= totalLines()) {
        return cell;
    }
    if (line < scrollbackLines()) {
        const Line& stored = scrollback_[size_t(line)];
        if (size_t(column) < stored.size()) {
            cell = stored[size_t(column)];
        } else {
            cell.width = 1;
            VTermState* state = vterm_obtain_state(vterm_.get());
            vterm_state_get_default_colors(state, &cell.fg, &cell.bg);
        }
        return cell;
    }
    vterm_screen_get_cell(screen_, VTermPos{line - scrollbackLines(), column}, &cell);
    return cell;
}

TerminalCell TerminalSurface::cell(int line, int column) const {
    return convert(rawCell(line, column));
}

TerminalCell TerminalSurface::convert(const VTermScreenCell& raw) const {
    TerminalCell cell;
    if (raw.chars[0] == kWideContinuation) {
        cell.width = 0;
    } else {
        cell.width = std::max<int>(raw.width, 1);
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && raw.chars[i] != 0; ++i) {
            const char32_t character = raw.chars[i];
            cell.text += QString::fromUcs4(&character, 1);
        }
    }

    VTermColor foreground = raw.fg;
    VTermColor background = raw.bg;
    cell.defaultForeground = VTERM_COLOR_IS_DEFAULT_FG(&foreground);
    cell.defaultBackground = VTERM_COLOR_IS_DEFAULT_BG(&background);
    if (VTERM_COLOR_IS_INDEXED(&foreground)) {
        cell.foregroundIndex = foreground.indexed.idx;
    }
    if (VTERM_COLOR_IS_INDEXED(&background)) {
        cell.backgroundIndex = background.indexed.idx;
    }
    vterm_screen_convert_color_to_rgb(screen_, &foreground);
    vterm_screen_convert_color_to_rgb(screen_, &background);

    cell.foreground = toQColor(foreground);
    cell.background = toQColor(background);
    cell.bold = raw.attrs.bold;
    cell.italic = raw.attrs.italic;
    cell.underline = raw.attrs.underline != 0;
    cell.reverse = raw.attrs.reverse;
    cell.strike = raw.attrs.strike;
    return cell;
}

QString TerminalSurface::lineText(int line) const {
    QString text;
    for (int column = 0; column < columns_; ++column) {
        const TerminalCell current = cell(line, column);
        if (current.width == 0) {
            continue;
        }
        text += current.text.isEmpty() ? QStringLiteral(" ") : current.text;
    }
    while (text.endsWith(QLatin1Char(' '))) {
        text.chop(1);
    }
    return text;
}

QString TerminalSurface::text(QPoint start, QPoint end) const {
    if (start.y() > end.y() || (start.y() == end.y() && start.x() > end.x())) {
        std::swap(start, end);
    }
    QStringList lines;
    for (int line = start.y(); line <= end.y(); ++line) {
        const int first = line == start.y() ? start.x() : 0;
        const int last = line == end.y() ? end.x() : columns_ - 1;
        QString text;
        for (int column = std::max(first, 0); column <= std::min(last, columns_ - 1); ++column) {
            const TerminalCell current = cell(line, column);
            if (current.width != 0) {
                text += current.text.isEmpty() ? QStringLiteral(" ") : current.text;
            }
        }
        // Blanks after the last character are the screen's, not the program's output.
        while (text.endsWith(QLatin1Char(' '))) {
            text.chop(1);
        }
        lines << text;
    }
    return lines.join(QLatin1Char('\n'));
}

void TerminalSurface::sendKey(VTermKey key, VTermModifier modifiers) {
    vterm_keyboard_key(vterm_.get(), key, modifiers);
    flushOutput();
}

void TerminalSurface::sendCharacter(char32_t character, VTermModifier modifiers) {
    vterm_keyboard_unichar(vterm_.get(), uint32_t(character), modifiers);
    flushOutput();
}

void TerminalSurface::paste(const QString& text) {
    // Terminals send a pasted line break as Enter does.
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\r"));
    normalized.replace(QLatin1Char('\n'), QLatin1Char('\r'));
    vterm_keyboard_start_paste(vterm_.get());
    output_ += normalized.toUtf8();
    vterm_keyboard_end_paste(vterm_.get());
    flushOutput();
}

void TerminalSurface::flushOutput() {
    if (output_.isEmpty()) {
        return;
    }
    const QByteArray bytes = std::exchange(output_, {});
    emit bytesToSend(bytes);
}

int TerminalSurface::onDamage(VTermRect rect, void* user) {
    auto* self = static_cast<TerminalSurface*>(user);
    emit self->rowsChanged(rect.start_row, rect.end_row - 1);
    return 1;
}

int TerminalSurface::onMoveCursor(VTermPos position, VTermPos, int visible, void* user) {
    auto* self = static_cast<TerminalSurface*>(user);
    self->cursor_ = QPoint(position.col, position.row);
    self->cursorVisible_ = visible;
    emit self->cursorMoved(self->cursor_);
    return 1;
}

int TerminalSurface::onSetTermProp(VTermProp property, VTermValue* value, void* user) {
    auto* self = static_cast<TerminalSurface*>(user);
    switch (property) {
    case VTERM_PROP_CURSORVISIBLE:
        self->cursorVisible_ = value->boolean;
        emit self->cursorMoved(self->cursor_);
        break;
    case VTERM_PROP_CURSORBLINK:
        self->cursorBlink_ = value->boolean;
        break;
    case VTERM_PROP_ALTSCREEN:
        self->altScreen_ = value->boolean;
        emit self->rowsChanged(0, self->rows_ - 1);
        break;
    case VTERM_PROP_TITLE:
        self->title_ = QString::fromUtf8(value->string);
        emit self->titleChanged(self->title_);
        break;
    default:
        break;
    }
    return 1;
}

int TerminalSurface::onBell(void* user) {
    emit static_cast<TerminalSurface*>(user)->bell();
    return 1;
}

int TerminalSurface::onPushLine(int columns, const VTermScreenCell* cells, void* user) {
    auto* self = static_cast<TerminalSurface*>(user);
    self->scrollback_.emplace_back(cells, cells + columns);
    if (self->scrollback_.size() > size_t(kMaxScrollback)) {
        self->scrollback_.pop_front();
    }
    emit self->scrollbackChanged(self->scrollbackLines());
    return 1;
}

int TerminalSurface::onPopLine(int columns, VTermScreenCell* cells, void* user) {
    auto* self = static_cast<TerminalSurface*>(user);
    if (self->scrollback_.empty()) {
        return 0;
    }
    const Line line = std::move(self->scrollback_.back());
    self->scrollback_.pop_back();
    VTermScreenCell blank{};
    blank.width = 1;
    vterm_state_get_default_colors(vterm_obtain_state(self->vterm_.get()), &blank.fg, &blank.bg);
    for (int column = 0; column < columns; ++column) {
        cells[column] = size_t(column) < line.size() ? line[size_t(column)] : blank;
    }
    emit self->scrollbackChanged(self->scrollbackLines());
    return 1;
}

void TerminalSurface::onOutput(const char* bytes, size_t length, void* user) {
    static_cast<TerminalSurface*>(user)->output_.append(bytes, qsizetype(length));
}

} // namespace berth::studio

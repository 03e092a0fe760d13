#pragma once

// The terminal's screen state: owns one libvterm instance and its scrollback. Bytes from
// the process go in through write(); what the screen did comes out as signals (changed
// rows, cursor moves, title, bell) and the bytes that key presses and replies to queries
// produce come out through bytesToSend(). The surface does no I/O and paints nothing, so a
// scripted byte stream can drive it in a test and TerminalView can paint any surface.

#include <QByteArray>
#include <QColor>
#include <QObject>
#include <QPoint>
#include <QString>

#include <vterm.h>

#include <deque>
#include <memory>
#include <vector>

namespace berth::studio {

// One character cell, with its colours resolved to RGB.
struct TerminalCell {
    QString text;  // empty for a blank cell and for the right half of a wide character
    int width = 1; // 2 for the left half of a wide character
    QColor foreground;
    QColor background;
    bool defaultForeground = true; // the view paints these with its palette
    bool defaultBackground = true;
    int foregroundIndex = -1; // the palette index when the program chose one, else -1
    int backgroundIndex = -1;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    bool reverse = false;
    bool strike = false;
};

class TerminalSurface final : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxScrollback = 5000;

    explicit TerminalSurface(int rows = 24, int columns = 80, QObject* parent = nullptr);
    ~TerminalSurface() override;

    // Feeds bytes from the process (UTF-8 text and escape sequences).
    void write(QByteArrayView bytes);
    void resize(int rows, int columns);

    [[nodiscard]] int rows() const { return rows_; }
    [[nodiscard]] int columns() const { return columns_; }
    [[nodiscard]] int scrollbackLines() const { return int(scrollback_.size()); }
    // Lines run from 0 (the oldest scrollback line) to scrollbackLines() + rows() - 1.
    [[nodiscard]] int totalLines() const { return scrollbackLines() + rows_; }
    [[nodiscard]] TerminalCell cell(int line, int column) const;
    // The line's text with trailing blanks removed.
    [[nodiscard]] QString lineText(int line) const;
    // The text from start to end, both included, as QPoint(column, line), lines joined by '\n'.
    [[nodiscard]] QString text(QPoint start, QPoint end) const;
    // The cursor on the screen: x is the column, y the screen row (not a line number).
    [[nodiscard]] QPoint cursor() const { return cursor_; }
    [[nodiscard]] bool cursorVisible() const { return cursorVisible_; }
    [[nodiscard]] bool cursorBlinks() const { return cursorBlink_; }
    [[nodiscard]] bool altScreen() const { return altScreen_; }
    [[nodiscard]] QString title() const { return title_; }

    // Keyboard input, encoded by libvterm for the modes the program set.
    void sendKey(VTermKey key, VTermModifier modifiers);
    void sendCharacter(char32_t character, VTermModifier modifiers);
    // Pastes text, wrapped in bracketed-paste markers when the program asked for them.
    void paste(const QString& text);

signals:
    // Screen rows first..last (inclusive) changed; the whole screen after a scroll.
    void rowsChanged(int first, int last);
    void scrollbackChanged(int lines);
    void cursorMoved(QPoint position);
    void titleChanged(const QString& title);
    void bell();
    void bytesToSend(const QByteArray& bytes);

private:
    struct VTermDeleter {
        void operator()(VTerm* vterm) const { vterm_free(vterm); }
    };
    using Line = std::vector<VTermScreenCell>;

    static int onDamage(VTermRect rect, void* user);
    static int onMoveCursor(VTermPos position, VTermPos old, int visible, void* user);
    static int onSetTermProp(VTermProp property, VTermValue* value, void* user);
    static int onBell(void* user);
    static int onPushLine(int columns, const VTermScreenCell* cells, void* user);
    static int onPopLine(int columns, VTermScreenCell* cells, void* user);
    static void onOutput(const char* bytes, size_t length, void* user);

    [[nodiscard]] TerminalCell convert(const VTermScreenCell& cell) const;
    [[nodiscard]] VTermScreenCell rawCell(int line, int column) const;
    void flushOutput();

    std::unique_ptr<VTerm, VTermDeleter> vterm_;
    VTermScreen* screen_ = nullptr;
    VTermScreenCallbacks callbacks_{};
    int rows_;
    int columns_;
    std::deque<Line> scrollback_;
    QPoint cursor_;
    bool cursorVisible_ = true;
    bool cursorBlink_ = true;
    bool altScreen_ = false;
    QString title_;
    QByteArray output_;
};

} // namespace berth::studio

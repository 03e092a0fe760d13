#pragma once

// Paints a TerminalSurface and turns keys, mouse and clipboard into its input. The view
// owns its surface, and bytes for the process leave through bytesToSend(). A resize of the
// widget resizes the surface and emits terminalSizeChanged(), so the caller can resize the
// process's pty.

#include "terminalsurface.h"

#include <QAbstractScrollArea>
#include <QPoint>
#include <QTimer>

namespace berth::studio {

class TerminalView final : public QAbstractScrollArea {
    Q_OBJECT

public:
    explicit TerminalView(QWidget* parent = nullptr);
    ~TerminalView() override;

    [[nodiscard]] TerminalSurface* surface() const { return surface_; }

    // A read-only view shows output but sends no keys and pastes nothing.
    void setReadOnly(bool readOnly);
    [[nodiscard]] bool isReadOnly() const { return readOnly_; }

    // Selects the cells from start to end, both included, as (column, line) of the surface.
    void setSelection(QPoint start, QPoint end);
    void clearSelection();
    [[nodiscard]] bool hasSelection() const { return hasSelection_; }
    [[nodiscard]] QString selectedText() const;

    void copy();
    void paste();

    [[nodiscard]] QSize cellSize() const { return cellSize_; }
    [[nodiscard]] QSize sizeHint() const override;

signals:
    void bytesToSend(const QByteArray& bytes);
    void terminalSizeChanged(int rows, int columns);

protected:
    bool event(QEvent* event) override;
    bool focusNextPrevChild(bool next) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateFontMetrics();
    void updateSurfaceSize();
    void updateScrollBar();
    void restartCursorBlink();
    bool handleShortcut(QKeyEvent* event);
    bool sendSpecialKey(QKeyEvent* event, VTermModifier modifiers);
    void paintCell(QPainter& painter, int line, int column, int row);
    [[nodiscard]] QPoint cellAt(QPoint viewportPosition) const;
    [[nodiscard]] bool isSelected(int line, int column) const;
    [[nodiscard]] int firstVisibleLine() const;

    TerminalSurface* surface_;
    QSize cellSize_;
    int ascent_ = 0;
    bool readOnly_ = false;
    bool cursorOn_ = true;
    QTimer blinkTimer_;
    QPoint selectionStart_;
    QPoint selectionEnd_;
    bool hasSelection_ = false;
    bool selecting_ = false;
};

} // namespace berth::studio

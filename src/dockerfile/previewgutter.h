#pragma once

// The layer preview's rows drawn beside the editor, each at the height of its step's lines:
// kind, cache status, layer size and last run. Positions come from QScintilla's own line
// geometry, read again whenever the editor paints, so rows follow scrolling, zoom, wrapped
// lines, folded stages and annotations to the pixel. A step whose lines are all folded
// away has no row on screen.

#include <QRect>
#include <QWidget>

class QsciScintilla;

namespace berth::studio {

class LayerPreviewModel;

class PreviewGutter final : public QWidget {
    Q_OBJECT

public:
    PreviewGutter(QsciScintilla* editor, LayerPreviewModel* model, QWidget* parent = nullptr);

    // The rectangle of a row in this widget's coordinates: from the top of its step's first
    // visible line to the bottom of its last one. Empty when every line of the step is
    // folded away.
    [[nodiscard]] QRect rowRect(int row) const;
    // The row drawn at a point of this widget, or -1.
    [[nodiscard]] int rowAt(const QPoint& point) const;

    [[nodiscard]] QSize sizeHint() const override;

public slots:
    // Highlights the step that contains the 1-based line, as the editor's cursor moves.
    void setCurrentLine(int line);

signals:
    // A row was clicked: the 1-based first line of its step.
    void lineActivated(int line);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    // The top and bottom of a 0-based document line in the editor's viewport, or an empty
    // range when the line is folded away.
    [[nodiscard]] std::pair<int, int> lineSpan(int line) const;
    [[nodiscard]] int viewportToGutterY(int y) const;
    [[nodiscard]] QString rowText(int row) const;

    QsciScintilla* editor_;
    LayerPreviewModel* model_;
    int currentLine_ = 0;
};

} // namespace berth::studio

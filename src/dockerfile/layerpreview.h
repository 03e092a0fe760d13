#pragma once

// The layer preview beside the editor: one row per step (line, kind, cache status, size,
// last run, wasted bytes) over a PreviewPlanner, a line that states where the cache status
// comes from, and the selected step's details below.

#include <QWidget>

class QLabel;
class QSplitter;
class QTableView;

namespace berth::studio {

class EngineConnection;
class PreviewPlanner;
class StepDetails;

class LayerPreview final : public QWidget {
    Q_OBJECT

public:
    explicit LayerPreview(QWidget* parent = nullptr);

    [[nodiscard]] PreviewPlanner* planner() const { return planner_; }
    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] StepDetails* details() const { return details_; }
    [[nodiscard]] QString statusText() const;

    void setConnection(EngineConnection* connection);

public slots:
    // Selects the step on line (the editor's cursor line), if any.
    void selectLine(int line);

signals:
    // The user picked a step or a line in the details: the editor shows that line.
    void lineActivated(int line);

private:
    void updateStatus();
    void showSelectedStep();

    PreviewPlanner* planner_;
    QLabel* status_;
    QTableView* view_;
    StepDetails* details_;
    QSplitter* splitter_;
};

} // namespace berth::studio

#pragma once

// One row per layer of a pull or push: the short id, a progress bar and the last status,
// built from the engine's progress messages as they arrive. Laid out in code because its
// rows come from data.

#include "transferprogress.h"

#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace berth::studio {

class LayerProgressPanel final : public QWidget {
    Q_OBJECT

public:
    explicit LayerProgressPanel(QWidget* parent = nullptr);

    void clear();
    void apply(const client::Json& message);
    // Shows `status`, such as "Cancelled", on every row that has not finished.
    void markUnfinished(const QString& status);
    // The status text of layer row index, for tests.
    [[nodiscard]] QString layerStatus(int index) const;

    [[nodiscard]] const TransferProgress& progress() const { return progress_; }
    // The bar of layer row index, for tests.
    [[nodiscard]] QProgressBar* layerBar(int index) const;

signals:
    void changed();

private:
    struct Row {
        QLabel* id;
        QProgressBar* bar;
        QLabel* status;
    };

    void updateRow(int index);

    TransferProgress progress_;
    QGridLayout* grid_;
    QLabel* lines_;
    std::vector<Row> rows_;
};

} // namespace berth::studio

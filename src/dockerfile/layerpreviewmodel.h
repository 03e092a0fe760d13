#pragma once

// The layer preview as a table: one row per step of the Dockerfile, in file order.

#include "dockerfile/previewstep.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace berth::studio {

// The colour that marks a cache state in the table and beside the editor.
[[nodiscard]] QColor cacheStateColour(CacheState state);

class LayerPreviewModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Line, Instruction, Kind, Cache, Size, LastRun, Wasted, ColumnCount };
    enum Role { CacheStateRole = Qt::UserRole + 1, LineRole };

    using QAbstractTableModel::QAbstractTableModel;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void setSteps(std::vector<PreviewStep> steps);
    [[nodiscard]] const std::vector<PreviewStep>& steps() const { return steps_; }
    [[nodiscard]] const PreviewStep* step(int row) const;
    // The row of the step whose lines contain line, or -1.
    [[nodiscard]] int rowOfLine(int line) const;

    // Marks the step at or after line and every later step of its stage, and of the stages
    // after it, as Invalidated: an edit there changes their cache keys.
    void invalidateFromLine(int line);
    // Moves the steps after the 1-based changedLine by delta lines, and stretches the step
    // that contains it, so that rows stay on their lines until the text is parsed again.
    void shiftLines(int changedLine, int delta);
    // Marks each COPY or ADD whose sources cover the context path (relative, "/"-separated),
    // and every step after it in its stage, as Invalidated.
    void invalidateCopiesOf(const QString& contextPath);

private:
    void markFrom(std::size_t first, bool sameStageOnly);

    std::vector<PreviewStep> steps_;
};

} // namespace berth::studio

#pragma once

// The details of the step selected in the layer preview: the effective config after it,
// its layer's files (added, modified, deleted) or the merged filesystem up to it, and the
// efficiency of the whole image, base image layers included, with the most wasteful lines
// first.

#include "dockerfile/previewstep.h"

#include <QWidget>

#include <map>
#include <vector>

class QCheckBox;
class QLabel;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace berth::studio {

class StepDetails final : public QWidget {
    Q_OBJECT

public:
    explicit StepDetails(QWidget* parent = nullptr);

    // Shows steps[row]; the other steps give the merged filesystem and the efficiency.
    void showStep(const std::vector<PreviewStep>& steps, int row);

    [[nodiscard]] QTabWidget* tabs() const { return tabs_; }
    [[nodiscard]] QTreeWidget* configTree() const { return config_; }
    [[nodiscard]] QTreeWidget* fileTree() const { return files_; }
    [[nodiscard]] QTreeWidget* efficiencyList() const { return efficiency_; }
    [[nodiscard]] QCheckBox* mergedToggle() const { return merged_; }

    // The efficiency of the image the build makes, as dive defines it, in a sentence.
    [[nodiscard]] static QString efficiencySummary(const std::vector<PreviewStep>& steps);

    // The lines whose layers waste the most; this many are highlighted.
    static constexpr int kHighlightedLines = 3;

signals:
    void lineActivated(int line);

private:
    void showConfig(const PreviewStep& step);
    void showFiles();
    void showEfficiency(const std::vector<PreviewStep>& steps);
    QTreeWidgetItem* fileItem(const QString& path, std::map<QString, QTreeWidgetItem*>& items);

    QTabWidget* tabs_;
    QTreeWidget* config_;
    QLabel* filesNote_;
    QCheckBox* merged_;
    QTreeWidget* files_;
    QLabel* efficiencyTotal_;
    QTreeWidget* efficiency_;
    std::vector<PreviewStep> steps_;
    int row_ = -1;
};

} // namespace berth::studio

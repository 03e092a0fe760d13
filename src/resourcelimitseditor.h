#pragma once

// The memory, CPU and process limit fields that the Run dialog's Resources tab and the
// Update dialog share, with Docker's checks on them (resourcelimits.h).

#include "resourcelimits.h"

#include <QWidget>

class QDoubleSpinBox;
class QFormLayout;
class QSpinBox;

namespace berth::studio {

class ResourceLimitsEditor final : public QWidget {
    Q_OBJECT

public:
    explicit ResourceLimitsEditor(QWidget* parent = nullptr);

    [[nodiscard]] ResourceLimits limits() const;
    // Sets every field. Memory is shown in whole MiB and CPUs in hundredths.
    void setLimits(const ResourceLimits& limits);

    // Shows or hides the memory+swap and CPU shares rows. The Update dialog hides them
    // because it derives the swap limit from the memory limit and cannot change shares.
    void setSwapAndSharesShown(bool shown);
    // Appends a row below the limits, so that its field lines up with theirs.
    void addRow(QWidget* label, QWidget* field);
    // Bounds the CPUs field by the host's CPU count. A count of 0 leaves it unbounded.
    void setOnlineCpus(int cpus);

    // The first problem in the fields as a sentence, empty when there is none.
    [[nodiscard]] QString problemText() const;

    [[nodiscard]] QSpinBox* memorySpin() const { return memorySpin_; }
    [[nodiscard]] QSpinBox* swapSpin() const { return swapSpin_; }
    [[nodiscard]] QDoubleSpinBox* cpusSpin() const { return cpusSpin_; }
    [[nodiscard]] QSpinBox* sharesSpin() const { return sharesSpin_; }
    [[nodiscard]] QSpinBox* pidsSpin() const { return pidsSpin_; }

signals:
    void changed();

private:
    QFormLayout* layout_;
    QSpinBox* memorySpin_;
    QSpinBox* swapSpin_;
    QDoubleSpinBox* cpusSpin_;
    QSpinBox* sharesSpin_;
    QSpinBox* pidsSpin_;
    int onlineCpus_ = 0;
};

} // namespace berth::studio

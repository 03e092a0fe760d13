#include "resourcelimitseditor.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QRegularExpression>
#include <QSpinBox>

#include <cmath>

namespace berth::studio {

namespace {

constexpr int kMaximumMiB = 16'777'216; // 16 TiB

// The memory+swap field in MiB, where -1 is unlimited swap and 0 leaves the engine's
// default of twice the memory limit.
class SwapSpinBox final : public QSpinBox {
public:
    explicit SwapSpinBox(QWidget* parent)
        : QSpinBox(parent) {
        setRange(-1, kMaximumMiB);
        setSingleStep(64);
    }

protected:
    QString textFromValue(int value) const override {
        if (value < 0) {
            return unlimitedText();
        }
        if (value == 0) {
            return defaultText();
        }
        return ResourceLimitsEditor::tr("%1 MiB").arg(value);
    }

    int valueFromText(const QString& text) const override {
        const QString trimmed = text.trimmed();
        if (trimmed.compare(unlimitedText(), Qt::CaseInsensitive) == 0) {
            return -1;
        }
        if (trimmed.compare(defaultText(), Qt::CaseInsensitive) == 0) {
            return 0;
        }
        return leadingNumber(trimmed).toInt();
    }

    QValidator::State validate(QString& text, int& position) const override {
        Q_UNUSED(position);
        const QString trimmed = text.trimmed();
        if (trimmed.isEmpty()) {
            return QValidator::Intermediate;
        }
        for (const QString& special : {unlimitedText(), defaultText()}) {
            if (special.compare(trimmed, Qt::CaseInsensitive) == 0) {
                return QValidator::Acceptable;
            }
            if (special.startsWith(trimmed, Qt::CaseInsensitive)) {
                return QValidator::Intermediate;
            }
        }
        const QString number = leadingNumber(trimmed);
        if (number.isEmpty()) {
            return QValidator::Invalid;
        }
        bool ok = false;
        const int value = number.toInt(&ok);
        return ok && value >= 0 && value <= maximum() ? QValidator::Acceptable
                                                      : QValidator::Invalid;
    }

private:
    static QString unlimitedText() { return ResourceLimitsEditor::tr("Unlimited"); }
    static QString defaultText() { return ResourceLimitsEditor::tr("Twice the memory"); }

    // The digits of "512 MiB" or "512".
    static QString leadingNumber(const QString& text) {
        static const QRegularExpression kNumber(QStringLiteral("^(\\d+)\\s*(MiB)?$"),
                                                QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = kNumber.match(text);
        return match.hasMatch() ? match.captured(1) : QString();
    }
};

QLabel* buddyLabel(const QString& text, QWidget* buddy, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

ResourceLimitsEditor::ResourceLimitsEditor(QWidget* parent)
    : QWidget(parent)
    , layout_(new QFormLayout(this))
    , memorySpin_(new QSpinBox(this))
    , swapSpin_(new SwapSpinBox(this))
    , cpusSpin_(new QDoubleSpinBox(this))
    , sharesSpin_(new QSpinBox(this))
    , pidsSpin_(new QSpinBox(this)) {
    layout_->setContentsMargins(0, 0, 0, 0);

    memorySpin_->setObjectName(QStringLiteral("memorySpin"));
    memorySpin_->setAccessibleName(tr("Memory limit in MiB"));
    memorySpin_->setSuffix(tr(" MiB"));
    memorySpin_->setSpecialValueText(tr("No limit"));
    memorySpin_->setRange(0, kMaximumMiB);
    memorySpin_->setSingleStep(64);

    swapSpin_->setObjectName(QStringLiteral("swapSpin"));
    swapSpin_->setAccessibleName(tr("Memory plus swap limit in MiB"));
    swapSpin_->setToolTip(tr("The memory limit plus the swap the container may use. With "
                             "\"Twice the memory\" the engine allows as much swap as memory."));

    cpusSpin_->setObjectName(QStringLiteral("cpusSpin"));
    cpusSpin_->setAccessibleName(tr("Number of CPUs"));
    cpusSpin_->setSpecialValueText(tr("No limit"));
    cpusSpin_->setDecimals(2);
    cpusSpin_->setSingleStep(0.5);
    cpusSpin_->setRange(0, 1024);

    sharesSpin_->setObjectName(QStringLiteral("sharesSpin"));
    sharesSpin_->setAccessibleName(tr("CPU shares, a relative weight"));
    sharesSpin_->setToolTip(tr("The container's share of CPU time when CPUs are busy, relative "
                               "to other containers; the engine's default is 1024."));
    sharesSpin_->setSpecialValueText(tr("Default (1024)"));
    sharesSpin_->setRange(0, int(kMaximumCpuShares));
    sharesSpin_->setSingleStep(128);

    pidsSpin_->setObjectName(QStringLiteral("pidsSpin"));
    pidsSpin_->setAccessibleName(tr("Maximum number of processes"));
    pidsSpin_->setSpecialValueText(tr("No limit"));
    pidsSpin_->setRange(0, 4'194'304);

    layout_->addRow(buddyLabel(tr("&Memory limit:"), memorySpin_, this), memorySpin_);
    layout_->addRow(buddyLabel(tr("Memory + s&wap:"), swapSpin_, this), swapSpin_);
    layout_->addRow(buddyLabel(tr("CPU&s:"), cpusSpin_, this), cpusSpin_);
    layout_->addRow(buddyLabel(tr("CPU s&hares:"), sharesSpin_, this), sharesSpin_);
    layout_->addRow(buddyLabel(tr("Processes &limit:"), pidsSpin_, this), pidsSpin_);
    setTabOrder(memorySpin_, swapSpin_);
    setTabOrder(swapSpin_, cpusSpin_);
    setTabOrder(cpusSpin_, sharesSpin_);
    setTabOrder(sharesSpin_, pidsSpin_);

    for (QSpinBox* spin : {memorySpin_, swapSpin_, sharesSpin_, pidsSpin_}) {
        connect(spin, &QSpinBox::valueChanged, this, &ResourceLimitsEditor::changed);
    }
    connect(cpusSpin_, &QDoubleSpinBox::valueChanged, this, &ResourceLimitsEditor::changed);
}

ResourceLimits ResourceLimitsEditor::limits() const {
    ResourceLimits limits;
    limits.memoryBytes = int64_t(memorySpin_->value()) * kMebibyte;
    if (layout_->isRowVisible(swapSpin_)) {
        limits.memorySwapBytes =
            swapSpin_->value() < 0 ? -1 : int64_t(swapSpin_->value()) * kMebibyte;
        limits.cpuShares = sharesSpin_->value();
    }
    limits.nanoCpus = std::llround(cpusSpin_->value() * double(kNanoCpusPerCpu));
    limits.pidsLimit = pidsSpin_->value();
    return limits;
}

void ResourceLimitsEditor::setLimits(const ResourceLimits& limits) {
    memorySpin_->setValue(int(limits.memoryBytes / kMebibyte));
    swapSpin_->setValue(limits.memorySwapBytes < 0 ? -1 : int(limits.memorySwapBytes / kMebibyte));
    cpusSpin_->setValue(double(limits.nanoCpus) / double(kNanoCpusPerCpu));
    sharesSpin_->setValue(int(limits.cpuShares));
    pidsSpin_->setValue(int(limits.pidsLimit));
}

void ResourceLimitsEditor::setSwapAndSharesShown(bool shown) {
    layout_->setRowVisible(swapSpin_, shown);
    layout_->setRowVisible(sharesSpin_, shown);
}

void ResourceLimitsEditor::addRow(QWidget* label, QWidget* field) {
    layout_->addRow(label, field);
}

void ResourceLimitsEditor::setOnlineCpus(int cpus) {
    // The field keeps its own maximum, so that a larger value (typed, pasted or read from
    // the engine) shows as a problem instead of being lowered without a word.
    onlineCpus_ = cpus;
    emit changed();
}

QString ResourceLimitsEditor::problemText() const {
    const std::vector<ResourceProblem> problems = validateResourceLimits(limits(), onlineCpus_);
    if (problems.empty()) {
        return {};
    }
    switch (problems.front()) {
    case ResourceProblem::MemoryTooSmall:
        return tr("The memory limit must be at least %1 MiB.").arg(kMinimumMemoryBytes / kMebibyte);
    case ResourceProblem::SwapWithoutMemory:
        return tr("A memory + swap limit needs a memory limit too.");
    case ResourceProblem::SwapBelowMemory:
        return tr("The memory + swap limit must be at least the memory limit.");
    case ResourceProblem::CpusOutOfRange:
        return onlineCpus_ > 0 ? tr("The CPU limit must be between 0.01 and %1.").arg(onlineCpus_)
                               : tr("The CPU limit must be at least 0.01.");
    case ResourceProblem::CpuSharesOutOfRange:
        return tr("CPU shares must be between %1 and %2.")
            .arg(kMinimumCpuShares)
            .arg(kMaximumCpuShares);
    }
    return {};
}

} // namespace berth::studio

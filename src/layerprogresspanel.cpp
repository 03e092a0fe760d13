#include "layerprogresspanel.h"

#include "formatting.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace berth::studio {

LayerProgressPanel::LayerProgressPanel(QWidget* parent)
    : QWidget(parent)
    , grid_(new QGridLayout)
    , lines_(new QLabel(this)) {
    lines_->setWordWrap(true);
    lines_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    grid_->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid_);
    layout->addWidget(lines_);
    layout->addStretch();
    setAccessibleName(tr("Layer progress"));
}

void LayerProgressPanel::clear() {
    for (const Row& row : rows_) {
        delete row.id;
        delete row.bar;
        delete row.status;
    }
    rows_.clear();
    progress_ = TransferProgress();
    lines_->clear();
    emit changed();
}

void LayerProgressPanel::apply(const client::Json& message) {
    const int index = progress_.apply(message);
    if (index >= 0) {
        updateRow(index);
    } else {
        lines_->setText(progress_.lines().join(QLatin1Char('\n')));
    }
    emit changed();
}

void LayerProgressPanel::markUnfinished(const QString& status) {
    progress_.markUnfinished(status);
    for (size_t index = 0; index < rows_.size(); ++index) {
        updateRow(int(index));
    }
    emit changed();
}

QString LayerProgressPanel::layerStatus(int index) const {
    return index >= 0 && size_t(index) < rows_.size() ? rows_[size_t(index)].status->text()
                                                      : QString();
}

QProgressBar* LayerProgressPanel::layerBar(int index) const {
    return index >= 0 && size_t(index) < rows_.size() ? rows_[size_t(index)].bar : nullptr;
}

void LayerProgressPanel::updateRow(int index) {
    while (rows_.size() <= size_t(index)) {
        const int line = int(rows_.size());
        Row row{new QLabel(this), new QProgressBar(this), new QLabel(this)};
        row.id->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        row.bar->setRange(0, 100);
        row.bar->setTextVisible(false);
        row.status->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 28);
        grid_->addWidget(row.id, line, 0);
        grid_->addWidget(row.bar, line, 1);
        grid_->addWidget(row.status, line, 2);
        rows_.push_back(row);
    }
    const LayerProgress& layer = progress_.layers()[size_t(index)];
    const Row& row = rows_[size_t(index)];
    row.id->setText(layer.id);
    row.bar->setValue(layer.percent());
    row.bar->setAccessibleName(tr("Layer %1").arg(layer.id));
    const bool showBytes = !layer.finished && !layer.stopped && layer.total > 0;
    // The engine's status words are Docker's and stay untranslated, as the docker CLI
    // shows them.
    row.status->setText(
        showBytes ? tr("%1 %2 of %3")
                        .arg(layer.status, formatSize(layer.current), formatSize(layer.total))
                  : layer.status);
}

} // namespace berth::studio

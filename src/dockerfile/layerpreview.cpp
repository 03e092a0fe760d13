// LayerPreview: the preview table, its status line and the step details.

#include "dockerfile/layerpreview.h"

#include "dockerfile/previewplanner.h"
#include "dockerfile/stepdetails.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace berth::studio {

LayerPreview::LayerPreview(QWidget* parent)
    : QWidget(parent)
    , planner_(new PreviewPlanner(this))
    , status_(new QLabel(this))
    , view_(new QTableView(this))
    , details_(new StepDetails(this))
    , splitter_(new QSplitter(Qt::Vertical, this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    status_->setWordWrap(true);
    layout->addWidget(status_);
    layout->addWidget(splitter_);
    splitter_->addWidget(view_);
    splitter_->addWidget(details_);
    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 1);

    view_->setModel(planner_->model());
    view_->setAccessibleName(tr("Layer preview"));
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setSectionResizeMode(LayerPreviewModel::Instruction,
                                                    QHeaderView::Stretch);
    view_->setWordWrap(false);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LayerPreview::showSelectedStep);
    connect(view_, &QTableView::activated, this, [this](const QModelIndex& index) {
        emit lineActivated(index.data(LayerPreviewModel::LineRole).toInt());
    });
    connect(details_, &StepDetails::lineActivated, this, &LayerPreview::lineActivated);
    connect(planner_, &PreviewPlanner::parsed, this, &LayerPreview::updateStatus);
    connect(planner_, &PreviewPlanner::planned, this, [this] {
        updateStatus();
        showSelectedStep();
    });
    connect(planner_, &PreviewPlanner::planFailed, this, [this](const QString& message) {
        status_->setText(tr("The engine could not plan this Dockerfile: %1").arg(message));
    });
    updateStatus();
}

QString LayerPreview::statusText() const {
    return status_->text();
}

void LayerPreview::setConnection(EngineConnection* connection) {
    planner_->setConnection(connection);
    updateStatus();
}

void LayerPreview::selectLine(int line) {
    const int row = planner_->model()->rowOfLine(line);
    if (row < 0 || row == view_->currentIndex().row()) {
        return;
    }
    view_->setCurrentIndex(planner_->model()->index(row, LayerPreviewModel::Instruction));
}

void LayerPreview::updateStatus() {
    if (planner_->model()->rowCount() == 0) {
        status_->setText(tr("No steps yet: a Dockerfile starts with FROM."));
    } else if (!planner_->cacheStatusAvailable() && planner_->requestsInFlight() == 0) {
        status_->setText(tr("Cache status unavailable: this engine has no build plan, so "
                            "the preview shows what parsing alone tells."));
    } else {
        status_->setText(tr("Cache status from the engine's build cache."));
    }
}

void LayerPreview::showSelectedStep() {
    details_->showStep(planner_->model()->steps(), view_->currentIndex().row());
}

} // namespace berth::studio

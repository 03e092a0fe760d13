#include "taskstrip.h"

#include "backgroundtasks.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

namespace berth::studio {

namespace {

constexpr int kFinishedRowVisibleMs = 15000;

} // namespace

TaskStrip::TaskStrip(BackgroundTasks* tasks, QWidget* parent)
    : QWidget(parent)
    , tasks_(tasks)
    , layout_(new QHBoxLayout(this)) {
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(12);
    connect(tasks_, &BackgroundTasks::taskAdded, this, &TaskStrip::addRow);
    connect(tasks_, &BackgroundTasks::taskChanged, this, &TaskStrip::updateRow);
    connect(tasks_, &BackgroundTasks::taskRemoved, this, &TaskStrip::removeRow);
}

void TaskStrip::addRow(int id) {
    auto* row = new QWidget(this);
    row->setObjectName(QStringLiteral("task%1").arg(id));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(row);
    label->setObjectName(QStringLiteral("title"));
    auto* progress = new QProgressBar(row);
    progress->setObjectName(QStringLiteral("progress"));
    progress->setMaximumWidth(140);
    progress->setMaximumHeight(14);
    progress->setTextVisible(false);
    progress->setRange(0, 0);
    auto* cancel = new QToolButton(row);
    cancel->setObjectName(QStringLiteral("cancel"));
    cancel->setText(tr("Cancel"));
    cancel->setAccessibleName(tr("Cancel task"));
    connect(cancel, &QToolButton::clicked, this, [this, id] { tasks_->cancel(id); });
    auto* close = new QToolButton(row);
    close->setObjectName(QStringLiteral("dismiss"));
    close->setText(QStringLiteral("×"));
    close->setAccessibleName(tr("Dismiss"));
    close->setVisible(false);
    connect(close, &QToolButton::clicked, this, [this, id] { tasks_->dismiss(id); });
    layout->addWidget(label);
    layout->addWidget(progress);
    layout->addWidget(cancel);
    layout->addWidget(close);
    layout_->addWidget(row);
    rows_[id] = row;
    updateRow(id);
}

void TaskStrip::updateRow(int id) {
    const auto it = rows_.find(id);
    const BackgroundTask* task = tasks_->task(id);
    if (it == rows_.end() || !task) {
        return;
    }
    QWidget* row = it->second;
    auto* label = row->findChild<QLabel*>(QStringLiteral("title"));
    auto* progress = row->findChild<QProgressBar*>(QStringLiteral("progress"));
    auto* cancel = row->findChild<QToolButton*>(QStringLiteral("cancel"));
    auto* close = row->findChild<QToolButton*>(QStringLiteral("dismiss"));
    if (task->state == BackgroundTask::State::Running) {
        label->setText(task->title);
        if (task->total > 0) {
            progress->setRange(0, 1000);
            progress->setValue(static_cast<int>(task->done * 1000 / task->total));
        }
        return;
    }
    label->setText(task->message);
    progress->setVisible(false);
    cancel->setVisible(false);
    close->setVisible(true);
    QTimer::singleShot(kFinishedRowVisibleMs, this, [this, id] { tasks_->dismiss(id); });
}

void TaskStrip::removeRow(int id) {
    const auto it = rows_.find(id);
    if (it != rows_.end()) {
        it->second->deleteLater();
        rows_.erase(it);
    }
}

} // namespace berth::studio

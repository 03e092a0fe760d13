#include "containertopview.h"

#include "engineconnection.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

constexpr int kRefreshMs = 3000;

} // namespace

ContainerTopView::ContainerTopView(QWidget* parent)
    : QWidget(parent)
    , status_(new QLabel(this))
    , table_(new QTableWidget(this))
    , timer_(new QTimer(this)) {
    table_->setObjectName(QStringLiteral("topTable"));
    table_->setAccessibleName(tr("Processes"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &ContainerTopView::refresh);
}

void ContainerTopView::setConnection(EngineConnection* connection) {
    connection_ = connection;
    updateTimer();
}

void ContainerTopView::showContainer(const QString& id, bool running) {
    const bool changed = id != containerId_ || running != running_;
    if (id != containerId_) {
        table_->clear();
        table_->setRowCount(0);
        table_->setColumnCount(0);
    }
    containerId_ = id;
    running_ = running;
    if (changed) {
        updateTimer();
    }
}

void ContainerTopView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    updateTimer();
}

void ContainerTopView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    updateTimer();
}

void ContainerTopView::updateTimer() {
    const bool wanted = connection_ && !containerId_.isEmpty() && running_ && isVisible();
    if (!wanted) {
        timer_->stop();
        if (!containerId_.isEmpty() && !running_) {
            status_->setText(tr("The container is not running."));
            table_->setRowCount(0);
        }
        return;
    }
    if (!timer_->isActive()) {
        timer_->start();
        refresh();
    }
}

void ContainerTopView::refresh() {
    if (!connection_ || containerId_.isEmpty() || loading_) {
        return;
    }
    loading_ = true;
    const QString id = containerId_;
    connection_->run(
        this, [id](client::Client& client) { return client.topContainer(id.toStdString()); },
        [this, id](Result<client::TopResult> top) {
            loading_ = false;
            if (id != containerId_) {
                return;
            }
            if (!top) {
                status_->setText(tr("Could not list the processes: %1")
                                     .arg(QString::fromStdString(top.error().message)));
                emit refreshed(false);
                return;
            }
            QStringList titles;
            for (const std::string& title : top->titles) {
                titles << QString::fromStdString(title);
            }
            table_->setColumnCount(int(titles.size()));
            table_->setHorizontalHeaderLabels(titles);
            table_->setRowCount(int(top->processes.size()));
            for (int row = 0; row < int(top->processes.size()); ++row) {
                const auto& cells = top->processes[size_t(row)];
                for (int column = 0; column < int(cells.size()) && column < titles.size();
                     ++column) {
                    table_->setItem(row, column,
                                    new QTableWidgetItem(QString::fromStdString(cells[column])));
                }
            }
            status_->setText(tr("%n process(es), refreshed every %1 seconds", nullptr,
                                int(top->processes.size()))
                                 .arg(kRefreshMs / 1000));
            emit refreshed(true);
        });
}

} // namespace berth::studio

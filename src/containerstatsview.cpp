#include "containerstatsview.h"

#include "engineconnection.h"
#include "formatting.h"
#include "statsstream.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

namespace berth::studio {

namespace {

// How far back the charts reach, in seconds.
constexpr double kWindowSeconds = 300;
// The x axis starts this wide and grows to the window as samples come.
constexpr double kFirstAxisSeconds = 60;
constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kKiB = 1024.0;

double maxY(const QLineSeries* series) {
    double top = 0;
    for (const QPointF& point : series->points()) {
        top = std::max(top, point.y());
    }
    return top;
}

} // namespace

ContainerStatsView::ContainerStatsView(QWidget* parent)
    : QWidget(parent)
    , summary_(new QLabel(this))
    , cpu_(new QLineSeries(this))
    , memory_(new QLineSeries(this))
    , networkRx_(new QLineSeries(this))
    , networkTx_(new QLineSeries(this))
    , blockRead_(new QLineSeries(this))
    , blockWrite_(new QLineSeries(this)) {
    qRegisterMetaType<StatsFigures>();
    summary_->setObjectName(QStringLiteral("statsSummary"));
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    cpu_->setName(tr("CPU"));
    memory_->setName(tr("Memory"));
    networkRx_->setName(tr("Received"));
    networkTx_->setName(tr("Sent"));
    blockRead_->setName(tr("Read"));
    blockWrite_->setName(tr("Written"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(summary_);
    auto* grid = new QGridLayout;
    layout->addLayout(grid, 1);
    setLayout(layout);
    charts_ << addChart(tr("CPU (%)"), {cpu_}) << addChart(tr("Memory (MiB)"), {memory_})
            << addChart(tr("Network (KiB/s)"), {networkRx_, networkTx_})
            << addChart(tr("Block I/O (KiB/s)"), {blockRead_, blockWrite_});
    for (int i = 0; i < charts_.size(); ++i) {
        auto* view = new QChartView(charts_[i].chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(160);
        view->setAccessibleName(charts_[i].chart->title());
        grid->addWidget(view, i / 2, i % 2);
    }
    clear();
}

ContainerStatsView::~ContainerStatsView() = default;

ContainerStatsView::Chart ContainerStatsView::addChart(const QString& title,
                                                       QList<QLineSeries*> series) {
    Chart chart;
    chart.chart = new QChart;
    chart.chart->setTitle(title);
    chart.chart->setMargins(QMargins(2, 2, 2, 2));
    chart.chart->legend()->setVisible(series.size() > 1);
    chart.chart->legend()->setAlignment(Qt::AlignRight);
    chart.x = new QValueAxis(chart.chart);
    chart.x->setLabelFormat(QStringLiteral("%ds"));
    chart.x->setTickCount(6);
    chart.y = new QValueAxis(chart.chart);
    chart.y->setLabelFormat(QStringLiteral("%.1f"));
    chart.y->setTickCount(4);
    chart.chart->addAxis(chart.x, Qt::AlignBottom);
    chart.chart->addAxis(chart.y, Qt::AlignLeft);
    for (QLineSeries* line : series) {
        chart.chart->addSeries(line);
        line->attachAxis(chart.x);
        line->attachAxis(chart.y);
    }
    return chart;
}

void ContainerStatsView::setConnection(EngineConnection* connection) {
    stream_.reset();
    connection_ = connection;
    updateStreaming();
}

void ContainerStatsView::showContainer(const QString& id, bool running) {
    if (id != containerId_) {
        stream_.reset();
        containerId_ = id;
        clear();
    }
    running_ = running;
    updateStreaming();
}

void ContainerStatsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    updateStreaming();
}

void ContainerStatsView::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    updateStreaming();
}

void ContainerStatsView::updateStreaming() {
    const bool wanted = connection_ && !containerId_.isEmpty() && running_ && isVisible();
    if (!wanted) {
        stream_.reset();
        if (!containerId_.isEmpty() && !running_) {
            summary_->setText(tr("The container is not running."));
        }
        return;
    }
    if (stream_) {
        return;
    }
    stream_ = std::make_unique<StatsStream>(connection_->client(), containerId_);
    connect(stream_.get(), &StatsStream::sampleReceived, this, &ContainerStatsView::addSample);
    connect(stream_.get(), &StatsStream::finished, this,
            [this, stream = stream_.get()](const QString& error) {
                if (!error.isEmpty()) {
                    summary_->setText(tr("Stats unavailable: %1").arg(error));
                }
                // The stream ends when the container stops. It is dropped after this signal
                // returns, so that a restarted container gets a new one.
                QMetaObject::invokeMethod(
                    this,
                    [this, stream] {
                        if (stream_.get() == stream) {
                            stream_.reset();
                        }
                    },
                    Qt::QueuedConnection);
            });
    stream_->start();
}

void ContainerStatsView::clear() {
    for (QLineSeries* series : {cpu_, memory_, networkRx_, networkTx_, blockRead_, blockWrite_}) {
        series->clear();
    }
    for (const Chart& chart : charts_) {
        chart.x->setRange(0, kFirstAxisSeconds);
        chart.y->setRange(0, 1);
    }
    previous_.reset();
    firstNano_ = 0;
    summary_->setText(containerId_.isEmpty() ? tr("Select a running container.")
                                             : tr("Waiting for the first sample…"));
}

void ContainerStatsView::addSample(const StatsFigures& figures) {
    const int64_t readNano = figures.readNano > 0
                                 ? figures.readNano
                                 : QDateTime::currentMSecsSinceEpoch() * int64_t(1'000'000);
    if (firstNano_ == 0) {
        firstNano_ = readNano;
    }
    const double now = double(readNano - firstNano_) / 1e9;

    cpu_->append(now, figures.cpuPercent);
    memory_->append(now, double(figures.memoryUsage) / kMiB);
    // Throughput is the change of the running totals since the previous sample.
    if (previous_ && readNano > previous_->readNano && previous_->readNano > 0) {
        const double seconds = double(readNano - previous_->readNano) / 1e9;
        const auto rate = [seconds](int64_t now, int64_t before) {
            return std::max(0.0, double(now - before) / seconds / kKiB);
        };
        networkRx_->append(now, rate(figures.networkRx, previous_->networkRx));
        networkTx_->append(now, rate(figures.networkTx, previous_->networkTx));
        blockRead_->append(now, rate(figures.blockRead, previous_->blockRead));
        blockWrite_->append(now, rate(figures.blockWrite, previous_->blockWrite));
    }
    StatsFigures stored = figures;
    stored.readNano = readNano;
    previous_ = stored;
    for (const Chart& chart : charts_) {
        trimAndScale(chart, now);
    }

    const QString limit = figures.memoryLimit > 0 ? formatSize(figures.memoryLimit) : tr("none");
    summary_->setText(tr("CPU %1 %  ·  Memory %2 of %3 (%4 %)  ·  Network %5 in, %6 out  ·  "
                         "Block I/O %7 read, %8 written  ·  %n process(es)",
                         nullptr, int(figures.pids))
                          .arg(figures.cpuPercent, 0, 'f', 2)
                          .arg(formatSize(figures.memoryUsage), limit)
                          .arg(figures.memoryPercent, 0, 'f', 2)
                          .arg(formatSize(figures.networkRx), formatSize(figures.networkTx),
                               formatSize(figures.blockRead), formatSize(figures.blockWrite)));
    emit sampleAdded();
}

void ContainerStatsView::trimAndScale(const Chart& chart, double now) {
    double top = 0;
    for (QAbstractSeries* abstract : chart.chart->series()) {
        auto* series = static_cast<QLineSeries*>(abstract);
        int stale = 0;
        while (stale < series->count() && series->at(stale).x() < now - kWindowSeconds) {
            ++stale;
        }
        if (stale > 0) {
            series->removePoints(0, stale);
        }
        top = std::max(top, maxY(series));
    }
    chart.x->setRange(std::max(0.0, now - kWindowSeconds), std::max(now, kFirstAxisSeconds));
    chart.y->setRange(0, top > 0 ? top * 1.2 : 1);
}

} // namespace berth::studio

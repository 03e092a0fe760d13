#pragma once

// The Stats tab of the Containers page: live charts of CPU %, memory, network and block I/O
// throughput over the last five minutes, fed by a StatsStream. It streams only while the
// tab is shown and the container runs, and keeps the charts of the container it shows.

#include "containerstats.h"

#include <QWidget>

#include <memory>
#include <optional>

class QChart;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace berth::studio {

class EngineConnection;
class StatsStream;

class ContainerStatsView final : public QWidget {
    Q_OBJECT

public:
    explicit ContainerStatsView(QWidget* parent = nullptr);
    ~ContainerStatsView() override;

    void setConnection(EngineConnection* connection);
    // Shows this container's charts (an empty id shows none); a new id clears them.
    void showContainer(const QString& id, bool running);

    [[nodiscard]] bool isStreaming() const { return stream_ != nullptr; }
    [[nodiscard]] QLineSeries* cpuSeries() const { return cpu_; }
    // Memory use in MiB.
    [[nodiscard]] QLineSeries* memorySeries() const { return memory_; }
    [[nodiscard]] QLabel* summary() const { return summary_; }

signals:
    void sampleAdded();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    struct Chart {
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };

    Chart addChart(const QString& title, QList<QLineSeries*> series);
    void updateStreaming();
    void clear();
    void addSample(const StatsFigures& figures);
    void trimAndScale(const Chart& chart, double now);

    EngineConnection* connection_ = nullptr;
    QString containerId_;
    bool running_ = false;
    std::unique_ptr<StatsStream> stream_;
    QLabel* summary_;
    QLineSeries* cpu_;
    QLineSeries* memory_;
    QLineSeries* networkRx_;
    QLineSeries* networkTx_;
    QLineSeries* blockRead_;
    QLineSeries* blockWrite_;
    QList<Chart> charts_;
    std::optional<StatsFigures> previous_;
    int64_t firstNano_ = 0;
};

} // namespace berth::studio

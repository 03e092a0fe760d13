#include "statsstream.h"

namespace berth::studio {

StatsStream::StatsStream(std::shared_ptr<client::Client> client, QString containerId,
                         QObject* parent)
    : QObject(parent)
    , client_(std::move(client))
    , containerId_(std::move(containerId)) {}

StatsStream::~StatsStream() {
    cancel_.cancel();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void StatsStream::start() {
    thread_ = std::thread([this] {
        auto result = client_->streamContainerStats(
            containerId_.toStdString(),
            [this](const client::Json& sample) {
                const StatsFigures figures = computeStatsFigures(sample);
                QMetaObject::invokeMethod(
                    this, [this, figures] { emit sampleReceived(figures); }, Qt::QueuedConnection);
                return !cancel_.cancelled();
            },
            cancel_);
        const QString error = result ? QString() : QString::fromStdString(result.error().message);
        QMetaObject::invokeMethod(
            this, [this, error] { emit finished(error); }, Qt::QueuedConnection);
    });
}

} // namespace berth::studio

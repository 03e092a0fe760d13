#include "logfollower.h"

#include <QPointer>

namespace berth::studio {

namespace {

constexpr const char* kTailLines = "1000";

} // namespace

LogFollower::LogFollower(std::shared_ptr<client::Client> client, QString containerId, bool follow,
                         bool timestamps, QObject* parent)
    : QObject(parent)
    , client_(std::move(client))
    , containerId_(std::move(containerId))
    , follow_(follow)
    , timestamps_(timestamps) {}

LogFollower::~LogFollower() {
    cancel_.cancel();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void LogFollower::start() {
    thread_ = std::thread([this] {
        client::LogOptions options;
        options.follow = follow_;
        options.timestamps = timestamps_;
        options.tail = kTailLines;
        auto result = client_->logs(
            containerId_.toStdString(), options,
            [this](client::LogStream, std::string_view text) {
                QMetaObject::invokeMethod(
                    this,
                    [this, text = QString::fromUtf8(text.data(), qsizetype(text.size()))] {
                        emit textReceived(text);
                    },
                    Qt::QueuedConnection);
                return !cancel_.cancelled();
            },
            &cancel_);
        const QString error = result ? QString() : QString::fromStdString(result.error().message);
        QMetaObject::invokeMethod(
            this, [this, error] { emit finished(error); }, Qt::QueuedConnection);
    });
}

} // namespace berth::studio

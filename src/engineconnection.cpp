#include "engineconnection.h"

#include <QLoggingCategory>

#include <poll.h>

#include <algorithm>

namespace berth::studio {

Q_LOGGING_CATEGORY(lcConnection, "berth.studio.connection", QtWarningMsg)

namespace {

constexpr auto kFirstRetryDelay = std::chrono::milliseconds(250);
constexpr auto kMaxRetryDelay = std::chrono::milliseconds(5000);
constexpr int kPoolShutdownMs = 5000;

// Sleeps for `delay` unless the token fires first; false when it fired.
bool sleepUnlessCancelled(client::CancelToken& token, std::chrono::milliseconds delay) {
    if (token.fd() < 0) {
        std::this_thread::sleep_for(delay);
        return !token.cancelled();
    }
    pollfd fd{token.fd(), POLLIN, 0};
    return ::poll(&fd, 1, static_cast<int>(delay.count())) == 0 && !token.cancelled();
}

} // namespace

EngineConnection::EngineConnection(client::Endpoint endpoint, QObject* parent)
    : QObject(parent)
    , client_(std::make_shared<client::Client>(std::move(endpoint))) {
    pool_.setMaxThreadCount(4);
}

EngineConnection::~EngineConnection() {
    stopEvents_.cancel();
    if (eventThread_.joinable()) {
        eventThread_.join();
    }
    // Calls in flight end within the client's timeout; their results are dropped.
    if (!pool_.waitForDone(kPoolShutdownMs)) {
        qCWarning(lcConnection) << "engine calls still running at exit; leaving them";
    }
}

QString EngineConnection::endpointText() const {
    return QString::fromStdString(client_->endpoint().str());
}

void EngineConnection::start() {
    if (eventThread_.joinable()) {
        return;
    }
    eventThread_ = std::thread([this] { watchEvents(); });
}

// Runs on the event thread: ping, follow /events until it breaks, wait, and again.
void EngineConnection::watchEvents() {
    auto delay = kFirstRetryDelay;
    const auto setConnected = [this](bool connected) {
        QMetaObject::invokeMethod(
            this,
            [this, connected] {
                if (connected_ != connected) {
                    connected_ = connected;
                    if (connected) {
                        identifyEngine();
                    }
                    emit connectedChanged(connected);
                }
            },
            Qt::QueuedConnection);
    };
    while (!stopEvents_.cancelled()) {
        auto pinged = client_->ping();
        if (pinged) {
            delay = kFirstRetryDelay;
            setConnected(true);
            client::EventOptions options;
            auto streamed = client_->events(
                options,
                [this](const client::Event& event) {
                    QMetaObject::invokeMethod(
                        this,
                        [this, type = QString::fromStdString(event.type),
                         action = QString::fromStdString(event.action),
                         id = QString::fromStdString(event.actorId)] {
                            emit engineEvent(type, action, id);
                        },
                        Qt::QueuedConnection);
                    return true;
                },
                stopEvents_);
            if (!streamed) {
                qCInfo(lcConnection) << "event stream ended:" << streamed.error().message.c_str();
            }
        } else {
            qCInfo(lcConnection) << "engine unreachable:" << pinged.error().message.c_str();
        }
        if (stopEvents_.cancelled()) {
            break;
        }
        setConnected(false);
        if (!sleepUnlessCancelled(stopEvents_, delay)) {
            break;
        }
        delay = std::min(delay * 2, kMaxRetryDelay);
    }
}

void EngineConnection::identifyEngine() {
    run(
        this, [](client::Client& client) { return client.version(); },
        [this](Result<client::Json> version) {
            if (!version) {
                return;
            }
            QString name;
            if (const auto platform = version->find("Platform");
                platform != version->end() && platform->is_object()) {
                name = QString::fromStdString(platform->value("Name", ""));
            }
            engineName_ = name.isEmpty() ? tr("Engine") : name;
            engineVersion_ = QString::fromStdString(version->value("Version", ""));
            emit engineIdentified();
        });
}

} // namespace berth::studio

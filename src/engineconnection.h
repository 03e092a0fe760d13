#pragma once

// The studio's door to the engine: one API client shared by a thread pool. Every call runs
// on the pool and its result comes back to the GUI thread through a queued call, so no
// widget ever waits on the engine. An event thread follows /events, reconnecting with
// backoff, and reports the connection state.

#include "client/client.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <thread>

namespace berth::studio {

class EngineConnection final : public QObject {
    Q_OBJECT

public:
    explicit EngineConnection(client::Endpoint endpoint, QObject* parent = nullptr);
    ~EngineConnection() override;

    [[nodiscard]] QString endpointText() const;
    [[nodiscard]] bool isConnected() const { return connected_; }
    // "Berth 0.1.0" or "Docker Engine 28.2.2" once known.
    [[nodiscard]] QString engineName() const { return engineName_; }
    [[nodiscard]] QString engineVersion() const { return engineVersion_; }
    [[nodiscard]] QString apiVersion() const {
        return QString::fromStdString(client_->apiVersion());
    }

    [[nodiscard]] std::shared_ptr<client::Client> client() const { return client_; }

    // Starts following /events; the first successful connection emits connectedChanged.
    void start();

    // Runs work(client) on the pool and then done(result) in the GUI thread, unless
    // `context` was destroyed in the meantime.
    template <class Work, class Done> void run(QObject* context, Work work, Done done) {
        auto client = client_;
        QPointer<QObject> guard(context);
        QPointer<EngineConnection> self(this);
        pool_.start(
            [client, work = std::move(work), done = std::move(done), guard, self]() mutable {
                auto result = std::make_shared<decltype(work(*client))>(work(*client));
                if (!self) {
                    return;
                }
                QMetaObject::invokeMethod(
                    self.data(),
                    [guard, done = std::move(done), result]() mutable {
                        if (guard) {
                            done(std::move(*result));
                        }
                    },
                    Qt::QueuedConnection);
            });
    }

signals:
    void connectedChanged(bool connected);
    void engineIdentified();
    // A container, image, volume or network changed; the models reload.
    void engineEvent(const QString& type, const QString& action, const QString& actorId);

private:
    void watchEvents();
    void identifyEngine();

    std::shared_ptr<client::Client> client_;
    QThreadPool pool_;
    client::CancelToken stopEvents_;
    std::thread eventThread_;
    bool connected_ = false;
    QString engineName_;
    QString engineVersion_;
};

} // namespace berth::studio

#pragma once

// Follows one container's logs on its own thread (a stream can last for hours, so it does
// not take a pool thread) and hands the text to the GUI thread in queued batches.

#include "client/client.h"

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

namespace berth::studio {

class LogFollower final : public QObject {
    Q_OBJECT

public:
    // With `timestamps` every line starts with its RFC 3339 time, as the API's timestamps=1
    // sends it.
    LogFollower(std::shared_ptr<client::Client> client, QString containerId, bool follow,
                bool timestamps = false, QObject* parent = nullptr);
    ~LogFollower() override;

    void start();

signals:
    void textReceived(const QString& text);
    void finished(const QString& error);

private:
    std::shared_ptr<client::Client> client_;
    QString containerId_;
    bool follow_;
    bool timestamps_;
    client::CancelToken cancel_;
    std::thread thread_;
};

} // namespace berth::studio

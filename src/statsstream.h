#pragma once

// Follows one container's stats stream on its own thread (it lasts as long as the Stats tab
// is shown, so it does not take a pool thread) and hands each sample's figures to the GUI
// thread. Destroying it cancels the stream and joins the thread.

#include "client/client.h"
#include "containerstats.h"

#include <QObject>
#include <QString>

#include <memory>
#include <thread>

namespace berth::studio {

class StatsStream final : public QObject {
    Q_OBJECT

public:
    StatsStream(std::shared_ptr<client::Client> client, QString containerId,
                QObject* parent = nullptr);
    ~StatsStream() override;

    void start();

signals:
    void sampleReceived(const berth::studio::StatsFigures& figures);
    // The stream ended: the container stopped (empty error) or the call failed.
    void finished(const QString& error);

private:
    std::shared_ptr<client::Client> client_;
    QString containerId_;
    client::CancelToken cancel_;
    std::thread thread_;
};

} // namespace berth::studio

Q_DECLARE_METATYPE(berth::studio::StatsFigures)

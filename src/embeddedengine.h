#pragma once

// The bundled engine: with no endpoint configured, the studio runs its own berthd (found
// beside the studio binary) on a private socket and data root under the user's data
// directory, with its own log file. On exit it stops only a berthd it started itself, with
// SIGTERM; containers keep running under their shims.

#include "client/endpoint.h"
#include "common/error.h"

#include <QObject>
#include <QProcess>
#include <QString>

namespace berth::studio {

class EmbeddedEngine final : public QObject {
    Q_OBJECT

public:
    explicit EmbeddedEngine(QObject* parent = nullptr);
    ~EmbeddedEngine() override;

    // Starts berthd unless the one this studio started earlier still runs (its pidfile names
    // a live berthd). It does not wait for berthd, because the connection retries until the ping
    // succeeds.
    [[nodiscard]] Result<client::Endpoint> start();
    void stop();

    [[nodiscard]] QString logPath() const;
    [[nodiscard]] QString stateDir() const { return stateDir_; }
    [[nodiscard]] bool startedByUs() const { return process_.state() != QProcess::NotRunning; }

signals:
    // berthd ended on its own; the text names the exit and the log file.
    void crashed(const QString& message);

private:
    [[nodiscard]] bool alreadyRunning() const;

    QString stateDir_;
    QString socketPath_;
    QProcess process_;
    bool stopping_ = false;
};

} // namespace berth::studio

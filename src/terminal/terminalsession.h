#pragma once

// Connects a terminal to a container: attaches to its main process, or starts a command in
// it with a tty (`docker exec -it`), through the engine (a hijacked HTTP connection), then
// moves bytes between that socket and the terminal on the GUI thread. Reads come from a
// QSocketNotifier; writes are non-blocking and queued while the socket is full. When the
// stream ends, the session asks the engine how the process ended and reports it.

#include "common/unique_fd.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSocketNotifier;

namespace berth::client {
class LogFrameDecoder;
}

namespace berth::studio {

class EngineConnection;

class TerminalSession final : public QObject {
    Q_OBJECT

public:
    TerminalSession(EngineConnection* connection, QString containerId, QObject* parent = nullptr);
    ~TerminalSession() override;

    [[nodiscard]] QString containerId() const { return containerId_; }
    // Makes start() run command in the container with a tty and stdin (`docker exec -it`)
    // rather than attach to its main process. Call before start().
    void setExecCommand(const QStringList& command) { execCommand_ = command; }
    [[nodiscard]] bool isExec() const { return !execCommand_.isEmpty(); }
    // The exec instance's id once start() has created it.
    [[nodiscard]] QString execId() const { return execId_; }
    [[nodiscard]] bool isAttached() const { return fd_.get() >= 0; }
    // True when the container has a tty and an open stdin, so keys reach the process.
    [[nodiscard]] bool isInteractive() const { return tty_ && stdinOpen_; }

    // Looks the container up and attaches to it (on the engine connection's pool), with
    // the output so far replayed first; or, with an exec command, creates and starts the
    // exec instance. Ends in attached() or failed().
    void start();
    // Takes over an attached socket; `pending` contains the bytes read past the HTTP headers.
    // start() ends here; tests call it with one end of a socket pair.
    void adopt(UniqueFd fd, QByteArray pending, bool tty, bool stdinOpen);

    // Queues bytes for the process; dropped unless the session is interactive.
    void send(const QByteArray& bytes);
    // Resizes the container's (or the exec's) pty; remembered until attached, ignored
    // without a tty.
    void resize(int rows, int columns);

signals:
    void attached(bool tty, bool stdinOpen);
    // Output for the terminal. Without a tty, line feeds come as "\r\n" already.
    void received(const QByteArray& bytes);
    void failed(const QString& message);
    // The engine resized the container's pty.
    void sizeApplied(int rows, int columns);
    void exited(int exitCode);
    // The stream ended but the container did not exit (it was detached or the engine went).
    void disconnected();

private:
    void startAttach();
    void startExec();
    void readAvailable();
    void writePending();
    void closeStream();
    void reportEnd();
    void sendSize();

    EngineConnection* connection_;
    QString containerId_;
    QStringList execCommand_;
    QString execId_;
    UniqueFd fd_;
    QSocketNotifier* readNotifier_ = nullptr;
    QSocketNotifier* writeNotifier_ = nullptr;
    std::unique_ptr<client::LogFrameDecoder> decoder_;
    QByteArray outbox_;
    bool tty_ = false;
    bool stdinOpen_ = false;
    std::optional<std::pair<int, int>> size_;
};

} // namespace berth::studio

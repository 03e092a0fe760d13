#include "terminalsession.h"

#include "client/log_frames.h"
#include "engineconnection.h"

#include <QSocketNotifier>

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace berth::studio {

namespace {

constexpr auto kExitWaitTimeout = std::chrono::seconds(5);
constexpr size_t kReadChunk = 64 * 1024;

struct AttachOutcome {
    bool tty = false;
    bool stdinOpen = false;
    std::string execId;
    Result<client::HijackedConnection> connection = std::unexpected(Error{});
};

// How long reportEnd() polls an exec instance for its exit code after its stream ended.
constexpr auto kExecExitTimeout = std::chrono::seconds(5);
constexpr auto kExecExitPoll = std::chrono::milliseconds(20);

// The exit code of an exec instance that stopped running, or an error.
Result<int> waitForExecExit(client::Client& client, const std::string& execId) {
    const auto deadline = std::chrono::steady_clock::now() + kExecExitTimeout;
    for (;;) {
        auto inspect = client.inspectExec(execId);
        if (!inspect) {
            return std::unexpected(inspect.error());
        }
        if (!inspect->value("Running", false)) {
            const auto& code = (*inspect)["ExitCode"];
            return code.is_number_integer() ? code.get<int>() : 0;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(ErrorKind::System,
                        "timed out waiting for the exec'd process to exit after its stream ended");
        }
        std::this_thread::sleep_for(kExecExitPoll);
    }
}

} // namespace

TerminalSession::TerminalSession(EngineConnection* connection, QString containerId, QObject* parent)
    : QObject(parent)
    , connection_(connection)
    , containerId_(std::move(containerId)) {}

TerminalSession::~TerminalSession() = default;

void TerminalSession::start() {
    if (isExec()) {
        startExec();
    } else {
        startAttach();
    }
}

void TerminalSession::startAttach() {
    const std::string id = containerId_.toStdString();
    connection_->run(
        this,
        [id](client::Client& client) {
            AttachOutcome outcome;
            auto inspect = client.inspectContainer(id);
            if (!inspect) {
                outcome.connection = std::unexpected(inspect.error());
                return outcome;
            }
            const auto& config = (*inspect)["Config"];
            outcome.tty = config.value("Tty", false);
            outcome.stdinOpen = config.value("OpenStdin", false);
            client::AttachOptions options;
            options.stdinStream = outcome.tty && outcome.stdinOpen;
            // The replay shows what the process wrote before this attach: a shell's prompt,
            // or the screen before a tab switch.
            options.logs = true;
            outcome.connection = client.attach(id, options);
            return outcome;
        },
        [this](AttachOutcome outcome) {
            if (!outcome.connection) {
                emit failed(QString::fromStdString(outcome.connection.error().message));
                return;
            }
            QByteArray pending = QByteArray::fromStdString(outcome.connection->pending);
            adopt(std::move(outcome.connection->fd), std::move(pending), outcome.tty,
                  outcome.stdinOpen);
        });
}

void TerminalSession::startExec() {
    const std::string id = containerId_.toStdString();
    client::ExecOptions options;
    for (const QString& arg : execCommand_) {
        options.cmd.push_back(arg.toStdString());
    }
    options.tty = true;
    options.attachStdin = true;
    connection_->run(
        this,
        [id, options](client::Client& client) {
            AttachOutcome outcome;
            outcome.tty = true;
            outcome.stdinOpen = true;
            auto created = client.createExec(id, options);
            if (!created) {
                outcome.connection = std::unexpected(created.error());
                return outcome;
            }
            outcome.execId = *created;
            outcome.connection = client.startExec(*created, true);
            return outcome;
        },
        [this](AttachOutcome outcome) {
            if (!outcome.connection) {
                emit failed(QString::fromStdString(outcome.connection.error().message));
                return;
            }
            execId_ = QString::fromStdString(outcome.execId);
            QByteArray pending = QByteArray::fromStdString(outcome.connection->pending);
            adopt(std::move(outcome.connection->fd), std::move(pending), outcome.tty,
                  outcome.stdinOpen);
        });
}

void TerminalSession::adopt(UniqueFd fd, QByteArray pending, bool tty, bool stdinOpen) {
    fd_ = std::move(fd);
    tty_ = tty;
    stdinOpen_ = stdinOpen;
    if (!tty_) {
        decoder_ = std::make_unique<client::LogFrameDecoder>(
            [this](client::LogStream, std::string_view payload) {
                QByteArray bytes(payload.data(), qsizetype(payload.size()));
                // Without a tty nothing turns "\n" into "\r\n", and the terminal needs both.
                bytes.replace("\n", "\r\n");
                emit received(bytes);
            });
    }
    readNotifier_ = new QSocketNotifier(fd_.get(), QSocketNotifier::Read, this);
    connect(readNotifier_, &QSocketNotifier::activated, this, &TerminalSession::readAvailable);
    writeNotifier_ = new QSocketNotifier(fd_.get(), QSocketNotifier::Write, this);
    writeNotifier_->setEnabled(false);
    connect(writeNotifier_, &QSocketNotifier::activated, this, &TerminalSession::writePending);
    emit attached(tty_, stdinOpen_);

    if (!pending.isEmpty()) {
        if (decoder_) {
            (void)decoder_->feed(std::string_view(pending.constData(), size_t(pending.size())));
        } else {
            emit received(pending);
        }
    }
    sendSize();
    writePending();
}

void TerminalSession::send(const QByteArray& bytes) {
    if (!isInteractive()) {
        return;
    }
    outbox_ += bytes;
    writePending();
}

void TerminalSession::writePending() {
    while (fd_.get() >= 0 && !outbox_.isEmpty()) {
        const ssize_t written =
            ::send(fd_.get(), outbox_.constData(), size_t(outbox_.size()), MSG_NOSIGNAL);
        if (written > 0) {
            outbox_.remove(0, written);
            continue;
        }
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            writeNotifier_->setEnabled(true);
            return;
        }
        // The peer is gone; the read side sees the end of the stream and reports it.
        outbox_.clear();
    }
    if (writeNotifier_) {
        writeNotifier_->setEnabled(false);
    }
}

void TerminalSession::readAvailable() {
    char buffer[kReadChunk];
    for (;;) {
        const ssize_t count = ::read(fd_.get(), buffer, sizeof buffer);
        if (count > 0) {
            if (decoder_) {
                if (auto fed = decoder_->feed(std::string_view(buffer, size_t(count))); !fed) {
                    emit failed(QString::fromStdString(fed.error().message));
                    closeStream();
                    return;
                }
            } else {
                emit received(QByteArray(buffer, qsizetype(count)));
            }
            continue;
        }
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        }
        closeStream();
        reportEnd();
        return;
    }
}

void TerminalSession::closeStream() {
    delete readNotifier_;
    readNotifier_ = nullptr;
    delete writeNotifier_;
    writeNotifier_ = nullptr;
    fd_.reset();
    outbox_.clear();
}

void TerminalSession::reportEnd() {
    if (!connection_) {
        emit disconnected();
        return;
    }
    if (isExec()) {
        const std::string execId = execId_.toStdString();
        connection_->run(
            this, [execId](client::Client& client) { return waitForExecExit(client, execId); },
            [this](Result<int> result) {
                if (result) {
                    emit exited(*result);
                } else {
                    emit disconnected();
                }
            });
        return;
    }
    // The stream ends when the process exits, but also when the engine drops the
    // connection; only a finished wait tells the two apart.
    const std::string id = containerId_.toStdString();
    connection_->run(
        this,
        [id](client::Client& client) {
            return client.waitContainer(id, kExitWaitTimeout, "not-running");
        },
        [this](Result<client::WaitResult> result) {
            if (result) {
                emit exited(int(result->statusCode));
            } else {
                emit disconnected();
            }
        });
}

void TerminalSession::resize(int rows, int columns) {
    size_ = std::make_pair(rows, columns);
    if (isAttached()) {
        sendSize();
    }
}

void TerminalSession::sendSize() {
    if (!tty_ || !size_ || !connection_) {
        return;
    }
    const auto [rows, columns] = *size_;
    const std::string id = containerId_.toStdString();
    const std::string execId = execId_.toStdString();
    connection_->run(
        this,
        [id, execId, rows, columns](client::Client& client) {
            return execId.empty() ? client.resizeContainer(id, rows, columns)
                                  : client.resizeExec(execId, rows, columns);
        },
        [this, rows, columns](Result<void> result) {
            // A failed resize leaves the old size; the next resize tries again.
            if (result) {
                emit sizeApplied(rows, columns);
            }
        });
}

} // namespace berth::studio

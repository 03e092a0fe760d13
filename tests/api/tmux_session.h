#pragma once

// Drives an interactive program in a detached tmux session, as a person at a terminal
// would: send keys, read the screen. Each session has a tmux server of its own, on a
// socket in a temporary directory removed with the session: when one session ends, its
// server exits, and a new session started on that server at that moment could fail.

#include <QDeadlineTimer>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QThread>

#include <unistd.h>

class TmuxSession final {
public:
    explicit TmuxSession(const QString& command, const QString& tag = QStringLiteral("session"))
        : name_(QString("berth-test-%1-%2").arg(::getpid()).arg(tag))
        , socket_(socketDir_.filePath("tmux.sock")) {
        run({"new-session", "-d", "-s", name_, "-x", "120", "-y", "30", command});
    }
    ~TmuxSession() { run({"kill-server"}); }

    TmuxSession(const TmuxSession&) = delete;
    TmuxSession& operator=(const TmuxSession&) = delete;

    void sendKeys(const QStringList& keys) const {
        run(QStringList{"send-keys", "-t", name_} + keys);
    }

    [[nodiscard]] QString capture() const {
        return QString::fromUtf8(run({"capture-pane", "-p", "-t", name_}));
    }

    // Waits until the pane shows needle; true when it did before the deadline.
    [[nodiscard]] bool waitFor(const QString& needle, int deadlineMs = 10000) const {
        QDeadlineTimer deadline(deadlineMs);
        while (!deadline.hasExpired()) {
            if (capture().contains(needle)) {
                return true;
            }
            QThread::msleep(100);
        }
        return false;
    }

private:
    QByteArray run(const QStringList& args) const {
        QProcess tmux;
        tmux.start("tmux", QStringList{"-S", socket_} + args);
        tmux.waitForFinished(5000);
        return tmux.readAllStandardOutput();
    }

    QString name_;
    QTemporaryDir socketDir_;
    QString socket_;
};

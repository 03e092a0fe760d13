// TerminalSession over one end of a socket pair, standing in for a hijacked attach
// connection: output reaches the terminal, keys reach the socket (queued while it is full),
// multiplexed output without a tty is decoded, and the end of the stream is reported.

#include "terminal/terminalsession.h"

#include <QSignalSpy>
#include <QTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using berth::UniqueFd;
using berth::studio::TerminalSession;

namespace {

constexpr int kWaitMs = 5000;

struct SocketPair {
    UniqueFd session;
    UniqueFd peer;
};

SocketPair makeSocketPair() {
    int fds[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
        return {};
    }
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

QByteArray joined(const QSignalSpy& spy) {
    QByteArray bytes;
    for (const auto& arguments : spy) {
        bytes += arguments.at(0).toByteArray();
    }
    return bytes;
}

// A stdout frame as attach sends it without a tty.
QByteArray stdoutFrame(const QByteArray& payload) {
    QByteArray frame(8, '\0');
    frame[0] = 1;
    const quint32 size = quint32(payload.size());
    frame[4] = char(size >> 24);
    frame[5] = char(size >> 16);
    frame[6] = char(size >> 8);
    frame[7] = char(size);
    return frame + payload;
}

} // namespace

class TerminalSessionTest final : public QObject {
    Q_OBJECT

private slots:
    void passesOutputToTerminal();
    void queuesInputWhileSocketFull();
    void decodesFramesWithoutTty();
    void reportsEndOfStream();
};

void TerminalSessionTest::passesOutputToTerminal() {
    SocketPair pair = makeSocketPair();
    QVERIFY(pair.peer.get() >= 0);
    TerminalSession session(nullptr, QStringLiteral("c1"));
    QSignalSpy received(&session, &TerminalSession::received);
    QSignalSpy attached(&session, &TerminalSession::attached);
    session.adopt(std::move(pair.session), "/ # ", true, true);
    QCOMPARE(attached.count(), 1);
    QVERIFY(session.isInteractive());
    QCOMPARE(joined(received), QByteArray("/ # "));

    QCOMPARE(::write(pair.peer.get(), "42\r\n", 4), ssize_t(4));
    QTRY_COMPARE_WITH_TIMEOUT(joined(received), QByteArray("/ # 42\r\n"), kWaitMs);

    // The socket has room, so the bytes are written before send() returns.
    session.send("echo hi\r");
    char buffer[64] = {};
    const ssize_t count = ::read(pair.peer.get(), buffer, sizeof buffer);
    QCOMPARE(count, ssize_t(8));
    QCOMPARE(QByteArray(buffer, 8), QByteArray("echo hi\r"));
}

void TerminalSessionTest::queuesInputWhileSocketFull() {
    SocketPair pair = makeSocketPair();
    QVERIFY(pair.peer.get() >= 0);
    TerminalSession session(nullptr, QStringLiteral("c1"));
    session.adopt(std::move(pair.session), {}, true, true);
    // More than a unix socket buffers, so part of it waits in the session's queue.
    QByteArray input(4 * 1024 * 1024, 'x');
    input[0] = 'a';
    input[input.size() - 1] = 'z';
    session.send(input);

    QByteArray arrived;
    QElapsedTimer timer;
    timer.start();
    char buffer[64 * 1024];
    while (arrived.size() < input.size() && timer.elapsed() < kWaitMs) {
        const ssize_t count = ::read(pair.peer.get(), buffer, sizeof buffer);
        if (count > 0) {
            arrived.append(buffer, count);
        } else {
            QTest::qWait(1);
        }
    }
    QCOMPARE(arrived.size(), input.size());
    QVERIFY(arrived == input);
}

void TerminalSessionTest::decodesFramesWithoutTty() {
    SocketPair pair = makeSocketPair();
    QVERIFY(pair.peer.get() >= 0);
    TerminalSession session(nullptr, QStringLiteral("c1"));
    QSignalSpy received(&session, &TerminalSession::received);
    const QByteArray first = stdoutFrame("one\n");
    session.adopt(std::move(pair.session), first.left(5), false, true);
    QVERIFY(!session.isInteractive());

    const QByteArray rest = first.mid(5) + stdoutFrame("two\n");
    QCOMPARE(::write(pair.peer.get(), rest.constData(), size_t(rest.size())), ssize_t(rest.size()));
    QTRY_COMPARE_WITH_TIMEOUT(joined(received), QByteArray("one\r\ntwo\r\n"), kWaitMs);

    // Without a tty the session takes no input.
    session.send("ls\r");
    QTest::qWait(50);
    char buffer[16];
    QCOMPARE(::read(pair.peer.get(), buffer, sizeof buffer), ssize_t(-1));
    QCOMPARE(errno, EAGAIN);
}

void TerminalSessionTest::reportsEndOfStream() {
    SocketPair pair = makeSocketPair();
    QVERIFY(pair.peer.get() >= 0);
    TerminalSession session(nullptr, QStringLiteral("c1"));
    QSignalSpy disconnected(&session, &TerminalSession::disconnected);
    session.adopt(std::move(pair.session), {}, true, true);
    QVERIFY(session.isAttached());
    pair.peer.reset();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, kWaitMs);
    QVERIFY(!session.isAttached());
}

QTEST_GUILESS_MAIN(TerminalSessionTest)
#include "tst_terminal_session.moc"

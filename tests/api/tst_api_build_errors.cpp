// docker build with bad input: each failure names the step's line and the reason, and no
// image is tagged.

#include "busybox_test_case.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// A TCP socket listening on 127.0.0.1 that never accepts: the kernel completes the
// handshake, and a client then waits for a response that never comes.
class SilentServer final {
public:
    SilentServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
            ::listen(fd_, 8) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            return;
        }
        port_ = ntohs(address.sin_port);
    }
    ~SilentServer() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;

    // The listening port, or 0 when the socket could not be set up.
    [[nodiscard]] int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace

class TestApiBuildErrors : public BusyboxTestCase {
    Q_OBJECT

private:
    CommandResult build(const QString& contextDir, const QString& tag) {
        return daemon_.docker({"build", "-t", tag, contextDir}, {}, 150000);
    }

private slots:
    void badSourceNamesLine_data() {
        QTest::addColumn<QByteArray>("dockerfile");
        QTest::addColumn<QByteArray>("dockerignore");
        QTest::addColumn<QString>("reason");

        QTest::newRow("COPY of a file that .dockerignore excludes")
            << QByteArray("FROM busybox\nRUN true\nCOPY secret.txt /\n")
            << QByteArray("secret.txt\n") << "excluded by .dockerignore";
        QTest::newRow("COPY of a file under an excluded directory")
            << QByteArray("FROM busybox\nRUN true\nCOPY private/key.txt /\n")
            << QByteArray("private\n") << "excluded by .dockerignore";
        QTest::newRow("COPY --from a stage that is not defined")
            << QByteArray("FROM busybox AS first\nRUN true\nCOPY --from=nosuchstage /a /a\n")
            << QByteArray() << "nosuchstage";
    }

    void badSourceNamesLine() {
        QFETCH(QByteArray, dockerfile);
        QFETCH(QByteArray, dockerignore);
        QFETCH(QString, reason);
        QMap<QString, QByteArray> files{
            {"Dockerfile", dockerfile}, {"secret.txt", "secret\n"}, {"private/key.txt", "key\n"}};
        if (!dockerignore.isEmpty()) {
            files.insert(".dockerignore", dockerignore);
        }
        auto context = makeFileTree(files);
        QVERIFY(context);

        CommandResult built = build(context->path(), "bad-source:v1");
        QVERIFY2(built.exitCode != 0, describe(built));
        QVERIFY2(built.err.contains(reason.toUtf8()), describe(built));
        QVERIFY2(built.err.contains("line 3"), describe(built));
        QVERIFY2(built.out.contains("Step 3/3"), describe(built));
        QVERIFY(daemon_.docker({"image", "inspect", "bad-source:v1"}).exitCode != 0);
    }

    // The download waits for the server's first byte for at most 60 seconds, then the
    // build fails with "timed out" and the address it tried.
    void addUrlWithoutAnswerTimesOut() {
        SilentServer server;
        QVERIFY(server.port() != 0);
        QString url = QString("http://127.0.0.1:%1/silent.txt").arg(server.port());
        auto context =
            makeFileTree({{"Dockerfile", "FROM busybox\nADD " + url.toUtf8() + " /silent.txt\n"}});
        QVERIFY(context);

        CommandResult built = build(context->path(), "silent:v1");
        QVERIFY2(!built.timedOut, describe(built));
        QVERIFY2(built.exitCode != 0, describe(built));
        QVERIFY2(built.err.contains("timed out"), describe(built));
        QVERIFY2(built.err.contains(url.toUtf8()), describe(built));
        QVERIFY2(built.err.contains("line 2"), describe(built));
        QVERIFY(daemon_.docker({"image", "inspect", "silent:v1"}).exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestApiBuildErrors)
#include "tst_api_build_errors.moc"

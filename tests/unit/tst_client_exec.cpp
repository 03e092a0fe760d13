// The client's exec calls against a scripted server: the create body, the hijacked start,
// resize and inspect, and errors with the engine's message.

#include "client/client.h"
#include "fake_engine_server.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <poll.h>
#include <unistd.h>

#include <mutex>

using namespace berth;
using namespace berth::client;
using berth::test::FakeEngineServer;
using berth::test::FakeRequest;
using berth::test::FakeResponse;

namespace {

FakeResponse pingAnswer() {
    return FakeResponse::raw(200, "text/plain", "OK", "Api-Version: 1.43\r\n");
}

// Records every request after the ping, for the checks after the call.
class RequestLog {
public:
    void add(const FakeRequest& request) {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
    }
    std::vector<FakeRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    mutable std::mutex mutex_;
    std::vector<FakeRequest> requests_;
};

} // namespace

class ClientExecTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string socketPath() const { return dir_.filePath("engine.sock").toStdString(); }
    void init() { QFile::remove(QString::fromStdString(socketPath())); }

private slots:
    void createSendsCommandAndFlags();
    void startHijacksRawStream();
    void startReportsUnknownExec();
    void resizeSendsRowsAndColumns();
    void inspectReadsExitCode();
};

void ClientExecTest::createSendsCommandAndFlags() {
    init();
    RequestLog log;
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        log.add(request);
        return FakeResponse::json(201, R"({"Id":"abc123"})");
    });
    Client client(Endpoint::unixSocket(socketPath()));
    ExecOptions options;
    options.cmd = {"/bin/sh", "-l"};
    options.tty = true;
    options.user = "1000";
    options.env = {"A=1"};
    auto id = client.createExec("web", options);
    QVERIFY2(id.has_value(), id ? "" : id.error().message.c_str());
    QCOMPARE(*id, std::string("abc123"));

    const auto requests = log.requests();
    QCOMPARE(requests.size(), size_t(1));
    QCOMPARE(requests[0].method, std::string("POST"));
    QCOMPARE(requests[0].target, std::string("/v1.43/containers/web/exec"));
    const Json body = Json::parse(requests[0].body);
    QVERIFY(body["Cmd"] == Json({"/bin/sh", "-l"}));
    QVERIFY(body["Tty"] == Json(true));
    QVERIFY(body["AttachStdin"] == Json(true));
    QVERIFY(body["User"] == Json("1000"));
    QVERIFY(body["Env"] == Json({"A=1"}));
}

void ClientExecTest::startHijacksRawStream() {
    init();
    RequestLog log;
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        log.add(request);
        FakeResponse response;
        response.pieces = {"HTTP/1.1 101 UPGRADED\r\n"
                           "Content-Type: application/vnd.docker.raw-stream\r\n"
                           "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\n/ # ",
                           "ls\r\n"};
        response.pause = std::chrono::milliseconds(50);
        return response;
    });
    Client client(Endpoint::unixSocket(socketPath()));
    auto connection = client.startExec("abc123", true);
    QVERIFY2(connection.has_value(), connection ? "" : connection.error().message.c_str());
    QVERIFY(connection->fd);

    // The prompt may come with the headers (pending) or after them on the socket.
    std::string received = connection->pending;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (received.find("ls\r\n") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
        pollfd descriptor{connection->fd.get(), POLLIN, 0};
        ::poll(&descriptor, 1, 100);
        char buffer[256];
        const ssize_t n = ::read(connection->fd.get(), buffer, sizeof buffer);
        if (n > 0) {
            received.append(buffer, size_t(n));
        } else if (n == 0) {
            break;
        }
    }
    QCOMPARE(received, std::string("/ # ls\r\n"));

    const auto requests = log.requests();
    QCOMPARE(requests.size(), size_t(1));
    QCOMPARE(requests[0].target, std::string("/v1.43/exec/abc123/start"));
    const Json body = Json::parse(requests[0].body);
    QVERIFY(body["Detach"] == Json(false));
    QVERIFY(body["Tty"] == Json(true));
}

void ClientExecTest::startReportsUnknownExec() {
    init();
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        return FakeResponse::json(404, R"({"message":"No such exec instance: nope"})");
    });
    Client client(Endpoint::unixSocket(socketPath()));
    auto connection = client.startExec("nope", true);
    QVERIFY(!connection.has_value());
    QCOMPARE(connection.error().kind, ErrorKind::NotFound);
    QCOMPARE(connection.error().message, std::string("No such exec instance: nope"));
}

void ClientExecTest::resizeSendsRowsAndColumns() {
    init();
    RequestLog log;
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        log.add(request);
        return FakeResponse::raw(200, "text/plain", "");
    });
    Client client(Endpoint::unixSocket(socketPath()));
    auto resized = client.resizeExec("abc123", 30, 100);
    QVERIFY2(resized.has_value(), resized ? "" : resized.error().message.c_str());
    const auto requests = log.requests();
    QCOMPARE(requests.size(), size_t(1));
    QCOMPARE(requests[0].method, std::string("POST"));
    QCOMPARE(requests[0].target, std::string("/v1.43/exec/abc123/resize?h=30&w=100"));
}

void ClientExecTest::inspectReadsExitCode() {
    init();
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        return FakeResponse::json(200, R"({"ID":"abc123","Running":false,"ExitCode":3})");
    });
    Client client(Endpoint::unixSocket(socketPath()));
    auto inspect = client.inspectExec("abc123");
    QVERIFY2(inspect.has_value(), inspect ? "" : inspect.error().message.c_str());
    QVERIFY((*inspect)["Running"] == Json(false));
    QVERIFY((*inspect)["ExitCode"] == Json(3));
}

QTEST_GUILESS_MAIN(ClientExecTest)
#include "tst_client_exec.moc"

// The client's streams against a scripted server: logs, events and import, with their
// framing split across reads, cancellation from another thread and deadlines.

#include "client/client.h"
#include "fake_engine_server.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace berth;
using namespace berth::client;
using berth::test::FakeEngineServer;
using berth::test::FakeRequest;
using berth::test::FakeResponse;

namespace {

FakeResponse pingAnswer() {
    return FakeResponse::raw(200, "text/plain", "OK", "Api-Version: 1.43\r\n");
}

std::string frame(uint8_t stream, const std::string& payload) {
    std::string header(8, '\0');
    header[0] = static_cast<char>(stream);
    const auto size = static_cast<uint32_t>(payload.size());
    header[4] = static_cast<char>(size >> 24);
    header[5] = static_cast<char>(size >> 16);
    header[6] = static_cast<char>(size >> 8);
    header[7] = static_cast<char>(size);
    return header + payload;
}

} // namespace

class ClientStreamsTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string socketPath() const { return dir_.filePath("engine.sock").toStdString(); }
    void init() { QFile::remove(QString::fromStdString(socketPath())); }

private slots:
    void logsDemultiplexFramesSplitAcrossChunks();
    void logsOfTtyContainerPassRawBytes();
    void logsAskInspectForTty();
    void eventsDeliverEachObject();
    void eventsStopWhenCancelledFromAnotherThread();
    void eventsConnectDeadline();
    void importSendsFileWithProgress();
    void importReportsErrorInStream();
    void importCancelledFromProgress();
};

void ClientStreamsTest::logsDemultiplexFramesSplitAcrossChunks() {
    init();
    const std::string stream = frame(1, "hello\n") + frame(2, "oops\n") + frame(1, "bye\n");
    // Chunk boundaries inside a header and inside a payload.
    const std::vector<std::string> chunks = {stream.substr(0, 3), stream.substr(3, 9),
                                             stream.substr(12, 10), stream.substr(22)};
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/vnd.docker.multiplexed-stream", chunks);
    });
    Client client(Endpoint::unixSocket(socketPath()));

    std::vector<std::pair<LogStream, std::string>> received;
    LogOptions options;
    options.follow = true;
    options.tty = false;
    auto result = client.logs("web", options, [&](LogStream which, std::string_view text) {
        received.emplace_back(which, std::string(text));
        return true;
    });
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(received.size(), size_t(3));
    QCOMPARE(received[0].first, LogStream::Stdout);
    QCOMPARE(received[0].second, std::string("hello\n"));
    QCOMPARE(received[1].first, LogStream::Stderr);
    QCOMPARE(received[1].second, std::string("oops\n"));
    QCOMPARE(received[2].second, std::string("bye\n"));
    QCOMPARE(server.requests().back().target,
             std::string("/v1.43/containers/web/logs?follow=1&stdout=1&stderr=1&timestamps=0"
                         "&tail=all"));
}

void ClientStreamsTest::logsOfTtyContainerPassRawBytes() {
    init();
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/vnd.docker.raw-stream",
                                           {"\x01 not a frame ", "just text"});
    });
    Client client(Endpoint::unixSocket(socketPath()));

    std::string text;
    LogOptions options;
    options.tty = true;
    auto result = client.logs("web", options, [&](LogStream which, std::string_view piece) {
        text += piece;
        return which == LogStream::Stdout;
    });
    QVERIFY(result.has_value());
    QCOMPARE(text, std::string("\x01 not a frame just text"));
}

void ClientStreamsTest::logsAskInspectForTty() {
    init();
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        if (request.target.ends_with("/json")) {
            return FakeResponse::json(200, R"({"Id":"web","Config":{"Tty":true}})");
        }
        return FakeResponse::raw(200, "application/vnd.docker.raw-stream", "raw output");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    std::string text;
    auto result = client.logs("web", LogOptions{}, [&](LogStream, std::string_view piece) {
        text += piece;
        return true;
    });
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(text, std::string("raw output"));
    QCOMPARE(server.requests().size(), size_t(3));
}

void ClientStreamsTest::eventsDeliverEachObject() {
    init();
    const std::string first =
        R"({"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":)"
        R"({"name":"web"}},"time":1700000000,"timeNano":1700000000000000001})"
        "\n";
    const std::string second = R"({"Type":"image","Action":"tag","Actor":{"ID":"sha256:ff"}})"
                               "\n";
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/json",
                                           {first.substr(0, 20), first.substr(20) + second});
    });
    Client client(Endpoint::unixSocket(socketPath()));

    std::vector<Event> events;
    CancelToken cancel;
    EventOptions options;
    options.types = {"container", "image"};
    auto result = client.events(
        options,
        [&](const Event& event) {
            events.push_back(event);
            return true;
        },
        cancel);
    QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
    QCOMPARE(events.size(), size_t(2));
    QCOMPARE(events[0].action, std::string("start"));
    QCOMPARE(events[0].actorId, std::string("abc"));
    QCOMPARE(events[0].attributes.at("name"), std::string("web"));
    QCOMPARE(events[0].timeNano, int64_t(1700000000000000001));
    QCOMPARE(events[1].type, std::string("image"));
    QCOMPARE(server.requests().back().target,
             std::string("/v1.43/events?filters=%7B%22type%22%3A%5B%22container%22%2C%22image%22"
                         "%5D%7D"));
}

// The studio's event thread must stop at once when the window closes, even though the
// engine sends nothing.
void ClientStreamsTest::eventsStopWhenCancelledFromAnotherThread() {
    init();
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/json",
                                           {R"({"Type":"container","Action":"create"})"
                                            "\n"},
                                           true);
    });
    Client client(Endpoint::unixSocket(socketPath()));

    CancelToken cancel;
    std::atomic<int> received{0};
    std::thread canceller([&] {
        while (received.load() == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        cancel.cancel();
    });
    QElapsedTimer timer;
    timer.start();
    auto result = client.events(
        EventOptions{},
        [&](const Event&) {
            ++received;
            return true;
        },
        cancel);
    canceller.join();
    QVERIFY(result.has_value());
    QCOMPARE(received.load(), 1);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

void ClientStreamsTest::eventsConnectDeadline() {
    init();
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer();
        }
        FakeResponse silent;
        silent.holdOpen = true;
        return silent;
    });
    Client client(Endpoint::unixSocket(socketPath()));

    CancelToken cancel;
    EventOptions options;
    options.connectTimeout = std::chrono::milliseconds(300);
    QElapsedTimer timer;
    timer.start();
    auto result = client.events(
        options, [](const Event&) { return true; }, cancel);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().errnum, ETIMEDOUT);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

void ClientStreamsTest::importSendsFileWithProgress() {
    init();
    const QString tarPath = dir_.filePath("rootfs.tar");
    QByteArray content(300 * 1024, '\0');
    for (int i = 0; i < content.size(); ++i) {
        content[i] = static_cast<char>(i * 7);
    }
    {
        QFile file(tarPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/json", {R"({"status":"Importing"})"
                                                                "\n",
                                                                R"({"status":"sha256:abcdef"})"
                                                                "\n"});
    });
    Client client(Endpoint::unixSocket(socketPath()));

    std::vector<uint64_t> progress;
    ImportOptions options;
    options.repo = "busybox";
    options.tag = "test";
    options.changes = {"CMD [\"sh\"]"};
    auto id =
        client.importImage(tarPath.toStdString(), options, [&](uint64_t sent, uint64_t total) {
            QCOMPARE(total, uint64_t(content.size()));
            progress.push_back(sent);
        });
    QVERIFY2(id.has_value(), id ? "" : id.error().message.c_str());
    QCOMPARE(*id, std::string("sha256:abcdef"));
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.back(), uint64_t(content.size()));
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    const FakeRequest request = server.requests().back();
    QCOMPARE(request.target, std::string("/v1.43/images/create?fromSrc=-&repo=busybox&tag=test"
                                         "&changes=CMD%20%5B%22sh%22%5D"));
    QCOMPARE(request.headers.at("content-type"), std::string("application/x-tar"));
    QVERIFY(request.body == content.toStdString());
}

void ClientStreamsTest::importReportsErrorInStream() {
    init();
    const QString tarPath = dir_.filePath("broken.tar");
    {
        QFile file(tarPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a tar");
    }
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer()
                   : FakeResponse::chunked("application/json",
                                           {R"({"errorDetail":{"message":"unrecognized archive"},)"
                                            R"("error":"unrecognized archive"})"
                                            "\n"});
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto id = client.importImage(tarPath.toStdString(), ImportOptions{}, {});
    QVERIFY(!id.has_value());
    QCOMPARE(id.error().message, std::string("unrecognized archive"));
}

void ClientStreamsTest::importCancelledFromProgress() {
    init();
    const QString tarPath = dir_.filePath("big.tar");
    {
        QFile file(tarPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4 * 1024 * 1024, 'x'));
    }
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping" ? pingAnswer()
                                          : FakeResponse::json(200, R"({"status":"sha256:00"})");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    CancelToken cancel;
    uint64_t lastSent = 0;
    auto id = client.importImage(
        tarPath.toStdString(), ImportOptions{},
        [&](uint64_t sent, uint64_t) {
            lastSent = sent;
            cancel.cancel();
        },
        &cancel);
    QVERIFY(!id.has_value());
    QCOMPARE(id.error().kind, ErrorKind::Cancelled);
    QVERIFY(lastSent < 4u * 1024 * 1024);
}

QTEST_GUILESS_MAIN(ClientStreamsTest)
#include "tst_client_streams.moc"

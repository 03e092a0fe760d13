// The client's pure pieces: endpoints, API versions and the log frame decoder.

#include "client/api_version.h"
#include "client/endpoint.h"
#include "client/log_frames.h"

#include <QTest>

using namespace berth;
using namespace berth::client;

class ClientParsingTest : public QObject {
    Q_OBJECT

private slots:
    void endpointParse_data();
    void endpointParse();
    void endpointRejects_data();
    void endpointRejects();
    void apiVersionParse();
    void logFramesByteByByte();
    void logFramesRejectUnknownStream();
    void logFramesEmptyPayload();
};

void ClientParsingTest::endpointParse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isUnix");
    QTest::addColumn<QString>("where");
    QTest::addColumn<int>("port");
    QTest::newRow("unix scheme") << "unix:///run/berth.sock" << true << "/run/berth.sock" << 0;
    QTest::newRow("bare path") << "/tmp/x.sock" << true << "/tmp/x.sock" << 0;
    QTest::newRow("tcp") << "tcp://127.0.0.1:2375" << false << "127.0.0.1" << 2375;
    QTest::newRow("tcp with slash") << "tcp://localhost:80/" << false << "localhost" << 80;
}

void ClientParsingTest::endpointParse() {
    QFETCH(QString, text);
    QFETCH(bool, isUnix);
    QFETCH(QString, where);
    QFETCH(int, port);
    auto endpoint = parseEndpoint(text.toStdString());
    QVERIFY2(endpoint.has_value(), endpoint ? "" : endpoint.error().message.c_str());
    QCOMPARE(endpoint->kind == Endpoint::Kind::Unix, isUnix);
    QCOMPARE(QString::fromStdString(isUnix ? endpoint->path : endpoint->host), where);
    QCOMPARE(int(endpoint->port), port);
    auto again = parseEndpoint(endpoint->str());
    QVERIFY(again.has_value());
    QCOMPARE(again->str(), endpoint->str());
}

void ClientParsingTest::endpointRejects_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("relative path") << "run/x.sock";
    QTest::newRow("http scheme") << "http://127.0.0.1:80";
    QTest::newRow("tcp without port") << "tcp://127.0.0.1";
    QTest::newRow("tcp port zero") << "tcp://127.0.0.1:0";
    QTest::newRow("tcp port too large") << "tcp://127.0.0.1:70000";
    QTest::newRow("tcp port not a number") << "tcp://127.0.0.1:http";
    QTest::newRow("empty") << "";
}

void ClientParsingTest::endpointRejects() {
    QFETCH(QString, text);
    auto endpoint = parseEndpoint(text.toStdString());
    QVERIFY(!endpoint.has_value());
    QCOMPARE(endpoint.error().kind, ErrorKind::InvalidArgument);
}

void ClientParsingTest::apiVersionParse() {
    QCOMPARE(parseApiVersion("1.43")->minor, 43);
    QVERIFY(!parseApiVersion("1.").has_value());
    QVERIFY(!parseApiVersion("143").has_value());
    QVERIFY(!parseApiVersion("1.4x").has_value());
    QVERIFY((ApiVersion{1, 9} < ApiVersion{1, 10}));
    QCOMPARE(negotiateApiVersion("2.0").str(), std::string("1.43"));
}

// Frames arrive cut at any byte, so feeding one byte at a time must give the same frames.
void ClientParsingTest::logFramesByteByByte() {
    std::vector<std::pair<LogStream, std::string>> frames;
    LogFrameDecoder decoder([&](LogStream stream, std::string_view payload) {
        frames.emplace_back(stream, std::string(payload));
    });
    const std::string stream = std::string("\x01\0\0\0\0\0\0\x03", 8) + "abc" +
                               std::string("\x02\0\0\0\0\0\x01\x00", 8) + std::string(256, 'z');
    for (const char c : stream) {
        QVERIFY(decoder.feed(std::string_view(&c, 1)).has_value());
    }
    QVERIFY(decoder.idle());
    QCOMPARE(frames.size(), size_t(2));
    QCOMPARE(frames[0].second, std::string("abc"));
    QCOMPARE(frames[1].first, LogStream::Stderr);
    QCOMPARE(frames[1].second.size(), size_t(256));
}

void ClientParsingTest::logFramesRejectUnknownStream() {
    LogFrameDecoder decoder([](LogStream, std::string_view) {});
    auto result = decoder.feed(std::string("\x07\0\0\0\0\0\0\x01x", 9));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
}

void ClientParsingTest::logFramesEmptyPayload() {
    int calls = 0;
    LogFrameDecoder decoder([&](LogStream, std::string_view payload) {
        QVERIFY(payload.empty());
        ++calls;
    });
    QVERIFY(decoder.feed(std::string("\x01\0\0\0\0\0\0\0", 8)).has_value());
    QCOMPARE(calls, 1);
    QVERIFY(decoder.idle());
}

QTEST_GUILESS_MAIN(ClientParsingTest)
#include "tst_client_parsing.moc"

// The Docker Engine API client against a scripted server: version negotiation, request
// shapes, decoding, error mapping and timeouts.

#include "client/client.h"
#include "fake_engine_server.h"

#include <QTemporaryDir>
#include <QTest>

#include <cerrno>

using namespace berth;
using namespace berth::client;
using berth::test::FakeEngineServer;
using berth::test::FakeRequest;
using berth::test::FakeResponse;

namespace {

FakeResponse pingAnswer(const std::string& apiVersion) {
    const std::string header = apiVersion.empty() ? "" : "Api-Version: " + apiVersion + "\r\n";
    return FakeResponse::raw(200, "text/plain", "OK", header + "Ostype: linux\r\n");
}

} // namespace

class ClientApiTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string socketPath() const { return dir_.filePath("engine.sock").toStdString(); }

private slots:
    void negotiation_data();
    void negotiation();
    void negotiationOverTcp();
    void listContainersDecodesFields();
    void createSendsNameAndBody();
    void errorStatusMapsToKind_data();
    void errorStatusMapsToKind();
    void notModifiedIsSuccess();
    void missingSocketFailsWithPath();
    void silentServerTimesOut();
    void removeImageDecodesEntries();
    void attachReturnsUpgradedSocket();
    void attachErrorCarriesMessage();
};

// The client uses min(server, 1.43) like the docker CLI, and 1.24 when the server sends no
// Api-Version, so it never sends paths the server does not know.
void ClientApiTest::negotiation_data() {
    QTest::addColumn<QString>("serverVersion");
    QTest::addColumn<QString>("expected");
    QTest::newRow("same as client") << "1.43"
                                    << "1.43";
    QTest::newRow("newer server is capped") << "1.47"
                                            << "1.43";
    QTest::newRow("older server wins") << "1.41"
                                       << "1.41";
    QTest::newRow("no header falls back to 1.24") << ""
                                                  << "1.24";
    QTest::newRow("garbage header falls back") << "one.two"
                                               << "1.24";
}

void ClientApiTest::negotiation() {
    QFETCH(QString, serverVersion);
    QFETCH(QString, expected);
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer(serverVersion.toStdString());
        }
        return FakeResponse::json(200, "[]");
    });
    QVERIFY(server.listening());

    Client client(Endpoint::unixSocket(socketPath()));
    QVERIFY(client.apiVersion().empty());
    auto containers = client.listContainers();
    QVERIFY2(containers.has_value(), containers ? "" : containers.error().message.c_str());

    QCOMPARE(QString::fromStdString(client.apiVersion()), expected);
    const auto requests = server.requests();
    QCOMPARE(requests.size(), size_t(2));
    QCOMPARE(requests[0].target, std::string("/_ping"));
    QCOMPARE(QString::fromStdString(requests[1].target),
             "/v" + expected + "/containers/json?all=1");
}

void ClientApiTest::negotiationOverTcp() {
    FakeEngineServer server({}, [](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer("1.43");
        }
        return FakeResponse::json(200, R"({"Version":"0.1.0","ApiVersion":"1.43"})");
    });
    QVERIFY(server.listening());

    Client client(Endpoint::tcp("127.0.0.1", server.port()));
    auto version = client.version();
    QVERIFY2(version.has_value(), version ? "" : version.error().message.c_str());
    QCOMPARE((*version)["Version"].get<std::string>(), std::string("0.1.0"));
    QCOMPARE(server.requests().back().target, std::string("/v1.43/version"));
}

void ClientApiTest::listContainersDecodesFields() {
    QFile::remove(QString::fromStdString(socketPath()));
    const std::string body = R"([{"Id":"abc123","Names":["/web"],"Image":"busybox",
        "ImageID":"sha256:ff","Command":"sleep 300","Created":1700000000,"State":"running",
        "Status":"Up 3 minutes","Ports":[{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,
        "Type":"tcp"}],"Labels":{"a":"b"}}])";
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        return request.target == "/_ping" ? pingAnswer("1.43") : FakeResponse::json(200, body);
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto containers = client.listContainers();
    QVERIFY(containers.has_value());
    QCOMPARE(containers->size(), size_t(1));
    const ContainerSummary& container = containers->front();
    QCOMPARE(container.id, std::string("abc123"));
    QCOMPARE(container.names, std::vector<std::string>{"/web"});
    QCOMPARE(container.command, std::string("sleep 300"));
    QCOMPARE(container.created, int64_t(1700000000));
    QCOMPARE(container.state, std::string("running"));
    QCOMPARE(container.status, std::string("Up 3 minutes"));
    QCOMPARE(container.ports.size(), size_t(1));
    QCOMPARE(container.ports[0].publicPort, 8080);
    QCOMPARE(container.ports[0].privatePort, 80);
    QCOMPARE(container.labels.at("a"), std::string("b"));
}

void ClientApiTest::createSendsNameAndBody() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer("1.43")
                   : FakeResponse::json(201, R"({"Id":"c0ffee","Warnings":["careful"]})");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto created = client.createContainer(Json{{"Image", "busybox"}, {"Cmd", {"true"}}}, "my web");
    QVERIFY(created.has_value());
    QCOMPARE(created->id, std::string("c0ffee"));
    QCOMPARE(created->warnings, std::vector<std::string>{"careful"});
    const FakeRequest request = server.requests().back();
    QCOMPARE(request.method, std::string("POST"));
    QCOMPARE(request.target, std::string("/v1.43/containers/create?name=my%20web"));
    QCOMPARE(request.headers.at("content-type"), std::string("application/json"));
    const Json body = Json::parse(request.body);
    QCOMPARE(body["Image"].get<std::string>(), std::string("busybox"));
}

// The engine's {"message"} reaches the caller unchanged, with a kind the studio can act on.
void ClientApiTest::errorStatusMapsToKind_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("404 is not found") << 404 << R"({"message":"No such container: nope"})"
                                      << int(ErrorKind::NotFound) << "No such container: nope";
    QTest::newRow("409 is conflict")
        << 409 << R"({"message":"name is in use"})" << int(ErrorKind::Conflict) << "name is in use";
    QTest::newRow("400 is invalid argument")
        << 400 << R"({"message":"bad flag"})" << int(ErrorKind::InvalidArgument) << "bad flag";
    QTest::newRow("401 is unauthorized")
        << 401 << R"({"message":"unauthorized: authentication required"})"
        << int(ErrorKind::Unauthorized) << "unauthorized: authentication required";
    QTest::newRow("501 is unsupported")
        << 501 << R"({"message":"not yet"})" << int(ErrorKind::Unsupported) << "not yet";
    QTest::newRow("500 with a plain body keeps the body") << 500 << "boom\n"
                                                          << int(ErrorKind::System) << "boom";
    QTest::newRow("empty body names the status")
        << 500 << "" << int(ErrorKind::System) << "the engine answered HTTP 500";
}

void ClientApiTest::errorStatusMapsToKind() {
    QFETCH(int, status);
    QFETCH(QString, body);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
        return request.target == "/_ping" ? pingAnswer("1.43")
                                          : FakeResponse::json(status, body.toStdString());
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto result = client.startContainer("nope");
    QVERIFY(!result.has_value());
    QCOMPARE(int(result.error().kind), kind);
    QCOMPARE(QString::fromStdString(result.error().message), message);
}

void ClientApiTest::notModifiedIsSuccess() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping" ? pingAnswer("1.43")
                                          : FakeResponse::raw(304, "text/plain", "");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    QVERIFY(client.startContainer("web").has_value());
    QCOMPARE(server.requests().back().target, std::string("/v1.43/containers/web/start"));
}

void ClientApiTest::missingSocketFailsWithPath() {
    const std::string path = dir_.filePath("absent.sock").toStdString();
    Client client(Endpoint::unixSocket(path));

    auto pinged = client.ping();
    QVERIFY(!pinged.has_value());
    QCOMPARE(pinged.error().errnum, ENOENT);
    QVERIFY2(pinged.error().message.find(path) != std::string::npos,
             pinged.error().message.c_str());
}

void ClientApiTest::silentServerTimesOut() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest&) {
        FakeResponse response;
        response.holdOpen = true;
        return response;
    });
    Client client(Endpoint::unixSocket(socketPath()),
                  ClientOptions{std::chrono::milliseconds(300)});

    QElapsedTimer timer;
    timer.start();
    auto pinged = client.ping();
    QVERIFY(!pinged.has_value());
    QCOMPARE(pinged.error().errnum, ETIMEDOUT);
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(timer.elapsed() >= 250);
}

void ClientApiTest::removeImageDecodesEntries() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer("1.43")
                   : FakeResponse::json(
                         200, R"([{"Untagged":"busybox:latest"},{"Deleted":"sha256:aa"}])");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto removed = client.removeImage("busybox:latest", true);
    QVERIFY(removed.has_value());
    QCOMPARE(removed->size(), size_t(2));
    QCOMPARE((*removed)[0].untagged, std::string("busybox:latest"));
    QCOMPARE((*removed)[1].deleted, std::string("sha256:aa"));
    QCOMPARE(server.requests().back().target,
             std::string("/v1.43/images/busybox%3Alatest?force=1"));
}

void ClientApiTest::attachReturnsUpgradedSocket() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        if (request.target == "/_ping") {
            return pingAnswer("1.43");
        }
        FakeResponse response;
        response.pieces = {"HTTP/1.1 101 UPGRADED\r\nContent-Type: "
                           "application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\n"
                           "Upgrade: tcp\r\n\r\nfirst",
                           "second"};
        response.pause = std::chrono::milliseconds(50);
        return response;
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto connection = client.attach("web", AttachOptions{});
    QVERIFY2(connection.has_value(), connection ? "" : connection.error().message.c_str());
    QVERIFY(connection->fd.valid());
    QCOMPARE(connection->pending, std::string("first"));
    const FakeRequest request = server.requests().back();
    QCOMPARE(request.headers.at("upgrade"), std::string("tcp"));
    QCOMPARE(request.headers.at("connection"), std::string("Upgrade"));

    std::string rest;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            char buffer[64];
            const ssize_t n = ::read(connection->fd.get(), buffer, sizeof buffer);
            if (n > 0) {
                rest.append(buffer, static_cast<size_t>(n));
            }
            return rest == "second";
        }(),
        5000);
}

void ClientApiTest::attachErrorCarriesMessage() {
    QFile::remove(QString::fromStdString(socketPath()));
    FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
        return request.target == "/_ping"
                   ? pingAnswer("1.43")
                   : FakeResponse::json(409, R"({"message":"container web is not running"})");
    });
    Client client(Endpoint::unixSocket(socketPath()));

    auto connection = client.attach("web", AttachOptions{});
    QVERIFY(!connection.has_value());
    QCOMPARE(connection.error().kind, ErrorKind::Conflict);
    QCOMPARE(connection.error().message, std::string("container web is not running"));
}

QTEST_GUILESS_MAIN(ClientApiTest)
#include "tst_client_api.moc"

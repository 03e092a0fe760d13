// The client's lifecycle calls against a scripted server: the paths and bodies it sends for
// pause, rename, update and prune, how it decodes top and prune responses, and the stats
// stream split across chunks.

#include "client/client.h"
#include "fake_engine_server.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace berth;
using namespace berth::client;
using berth::test::FakeEngineServer;
using berth::test::FakeRequest;
using berth::test::FakeResponse;

namespace {

FakeResponse pingAnswer() {
    return FakeResponse::raw(200, "text/plain", "OK", "Api-Version: 1.43\r\n");
}

} // namespace

class ClientLifecycleTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string socketPath() const { return dir_.filePath("engine.sock").toStdString(); }

private slots:
    void init() { QFile::remove(QString::fromStdString(socketPath())); }

    void pauseRenameSendPaths() {
        FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
            return request.target == "/_ping" ? pingAnswer() : FakeResponse::raw(204, "", "");
        });
        Client client(Endpoint::unixSocket(socketPath()));
        QVERIFY(client.pauseContainer("web").has_value());
        QVERIFY(client.unpauseContainer("web").has_value());
        QVERIFY(client.renameContainer("web", "new name").has_value());
        const std::vector<FakeRequest> requests = server.requests();
        QCOMPARE(requests.size(), size_t(4));
        QCOMPARE(requests[1].method, std::string("POST"));
        QCOMPARE(requests[1].target, std::string("/v1.43/containers/web/pause"));
        QCOMPARE(requests[2].target, std::string("/v1.43/containers/web/unpause"));
        QCOMPARE(requests[3].target, std::string("/v1.43/containers/web/rename?name=new%20name"));
    }

    void renameReportsConflict() {
        FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
            return request.target == "/_ping"
                       ? pingAnswer()
                       : FakeResponse::json(
                             409, "{\"message\":\"Conflict. The container name \\\"/db\\\" is "
                                  "already in use\"}");
        });
        Client client(Endpoint::unixSocket(socketPath()));
        auto renamed = client.renameContainer("web", "db");
        QVERIFY(!renamed);
        QCOMPARE(renamed.error().kind, ErrorKind::Conflict);
        QVERIFY(renamed.error().message.find("already in use") != std::string::npos);
    }

    // Only the fields that are set reach the body, so the engine keeps the others.
    void updateSendsSetFieldsOnly() {
        FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
            return request.target == "/_ping"
                       ? pingAnswer()
                       : FakeResponse::json(200, R"({"Warnings":["swap limit ignored"]})");
        });
        Client client(Endpoint::unixSocket(socketPath()));
        ContainerUpdate update;
        update.memoryBytes = 64 * 1024 * 1024;
        update.pidsLimit = -1;
        update.restartPolicy = "on-failure";
        update.maximumRetryCount = 3;
        auto warnings = client.updateContainer("web", update);
        QVERIFY2(warnings.has_value(), warnings ? "" : warnings.error().message.c_str());
        QCOMPARE(*warnings, std::vector<std::string>{"swap limit ignored"});

        const FakeRequest sent = server.requests().back();
        QCOMPARE(sent.target, std::string("/v1.43/containers/web/update"));
        const Json body = Json::parse(sent.body);
        QCOMPARE(body["Memory"].get<int64_t>(), int64_t(64 * 1024 * 1024));
        QCOMPARE(body["PidsLimit"].get<int64_t>(), int64_t(-1));
        QCOMPARE(body["RestartPolicy"]["Name"].get<std::string>(), std::string("on-failure"));
        QCOMPARE(body["RestartPolicy"]["MaximumRetryCount"].get<int>(), 3);
        QVERIFY(!body.contains("NanoCpus"));
        QVERIFY(!body.contains("MemorySwap"));
    }

    void topDecodesRows() {
        FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
            return request.target == "/_ping"
                       ? pingAnswer()
                       : FakeResponse::json(200, R"({"Titles":["UID","PID","CMD"],
                           "Processes":[["root","1","sleep 3600"],["root","7","sh"]]})");
        });
        Client client(Endpoint::unixSocket(socketPath()));
        auto top = client.topContainer("web", "aux");
        QVERIFY(top.has_value());
        QCOMPARE(top->titles, (std::vector<std::string>{"UID", "PID", "CMD"}));
        QCOMPARE(top->processes.size(), size_t(2));
        QCOMPARE(top->processes[0][2], std::string("sleep 3600"));
        QCOMPARE(server.requests().back().target,
                 std::string("/v1.43/containers/web/top?ps_args=aux"));
    }

    void pruneDecodesDeletedAndSpace() {
        FakeEngineServer server(socketPath(), [](const FakeRequest& request) {
            if (request.target == "/_ping") {
                return pingAnswer();
            }
            if (request.target.starts_with("/v1.43/images/prune")) {
                return FakeResponse::json(200, R"({"ImagesDeleted":[{"Untagged":"a:1"},
                    {"Deleted":"sha256:aaa"},{"Deleted":"sha256:bbb"}],"SpaceReclaimed":300})");
            }
            return FakeResponse::json(200, R"({"ContainersDeleted":["c1","c2"],
                                               "SpaceReclaimed":42})");
        });
        Client client(Endpoint::unixSocket(socketPath()));
        auto containers = client.pruneContainers();
        QVERIFY(containers.has_value());
        QCOMPARE(containers->deleted, (std::vector<std::string>{"c1", "c2"}));
        QCOMPARE(containers->spaceReclaimed, int64_t(42));
        QCOMPARE(server.requests().back().target, std::string("/v1.43/containers/prune"));

        auto images = client.pruneImages(true);
        QVERIFY(images.has_value());
        QCOMPARE(images->deleted, (std::vector<std::string>{"sha256:aaa", "sha256:bbb"}));
        QCOMPARE(images->spaceReclaimed, int64_t(300));
        QCOMPARE(
            server.requests().back().target,
            std::string("/v1.43/images/prune?filters=%7B%22dangling%22%3A%5B%22false%22%5D%7D"));
    }

    void statsStreamSplitAcrossChunks() {
        const std::string stream = R"({"read":"a","memory_stats":{"usage":1}})"
                                   "\n"
                                   R"({"read":"b","memory_stats":{"usage":2}})"
                                   "\n";
        const std::vector<std::string> chunks = {stream.substr(0, 10), stream.substr(10, 40),
                                                 stream.substr(50)};
        FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
            return request.target == "/_ping" ? pingAnswer()
                                              : FakeResponse::chunked("application/json", chunks);
        });
        Client client(Endpoint::unixSocket(socketPath()));
        CancelToken cancel;
        std::vector<int64_t> usages;
        auto result = client.streamContainerStats(
            "web",
            [&](const Json& sample) {
                usages.push_back(sample["memory_stats"]["usage"].get<int64_t>());
                return true;
            },
            cancel);
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(usages, (std::vector<int64_t>{1, 2}));
        QCOMPARE(server.requests().back().target,
                 std::string("/v1.43/containers/web/stats?stream=1"));
    }

    void statsStreamStopsOnFalse() {
        const std::vector<std::string> chunks = {"{\"n\":1}\n{\"n\":2}\n", "{\"n\":3}\n"};
        FakeEngineServer server(socketPath(), [&](const FakeRequest& request) {
            return request.target == "/_ping"
                       ? pingAnswer()
                       : FakeResponse::chunked("application/json", chunks, true);
        });
        Client client(Endpoint::unixSocket(socketPath()));
        CancelToken cancel;
        int samples = 0;
        auto result = client.streamContainerStats(
            "web", [&](const Json&) { return ++samples < 1; }, cancel);
        QVERIFY(result.has_value());
        QCOMPARE(samples, 1);
    }
};

QTEST_GUILESS_MAIN(ClientLifecycleTest)
#include "tst_client_lifecycle.moc"

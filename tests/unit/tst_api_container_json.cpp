// Unit tests of the container JSON the API sends: inspect and list shapes as the docker
// CLI reads them.

#include "api/container_json.h"
#include "common/time.h"

#include <QTest>

using namespace berth;
using namespace berth::api;
using nlohmann::json;

namespace {

container::Container sampleContainer() {
    container::Container c;
    c.id = std::string(64, 'a');
    c.name = "web";
    c.created = 1'796'417'368'000'000'000;
    c.path = "sh";
    c.args = {"-c", "exit 3"};
    c.config.image = "busybox:latest";
    c.config.cmd = std::vector<std::string>{"sh", "-c", "exit 3"};
    c.config.labels = {{"tier", "front"}};
    c.imageId = "sha256:" + std::string(64, 'b');
    c.directory = "/var/lib/berth/containers/" + c.id;
    c.state.status = container::Status::Exited;
    c.state.exitCode = 3;
    c.state.startedAt = c.created + 1'000'000'000;
    c.state.finishedAt = c.created + 2'000'000'000;
    return c;
}

} // namespace

class TestApiContainerJson : public QObject {
    Q_OBJECT

private slots:
    void inspectHasDockerFields() {
        json inspect = inspectJson(sampleContainer());
        for (const char* key :
             {"Id",           "Created",         "Path",         "Args",        "State",
              "Image",        "ResolvConfPath",  "HostnamePath", "HostsPath",   "LogPath",
              "Name",         "RestartCount",    "Driver",       "Platform",    "MountLabel",
              "ProcessLabel", "AppArmorProfile", "HostConfig",   "GraphDriver", "Mounts",
              "Config",       "NetworkSettings"}) {
            QVERIFY2(inspect.contains(key), key);
        }
        for (const char* key : {"Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead",
                                "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt"}) {
            QVERIFY2(inspect["State"].contains(key), key);
        }
    }

    void inspectValues() {
        json inspect = inspectJson(sampleContainer());
        QCOMPARE(inspect["Name"].get<std::string>(), std::string("/web"));
        QCOMPARE(inspect["State"]["Status"].get<std::string>(), std::string("exited"));
        QCOMPARE(inspect["State"]["ExitCode"].get<int>(), 3);
        QCOMPARE(inspect["State"]["Running"].get<bool>(), false);
        QVERIFY2(inspect["Args"] == json({"-c", "exit 3"}), inspect["Args"].dump().c_str());
        QCOMPARE(inspect["Created"].get<std::string>(),
                 formatRfc3339Nano(1'796'417'368'000'000'000));
        QVERIFY(inspect["Mounts"].is_array());
        QCOMPARE(inspect["HostConfig"]["RestartPolicy"]["Name"].get<std::string>(),
                 std::string("no"));
        QCOMPARE(inspect["Config"]["Labels"]["tier"].get<std::string>(), std::string("front"));
    }

    void neverStartedShowsZeroTime() {
        container::Container c = sampleContainer();
        c.state = {};
        json inspect = inspectJson(c);
        QCOMPARE(inspect["State"]["StartedAt"].get<std::string>(),
                 std::string("0001-01-01T00:00:00Z"));
        QCOMPARE(inspect["State"]["Status"].get<std::string>(), std::string("created"));
    }

    void listEntry() {
        container::Container c = sampleContainer();
        json entry = listEntryJson(c, c.state.finishedAt + 5'000'000'000);
        QVERIFY2(entry["Names"] == json({"/web"}), entry["Names"].dump().c_str());
        QCOMPARE(entry["State"].get<std::string>(), std::string("exited"));
        QCOMPARE(entry["Status"].get<std::string>(), std::string("Exited (3) 5 seconds ago"));
        QCOMPARE(entry["Command"].get<std::string>(), std::string("sh -c 'exit 3'"));
        QCOMPARE(entry["Created"].get<int64_t>(), int64_t(1'796'417'368));
    }

    void runningStatus() {
        container::Container c = sampleContainer();
        c.state.status = container::Status::Running;
        QCOMPARE(humanStatus(c, c.state.startedAt + 120'000'000'000), std::string("Up 2 minutes"));
    }
};

QTEST_GUILESS_MAIN(TestApiContainerJson)
#include "tst_api_container_json.moc"

// "Copy as docker run" and the Overview's sections, from inspect data written by hand: what
// the container inherited from its image stays off the line, and the engine's defaults too.

#include "containeroverview.h"
#include "inspectrunspec.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

// A container made with
//   docker run -d --name web --link db:store -e MODE=prod -l tier=back -w /srv -v data:/data
//     -v /cache -p 127.0.0.1:8080:80 --restart on-failure:2 --memory 512m --cpus 1.5 app serve
// from an image with ENV PATH, WORKDIR /, VOLUME /var/log, CMD ["run"] and LABEL vendor=acme.
constexpr const char* kContainer = R"({
  "Id": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "Name": "/web",
  "Config": {
    "Hostname": "0123456789ab",
    "Image": "app",
    "Cmd": ["serve"],
    "Entrypoint": null,
    "Env": ["PATH=/usr/bin:/bin", "MODE=prod"],
    "WorkingDir": "/srv",
    "User": "",
    "OpenStdin": false,
    "Tty": false,
    "Volumes": {"/cache": {}, "/var/log": {}},
    "Labels": {"tier": "back", "vendor": "acme"}
  },
  "HostConfig": {
    "Binds": ["data:/data"],
    "Links": ["/db:/web/store"],
    "PortBindings": {"80/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8080"}]},
    "RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 2},
    "AutoRemove": false,
    "Memory": 536870912,
    "MemorySwap": 1073741824,
    "NanoCpus": 1500000000,
    "CpuShares": 0,
    "PidsLimit": null
  },
  "Mounts": [
    {"Type": "volume", "Name": "data", "Source": "/var/lib/berth/volumes/data/_data",
     "Destination": "/data", "RW": true},
    {"Type": "bind", "Source": "/srv/config", "Destination": "/config", "RW": false}
  ]
})";

constexpr const char* kImage = R"({
  "Config": {
    "Env": ["PATH=/usr/bin:/bin"],
    "Labels": {"vendor": "acme"},
    "Cmd": ["run"],
    "WorkingDir": "/",
    "Volumes": {"/var/log": {}}
  }
})";

} // namespace

class InspectRunSpecTest : public QObject {
    Q_OBJECT

private slots:
    void lineLeavesOutInheritedSettings() {
        const RunSpec spec = runSpecFromInspect(Json::parse(kContainer), Json::parse(kImage));
        QCOMPARE(QString::fromStdString(formatRunLine(spec)),
                 QStringLiteral("docker run -d --name web -e MODE=prod -l tier=back -w /srv "
                                "--restart on-failure:2 --memory 512m --cpus 1.5 -v data:/data "
                                "-v /cache --link db:store -p 127.0.0.1:8080:80 app serve"));
    }

    void lineWithoutImageKeepsEverything() {
        const RunSpec spec = runSpecFromInspect(Json::parse(kContainer));
        QCOMPARE(spec.env, (std::vector<std::string>{"PATH=/usr/bin:/bin", "MODE=prod"}));
        QCOMPARE(spec.volumes.size(), size_t(3));
        QCOMPARE(spec.volumes[2].target, std::string("/var/log"));
        QVERIFY(spec.hostname.empty());
    }

    void ownEntrypointSplitsIntoCommand() {
        Json container = Json::parse(kContainer);
        container["Config"]["Entrypoint"] = {"/bin/sh", "-c"};
        container["Config"]["Cmd"] = {"echo hi"};
        const RunSpec spec = runSpecFromInspect(container, Json::parse(kImage));
        QCOMPARE(spec.entrypoint, std::optional<std::string>("/bin/sh"));
        QCOMPARE(spec.command, (std::vector<std::string>{"-c", "echo hi"}));
    }

    void chosenHostnameAndSwapStay() {
        Json container = Json::parse(kContainer);
        container["Config"]["Hostname"] = "web.example";
        container["HostConfig"]["MemorySwap"] = -1;
        const RunSpec spec = runSpecFromInspect(container, Json::parse(kImage));
        QCOMPARE(spec.hostname, std::string("web.example"));
        QCOMPARE(spec.resources.memorySwapBytes, int64_t(-1));
    }

    void overviewListsSections() {
        const QStringList lines = inspectOverviewLines(Json::parse(kContainer));
        const QString text = lines.join('\n');
        QVERIFY2(text.contains(QStringLiteral("Mounts:\n    volume data → /data\n"
                                              "    bind /srv/config → /config (read-only)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Links:\n    db as store")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Environment:\n    PATH=/usr/bin:/bin\n"
                                              "    MODE=prod")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Labels:\n    tier=back")), qPrintable(text));
    }

    void overviewMarksEmptySections() {
        const QString text = inspectOverviewLines(Json::parse(R"({"Config": {}})")).join('\n');
        QCOMPARE(text.count(QStringLiteral("    none")), 4);
        QVERIFY(inspectOverviewLines(Json()).isEmpty());
    }
};

QTEST_MAIN(InspectRunSpecTest)
#include "tst_inspect_run_spec.moc"

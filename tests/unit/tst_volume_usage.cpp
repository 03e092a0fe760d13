// Volume usage and the sharing map from canned Engine API responses: which containers use a
// volume, the graph's nodes and edges, and its Graphviz layout.

#include "graphlayout.h"
#include "volumeusage.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

// A data-volume container "store" with a named and an anonymous volume, a worker that
// repeats its mounts read-only and binds a host directory, as docker inspect shows them.
const char* kStoreInspect = R"({
  "Id": "aaaa1111", "Name": "/store", "State": {"Status": "exited"},
  "HostConfig": {"Binds": ["shared:/shared"], "VolumesFrom": null},
  "Mounts": [
    {"Type": "volume", "Name": "shared", "Source": "/var/lib/berth/volumes/shared/_data",
     "Destination": "/shared", "Driver": "local", "Mode": "", "RW": true, "Propagation": ""},
    {"Type": "volume", "Name": "0123456789abcdef", "Source": "/x", "Destination": "/logs",
     "Driver": "local", "Mode": "", "RW": true, "Propagation": ""}
  ]})";

const char* kWorkerInspect = R"({
  "Id": "bbbb2222", "Name": "/worker", "State": {"Status": "running"},
  "HostConfig": {"Binds": ["/srv/webapp:/app_data:ro"], "VolumesFrom": ["store:ro"]},
  "Mounts": [
    {"Type": "bind", "Source": "/srv/webapp", "Destination": "/app_data", "Mode": "ro",
     "RW": false, "Propagation": "rprivate"},
    {"Type": "volume", "Name": "shared", "Source": "/var/lib/berth/volumes/shared/_data",
     "Destination": "/shared", "Driver": "local", "Mode": "", "RW": false, "Propagation": ""},
    {"Type": "tmpfs", "Source": "", "Destination": "/run", "RW": true}
  ]})";

const char* kVolumesList = R"({
  "Volumes": [
    {"Name": "shared", "Driver": "local", "Mountpoint": "/var/lib/berth/volumes/shared/_data",
     "CreatedAt": "2026-12-04T20:00:00Z", "Labels": {}, "Scope": "local", "Options": null,
     "UsageData": {"Size": 4096, "RefCount": 2}},
    {"Name": "0123456789abcdef", "Driver": "local", "Mountpoint": "/x",
     "CreatedAt": "2026-12-04T20:00:01Z", "Labels": null, "Scope": "local", "Options": null},
    {"Name": "unused", "Driver": "local", "Mountpoint": "/y",
     "CreatedAt": "2026-12-04T20:00:02Z", "Scope": "local", "UsageData": null}
  ],
  "Warnings": null})";

std::vector<ContainerMounts> cannedContainers() {
    return {containerMountsFromInspect(Json::parse(kStoreInspect)),
            containerMountsFromInspect(Json::parse(kWorkerInspect))};
}

} // namespace

class VolumeUsageTest : public QObject {
    Q_OBJECT

private slots:
    void inspectReadsMountsAndVolumesFrom();
    void rowsNameTheirUsers();
    void rowsAcceptBareArray();
    void imageVolumePathsAreSortedKeys();
    void diskUsageSetsSizes();
    void graphHasNodePerContainerVolumeAndHostPath();
    void graphHasEdgePerMountAndVolumesFrom();
    void unconnectedContainersLeftOut();
    void graphSkipsMissingVolumesFromSource();
    void layoutPlacesEveryNodeAndEdge();
    void layoutRejectsEdgeToMissingNode();
};

void VolumeUsageTest::inspectReadsMountsAndVolumesFrom() {
    const ContainerMounts worker = containerMountsFromInspect(Json::parse(kWorkerInspect));
    QCOMPARE(worker.name, std::string("worker"));
    QCOMPARE(worker.state, std::string("running"));
    QCOMPARE(worker.mounts.size(), size_t(3));
    QCOMPARE(worker.mounts[0].type, std::string("bind"));
    QCOMPARE(worker.mounts[0].source, std::string("/srv/webapp"));
    QVERIFY(worker.mounts[0].readOnly);
    QCOMPARE(worker.mounts[1].name, std::string("shared"));
    QCOMPARE(worker.volumesFrom, (std::vector<VolumesFrom>{{"store", "ro"}}));

    const ContainerMounts store = containerMountsFromInspect(Json::parse(kStoreInspect));
    QVERIFY(store.volumesFrom.empty());
    QVERIFY(!store.mounts[0].readOnly);
}

void VolumeUsageTest::rowsNameTheirUsers() {
    const auto rows = volumeRowsFromJson(Json::parse(kVolumesList), cannedContainers());
    QCOMPARE(rows.size(), size_t(3));
    QCOMPARE(rows[0].name, std::string("shared"));
    QCOMPARE(rows[0].driver, std::string("local"));
    QCOMPARE(rows[0].size, int64_t(4096));
    QCOMPARE(rows[0].usedBy, (std::vector<std::string>{"store", "worker"}));
    QCOMPARE(rows[1].usedBy, (std::vector<std::string>{"store"}));
    QCOMPARE(rows[1].size, int64_t(-1));
    QVERIFY(rows[2].usedBy.empty());
    QCOMPARE(rows[2].createdAt, std::string("2026-12-04T20:00:02Z"));
}

void VolumeUsageTest::rowsAcceptBareArray() {
    const auto rows = volumeRowsFromJson(Json::parse(kVolumesList)["Volumes"], {});
    QCOMPARE(rows.size(), size_t(3));
    QVERIFY(volumeRowsFromJson(Json::parse(R"({"Volumes": null})"), {}).empty());
}

void VolumeUsageTest::diskUsageSetsSizes() {
    auto rows = volumeRowsFromJson(Json::parse(kVolumesList), {});
    const Json usage = Json::parse(R"({"Volumes": [
      {"Name": "unused", "UsageData": {"Size": 1234, "RefCount": 0}},
      {"Name": "0123456789abcdef", "UsageData": {"Size": -1, "RefCount": 1}},
      {"Name": "not-listed", "UsageData": {"Size": 5, "RefCount": 0}}]})");
    applyDiskUsage(rows, usage);
    QCOMPARE(rows[0].size, int64_t(4096));
    QCOMPARE(rows[1].size, int64_t(-1));
    QCOMPARE(rows[2].size, int64_t(1234));
    QCOMPARE(rows.size(), size_t(3));
}

void VolumeUsageTest::imageVolumePathsAreSortedKeys() {
    const Json image = Json::parse(R"({"Config": {"Volumes": {"/var/log": {}, "/data": {}}}})");
    QCOMPARE(imageVolumePaths(image), (std::vector<std::string>{"/data", "/var/log"}));
    QVERIFY(imageVolumePaths(Json::parse(R"({"Config": {"Volumes": null}})")).empty());
    QVERIFY(imageVolumePaths(Json::parse("{}")).empty());
}

void VolumeUsageTest::graphHasNodePerContainerVolumeAndHostPath() {
    const SharingGraph graph = buildSharingGraph(cannedContainers(), {"shared", "unused"});
    using Kind = SharingNode::Kind;
    QCOMPARE(graph.nodes.size(), size_t(6));
    QVERIFY(graph.find(Kind::Container, "aaaa1111") >= 0);
    QVERIFY(graph.find(Kind::Container, "bbbb2222") >= 0);
    QVERIFY(graph.find(Kind::Volume, "shared") >= 0);
    QVERIFY(graph.find(Kind::Volume, "unused") >= 0);
    QVERIFY(graph.find(Kind::Volume, "0123456789abcdef") >= 0);
    QVERIFY(graph.find(Kind::HostPath, "/srv/webapp") >= 0);
    QCOMPARE(graph.find(Kind::HostPath, "/run"), -1);
}

void VolumeUsageTest::graphHasEdgePerMountAndVolumesFrom() {
    const SharingGraph graph = buildSharingGraph(cannedContainers(), {});
    using Kind = SharingNode::Kind;
    const size_t store = graph.find(Kind::Container, "aaaa1111");
    const size_t worker = graph.find(Kind::Container, "bbbb2222");
    const size_t shared = graph.find(Kind::Volume, "shared");
    const size_t webapp = graph.find(Kind::HostPath, "/srv/webapp");
    const size_t logs = graph.find(Kind::Volume, "0123456789abcdef");
    const std::vector<SharingEdge> expected = {
        {shared, store, SharingEdge::Kind::Mount, false, "/shared"},
        {logs, store, SharingEdge::Kind::Mount, false, "/logs"},
        {webapp, worker, SharingEdge::Kind::Mount, true, "/app_data"},
        {shared, worker, SharingEdge::Kind::Mount, true, "/shared"},
        {store, worker, SharingEdge::Kind::VolumesFrom, true, "ro"},
    };
    QCOMPARE(graph.edges.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(graph.edges[i] == expected[i], graph.edges[i].label.c_str());
    }
}

void VolumeUsageTest::unconnectedContainersLeftOut() {
    std::vector<ContainerMounts> containers = cannedContainers();
    ContainerMounts idle;
    idle.id = "cccc3333";
    idle.name = "idle";
    containers.push_back(idle);
    const SharingGraph full = buildSharingGraph(containers, {"unused"});
    QVERIFY(full.find(SharingNode::Kind::Container, "cccc3333") >= 0);

    const SharingGraph kept = withoutUnconnectedContainers(full);
    using Kind = SharingNode::Kind;
    QCOMPARE(kept.find(Kind::Container, "cccc3333"), -1);
    QCOMPARE(kept.nodes.size(), full.nodes.size() - 1);
    QVERIFY(kept.find(Kind::Volume, "unused") >= 0);
    QCOMPARE(kept.edges.size(), full.edges.size());
    for (size_t i = 0; i < full.edges.size(); ++i) {
        QCOMPARE(kept.nodes[kept.edges[i].from], full.nodes[full.edges[i].from]);
        QCOMPARE(kept.nodes[kept.edges[i].to], full.nodes[full.edges[i].to]);
    }
}

void VolumeUsageTest::graphSkipsMissingVolumesFromSource() {
    ContainerMounts orphan;
    orphan.id = "cccc3333";
    orphan.name = "orphan";
    orphan.volumesFrom = {{"gone", ""}};
    const SharingGraph graph = buildSharingGraph({orphan}, {});
    QCOMPARE(graph.nodes.size(), size_t(1));
    QVERIFY(graph.edges.empty());
}

void VolumeUsageTest::layoutPlacesEveryNodeAndEdge() {
    LayoutRequest request;
    request.nodes = {{100, 30}, {80, 30}, {120, 30}};
    request.edges = {{0, 2, "/data"}, {1, 2, ""}, {0, 1, "ro"}};
    auto layout = layoutGraph(request);
    QVERIFY2(layout.has_value(), layout ? "" : layout.error().message.c_str());
    QCOMPARE(layout->nodeCenters.size(), size_t(3));
    QCOMPARE(layout->edgePaths.size(), size_t(3));
    QVERIFY(layout->width >= 100 && layout->height >= 30);
    for (const LayoutPoint& center : layout->nodeCenters) {
        QVERIFY(center.x >= 0 && center.x <= layout->width);
        QVERIFY(center.y >= 0 && center.y <= layout->height);
    }
    for (const auto& path : layout->edgePaths) {
        QVERIFY(path.size() >= 4);
        QCOMPARE((path.size() - 1) % 3, size_t(0));
    }
    // Left to right: node 0 feeds node 2 through node 1, so it is placed left of both.
    QVERIFY(layout->nodeCenters[0].x < layout->nodeCenters[1].x);
    QVERIFY(layout->nodeCenters[1].x < layout->nodeCenters[2].x);
}

void VolumeUsageTest::layoutRejectsEdgeToMissingNode() {
    LayoutRequest request;
    request.nodes = {{100, 30}};
    request.edges = {{0, 3, ""}};
    auto layout = layoutGraph(request);
    QVERIFY(!layout.has_value());
    QCOMPARE(layout.error().kind, ErrorKind::InvalidArgument);
}

QTEST_GUILESS_MAIN(VolumeUsageTest)
#include "tst_volume_usage.moc"

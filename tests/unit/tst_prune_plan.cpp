// The previews of the Engine page's Prune actions and its disk use table, from canned lists.
// A preview must name exactly what the engine's prune removes, because the user confirms it.

#include "pruneplan.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

const char* kContainers = R"([
  {"Id": "c1", "Names": ["/web"], "State": "running", "ImageID": "sha256:aaa"},
  {"Id": "c2", "Names": ["/old_job"], "State": "exited", "ImageID": "sha256:aaa"},
  {"Id": "c3", "Names": ["/held"], "State": "paused", "ImageID": "sha256:bbb"},
  {"Id": "c4", "Names": ["/never_started"], "State": "created", "ImageID": "sha256:ccc"},
  {"Id": "c5", "Names": ["/looping"], "State": "restarting", "ImageID": "sha256:ccc"},
  {"Id": "c6", "Names": [], "State": "dead", "ImageID": "sha256:ccc"}
])";

const char* kImages = R"([
  {"Id": "sha256:aaa", "RepoTags": ["busybox:latest"], "Size": 100},
  {"Id": "sha256:bbb", "RepoTags": ["<none>:<none>"], "Size": 200},
  {"Id": "sha256:ccc", "RepoTags": ["app:v1"], "Size": 300},
  {"Id": "sha256:ddd1234567890", "RepoTags": [], "Size": 400},
  {"Id": "sha256:eee", "RepoTags": ["tools:1", "tools:latest"], "Size": 500},
  {"Id": "sha256:fff", "RepoTags": null, "Size": 600, "Containers": 1}
])";

const char* kDiskUsage = R"({
  "LayersSize": 2100,
  "Images": [
    {"Id": "sha256:aaa", "Size": 100, "SharedSize": 0, "Containers": 2},
    {"Id": "sha256:bbb", "Size": 200, "SharedSize": 50, "Containers": 1},
    {"Id": "sha256:eee", "Size": 500, "SharedSize": -1, "Containers": 0}
  ],
  "Containers": [
    {"Id": "c1", "State": "running", "SizeRw": 10},
    {"Id": "c2", "State": "exited", "SizeRw": 20},
    {"Id": "c4", "State": "created"}
  ],
  "Volumes": [
    {"Name": "data", "Labels": {}, "UsageData": {"Size": 1000, "RefCount": 1}},
    {"Name": "cache", "Labels": null, "UsageData": {"Size": 2000, "RefCount": 0}},
    {"Name": "3f2a", "Labels": {"com.docker.volume.anonymous": ""},
     "UsageData": {"Size": 3000, "RefCount": 0}},
    {"Name": "unsized", "Labels": {"com.docker.volume.anonymous": ""},
     "UsageData": {"Size": -1, "RefCount": 0}}
  ],
  "BuildCache": [
    {"ID": "k1", "Description": "mount / from exec /bin/sh -c make", "Size": 70,
     "InUse": false, "Shared": false},
    {"ID": "k2", "Size": 80, "InUse": true, "Shared": false},
    {"ID": "k3abcdefghijklmnop", "Size": 90, "InUse": false, "Shared": true}
  ]
})";

std::vector<std::string> names(const PrunePlan& plan) {
    std::vector<std::string> out;
    for (const PruneCandidate& candidate : plan.candidates) {
        out.push_back(candidate.name);
    }
    return out;
}

using Names = std::vector<std::string>;

} // namespace

class PrunePlanTest : public QObject {
    Q_OBJECT

private slots:
    // Docker prunes exited, created and dead containers; running, paused and restarting
    // ones stay.
    void containersNotRunning() {
        const PrunePlan plan =
            planContainerPrune(Json::parse(kContainers), Json::parse(kDiskUsage));
        QCOMPARE(names(plan), (Names{"old_job", "never_started", "c6"}));
        QCOMPARE(plan.candidates[0].size, int64_t(20));
        QCOMPARE(plan.candidates[1].size, int64_t(-1));
        QCOMPARE(plan.reclaimableBytes, int64_t(20));
    }

    void containersWithoutDiskUsage() {
        const PrunePlan plan = planContainerPrune(Json::parse(kContainers), Json());
        QCOMPARE(plan.candidates.size(), size_t(3));
        QCOMPARE(plan.reclaimableBytes, int64_t(0));
    }

    // An image any container uses, even a stopped one, is never pruned.
    void imagesDanglingOnly() {
        const PrunePlan plan =
            planImagePrune(Json::parse(kImages), Json::parse(kContainers), false);
        QCOMPARE(names(plan), (Names{"ddd123456789"}));
        QCOMPARE(plan.reclaimableBytes, int64_t(400));
    }

    void imagesAllUnused() {
        const PrunePlan plan = planImagePrune(Json::parse(kImages), Json::parse(kContainers), true);
        QCOMPARE(names(plan), (Names{"ddd123456789", "tools:1"}));
        QCOMPARE(plan.candidates[1].id, std::string("sha256:eee"));
        QCOMPARE(plan.reclaimableBytes, int64_t(900));
    }

    void volumesAnonymousOnly() {
        const PrunePlan plan = planVolumePrune(Json::parse(kDiskUsage), true);
        QCOMPARE(names(plan), (Names{"3f2a", "unsized"}));
        QCOMPARE(plan.reclaimableBytes, int64_t(3000));
    }

    void volumesAllUnused() {
        const PrunePlan plan = planVolumePrune(Json::parse(kDiskUsage), false);
        QCOMPARE(names(plan), (Names{"cache", "3f2a", "unsized"}));
        QCOMPARE(plan.reclaimableBytes, int64_t(5000));
    }

    void buildCacheUnused() {
        const PrunePlan plan = planBuildCachePrune(Json::parse(kDiskUsage), false);
        QCOMPARE(names(plan), (Names{"mount / from exec /bin/sh -c make"}));
        const PrunePlan all = planBuildCachePrune(Json::parse(kDiskUsage), true);
        QCOMPARE(names(all), (Names{"mount / from exec /bin/sh -c make", "k3abcdefghij"}));
        QCOMPARE(all.reclaimableBytes, int64_t(160));
    }

    void emptyEngine() {
        const Json empty = Json::parse(R"({"Images": [], "Containers": [], "Volumes": null})");
        QVERIFY(planVolumePrune(empty, false).candidates.empty());
        QVERIFY(planBuildCachePrune(empty, true).candidates.empty());
        QVERIFY(planContainerPrune(Json::array(), empty).candidates.empty());
        const std::vector<DiskUseRow> rows = summarizeDiskUse(empty);
        QCOMPARE(rows.size(), size_t(4));
        for (const DiskUseRow& row : rows) {
            QCOMPARE(row.count, 0);
            QCOMPARE(row.size, int64_t(0));
        }
    }

    // The figures `docker system df` prints for the same response.
    void diskUseTable() {
        const std::vector<DiskUseRow> rows = summarizeDiskUse(Json::parse(kDiskUsage));
        QCOMPARE(rows.size(), size_t(4));

        QCOMPARE(rows[0].kind, PruneKind::Images);
        QCOMPARE(rows[0].count, 3);
        QCOMPARE(rows[0].active, 2);
        QCOMPARE(rows[0].size, int64_t(2100));
        // 2100 minus the unshared bytes of the used images: 100 and 200 - 50.
        QCOMPARE(rows[0].reclaimable, int64_t(1850));

        QCOMPARE(rows[1].kind, PruneKind::Containers);
        QCOMPARE(rows[1].count, 3);
        QCOMPARE(rows[1].active, 1);
        QCOMPARE(rows[1].size, int64_t(30));
        QCOMPARE(rows[1].reclaimable, int64_t(20));

        QCOMPARE(rows[2].kind, PruneKind::Volumes);
        QCOMPARE(rows[2].count, 4);
        QCOMPARE(rows[2].active, 1);
        QCOMPARE(rows[2].size, int64_t(6000));
        QCOMPARE(rows[2].reclaimable, int64_t(5000));

        QCOMPARE(rows[3].kind, PruneKind::BuildCache);
        QCOMPARE(rows[3].count, 3);
        QCOMPARE(rows[3].active, 1);
        QCOMPARE(rows[3].size, int64_t(240));
        QCOMPARE(rows[3].reclaimable, int64_t(70));
    }
};

QTEST_GUILESS_MAIN(PrunePlanTest)
#include "tst_prune_plan.moc"

// The figures of the Stats tab, from canned samples in the shape Docker and berthd send.
// They must match what `docker stats` prints for the same sample.

#include "containerstats.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

// A cgroup v1 sample as Docker sends it: capitalised block I/O ops, total_inactive_file.
const char* kCgroupV1Sample = R"({
  "read": "2026-12-05T02:47:46.123456789Z",
  "preread": "2026-12-05T02:47:45.120000000Z",
  "pids_stats": {"current": 7},
  "blkio_stats": {"io_service_bytes_recursive": [
    {"major": 8, "minor": 0, "op": "Read", "value": 4096},
    {"major": 8, "minor": 0, "op": "Write", "value": 8192},
    {"major": 8, "minor": 0, "op": "Sync", "value": 12288},
    {"major": 8, "minor": 0, "op": "Total", "value": 12288},
    {"major": 8, "minor": 16, "op": "Read", "value": 1000}
  ]},
  "cpu_stats": {"cpu_usage": {"total_usage": 400000000}, "system_cpu_usage": 2000000000000,
                "online_cpus": 2},
  "precpu_stats": {"cpu_usage": {"total_usage": 200000000}, "system_cpu_usage": 1998000000000,
                   "online_cpus": 2},
  "memory_stats": {"usage": 104857600, "limit": 1073741824,
                   "stats": {"total_inactive_file": 20971520, "cache": 30000000}},
  "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 2000},
               "eth1": {"rx_bytes": 500, "tx_bytes": 0}}
})";

// A cgroup v2 sample: lower-case ops and inactive_file.
const char* kCgroupV2Sample = R"({
  "read": "2026-12-05T02:47:46Z",
  "blkio_stats": {"io_service_bytes_recursive": [
    {"major": 254, "minor": 0, "op": "read", "value": 300},
    {"major": 254, "minor": 0, "op": "write", "value": 700}
  ]},
  "cpu_stats": {"cpu_usage": {"total_usage": 3000000}, "system_cpu_usage": 10000000000,
                "online_cpus": 4},
  "precpu_stats": {"cpu_usage": {"total_usage": 1000000}, "system_cpu_usage": 9000000000},
  "memory_stats": {"usage": 5000000, "limit": 10000000, "stats": {"inactive_file": 1000000}}
})";

} // namespace

class ContainerStatsTest : public QObject {
    Q_OBJECT

private slots:
    void cgroupV1Sample() {
        const StatsFigures figures = computeStatsFigures(Json::parse(kCgroupV1Sample));
        // (200 ms of container CPU / 2 s of host CPU) × 2 CPUs × 100.
        QCOMPARE(figures.cpuPercent, 20.0);
        QCOMPARE(figures.memoryUsage, int64_t(104857600 - 20971520));
        QCOMPARE(figures.memoryLimit, int64_t(1073741824));
        QCOMPARE(figures.memoryPercent, 7.8125);
        QCOMPARE(figures.networkRx, int64_t(1500));
        QCOMPARE(figures.networkTx, int64_t(2000));
        QCOMPARE(figures.blockRead, int64_t(5096));
        QCOMPARE(figures.blockWrite, int64_t(8192));
        QCOMPARE(figures.pids, int64_t(7));
        QCOMPARE(figures.readNano, int64_t(1796438866123) * 1'000'000);
    }

    void cgroupV2Sample() {
        const StatsFigures figures = computeStatsFigures(Json::parse(kCgroupV2Sample));
        QCOMPARE(figures.cpuPercent, 0.002 / 1.0 * 4 * 100);
        QCOMPARE(figures.memoryUsage, int64_t(4000000));
        QCOMPARE(figures.memoryPercent, 40.0);
        QCOMPARE(figures.blockRead, int64_t(300));
        QCOMPARE(figures.blockWrite, int64_t(700));
        QCOMPARE(figures.networkRx, int64_t(0));
    }

    // The first sample of a stream has an empty precpu_stats: the CLI shows 0 %, not the
    // container's whole CPU time over the host's.
    void firstSampleHasNoCpuPercent() {
        Json sample = Json::parse(kCgroupV1Sample);
        sample["precpu_stats"] = Json::object();
        sample["precpu_stats"]["cpu_usage"] = {{"total_usage", 500000000}};
        QCOMPARE(computeStatsFigures(sample).cpuPercent, 0.0);
    }

    void cpuCountFromPerCpuList() {
        Json sample = Json::parse(kCgroupV1Sample);
        sample["cpu_stats"].erase("online_cpus");
        sample["cpu_stats"]["cpu_usage"]["percpu_usage"] = {1, 2, 3, 4};
        QCOMPARE(computeStatsFigures(sample).cpuPercent, 40.0);
    }

    // berthd sends null block I/O lists and no networks for a container without a network.
    void berthdSampleWithNulls() {
        const Json sample = Json::parse(R"({
          "read": "2026-12-05T02:47:46.5Z",
          "blkio_stats": {"io_service_bytes_recursive": null},
          "networks": {},
          "cpu_stats": {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0},
          "precpu_stats": {"cpu_usage": {"total_usage": 0}, "system_cpu_usage": 0},
          "memory_stats": {"usage": 2000, "limit": 0, "stats": {}}
        })");
        const StatsFigures figures = computeStatsFigures(sample);
        QCOMPARE(figures.memoryUsage, int64_t(2000));
        QCOMPARE(figures.memoryPercent, 0.0);
        QCOMPARE(figures.blockRead, int64_t(0));
        QCOMPARE(figures.cpuPercent, 0.0);
    }

    // Inactive page cache larger than the usage leaves the usage as it is instead of making
    // it negative.
    void inactiveCacheAboveUsageIsIgnored() {
        Json sample = Json::parse(kCgroupV2Sample);
        sample["memory_stats"]["stats"]["inactive_file"] = 9000000;
        QCOMPARE(computeStatsFigures(sample).memoryUsage, int64_t(5000000));
    }

    void notAnObject() {
        const StatsFigures figures = computeStatsFigures(Json::parse("[1, 2]"));
        QCOMPARE(figures.memoryUsage, int64_t(0));
        QCOMPARE(figures.readNano, int64_t(0));
    }
};

QTEST_GUILESS_MAIN(ContainerStatsTest)
#include "tst_container_stats.moc"

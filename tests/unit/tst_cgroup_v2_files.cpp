// The values Berth writes into cgroup v2 interface files for the limits of docker run and
// docker update. A plain directory takes the place of the cgroup2 mount, with each interface
// file made empty beforehand, because Berth opens them without O_CREAT as the kernel has
// them already. The plain directory cannot show which controllers the kernel enables in a
// new cgroup; tests/engine/tst_cgroup_v2_vm.cpp runs the same code on a cgroup2 kernel.

#include "runtime/cgroup.h"

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace berth;
using namespace berth::runtime;
namespace stdfs = std::filesystem;

namespace {

constexpr const char* kInterfaceFiles[] = {"cgroup.subtree_control",
                                           "memory.max",
                                           "memory.swap.max",
                                           "memory.low",
                                           "memory.current",
                                           "memory.peak",
                                           "cpu.weight",
                                           "cpu.max",
                                           "cpuset.cpus",
                                           "cpuset.mems",
                                           "pids.max"};

constexpr int64_t kMiB = 1024 * 1024;

std::string readText(const stdfs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeText(const stdfs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::trunc) << text;
}

} // namespace

class TestCgroupV2Files : public QObject {
    Q_OBJECT

private:
    QTemporaryDir root_;
    CgroupLayout layout_;
    const std::string relativePath_ = "berth/c0ffee";

    stdfs::path leaf() const { return stdfs::path(root_.path().toStdString()) / relativePath_; }

    // Empties every interface file of the leaf, as a new cgroup has them.
    void resetLeaf() {
        stdfs::create_directories(leaf());
        for (const char* name : kInterfaceFiles) {
            writeText(leaf() / name, "");
        }
        writeText(leaf() / "memory.current", "0\n");
    }

private slots:
    void initTestCase() {
        QVERIFY(root_.isValid());
        layout_.version = CgroupVersion::V2;
        layout_.hierarchies.push_back(CgroupHierarchy{root_.path().toStdString(), {}});
        stdfs::path parent = stdfs::path(root_.path().toStdString()) / "berth";
        stdfs::create_directories(parent);
        writeText(stdfs::path(root_.path().toStdString()) / "cgroup.subtree_control", "");
        writeText(parent / "cgroup.subtree_control", "");
    }

    void init() { resetLeaf(); }

    void createWritesDockerRunLimits() {
        ResourceSpec resources;
        resources.memoryBytes = 64 * kMiB;
        resources.memorySwapBytes = 96 * kMiB; // memory plus swap, as docker run takes it
        resources.memoryReservationBytes = 32 * kMiB;
        resources.cpuShares = 512;
        resources.nanoCpus = 1'500'000'000;
        resources.pidsLimit = 50;
        resources.cpusetCpus = "0";
        resources.cpusetMems = "0";

        auto cgroup = Cgroup::create(layout_, relativePath_, resources, false);
        QVERIFY2(cgroup.has_value(), cgroup ? "" : cgroup.error().message.c_str());
        QCOMPARE(cgroup->directories().size(), size_t(1));
        QCOMPARE(cgroup->directories().front(), leaf());
        cgroup->release(); // rmdir cannot remove a plain directory with files

        QCOMPARE(readText(leaf() / "memory.max"), std::to_string(64 * kMiB));
        QCOMPARE(readText(leaf() / "memory.swap.max"), std::to_string(32 * kMiB));
        QCOMPARE(readText(leaf() / "memory.low"), std::to_string(32 * kMiB));
        // cpu.weight maps Docker's 2..262144 shares onto 1..10000, so 512 shares give 20.
        QCOMPARE(readText(leaf() / "cpu.weight"), std::string("20"));
        QCOMPARE(readText(leaf() / "cpu.max"), std::string("150000 100000"));
        QCOMPARE(readText(leaf() / "pids.max"), std::string("50"));
        QCOMPARE(readText(leaf() / "cpuset.cpus"), std::string("0"));
        QCOMPARE(readText(leaf() / "cpuset.mems"), std::string("0"));
    }

    void createLeavesUnsetLimitsAlone() {
        auto cgroup = Cgroup::create(layout_, relativePath_, ResourceSpec{}, false);
        QVERIFY2(cgroup.has_value(), cgroup ? "" : cgroup.error().message.c_str());
        cgroup->release();
        for (const char* name : {"memory.max", "memory.swap.max", "memory.low", "cpu.weight",
                                 "cpu.max", "pids.max", "cpuset.cpus", "cpuset.mems"}) {
            QVERIFY2(readText(leaf() / name).empty(), name);
        }
    }

    void unlimitedSwapWritesMax() {
        ResourceSpec resources;
        resources.memoryBytes = 64 * kMiB;
        resources.memorySwapBytes = -1;
        auto cgroup = Cgroup::create(layout_, relativePath_, resources, false);
        QVERIFY(cgroup.has_value());
        cgroup->release();
        QCOMPARE(readText(leaf() / "memory.swap.max"), std::string("max"));
    }

    void quotaAndPeriodGiveCpuMax() {
        ResourceSpec resources;
        resources.cpuQuotaMicros = 25'000;
        resources.cpuPeriodMicros = 50'000;
        auto cgroup = Cgroup::create(layout_, relativePath_, resources, false);
        QVERIFY(cgroup.has_value());
        cgroup->release();
        QCOMPARE(readText(leaf() / "cpu.max"), std::string("25000 50000"));
    }

    void updateWritesNewLimits() {
        ResourceSpec resources;
        resources.memoryBytes = 128 * kMiB;
        resources.nanoCpus = 500'000'000;
        resources.pidsLimit = -1; // docker update --pids-limit -1: back to unlimited
        auto updated = updateCgroupResources(layout_, relativePath_, resources);
        QVERIFY2(updated.has_value(), updated ? "" : updated.error().message.c_str());
        QCOMPARE(readText(leaf() / "memory.max"), std::to_string(128 * kMiB));
        QCOMPARE(readText(leaf() / "cpu.max"), std::string("50000 100000"));
        QCOMPARE(readText(leaf() / "pids.max"), std::string("max"));
    }

    // v2 would reclaim and then kill to meet a limit below the usage, where v1 refuses the
    // write. Berth refuses it on both, naming the usage.
    void updateRejectsMemoryBelowUsage() {
        writeText(leaf() / "memory.current", std::to_string(100 * kMiB) + "\n");
        writeText(leaf() / "memory.peak", std::to_string(120 * kMiB) + "\n");
        ResourceSpec resources;
        resources.memoryBytes = 64 * kMiB;
        auto updated = updateCgroupResources(layout_, relativePath_, resources);
        QVERIFY(!updated.has_value());
        const std::string& message = updated.error().message;
        QVERIFY2(message.find("unable to set memory limit to 67108864") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("current usage: 104857600") != std::string::npos, message.c_str());
        QVERIFY(readText(leaf() / "memory.max").empty());
    }

    void selfJoinUsesCgroupProcs() {
        auto files = selfJoinFiles(layout_, relativePath_);
        QCOMPARE(files.size(), size_t(1));
        QCOMPARE(files.front(), leaf() / "cgroup.procs");
    }
};

QTEST_GUILESS_MAIN(TestCgroupV2Files)
#include "tst_cgroup_v2_files.moc"

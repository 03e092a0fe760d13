// The cgroup v2 freezer (cgroup.freeze) that pause uses on a unified host. It needs no
// controller, so it also runs on a hybrid host's cgroup2 mount, which is how this test
// reaches the v2 path on machines whose controllers are all on v1 hierarchies.

#include "common/scope_guard.h"
#include "runtime/cgroup.h"

#include <QTest>

#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include <linux/magic.h>

using namespace berth;
using namespace berth::runtime;
namespace stdfs = std::filesystem;

namespace {

// Returns the cgroup2 mount: /sys/fs/cgroup itself on a unified host, the "unified" directory
// beside the v1 hierarchies on a hybrid one. Empty when there is none.
stdfs::path findCgroup2Mount() {
    for (const char* candidate : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
        struct statfs info {};
        if (::statfs(candidate, &info) == 0 && info.f_type == CGROUP2_SUPER_MAGIC) {
            return candidate;
        }
    }
    return {};
}

// Returns whether the counter changed within 200 ms.
bool counterMoves(const std::atomic<uint64_t>* counter) {
    uint64_t before = counter->load();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return counter->load() != before;
}

} // namespace

class TestCgroupV2Freezer : public QObject {
    Q_OBJECT

private slots:
    void freezeStopsAndThawResumesProcesses() {
        if (::geteuid() != 0) {
            QSKIP("creating cgroups needs root");
        }
        stdfs::path mount = findCgroup2Mount();
        if (mount.empty()) {
            QSKIP("this host has no cgroup2 mount");
        }
        CgroupLayout layout{CgroupVersion::V2, {CgroupHierarchy{mount, {}}}};
        std::string path = "berth-test-freezer-" + std::to_string(std::random_device()());
        auto cgroup = Cgroup::create(layout, path, ResourceSpec{}, false);
        QVERIFY2(cgroup.has_value(), cgroup ? "" : cgroup.error().message.c_str());

        // The child increments a counter in shared memory, so the test can check whether it runs.
        void* shared = ::mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        QVERIFY(shared != MAP_FAILED);
        auto* counter = new (shared) std::atomic<uint64_t>(0);
        pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            for (;;) {
                counter->fetch_add(1);
            }
        }
        ScopeGuard cleanup([&] {
            (void)setCgroupFrozen(layout, path, false);
            ::kill(child, SIGKILL);
            ::waitpid(child, nullptr, 0);
            (void)cgroup->remove();
            ::munmap(shared, sizeof(std::atomic<uint64_t>));
        });
        auto added = cgroup->addProcess(child);
        QVERIFY2(added.has_value(), added ? "" : added.error().message.c_str());
        QVERIFY(counterMoves(counter));

        auto frozen = setCgroupFrozen(layout, path, true);
        QVERIFY2(frozen.has_value(), frozen ? "" : frozen.error().message.c_str());
        QVERIFY(!counterMoves(counter));

        auto thawed = setCgroupFrozen(layout, path, false);
        QVERIFY2(thawed.has_value(), thawed ? "" : thawed.error().message.c_str());
        QVERIFY(counterMoves(counter));
    }
};

QTEST_GUILESS_MAIN(TestCgroupV2Freezer)
#include "tst_cgroup_v2_freezer.moc"

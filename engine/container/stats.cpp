#include "container/stats.h"

#include "common/fs.h"
#include "common/time.h"
#include "runtime/cgroup.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace berth::container {

namespace {

namespace fsys = std::filesystem;

uint64_t readNumber(const fsys::path& path) {
    auto text = fs::readFile(path);
    if (!text) {
        return 0;
    }
    uint64_t value = 0;
    std::from_chars(text->data(), text->data() + text->size(), value);
    return value;
}

// "key value" lines, as memory.stat and cpu.stat contain them.
std::map<std::string, uint64_t> readKeyValues(const fsys::path& path) {
    std::map<std::string, uint64_t> values;
    auto text = fs::readFile(path);
    if (!text) {
        return values;
    }
    std::istringstream lines(*text);
    std::string key;
    uint64_t value = 0;
    while (lines >> key >> value) {
        values[key] = value;
    }
    return values;
}

// The sum of the first line of /proc/stat, in nanoseconds, as Docker's system_cpu_usage.
uint64_t hostCpuNanoseconds() {
    auto text = fs::readFile("/proc/stat");
    if (!text) {
        return 0;
    }
    std::istringstream line(text->substr(0, text->find('\n')));
    std::string label;
    line >> label;
    uint64_t ticks = 0;
    for (uint64_t value = 0; line >> value;) {
        ticks += value;
    }
    return ticks * (1'000'000'000 / uint64_t(::sysconf(_SC_CLK_TCK)));
}

uint64_t hostMemory() {
    return uint64_t(::sysconf(_SC_PHYS_PAGES)) * uint64_t(::sysconf(_SC_PAGESIZE));
}

bool carries(const runtime::CgroupHierarchy& hierarchy, std::string_view controller) {
    return std::find(hierarchy.controllers.begin(), hierarchy.controllers.end(), controller) !=
           hierarchy.controllers.end();
}

void sampleV1(const runtime::CgroupLayout& layout, const std::string& path,
              ResourceSample& sample) {
    for (const auto& hierarchy : layout.hierarchies) {
        fsys::path dir = hierarchy.mountPoint / path;
        if (carries(hierarchy, "cpuacct")) {
            sample.cpuTotalNs = readNumber(dir / "cpuacct.usage");
            sample.cpuUserNs = readNumber(dir / "cpuacct.usage_user");
            sample.cpuKernelNs = readNumber(dir / "cpuacct.usage_sys");
        }
        if (carries(hierarchy, "memory")) {
            sample.memoryUsage = readNumber(dir / "memory.usage_in_bytes");
            sample.memoryLimit = readNumber(dir / "memory.limit_in_bytes");
            sample.memoryStat = readKeyValues(dir / "memory.stat");
        }
        if (carries(hierarchy, "pids")) {
            sample.pids = readNumber(dir / "pids.current");
        }
    }
}

void sampleV2(const runtime::CgroupLayout& layout, const std::string& path,
              ResourceSample& sample) {
    if (layout.hierarchies.empty()) {
        return;
    }
    fsys::path dir = layout.hierarchies.front().mountPoint / path;
    auto cpu = readKeyValues(dir / "cpu.stat");
    sample.cpuTotalNs = cpu["usage_usec"] * 1000;
    sample.cpuUserNs = cpu["user_usec"] * 1000;
    sample.cpuKernelNs = cpu["system_usec"] * 1000;
    sample.memoryUsage = readNumber(dir / "memory.current");
    sample.memoryLimit = readNumber(dir / "memory.max"); // "max" reads as 0
    sample.memoryStat = readKeyValues(dir / "memory.stat");
    sample.pids = readNumber(dir / "pids.current");
}

} // namespace

Result<ResourceSample> sampleCgroup(const std::string& cgroupPath) {
    auto layout = runtime::detectCgroupLayout();
    if (!layout) {
        return std::unexpected(layout.error());
    }
    ResourceSample sample;
    sample.timeNano = nowNanoseconds();
    sample.systemCpuNs = hostCpuNanoseconds();
    sample.onlineCpus = int(::sysconf(_SC_NPROCESSORS_ONLN));
    if (layout->version == runtime::CgroupVersion::V1) {
        sampleV1(*layout, cgroupPath, sample);
    } else {
        sampleV2(*layout, cgroupPath, sample);
    }
    // No limit reads as 0 (v2 "max") or a huge number (v1); Docker shows the host's memory.
    uint64_t host = hostMemory();
    if (sample.memoryLimit == 0 || sample.memoryLimit > host) {
        sample.memoryLimit = host;
    }
    return sample;
}

} // namespace berth::container

#pragma once

// Resource usage of a running container, read from its cgroup, for GET /containers/{id}/stats.

#include "common/error.h"

#include <cstdint>
#include <map>
#include <string>

namespace berth::container {

struct ResourceSample {
    int64_t timeNano = 0;
    uint64_t cpuTotalNs = 0; // CPU time of the cgroup's processes
    uint64_t cpuUserNs = 0;
    uint64_t cpuKernelNs = 0;
    uint64_t systemCpuNs = 0; // CPU time of the whole host since boot, from /proc/stat
    int onlineCpus = 0;
    uint64_t memoryUsage = 0;
    uint64_t memoryLimit = 0;                   // the host's memory when the cgroup has no limit
    std::map<std::string, uint64_t> memoryStat; // memory.stat as the kernel names it
    uint64_t pids = 0;
};

// Reads the cgroup at cgroupPath (relative to each hierarchy's root) on cgroup v1 or v2.
[[nodiscard]] Result<ResourceSample> sampleCgroup(const std::string& cgroupPath);

} // namespace berth::container

#pragma once

// The figures `docker stats` shows, computed from one sample of GET /containers/{id}/stats
// the way the docker CLI computes them. Plain C++ over the API's JSON, so that it is tested
// with canned samples.

#include "client/types.h"

#include <cstdint>

namespace berth::studio {

struct StatsFigures {
    double cpuPercent = 0;   // 100 is one CPU busy; up to 100 × online CPUs
    int64_t memoryUsage = 0; // bytes, without the inactive page cache
    int64_t memoryLimit = 0; // bytes, 0 when the engine sent none
    double memoryPercent = 0;
    int64_t networkRx = 0; // bytes since the container started, summed over its interfaces
    int64_t networkTx = 0;
    int64_t blockRead = 0; // bytes since the container started
    int64_t blockWrite = 0;
    int64_t pids = 0;
    int64_t readNano = 0; // when the sample was read, nanoseconds since the epoch; 0 if unknown
};

// CPU % is (container CPU delta / host CPU delta) × online CPUs × 100, both deltas taken
// between precpu_stats and cpu_stats of the same sample; 0 when either delta is not
// positive (the first sample of a stream). Memory usage leaves out inactive_file (cgroup v2)
// or total_inactive_file (cgroup v1), as the CLI does since Docker 19.03.
[[nodiscard]] StatsFigures computeStatsFigures(const client::Json& sample);

} // namespace berth::studio

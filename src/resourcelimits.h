#pragma once

// A container's memory, CPU and process limits as `docker run` and `docker update` set
// them: reading and writing their flag values, and the checks Docker applies to them. Plain
// C++, no Qt, so the run line parser and the dialogs share it.

#include "common/error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::studio {

inline constexpr int64_t kMebibyte = int64_t(1024) * 1024;
// Docker rejects smaller memory limits ("Minimum memory limit allowed is 6MB").
inline constexpr int64_t kMinimumMemoryBytes = 6 * kMebibyte;
inline constexpr int64_t kNanoCpusPerCpu = 1'000'000'000;
// The range of cpu.shares in the Linux kernel's cgroup v1. Outside it the kernel clamps the
// value or, when it is mapped to cgroup v2's cpu.weight, the write fails, so it is rejected.
inline constexpr int64_t kMinimumCpuShares = 2;
inline constexpr int64_t kMaximumCpuShares = 262'144;

// Zero in any field means "not set", so the engine's default applies.
struct ResourceLimits {
    int64_t memoryBytes = 0;     // --memory
    int64_t memorySwapBytes = 0; // --memory-swap: memory plus swap, -1 for unlimited swap
    int64_t nanoCpus = 0;        // --cpus × 10^9
    int64_t cpuShares = 0;       // --cpu-shares, a relative weight (the engine's default 1024)
    int64_t pidsLimit = 0;       // --pids-limit, where docker's -1 (unlimited) is stored as 0

    bool operator==(const ResourceLimits&) const = default;
};

// Reads a memory size as the docker CLI does (RAMInBytes in github.com/docker/go-units): a
// number with an optional binary unit k, m, g, t or p in any case, optionally followed by
// "b" or "ib", so "512m" and "1.5GB" are valid. A negative, malformed or overflowing size
// is InvalidArgument.
[[nodiscard]] Result<int64_t> parseMemorySize(std::string_view text);

// Writes bytes with the largest unit that divides them exactly: 536870912 is "512m".
[[nodiscard]] std::string formatMemorySize(int64_t bytes);

// Reads a --cpus value such as "1.5" into billionths of a CPU, the unit of NanoCpus.
[[nodiscard]] Result<int64_t> parseCpus(std::string_view text);

// Writes nano CPUs as a decimal without trailing zeros: 1500000000 is "1.5".
[[nodiscard]] std::string formatCpus(int64_t nanoCpus);

enum class ResourceProblem {
    MemoryTooSmall,      // below kMinimumMemoryBytes
    SwapWithoutMemory,   // --memory-swap needs --memory
    SwapBelowMemory,     // memory plus swap must be at least the memory
    CpusOutOfRange,      // below 0.01, or above the host's CPU count
    CpuSharesOutOfRange, // outside kMinimumCpuShares..kMaximumCpuShares
};

// Applies Docker's checks on a create or update request. berthd applies only the memory
// minimum and the CPU range. `onlineCpus` bounds the CPU limit, and 0 leaves it unbounded.
[[nodiscard]] std::vector<ResourceProblem> validateResourceLimits(const ResourceLimits& limits,
                                                                  int onlineCpus = 0);

} // namespace berth::studio

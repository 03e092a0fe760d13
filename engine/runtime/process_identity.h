#pragma once

// Identifies a process across pid reuse by its start time (field 22 of /proc/PID/stat,
// in clock ticks since boot).

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace berth::runtime {

[[nodiscard]] std::optional<uint64_t> processStartTime(pid_t pid);

// True while pid is the process that started at startTime and has not exited. An exited
// process that is not reaped yet (a zombie) has the same start time but is not running.
[[nodiscard]] bool processRunning(pid_t pid, uint64_t startTime);

} // namespace berth::runtime

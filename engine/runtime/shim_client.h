#pragma once

// The daemon's side of berth-shim.
//
// One shim per running container. The daemon spawns it detached (it survives the daemon);
// the shim creates the container's namespaces, mounts and cgroup, and holds the init
// process just before execve until start() releases it, so that attach clients connect
// before the first byte of output. It then copies the pty or pipes to the json-file log
// and to attached clients, reaps init, writes <bundle>/exit.json and exits.
//
// Files in the bundle directory: spec.json (input), shim.sock (control and attach, removed
// when the container exits), shim.json (shim and init pids with their start times, kept
// after exit; shimAlive() tells whether it is current), exit.json (output), rootfs/ (an
// empty directory; the container's mounts exist only in its own mount namespace).

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/spec.h"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace berth::runtime {

struct ShimProcess {
    pid_t shimPid = 0;
    pid_t initPid = 0;          // the container's init, as the host sees it
    uint64_t shimStartTime = 0; // /proc/PID/stat field 22, to detect a reused pid
    uint64_t initStartTime = 0; // the same for initPid
};

struct ExitInfo {
    int exitCode = 0; // 128 + signal when init was killed by a signal, as Docker records it
    bool oomKilled = false;
    int64_t finishedAt = 0; // nanoseconds since the epoch
    std::string error;      // set when the process could not be started at all
};

// Writes spec.json, spawns the shim and waits until the container is created and held
// before execve. When the executable cannot be found or setup fails, it returns the error
// and leaves no process, mount or cgroup behind. The error kind is InvalidArgument for
// `exec: "nosuch": executable file not found in $PATH`, NotFound for an unknown user and
// System otherwise. exit.json then records 127 (not found), 126 (not executable) or 128.
// shimBinary is the absolute path of berth-shim; berth-shim-setup.so must sit beside it.
[[nodiscard]] Result<ShimProcess> createContainer(const ContainerSpec& spec,
                                                  const std::filesystem::path& bundleDir,
                                                  const std::filesystem::path& shimBinary);

// Releases the held init so that it calls execve; returns once execve has succeeded.
[[nodiscard]] Result<void> startContainer(const std::filesystem::path& bundleDir);

// Connects to the shim's attach stream. With a terminal the stream is raw both ways;
// without one the shim sends Docker's multiplexed frames (8-byte header: stream, 0, 0, 0,
// big-endian length) and reads raw stdin. Shutting down the write side of the first client
// that attached with stdin closes the container's stdin when the spec says stdinOnce
// (with a terminal it sends ^D instead). The stream ends when the container has exited
// and its output is drained. Attach before start() to see the first bytes of output.
struct AttachOptions {
    bool stdin = false;
    bool stdout = true;
    bool stderr = true;
};
[[nodiscard]] Result<UniqueFd> attach(const std::filesystem::path& bundleDir,
                                      const AttachOptions& options);

[[nodiscard]] Result<void> resize(const std::filesystem::path& bundleDir, uint16_t rows,
                                  uint16_t columns);

// Reads shim.json: the pids of a shim started earlier, for a restarted daemon.
[[nodiscard]] Result<ShimProcess> readShimProcess(const std::filesystem::path& bundleDir);

// True while the shim runs (same pid and start time, not exited).
[[nodiscard]] bool shimAlive(const ShimProcess& shim);

// A pidfd of the shim: readable once it has exited. Invalid fd when it is already gone
// (reaped, or its pid now belongs to another process).
[[nodiscard]] Result<UniqueFd> openShimPidfd(const ShimProcess& shim);

// Sends sig to the container's init (through a pidfd, so a reused pid is never hit).
[[nodiscard]] Result<void> signalInit(const ShimProcess& shim, int sig);

// Reads exit.json; NotFound while the container still runs. To wait for the exit, poll
// openShimPidfd(): the shim writes exit.json before it exits.
[[nodiscard]] Result<ExitInfo> readExit(const std::filesystem::path& bundleDir);

// Removes what a finished container leaves: its cgroup, shim.sock, shim.json, spec.json
// and the rootfs directory (not exit.json, the log or the upper dir, which belong to the
// container). InvalidState while the shim still runs.
[[nodiscard]] Result<void> cleanup(const std::filesystem::path& bundleDir,
                                   const ContainerSpec& spec);

} // namespace berth::runtime

#pragma once

// The daemon's side of berth-exec: starts a process in a running container (docker exec).
//
// berth-exec, a short-lived helper beside berth-shim, joins the container's namespaces and
// cgroup, and forks the process, which takes the container's user, capabilities, seccomp
// filter and no_new_privs before execve. The helper stays the process's parent and exits
// with its exit status, so the daemon reads the exit code from the helper. The shim is not
// involved and its idle memory does not change.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/shim_client.h"
#include "runtime/spec.h"

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace berth::runtime {

struct ExecRequest {
    // The running container's spec with process replaced by the exec'd process: args, env
    // (the container's merged with the exec's), cwd, user, terminal and size. privileged
    // is the container's or the exec's --privileged.
    ContainerSpec spec;
    ShimProcess container;    // its init's pid and start time locate the namespaces
    bool attachStdin = false; // a pipe for stdin; otherwise /dev/null
    bool detach = false;      // stdio on /dev/null, nothing to relay
};

// A started exec'd process. Without a terminal the daemon owns the other ends of the
// process's pipes, and with one it owns the pty master.
struct ExecProcess {
    pid_t helperPid = -1;
    UniqueFd helperPidfd; // readable once the helper (and so the process) has exited
    pid_t pid = 0;        // the exec'd process in the host's pid namespace; 0 when unknown
    UniqueFd terminalMaster;
    UniqueFd stdinWriter;
    UniqueFd stdoutReader;
    UniqueFd stderrReader;
};

// The exec'd process could not run: the exit code Docker records (126, 127) and its
// message. Wrapped in the Error's kind InvalidArgument; see startExec.
struct ExecStartFailure {
    int exitCode = 126;
    Error error;
};

// Spawns execBinary (berth-exec) and returns once the process has called execve. On
// failure no process is left. The failure's exit code is 127 when the executable was not
// found and 126 for any other failure, as Docker records them.
[[nodiscard]] std::expected<ExecProcess, ExecStartFailure>
startExec(const ExecRequest& request, const std::filesystem::path& execBinary);

// Waits for the helper to exit and returns the process's exit code (128 + signal when a
// signal ended it).
[[nodiscard]] Result<int> waitExec(ExecProcess& process);

// Sets the window size of an exec'd process's terminal.
[[nodiscard]] Result<void> resizeExecTerminal(int terminalMaster, uint16_t rows, uint16_t columns);

// Descriptors of berth-exec: the request (JSON, read to end-of-file) and the channel on
// which the process reports "ready" or a failure (see init_channel.h).
namespace exec_fds {
inline constexpr int kRequest = 3;
inline constexpr int kChannel = 4;
} // namespace exec_fds

} // namespace berth::runtime

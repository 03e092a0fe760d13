#pragma once

// The last steps before a container process calls execve, shared by the container's init
// and by processes that berth-exec starts in a running container: its terminal, its user,
// its capabilities and seccomp filter, and the execve itself.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/spec.h"
#include "runtime/user.h"

#include <sys/capability.h>

#include <string>
#include <vector>

namespace berth::runtime {

// Everything found during setup that the process needs at execve.
struct ExecPlan {
    std::string executable;
    std::vector<std::string> env;
    ExecUser user;
    std::vector<cap_value_t> capabilities;
};

// Resolves spec.process.user from the container's /etc/passwd and /etc/group, read in the
// current root.
[[nodiscard]] Result<ExecUser> findContainerUser(const ContainerSpec& spec);

// Opens a pty in the current mount namespace's devpts, makes its peer the controlling
// terminal and stdio of the calling process (in a new session), and returns the master.
[[nodiscard]] Result<UniqueFd> openTerminal(const ProcessSpec& process, uid_t uid);

// Sets no_new_privs when the spec sets it, loads the seccomp filter of an unprivileged
// container, drops the bounding set, switches to the user and sets the capabilities.
[[nodiscard]] Result<void> dropPrivileges(const ContainerSpec& spec, const ExecPlan& plan);

// Unblocks every signal and restores the default handlers.
void resetSignals();

// Calls execve with plan's executable and environment. Returns only when execve failed,
// with the errno it set.
int execPlan(const ExecPlan& plan, const std::vector<std::string>& args);

} // namespace berth::runtime

#pragma once

// What berth-exec opens of a running container before it forks the exec'd process: the
// namespaces of the container's init and the files through which a process joins its
// cgroup. They are opened while berth-exec is still in the host's mount namespace, with
// its /proc and /sys/fs/cgroup.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/spec.h"

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace berth::runtime {

struct Namespace {
    int type = 0;          // CLONE_NEWPID, CLONE_NEWNS, ...
    const char* name = ""; // as in /proc/PID/ns: "pid", "mnt", ...
    UniqueFd fd;
};

struct ContainerHandles {
    // The namespaces in which init differs from berth-exec, mount namespace last.
    std::vector<Namespace> namespaces;
    // Files open for writing: the v1 tasks files or the v2 cgroup.procs (see selfJoinFiles).
    std::vector<UniqueFd> cgroupFiles;
};

// Opens the handles of the container whose init is initPid, started at initStartTime, and
// the cgroupFiles that berthd found for its cgroup. InvalidState when that init no longer
// runs.
[[nodiscard]] Result<ContainerHandles>
openContainerHandles(const ContainerSpec& spec, pid_t initPid, uint64_t initStartTime,
                     const std::vector<std::string>& cgroupFiles);

// Joins the namespace of the given type, if init has its own; for CLONE_NEWPID only the
// children forked afterwards are inside it.
[[nodiscard]] Result<void> joinNamespace(const ContainerHandles& handles, int type);

// Joins every namespace except the pid namespace, which must be joined before the fork.
[[nodiscard]] Result<void> joinOtherNamespaces(const ContainerHandles& handles);

// Moves the calling process, which must be single-threaded, into the container's cgroup.
[[nodiscard]] Result<void> joinCgroup(const ContainerHandles& handles);

} // namespace berth::runtime

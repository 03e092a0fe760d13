#pragma once

// What berth-exec opens of a running container before it forks the exec'd process: the
// namespaces of the container's init and the cgroup.procs files of its cgroup. They are
// opened while berth-exec is still in the host's mount namespace, with its /proc and
// /sys/fs/cgroup.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/spec.h"

#include <sys/types.h>

#include <cstdint>
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
    std::vector<UniqueFd> cgroupProcs;
};

// Opens the handles of the container whose init is initPid, started at initStartTime.
// InvalidState when that init no longer runs.
[[nodiscard]] Result<ContainerHandles> openContainerHandles(const ContainerSpec& spec,
                                                            pid_t initPid, uint64_t initStartTime);

// Joins the namespace of the given type, if init has its own; for CLONE_NEWPID only the
// children forked afterwards are inside it.
[[nodiscard]] Result<void> joinNamespace(const ContainerHandles& handles, int type);

// Joins every namespace except the pid namespace, which must be joined before the fork.
[[nodiscard]] Result<void> joinOtherNamespaces(const ContainerHandles& handles);

// Moves the calling process into the container's cgroup.
[[nodiscard]] Result<void> joinCgroup(const ContainerHandles& handles);

} // namespace berth::runtime

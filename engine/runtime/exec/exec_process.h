#pragma once

// The exec'd process between berth-exec's fork and execve: it joins the container's
// cgroup and namespaces, finds its user and executable, opens its terminal, reports
// "ready" to the daemon, drops its privileges to the container's and calls execve.

#include "exec/join_container.h"
#include "runtime/spec.h"

namespace berth::runtime {

struct ExecContext {
    const ContainerSpec* spec = nullptr; // process is the exec'd process
    const ContainerHandles* handles = nullptr;
    int channel = -1; // to the daemon: "ready" or a failure, see init_channel.h
};

// Never returns: it ends in execve, or in _exit after reporting the failure.
[[noreturn]] void runExecProcess(const ExecContext& context);

} // namespace berth::runtime

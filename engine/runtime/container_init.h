#pragma once

// The container's init between clone() and execve(): it runs in the new namespaces as a
// copy of the shim, builds the root file system, finds the user and the executable, sends
// "ready" to the shim, waits for "start", drops privileges and calls execve.

#include "runtime/spec.h"

#include <filesystem>
#include <vector>

namespace berth::runtime {

struct InitContext {
    const ContainerSpec* spec = nullptr;
    std::filesystem::path rootfsDir;
    std::vector<std::filesystem::path> cgroupDirectories;
    bool cgroupV2 = false;
    int syncSocket = -1;
    // Without a terminal: the container's ends of the stdio pipes (stdin may be /dev/null).
    int stdinFd = -1;
    int stdoutFd = -1;
    int stderrFd = -1;
};

// Never returns: it ends in execve, or in _exit after reporting the failure to the shim.
[[noreturn]] void runContainerInit(const InitContext& context);

} // namespace berth::runtime

#pragma once

// The manager's exec instances (private to the manager's .cpp files).

#include "container/manager.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace berth::container {

struct Manager::ExecTable {
    struct Record {
        ExecInfo info;
        std::shared_ptr<ExecSession> session; // while the process runs
    };
    mutable std::mutex mutex;
    // NOTE: records are kept until the daemon stops, also after their container is
    // removed, so each exec adds one small record for the daemon's lifetime.
    std::map<std::string, Record> byId;
};

// The runtime's request for an exec'd process: the container's spec with config's
// command, environment, user and directory (manager_exec.cpp).
[[nodiscard]] runtime::ExecRequest execRequest(const Container& container,
                                               const runtime::ContainerSpec& spec,
                                               const ExecConfig& config, bool detach);

} // namespace berth::container

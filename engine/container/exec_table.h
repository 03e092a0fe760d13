#pragma once

// The manager's exec instances (private to the manager's .cpp files).

#include "container/manager.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace berth::container {

struct Manager::ExecTable {
    struct Record {
        ExecInfo info;
        std::shared_ptr<ExecSession> session; // while the process runs
        std::chrono::steady_clock::time_point lastChange;
    };
    // How long the record of an exec that is not running stays inspectable. The docker CLI
    // reads the exit code as soon as the process ends, so a few minutes are enough.
    static constexpr std::chrono::minutes kIdleRecordLifetime{5};

    // Removes records idle for longer than kIdleRecordLifetime: finished, or created and
    // never started. The caller must hold mutex.
    void forgetIdle(std::chrono::steady_clock::time_point now) {
        std::erase_if(byId, [now](const auto& item) {
            const Record& record = item.second;
            return !record.info.running && now - record.lastChange > kIdleRecordLifetime;
        });
    }

    // Removes the records of a removed container. The caller must hold mutex.
    void forgetContainer(const std::string& containerId) {
        std::erase_if(byId, [&containerId](const auto& item) {
            return item.second.info.containerId == containerId && !item.second.session;
        });
    }

    mutable std::mutex mutex;
    std::map<std::string, Record> byId;
};

// The runtime's request for an exec'd process: the container's spec with config's
// command, environment, user and directory (manager_exec.cpp).
[[nodiscard]] runtime::ExecRequest execRequest(const Container& container,
                                               const runtime::ContainerSpec& spec,
                                               const ExecConfig& config, bool detach);

} // namespace berth::container

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
    std::map<std::string, Record> byId;
};

} // namespace berth::container

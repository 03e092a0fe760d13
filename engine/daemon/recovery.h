#pragma once

// Daemon start: loads every container from the data root and hands it to the manager,
// which watches the ones whose shim survived and records the exit of the others.

#include "container/manager.h"

namespace berth::daemon {

struct RecoveryReport {
    int loaded = 0;
    int running = 0;
    int unreadable = 0; // skipped, with a warning naming the directory
};

[[nodiscard]] RecoveryReport recoverContainers(container::Manager& manager);

} // namespace berth::daemon

#pragma once

// The manager's per-container record (private to the manager's .cpp files).

#include "container/container.h"
#include "container/container_root.h"
#include "runtime/spec.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace berth::container {

struct Entry {
    std::mutex mutex;
    // Notified on every change that a waiter may be waiting for: start, exit, removal,
    // an attach client connecting.
    std::condition_variable changed;
    Container container;

    uint64_t exits = 0;    // exits seen since the daemon started
    bool removing = false; // a removal owns the container; no restart, no --rm
    bool removed = false;
    int pendingAttaches = 0;  // clients waiting to attach before the process runs
    bool startFailed = false; // the last start failed: its exit starts no restart
    // The start failed after the runtime created the init, which was killed before its exec:
    // the shim's exit keeps the state recordStartFailure wrote.
    bool startAborted = false;
    std::optional<runtime::ContainerSpec> spec; // of the running shim, for cleanup
    std::chrono::milliseconds restartDelay{0};
    uint64_t restartGeneration = 0; // bumped to cancel a scheduled restart
    uint64_t healthGeneration = 0;  // bumped at each start; late probe results are dropped
    // The mounted files of the stopped container while docker cp requests use them, shared
    // so that concurrent requests mount its overlay only once.
    std::weak_ptr<ContainerRoot> stoppedRoot;
};

} // namespace berth::container

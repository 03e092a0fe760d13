#pragma once

// Runs the health probes of every running container on one thread: a timer queue of the
// next probe per container, and one poll() over the running probes' output pipes and
// pidfds. A probe is a process that berth-exec starts in the container, as docker exec does.
//
// The monitor never takes a container's mutex itself: it calls its callbacks without its
// own mutex held, and the manager's callbacks lock what they need.

#include "common/unique_fd.h"
#include "container/health.h"
#include "runtime/exec_client.h"

#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace berth::container {

class HealthMonitor final {
public:
    struct Callbacks {
        // Starts command in the container; the error text is recorded as the probe's output.
        std::function<std::expected<runtime::ExecProcess, std::string>(
            const std::string& containerId, const std::vector<std::string>& command)>
            startProbe;
        // Records a result of the container's watch with this generation. Returns the
        // health state after it, or nullopt when that run of the container is over.
        std::function<std::optional<HealthState>(const std::string& containerId,
                                                 uint64_t generation, HealthProbeResult result)>
            report;
    };

    explicit HealthMonitor(Callbacks callbacks);
    ~HealthMonitor(); // ends the thread and kills the probes still running
    HealthMonitor(const HealthMonitor&) = delete;
    HealthMonitor& operator=(const HealthMonitor&) = delete;

    // Probes the container from now on, replacing an earlier watch of it. generation
    // identifies this run of the container, so that late results of an earlier run are
    // ignored. state is the container's current health state.
    void watch(const std::string& containerId, uint64_t generation, HealthSettings settings,
               int64_t startedAt, const HealthState& state);
    void unwatch(const std::string& containerId);

private:
    struct Watch {
        uint64_t generation = 0;
        HealthSettings settings;
        int64_t startedAt = 0;
        HealthState state;    // status and streak only; the log stays with the container
        int64_t nextDue = 0;  // nanoseconds since the epoch
        bool probing = false; // a probe of this watch is running
    };
    struct Probe {
        std::string containerId;
        uint64_t generation = 0;
        runtime::ExecProcess process;
        int64_t start = 0;
        int64_t deadline = 0;
        std::string output;
        bool timedOut = false; // reported already; only the reaping is left
    };

    void run();
    void startDueProbes(int64_t now);
    [[nodiscard]] int pollTimeoutMillis(int64_t now);
    void pollProbes(int timeoutMillis);
    void readOutput(Probe& probe, UniqueFd& pipe);
    void finishProbe(Probe& probe);
    void expireProbes(int64_t now);
    void deliver(const std::string& containerId, uint64_t generation, HealthProbeResult result);
    void wake();

    Callbacks callbacks_;
    std::mutex mutex_;
    std::map<std::string, Watch> watches_;
    std::vector<Probe> probes_; // only the monitor thread touches it
    bool stopping_ = false;
    UniqueFd wakeup_; // an eventfd that interrupts poll() when the watches change
    std::thread thread_;
};

} // namespace berth::container

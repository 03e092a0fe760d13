#include "container/health_monitor.h"

#include "common/log.h"
#include "common/time.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>

namespace berth::container {

namespace {

constexpr int64_t kNanosPerMilli = 1'000'000;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

// Go's time.Duration text for the durations health checks use, as Docker prints them in
// "Health check exceeded timeout (30s)".
std::string goDuration(int64_t nanoseconds) {
    if (nanoseconds < kNanosPerSecond) {
        return fmt::format("{}ms", nanoseconds / kNanosPerMilli);
    }
    int64_t seconds = nanoseconds / kNanosPerSecond;
    int64_t fraction = nanoseconds % kNanosPerSecond;
    std::string secondsText = fraction == 0 ? fmt::format("{}s", seconds % 60)
                                            : fmt::format("{}.{:09}s", seconds % 60, fraction);
    while (fraction != 0 && secondsText[secondsText.size() - 2] == '0') {
        secondsText.erase(secondsText.size() - 2, 1);
    }
    if (seconds < 60) {
        return secondsText;
    }
    int64_t minutes = seconds / 60;
    if (minutes < 60) {
        return fmt::format("{}m{}", minutes, secondsText);
    }
    return fmt::format("{}h{}m{}", minutes / 60, minutes % 60, secondsText);
}

void setNonBlocking(const UniqueFd& fd) {
    if (fd) {
        int flags = ::fcntl(fd.get(), F_GETFL);
        (void)::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK);
    }
}

} // namespace

HealthMonitor::HealthMonitor(Callbacks callbacks)
    : callbacks_(std::move(callbacks))
    , wakeup_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    thread_ = std::thread([this] { run(); });
}

HealthMonitor::~HealthMonitor() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake();
    thread_.join();
}

void HealthMonitor::wake() {
    uint64_t one = 1;
    (void)!::write(wakeup_.get(), &one, sizeof one);
}

void HealthMonitor::watch(const std::string& containerId, uint64_t generation,
                          HealthSettings settings, int64_t startedAt, const HealthState& state) {
    {
        std::lock_guard lock(mutex_);
        Watch& entry = watches_[containerId];
        entry.generation = generation;
        entry.startedAt = startedAt;
        entry.state.status = state.status;
        entry.state.failingStreak = state.failingStreak;
        int64_t now = nowNanoseconds();
        entry.nextDue = now + nextProbeDelay(entry.state, settings, startedAt, now);
        entry.settings = std::move(settings);
        entry.probing = false;
    }
    wake();
}

void HealthMonitor::unwatch(const std::string& containerId) {
    {
        std::lock_guard lock(mutex_);
        watches_.erase(containerId);
    }
    wake();
}

void HealthMonitor::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                break;
            }
        }
        int64_t now = nowNanoseconds();
        expireProbes(now);
        startDueProbes(now);
        pollProbes(pollTimeoutMillis(nowNanoseconds()));
    }
    // The daemon is stopping: the probes end with it, as the containers do not need them.
    for (Probe& probe : probes_) {
        (void)::kill(probe.process.pid > 0 ? probe.process.pid : probe.process.helperPid, SIGKILL);
        (void)runtime::waitExec(probe.process);
    }
    probes_.clear();
}

void HealthMonitor::startDueProbes(int64_t now) {
    struct Due {
        std::string containerId;
        uint64_t generation;
        std::vector<std::string> command;
        int64_t timeout;
    };
    std::vector<Due> due;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, entry] : watches_) {
            if (!entry.probing && entry.nextDue <= now) {
                entry.probing = true;
                due.push_back(
                    {id, entry.generation, entry.settings.command, entry.settings.timeout});
            }
        }
    }
    for (Due& item : due) {
        int64_t start = nowNanoseconds();
        auto process = callbacks_.startProbe(item.containerId, item.command);
        if (!process) {
            HealthProbeResult result{start, nowNanoseconds(), -1, process.error()};
            if (process.error().empty()) {
                // Skipped (a paused container): only the next probe is scheduled.
                std::lock_guard lock(mutex_);
                if (auto it = watches_.find(item.containerId);
                    it != watches_.end() && it->second.generation == item.generation) {
                    it->second.probing = false;
                    it->second.nextDue = nowNanoseconds() + it->second.settings.interval;
                }
                continue;
            }
            deliver(item.containerId, item.generation, std::move(result));
            continue;
        }
        Probe probe;
        probe.containerId = std::move(item.containerId);
        probe.generation = item.generation;
        probe.process = std::move(*process);
        probe.start = start;
        probe.deadline = start + item.timeout;
        setNonBlocking(probe.process.stdoutReader);
        setNonBlocking(probe.process.stderrReader);
        probes_.push_back(std::move(probe));
    }
}

int HealthMonitor::pollTimeoutMillis(int64_t now) {
    int64_t next = INT64_MAX;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, entry] : watches_) {
            if (!entry.probing) {
                next = std::min(next, entry.nextDue);
            }
        }
    }
    for (const Probe& probe : probes_) {
        if (!probe.timedOut) {
            next = std::min(next, probe.deadline);
        }
    }
    if (next == INT64_MAX) {
        return -1;
    }
    int64_t wait = std::max<int64_t>(0, next - now);
    return int(std::min<int64_t>((wait + kNanosPerMilli - 1) / kNanosPerMilli, INT_MAX));
}

void HealthMonitor::readOutput(Probe& probe, UniqueFd& pipe) {
    char buffer[4096];
    for (;;) {
        ssize_t n = ::read(pipe.get(), buffer, sizeof buffer);
        if (n > 0) {
            size_t room = kHealthOutputLimit - std::min(kHealthOutputLimit, probe.output.size());
            probe.output.append(buffer, std::min(size_t(n), room));
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n == 0) {
            pipe.reset(); // end of file: every writer has closed it
        }
        return;
    }
}

void HealthMonitor::pollProbes(int timeoutMillis) {
    std::vector<pollfd> descriptors{{wakeup_.get(), POLLIN, 0}};
    for (const Probe& probe : probes_) {
        descriptors.push_back({probe.process.helperPidfd.get(), POLLIN, 0});
        descriptors.push_back(
            {probe.process.stdoutReader ? probe.process.stdoutReader.get() : -1, POLLIN, 0});
        descriptors.push_back(
            {probe.process.stderrReader ? probe.process.stderrReader.get() : -1, POLLIN, 0});
    }
    if (::poll(descriptors.data(), descriptors.size(), timeoutMillis) <= 0) {
        return;
    }
    if (descriptors[0].revents != 0) {
        uint64_t count = 0;
        (void)!::read(wakeup_.get(), &count, sizeof count);
    }
    std::vector<size_t> finished;
    for (size_t i = 0; i < probes_.size(); ++i) {
        Probe& probe = probes_[i];
        if (descriptors[2 + 3 * i].revents != 0) {
            readOutput(probe, probe.process.stdoutReader);
        }
        if (descriptors[3 + 3 * i].revents != 0) {
            readOutput(probe, probe.process.stderrReader);
        }
        if (descriptors[1 + 3 * i].revents != 0) {
            finished.push_back(i);
        }
    }
    for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
        Probe probe = std::move(probes_[*it]);
        probes_.erase(probes_.begin() + std::ptrdiff_t(*it));
        finishProbe(probe);
    }
}

void HealthMonitor::finishProbe(Probe& probe) {
    if (probe.process.stdoutReader) {
        readOutput(probe, probe.process.stdoutReader);
    }
    if (probe.process.stderrReader) {
        readOutput(probe, probe.process.stderrReader);
    }
    auto code = runtime::waitExec(probe.process);
    if (probe.timedOut) {
        return;
    }
    HealthProbeResult result{probe.start, nowNanoseconds(), code ? *code : -1,
                             code ? std::move(probe.output) : code.error().message};
    deliver(probe.containerId, probe.generation, std::move(result));
}

void HealthMonitor::expireProbes(int64_t now) {
    for (Probe& probe : probes_) {
        if (probe.timedOut || now < probe.deadline) {
            continue;
        }
        // The helper exits once its process is gone; its pidfd then ends the probe.
        (void)::kill(probe.process.pid > 0 ? probe.process.pid : probe.process.helperPid, SIGKILL);
        probe.timedOut = true;
        std::string output = fmt::format("Health check exceeded timeout ({})",
                                         goDuration(probe.deadline - probe.start));
        deliver(probe.containerId, probe.generation, {probe.start, now, -1, std::move(output)});
    }
}

void HealthMonitor::deliver(const std::string& containerId, uint64_t generation,
                            HealthProbeResult result) {
    auto state = callbacks_.report(containerId, generation, std::move(result));
    std::lock_guard lock(mutex_);
    auto it = watches_.find(containerId);
    if (it == watches_.end() || it->second.generation != generation) {
        return;
    }
    Watch& entry = it->second;
    if (state) {
        entry.state.status = state->status;
        entry.state.failingStreak = state->failingStreak;
    }
    int64_t now = nowNanoseconds();
    entry.probing = false;
    entry.nextDue = now + nextProbeDelay(entry.state, entry.settings, entry.startedAt, now);
}

} // namespace berth::container

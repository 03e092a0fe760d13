// Container lifecycle: start, stop, kill, restart, wait, attach, and what happens when a
// container's process exits (its shim exits with it): record the exit, apply --rm and the
// restart policy, wake waiters.
//
// Each running container has a watcher thread blocked on a pidfd of its shim.

#include "common/fs.h"
#include "common/log.h"
#include "common/scope_guard.h"
#include "common/time.h"
#include "container/entry.h"
#include "container/host_files.h"
#include "container/manager.h"
#include "container/spec_builder.h"
#include "image/store.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <thread>
#include <utility>

namespace berth::container {

using namespace std::chrono_literals;

namespace {

// How long start() waits for clients that announced an attach to connect to the shim.
constexpr auto kAttachDeadline = 5s;
// Docker's restart back-off: 100 ms doubling up to a minute, reset after 10 s of running.
constexpr auto kInitialRestartDelay = 100ms;
constexpr auto kMaxRestartDelay = std::chrono::milliseconds(60s);
constexpr int64_t kStableRunNanoseconds = 10'000'000'000;

// Docker's exit codes for a process that could not be started.
int startFailureExitCode(const Error& error) {
    const std::string& text = error.message;
    if (text.find("executable file not found") != std::string::npos ||
        text.find("no such file or directory") != std::string::npos ||
        text.find("No such file or directory") != std::string::npos) {
        return 127;
    }
    if (text.find("ermission denied") != std::string::npos) {
        return 126;
    }
    return 128;
}

} // namespace

Result<void> Manager::waitForExit(Entry& entry, std::unique_lock<std::mutex>& lock,
                                  uint64_t exitsBefore, std::chrono::milliseconds timeout) {
    if (!entry.changed.wait_for(lock, timeout, [&] { return entry.exits != exitsBefore; })) {
        return fail(ErrorKind::System,
                    fmt::format("container {} did not exit within {} ms after the signal",
                                entry.container.shortId(), timeout.count()));
    }
    return {};
}

namespace {

// Records a failed start so that inspect and wait show it, as Docker does.
void recordStartFailure(Container& container, const Error& error) {
    container.state.status = container.hasBeenStarted ? Status::Exited : Status::Created;
    container.state.exitCode = startFailureExitCode(error);
    container.state.error = error.message;
    container.state.pid = 0;
    container.state.finishedAt = nowNanoseconds();
    container.shim = {};
}

} // namespace

Result<void> Manager::startLocked(Entry& entry, std::unique_lock<std::mutex>& lock) {
    Container& container = entry.container;
    auto image = options_.images ? options_.images->resolve(container.imageId)
                                 : Result<image::Image>(fail(ErrorKind::System, "no image store"));
    if (!image) {
        return std::unexpected(image.error().context("start container"));
    }
    auto lowerDirs = options_.images->layerDirs(*image);
    if (!lowerDirs) {
        return std::unexpected(lowerDirs.error().context("start container"));
    }
    auto spec = buildSpec(container, std::move(*lowerDirs), options_.cgroupParent,
                          options_.shimBinary.parent_path() / "berth-init");
    if (!spec) {
        return std::unexpected(spec.error());
    }
    if (auto prepared = prepareNetwork(container, *spec); !prepared) {
        disconnectNetwork(container);
        return std::unexpected(prepared.error().context("start container"));
    }
    if (auto made = fs::makeDirectories(container.bundleDir(), 0700); !made) {
        return std::unexpected(made.error().context("start container"));
    }

    auto shim = runtime::createContainer(*spec, container.bundleDir(), options_.shimBinary);
    if (!shim) {
        disconnectNetwork(container);
        Error error = shim.error().context("failed to create task for container");
        recordStartFailure(container, error);
        if (auto saved = save(container); !saved) {
            log::warning("container {}: {}", container.shortId(), saved.error().message);
        }
        return std::unexpected(std::move(error));
    }
    container.shim = *shim;
    bool startedBefore = container.hasBeenStarted;
    container.state = State{};
    container.state.status = Status::Running;
    container.state.pid = shim->initPid;
    container.state.startedAt = nowNanoseconds();
    container.hasBeenStarted = true;
    container.manuallyStopped = false;
    entry.spec = *spec;
    if (auto connected = connectNetwork(container); !connected) {
        // The init is held before execve: killing it makes the shim exit, and the watcher
        // the caller starts cleans up. The command never ran, so the container keeps the
        // state Docker gives a failed start: "Created" unless it ran before.
        (void)runtime::signalInit(*shim, SIGKILL);
        container.hasBeenStarted = startedBefore;
        recordStartFailure(container, connected.error());
        container.shim = *shim;
        entry.startFailed = true;
        entry.startAborted = true;
        (void)save(container);
        return std::unexpected(connected.error());
    }
    if (auto saved = save(container); !saved) {
        return std::unexpected(saved.error().context("start container"));
    }

    // Attach clients waiting for this start connect now, before the process runs.
    entry.changed.notify_all();
    entry.changed.wait_for(lock, kAttachDeadline, [&] { return entry.pendingAttaches == 0; });

    if (auto started = runtime::startContainer(container.bundleDir()); !started) {
        // The shim reports the failed execve and exits; the watcher the caller starts
        // records that exit and cleans up.
        Error error = started.error().context("start container");
        (void)runtime::signalInit(*shim, SIGKILL);
        recordStartFailure(container, error);
        container.shim = *shim;
        entry.startFailed = true;
        (void)save(container);
        return std::unexpected(std::move(error));
    }
    entry.startFailed = false;
    entry.startAborted = false;
    watchHealthLocked(entry, true);
    return {};
}

Result<bool> Manager::start(std::string_view reference) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    if (entry->removing || entry->removed) {
        return fail(
            ErrorKind::Conflict,
            fmt::format("container {} is marked for removal and cannot be started", reference));
    }
    if (entry->container.state.running()) {
        return false;
    }
    ++entry->restartGeneration; // a manual start replaces a scheduled restart
    if (auto started = startLocked(*entry, lock); !started) {
        handleStartFailure(entry, lock);
        return std::unexpected(started.error());
    }
    Container copy = entry->container;
    lock.unlock();
    log::info("container {} started (pid {})", copy.shortId(), copy.state.pid);
    publishVolumeEvents(copy, "mount");
    publish(copy, "start");
    watch(entry);
    return true;
}

void Manager::handleStartFailure(const std::shared_ptr<Entry>& entry,
                                 std::unique_lock<std::mutex>& lock) {
    Container& container = entry->container;
    log::info("container {} failed to start: {}", container.shortId(), container.state.error);
    if (entry->spec && container.shim.shimPid > 0) {
        // A shim was started: its watcher records the exit, applies --rm, wakes waiters.
        lock.unlock();
        watch(entry);
        return;
    }
    ++entry->exits;
    entry->changed.notify_all();
    if (container.hostConfig.autoRemove && !entry->removing) {
        if (auto removed = removeStopped(entry, lock, true); !removed) {
            log::error("container {}: --rm: {}", container.shortId(), removed.error().message);
        }
    }
}

void Manager::watch(const std::shared_ptr<Entry>& entry) {
    runtime::ShimProcess shim;
    {
        std::lock_guard lock(entry->mutex);
        shim = entry->container.shim;
    }
    std::thread([this, entry, shim] {
        auto pidfd = runtime::openShimPidfd(shim);
        if (pidfd && pidfd->valid()) {
            pollfd descriptor{pidfd->get(), POLLIN, 0};
            while (::poll(&descriptor, 1, -1) < 0 && errno == EINTR) {
            }
        } else {
            // No pidfd (the shim is already gone, or pidfds are unavailable): poll.
            while (runtime::shimAlive(shim)) {
                std::this_thread::sleep_for(200ms);
            }
        }
        handleExit(entry);
    }).detach();
}

void Manager::handleExit(const std::shared_ptr<Entry>& entry) {
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    unwatchHealth(container.id);
    auto exit = runtime::readExit(container.bundleDir());
    runtime::ExitInfo info;
    if (exit) {
        info = *exit;
    } else {
        info.exitCode = 255;
        info.finishedAt = nowNanoseconds();
        info.error = "the container's monitor exited without recording an exit status";
        log::warning("container {}: {}", container.shortId(), exit.error().message);
    }
    if (entry->spec) {
        if (auto cleaned = runtime::cleanup(container.bundleDir(), *entry->spec); !cleaned) {
            log::warning("container {}: {}", container.shortId(), cleaned.error().message);
        }
        entry->spec.reset();
    }
    disconnectNetwork(container, network::Teardown::AfterExit);
    int64_t ranFor = info.finishedAt - container.state.startedAt;
    bool aborted = std::exchange(entry->startAborted, false);
    if (!aborted) {
        container.state.status = Status::Exited;
        container.state.exitCode = info.exitCode;
        container.state.oomKilled = info.oomKilled;
        container.state.error = info.error;
        container.state.finishedAt = info.finishedAt ? info.finishedAt : nowNanoseconds();
    }
    container.state.pid = 0;
    container.shim = {};

    bool restart = !aborted && !entry->removing &&
                   shouldRestart(container.hostConfig.restartPolicy, info.exitCode,
                                 container.restartCount, container.manuallyStopped);
    bool autoRemove = !restart && !entry->removing && container.hostConfig.autoRemove;
    if (restart) {
        container.state.status = Status::Restarting;
        entry->restartDelay = ranFor >= kStableRunNanoseconds || entry->restartDelay == 0ms
                                  ? kInitialRestartDelay
                                  : std::min(entry->restartDelay * 2, kMaxRestartDelay);
    }
    if (auto saved = save(container); !saved && !entry->removing) {
        log::warning("container {}: {}", container.shortId(), saved.error().message);
    }
    ++entry->exits;
    Container copy = container;
    entry->changed.notify_all();
    lock.unlock();

    if (aborted) {
        // The command never ran: no volume was announced as mounted and nothing died.
        log::info("container {}: the init of its failed start has exited", copy.shortId());
    } else {
        log::info("container {} exited with code {}", copy.shortId(), info.exitCode);
        publishVolumeEvents(copy, "unmount");
        if (info.oomKilled) {
            // Docker reports the kernel's out-of-memory kill before the exit it caused.
            publish(copy, "oom");
        }
        publish(copy, "die", {{"exitCode", std::to_string(info.exitCode)}});
    }

    if (autoRemove) {
        lock.lock();
        if (!entry->removing && !entry->removed) {
            if (auto removed = removeStopped(entry, lock, true); !removed) {
                log::error("container {}: --rm: {}", copy.shortId(), removed.error().message);
            }
        }
    } else if (restart) {
        scheduleRestart(entry, entry->restartDelay);
    }
}

void Manager::scheduleRestart(const std::shared_ptr<Entry>& entry,
                              std::chrono::milliseconds delay) {
    uint64_t generation;
    {
        std::lock_guard lock(entry->mutex);
        generation = ++entry->restartGeneration;
    }
    std::thread([this, entry, delay, generation] {
        std::unique_lock lock(entry->mutex);
        entry->changed.wait_for(lock, delay,
                                [&] { return entry->restartGeneration != generation; });
        if (entry->restartGeneration != generation || entry->removing || entry->removed) {
            return;
        }
        Container& container = entry->container;
        ++container.restartCount;
        if (auto started = startLocked(*entry, lock); !started) {
            handleStartFailure(entry, lock);
            return;
        }
        Container copy = container;
        lock.unlock();
        log::info("container {} restarted (restart {})", copy.shortId(), copy.restartCount);
        publish(copy, "restart");
        publishVolumeEvents(copy, "mount");
        publish(copy, "start");
        watch(entry);
    }).detach();
}

Result<bool> Manager::stop(std::string_view reference, std::optional<int> timeoutSeconds,
                           std::string_view signal) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (container.state.status == Status::Restarting) {
        ++entry->restartGeneration;
        container.manuallyStopped = true;
        container.state.status = Status::Exited;
        (void)save(container);
        entry->changed.notify_all();
        return true;
    }
    if (!container.state.running()) {
        return false;
    }
    std::string signalName(signal.empty() ? container.config.stopSignal : signal);
    auto number = signalName.empty() ? Result<int>(SIGTERM) : parseSignal(signalName);
    if (!number) {
        return std::unexpected(number.error());
    }
    int timeout = timeoutSeconds.value_or(container.config.stopTimeout.value_or(10));

    container.manuallyStopped = true;
    (void)save(container);
    if (auto thawed = thawLocked(*entry); !thawed) {
        log::warning("container {}: {}", container.shortId(), thawed.error().message);
    }
    uint64_t exitsBefore = entry->exits;
    if (auto sent = runtime::signalInit(container.shim, *number); !sent) {
        log::warning("container {}: {}", container.shortId(), sent.error().message);
    }
    if (timeout < 0 || !waitForExit(*entry, lock, exitsBefore, std::chrono::seconds(timeout))) {
        if (timeout >= 0) {
            log::info("container {} did not stop within {} s after signal {}; killing it",
                      container.shortId(), timeout, *number);
        }
        if (auto killed = runtime::signalInit(container.shim, SIGKILL); !killed) {
            log::warning("container {}: {}", container.shortId(), killed.error().message);
        }
        if (auto exited = waitForExit(*entry, lock, exitsBefore, 10s); !exited) {
            return std::unexpected(exited.error().context("stop container"));
        }
    }
    Container copy = container;
    lock.unlock();
    publish(copy, "stop");
    return true;
}

Result<void> Manager::kill(std::string_view reference, std::string_view signal) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    auto number = parseSignal(signal.empty() ? "KILL" : signal);
    if (!number) {
        return std::unexpected(number.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (!container.state.running()) {
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not running", container.id));
    }
    if (*number == SIGKILL) {
        container.manuallyStopped = true;
        (void)save(container);
    }
    if (auto sent = runtime::signalInit(container.shim, *number); !sent) {
        return std::unexpected(sent.error().context("kill container"));
    }
    // As in Docker, other signals wait in the frozen processes until unpause.
    if (*number == SIGKILL) {
        if (auto thawed = thawLocked(*entry); !thawed) {
            log::warning("container {}: {}", container.shortId(), thawed.error().message);
        }
    }
    Container copy = container;
    lock.unlock();
    publish(copy, "kill", {{"signal", std::to_string(*number)}});
    return {};
}

Result<void> Manager::restart(std::string_view reference, std::optional<int> timeoutSeconds) {
    auto stopped = stop(reference, timeoutSeconds);
    if (!stopped) {
        return std::unexpected(stopped.error());
    }
    auto started = start(reference);
    if (!started) {
        return std::unexpected(started.error());
    }
    if (auto container = inspect(reference)) {
        publish(*container, "restart");
    }
    return {};
}

Result<State> Manager::wait(std::string_view reference, WaitCondition condition,
                            const CancelCheck& cancelled) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    uint64_t exitsBefore = entry->exits;
    auto done = [&] {
        switch (condition) {
        case WaitCondition::NotRunning:
            return !entry->container.state.running() &&
                   entry->container.state.status != Status::Restarting;
        case WaitCondition::NextExit:
            return entry->exits != exitsBefore;
        case WaitCondition::Removed:
            return entry->removed;
        }
        return true;
    };
    while (!done()) {
        if (cancelled && cancelled()) {
            return fail(ErrorKind::Cancelled, "the client went away");
        }
        entry->changed.wait_for(lock, 500ms);
    }
    return entry->container.state;
}

namespace {

void withdrawAttach(Entry& entry) {
    --entry.pendingAttaches;
    entry.changed.notify_all();
}

std::optional<Error> attachConflict(const Container& container) {
    Status status = container.state.status;
    if (container.state.running() || status == Status::Created || status == Status::Exited ||
        status == Status::Restarting) {
        return std::nullopt;
    }
    return Error{ErrorKind::Conflict,
                 fmt::format("You cannot attach to a {} container", statusName(status))};
}

} // namespace

AttachTicket& AttachTicket::operator=(AttachTicket&& other) noexcept {
    if (this != &other) {
        if (entry_) {
            std::lock_guard lock(entry_->mutex);
            withdrawAttach(*entry_);
        }
        entry_ = std::move(other.entry_);
    }
    return *this;
}

AttachTicket::~AttachTicket() {
    if (entry_) {
        std::lock_guard lock(entry_->mutex);
        withdrawAttach(*entry_);
    }
}

Result<AttachTicket> Manager::announceAttach(std::string_view reference) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::lock_guard lock((*found)->mutex);
    if (auto conflict = attachConflict((*found)->container)) {
        return std::unexpected(*conflict);
    }
    AttachTicket ticket;
    if (!(*found)->container.state.running()) {
        ++(*found)->pendingAttaches;
        ticket.entry_ = *found;
    }
    return ticket;
}

Result<AttachStream> Manager::attach(std::string_view reference,
                                     const runtime::AttachOptions& options,
                                     const CancelCheck& cancelled, AttachTicket ticket) {
    // A counted client stays counted until it has connected, so that start() waits for it
    // before the process runs.
    std::shared_ptr<Entry> entry = std::move(ticket.entry_);
    bool counted = entry != nullptr;
    if (!counted) {
        auto found = lookup(reference);
        if (!found) {
            return std::unexpected(found.error());
        }
        entry = *found;
    }
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (!counted) {
        if (auto conflict = attachConflict(container)) {
            return std::unexpected(*conflict);
        }
        if (!container.state.running()) {
            ++entry->pendingAttaches;
            counted = true;
        }
    }
    uint64_t exitsBefore = entry->exits;
    while (!container.state.running()) {
        if (entry->removed || entry->exits != exitsBefore || (cancelled && cancelled())) {
            withdrawAttach(*entry);
            return fail(
                ErrorKind::Conflict,
                fmt::format("container {} stopped before it could be attached to", container.id));
        }
        entry->changed.wait_for(lock, 500ms);
    }
    auto connection = runtime::attach(container.bundleDir(), options);
    if (counted) {
        withdrawAttach(*entry);
    }
    if (!connection) {
        return std::unexpected(connection.error().context("attach to container"));
    }
    Container copy = container;
    lock.unlock();
    publish(copy, "attach");
    return AttachStream{std::move(*connection), copy.config.tty};
}

Result<void> Manager::resize(std::string_view reference, uint16_t rows, uint16_t columns) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (!container.state.running()) {
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not running", container.id));
    }
    if (auto resized = runtime::resize(container.bundleDir(), rows, columns); !resized) {
        return std::unexpected(resized.error().context("resize container"));
    }
    Container copy = container;
    lock.unlock();
    publish(copy, "resize", {{"height", std::to_string(rows)}, {"width", std::to_string(columns)}});
    return {};
}

void Manager::restore(Container loaded) {
    auto entry = std::make_shared<Entry>();
    entry->container = std::move(loaded);
    Container& container = entry->container;
    bool wasRunning = container.state.running() || container.state.status == Status::Restarting;
    if (container.state.status == Status::Removing) {
        container.state.status = Status::Dead;
    }
    if (wasRunning) {
        // shim.json is the shim's own record; it is current even if config.v2.json was
        // written by an older daemon.
        if (auto shim = runtime::readShimProcess(container.bundleDir())) {
            container.shim = *shim;
        }
        if (auto text = fs::readFile(container.bundleDir() / "spec.json")) {
            auto json = nlohmann::json::parse(*text, nullptr, false);
            if (auto spec = runtime::containerSpecFromJson(json)) {
                entry->spec = std::move(*spec);
            }
        }
    }
    insert(entry);
    if (!wasRunning) {
        // Docker starts these again when its daemon starts: always, unless-stopped that was
        // not stopped by hand, on-failure after a failure with retries left.
        bool restart = container.hasBeenStarted && container.state.status == Status::Exited &&
                       shouldRestart(container.hostConfig.restartPolicy, container.state.exitCode,
                                     container.restartCount, container.manuallyStopped);
        if (restart) {
            log::info("container {} has restart policy {}; starting it again", container.shortId(),
                      container.hostConfig.restartPolicy.name);
            scheduleRestart(entry, 0ms);
        }
        return;
    }
    if (container.shim.shimPid > 0 && runtime::shimAlive(container.shim)) {
        if (container.state.status != Status::Paused) {
            container.state.status = Status::Running;
        }
        log::info("container {} is still running (pid {}); watching it again", container.shortId(),
                  container.state.pid);
        restoreNetwork(container);
        watchHealthLocked(*entry, false);
        watch(entry);
        return;
    }
    // The shim exited while no daemon watched it: record the exit now.
    handleExit(entry);
}

} // namespace berth::container

// Health checks: the manager's side of the HealthMonitor. A start registers the container's
// probe settings, an exit or removal withdraws them, and each probe result updates
// State.Health under the container's mutex. The record is saved, and a health_status event
// published, only when the status changes, so that an idle healthy container costs no disk
// writes.

#include "common/log.h"
#include "container/entry.h"
#include "container/exec_table.h"
#include "container/health_monitor.h"
#include "container/manager.h"

#include <fmt/format.h>

namespace berth::container {

std::unique_ptr<HealthMonitor> Manager::makeHealthMonitor() {
    HealthMonitor::Callbacks callbacks;
    callbacks.startProbe = [this](const std::string& id, const std::vector<std::string>& command) {
        return startProbe(id, command);
    };
    callbacks.report = [this](const std::string& id, uint64_t generation,
                              HealthProbeResult result) {
        return recordHealth(id, generation, std::move(result));
    };
    return std::make_unique<HealthMonitor>(std::move(callbacks));
}

void Manager::watchHealthLocked(Entry& entry, bool resetState) {
    Container& container = entry.container;
    auto settings = healthSettingsOf(container.config.healthcheck);
    if (!settings) {
        container.state.health.reset();
        return;
    }
    if (resetState || !container.state.health) {
        container.state.health = HealthState{};
    }
    ++entry.healthGeneration;
    health_->watch(container.id, entry.healthGeneration, std::move(*settings),
                   container.state.startedAt, *container.state.health);
}

void Manager::unwatchHealth(const std::string& containerId) {
    health_->unwatch(containerId);
}

std::expected<runtime::ExecProcess, std::string>
Manager::startProbe(const std::string& containerId, const std::vector<std::string>& command) {
    auto entry = lookup(containerId);
    if (!entry) {
        return std::unexpected(entry.error().message);
    }
    Container container;
    std::optional<runtime::ContainerSpec> spec;
    {
        std::lock_guard lock((*entry)->mutex);
        container = (*entry)->container;
        spec = (*entry)->spec;
    }
    if (container.state.status == Status::Paused) {
        return std::unexpected(std::string()); // no probe while frozen; see HealthMonitor
    }
    if (container.state.status != Status::Running || !spec) {
        return std::unexpected(fmt::format("container {} is not running", container.id));
    }
    ExecConfig config;
    config.cmd = command;
    config.attachStdout = true;
    config.attachStderr = true;
    std::filesystem::path execBinary = options_.shimBinary.parent_path() / "berth-exec";
    auto process = runtime::startExec(execRequest(container, *spec, config, false), execBinary);
    if (!process) {
        log::debug("health probe of container {}: {}", container.shortId(),
                   process.error().error.message);
        return std::unexpected(process.error().error.message);
    }
    return std::move(*process);
}

std::optional<HealthState> Manager::recordHealth(const std::string& containerId,
                                                 uint64_t generation, HealthProbeResult result) {
    auto found = lookup(containerId);
    if (!found) {
        return std::nullopt;
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (entry->healthGeneration != generation || !container.state.health ||
        !container.state.running()) {
        return std::nullopt;
    }
    auto settings = healthSettingsOf(container.config.healthcheck);
    if (!settings) {
        return std::nullopt;
    }
    bool changed = recordProbeResult(*container.state.health, std::move(result), *settings,
                                     container.state.startedAt);
    HealthState state = *container.state.health;
    if (!changed) {
        return state;
    }
    if (auto saved = save(container); !saved) {
        log::warning("container {}: {}", container.shortId(), saved.error().message);
    }
    Container copy = container;
    lock.unlock();
    log::info("container {} is {}", copy.shortId(), state.status);
    publish(copy, "health_status: " + state.status);
    return state;
}

} // namespace berth::container

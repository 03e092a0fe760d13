// docker pause, unpause and update: the changes to a container's cgroup while it exists.
// Pausing freezes every process of the container's cgroup (v1 freezer, v2 cgroup.freeze).
// The shim and the daemon stay outside that cgroup, so a paused container can still be
// stopped.

#include "common/log.h"
#include "container/entry.h"
#include "container/manager.h"
#include "container/spec_builder.h"
#include "runtime/cgroup.h"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>

namespace berth::container {

namespace {

int availableCpuCount() {
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0) {
        return CPU_COUNT(&set);
    }
    return static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
}

} // namespace

std::string Manager::cgroupPathLocked(const Entry& entry) const {
    if (entry.spec) {
        return entry.spec->cgroupPath;
    }
    return cgroupPathOf(entry.container, options_.cgroupParent);
}

Result<void> Manager::setFrozenLocked(Entry& entry, bool frozen) {
    auto layout = runtime::detectCgroupLayout();
    if (!layout) {
        return std::unexpected(layout.error());
    }
    return runtime::setCgroupFrozen(*layout, cgroupPathLocked(entry), frozen);
}

Result<void> Manager::thawLocked(Entry& entry) {
    Container& container = entry.container;
    if (container.state.status != Status::Paused) {
        return {};
    }
    if (auto thawed = setFrozenLocked(entry, false); !thawed) {
        return std::unexpected(
            thawed.error().context(fmt::format("unpause container {}", container.shortId())));
    }
    container.state.status = Status::Running;
    return save(container);
}

Result<void> Manager::pause(std::string_view reference) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (container.state.status == Status::Restarting) {
        return fail(ErrorKind::Conflict,
                    fmt::format("Container {} is restarting, wait until the container is running",
                                container.id));
    }
    if (!container.state.running()) {
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not running", container.id));
    }
    if (container.state.status == Status::Paused) {
        return fail(ErrorKind::Conflict,
                    fmt::format("Container {} is already paused", container.id));
    }
    if (auto frozen = setFrozenLocked(*entry, true); !frozen) {
        // A half-frozen cgroup would leave some processes stopped.
        (void)setFrozenLocked(*entry, false);
        return std::unexpected(
            frozen.error().context(fmt::format("Cannot pause container {}", container.id)));
    }
    container.state.status = Status::Paused;
    if (auto saved = save(container); !saved) {
        log::warning("container {}: {}", container.shortId(), saved.error().message);
    }
    Container copy = container;
    lock.unlock();
    log::info("container {} paused", copy.shortId());
    publish(copy, "pause");
    return {};
}

Result<void> Manager::unpause(std::string_view reference) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    if (container.state.status != Status::Paused) {
        return fail(ErrorKind::Conflict, fmt::format("Container {} is not paused", container.id));
    }
    if (auto thawed = thawLocked(*entry); !thawed) {
        return std::unexpected(thawed.error());
    }
    Container copy = container;
    lock.unlock();
    log::info("container {} unpaused", copy.shortId());
    publish(copy, "unpause");
    return {};
}

Result<void> Manager::update(std::string_view reference, const UpdateRequest& request) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    Container& container = entry->container;
    auto cannotUpdate = [&container](const Error& error) {
        return Error{error.kind,
                     fmt::format("Cannot update container {}: {}", container.id, error.message)};
    };
    if (entry->removing || entry->removed) {
        return fail(ErrorKind::Conflict,
                    fmt::format("Cannot update container {}: the container is being removed",
                                container.id));
    }
    HostConfig updated = container.hostConfig;
    auto changed = applyUpdate(updated, request, availableCpuCount());
    if (!changed) {
        return std::unexpected(cannotUpdate(changed.error()));
    }
    if (container.state.running()) {
        auto layout = runtime::detectCgroupLayout();
        if (!layout) {
            return std::unexpected(cannotUpdate(layout.error()));
        }
        if (auto written =
                runtime::updateCgroupResources(*layout, cgroupPathLocked(*entry), *changed);
            !written) {
            return std::unexpected(cannotUpdate(written.error()));
        }
    }
    container.hostConfig = std::move(updated);
    if (entry->spec) {
        entry->spec->resources = resourcesOf(container.hostConfig);
    }
    if (auto saved = save(container); !saved) {
        return std::unexpected(cannotUpdate(saved.error()));
    }
    Container copy = container;
    lock.unlock();
    log::info("container {} updated", copy.shortId());
    publish(copy, "update");
    return {};
}

} // namespace berth::container

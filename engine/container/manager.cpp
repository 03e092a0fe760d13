// Container records: create, look up, list, remove. Lifecycle (start, stop, exits) is in
// manager_lifecycle.cpp.

#include "container/manager.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/scope_guard.h"
#include "common/sha256.h"
#include "common/time.h"
#include "container/entry.h"
#include "container/exec_table.h"
#include "container/health_monitor.h"
#include "container/link_book.h"
#include "container/log_options.h"
#include "container/merge.h"
#include "container/name.h"
#include "container/spec_builder.h"
#include "image/reference.h"
#include "image/store.h"

#include <fmt/format.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <map>

namespace berth::container {

struct Manager::Index {
    mutable std::mutex mutex;
    std::map<std::string, std::shared_ptr<Entry>> byId;
    std::map<std::string, std::string> idByName;
    // A container's image never changes, so the index keeps it: image removal asks for it
    // while holding the store's lock, and a container's mutex may be held while the store
    // is used (start), so that question must not take container mutexes.
    std::map<std::string, std::string> imageIdById;
};

Manager::Manager(ManagerOptions options)
    : options_(std::move(options))
    , index_(std::make_unique<Index>())
    , links_(std::make_unique<LinkBook>())
    , execs_(std::make_unique<ExecTable>())
    , health_(makeHealthMonitor()) {}

Manager::~Manager() = default;

std::filesystem::path Manager::containersDir() const {
    return options_.dataRoot / "containers";
}

void Manager::publish(const Container& container, std::string action,
                      std::map<std::string, std::string> extra) const {
    if (!options_.events) {
        return;
    }
    Event event;
    event.type = "container";
    event.action = std::move(action);
    event.actorId = container.id;
    event.attributes = container.config.labels;
    event.attributes["name"] = container.name;
    event.attributes["image"] = container.config.image;
    for (auto& [key, value] : extra) {
        event.attributes[key] = std::move(value);
    }
    options_.events->publish(std::move(event));
}

Result<std::shared_ptr<Entry>> Manager::lookup(std::string_view reference) const {
    std::string wanted(reference);
    if (wanted.starts_with("/")) {
        wanted.erase(0, 1);
    }
    std::lock_guard lock(index_->mutex);
    if (auto it = index_->byId.find(wanted); it != index_->byId.end()) {
        return it->second;
    }
    if (auto it = index_->idByName.find(wanted); it != index_->idByName.end()) {
        // Create reserves the name before it registers the container, so a client that
        // inspects by name meanwhile finds the name but no container yet.
        if (auto entry = index_->byId.find(it->second); entry != index_->byId.end()) {
            return entry->second;
        }
        return fail(ErrorKind::NotFound, fmt::format("No such container: {}", reference));
    }
    std::shared_ptr<Entry> found;
    if (!wanted.empty()) {
        for (auto it = index_->byId.lower_bound(wanted);
             it != index_->byId.end() && it->first.starts_with(wanted); ++it) {
            if (found) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("multiple IDs found with provided prefix: {}", wanted));
            }
            found = it->second;
        }
    }
    if (!found) {
        return fail(ErrorKind::NotFound, fmt::format("No such container: {}", reference));
    }
    return found;
}

Result<std::string> Manager::reserveName(std::string_view requested, const std::string& id) {
    std::lock_guard lock(index_->mutex);
    if (!requested.empty()) {
        auto name = validateName(requested);
        if (!name) {
            return std::unexpected(name.error());
        }
        if (auto it = index_->idByName.find(*name); it != index_->idByName.end()) {
            return fail(ErrorKind::Conflict,
                        fmt::format("Conflict. The container name \"/{}\" is already in use by "
                                    "container \"{}\". You have to remove (or rename) that "
                                    "container to be able to reuse that name.",
                                    *name, it->second));
        }
        index_->idByName[*name] = id;
        return *name;
    }
    for (int attempt = 0;; ++attempt) {
        std::string name = generateName(attempt);
        if (!index_->idByName.contains(name)) {
            index_->idByName[name] = id;
            return name;
        }
    }
}

void Manager::releaseName(const std::string& name) {
    std::lock_guard lock(index_->mutex);
    index_->idByName.erase(name);
}

void Manager::insert(const std::shared_ptr<Entry>& entry) {
    std::lock_guard lock(index_->mutex);
    index_->byId[entry->container.id] = entry;
    index_->idByName[entry->container.name] = entry->container.id;
    index_->imageIdById[entry->container.id] = entry->container.imageId;
}

namespace {

// The image's config merged in; NotFound "No such image: X" makes the CLI try a pull.
Result<Container> newContainerRecord(const CreateRequest& request, image::Store* images) {
    if (request.config.image.empty()) {
        return fail(ErrorKind::InvalidArgument, "no image was given for the container");
    }
    if (!images) {
        return fail(ErrorKind::System, "the image store is not open");
    }
    // A malformed name is the client's error (400), not a missing image (404, which makes
    // the CLI try a pull).
    if (auto reference = image::parseReference(request.config.image); !reference) {
        return std::unexpected(reference.error());
    }
    auto image = images->resolve(request.config.image);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto merged = mergeImageConfig(request.config, image->config.config);
    if (!merged) {
        return std::unexpected(merged.error());
    }
    Container container;
    container.config = std::move(*merged);
    container.hostConfig = request.hostConfig;
    // Docker's default swap limit: as much swap as memory.
    if (container.hostConfig.memory > 0 && container.hostConfig.memorySwap == 0) {
        container.hostConfig.memorySwap = container.hostConfig.memory * 2;
    }
    container.networkingConfig = request.networkingConfig;
    container.imageId = image->id;
    Command command = commandOf(container.config);
    container.path = command.path;
    container.args = command.args;
    container.created = nowNanoseconds();
    return container;
}

// Options that are kept in the config but not acted on yet; the CLI prints each warning.
std::vector<std::string> unsupportedOptionWarnings(const HostConfig& host, bool bridge) {
    std::vector<std::string> warnings;
    if (!bridge && host.portBindings.is_object() && !host.portBindings.empty()) {
        warnings.push_back("Published ports are not supported yet; the container's ports are "
                           "not reachable from the host.");
    }
    if (!bridge && !host.links.empty()) {
        warnings.push_back("Links are not supported yet; the linked names do not resolve.");
    }
    return warnings;
}

Result<void> makeContainerDirectories(const Container& container) {
    // The upper dir's mode becomes the mode of the container's "/": it must let every
    // user in the container through, as Docker's diff directories do.
    if (auto made = fs::makeDirectories(container.directory, 0711); !made) {
        return made;
    }
    if (auto made = fs::makeDirectories(container.upperDir(), 0755); !made) {
        return made;
    }
    return fs::makeDirectories(container.workDir(), 0700);
}

// CPUs this process may run on, as Docker counts them for the --cpus limit.
int availableCpus() {
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0) {
        return CPU_COUNT(&set);
    }
    return static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
}

} // namespace

Result<CreateResult> Manager::create(const CreateRequest& request, std::string_view name) {
    if (auto valid =
            validateRestartPolicy(request.hostConfig.restartPolicy, request.hostConfig.autoRemove);
        !valid) {
        return std::unexpected(valid.error());
    }
    if (auto valid = validateCreateSettings(request, availableCpus()); !valid) {
        return std::unexpected(valid.error());
    }
    if (!name.empty()) {
        if (auto valid = validateName(name); !valid) {
            return std::unexpected(valid.error());
        }
    }
    auto record = newContainerRecord(request, options_.images);
    if (!record) {
        return std::unexpected(record.error());
    }
    if (auto linked = checkLinkTargets(*record); !linked) {
        return std::unexpected(linked.error());
    }
    auto attachments = attachmentsForCreate(request);
    if (!attachments) {
        return std::unexpected(attachments.error());
    }
    record->attachments = std::move(*attachments);
    if (record->hostConfig.cgroupnsMode.empty()) {
        record->hostConfig.cgroupnsMode = options_.defaultCgroupnsMode;
    }
    if (record->hostConfig.logType == "json-file") {
        mergeDefaultLogOptions(record->hostConfig.logConfig, options_.defaultLogOptions);
    }
    if (auto limits = parseLogOptions(record->hostConfig.logType, record->hostConfig.logConfig);
        !limits) {
        return std::unexpected(limits.error());
    }

    auto entry = std::make_shared<Entry>();
    Container& container = entry->container;
    container = std::move(*record);
    container.id = randomHexId();
    container.directory = containersDir() / container.id;
    auto reserved = reserveName(name, container.id);
    if (!reserved) {
        return std::unexpected(reserved.error());
    }
    container.name = *reserved;
    ScopeGuard releaseOnFailure([&] { releaseName(container.name); });

    std::vector<std::string> createdVolumes;
    ScopeGuard removeVolumesOnFailure([&] { removeVolumes(createdVolumes); });
    auto mounts = resolveMountPoints(container, createdVolumes);
    if (!mounts) {
        return std::unexpected(mounts.error());
    }
    container.mountPoints = std::move(*mounts);

    ScopeGuard removeDirectory([&] { (void)fs::removeTree(container.directory); });
    if (auto made = makeContainerDirectories(container); !made) {
        return std::unexpected(made.error().context("create container"));
    }
    if (auto saved = save(container); !saved) {
        return std::unexpected(saved.error().context("create container"));
    }
    insert(entry);
    removeDirectory.dismiss();
    removeVolumesOnFailure.dismiss();
    releaseOnFailure.dismiss();

    log::info("container {} created (name {}, image {})", container.shortId(), container.name,
              container.config.image);
    publish(container, "create");
    return CreateResult{container.id,
                        unsupportedOptionWarnings(request.hostConfig, options_.bridge != nullptr)};
}

Result<Container> Manager::inspect(std::string_view reference) const {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    std::lock_guard lock((*entry)->mutex);
    return (*entry)->container;
}

std::vector<Container> Manager::list() const {
    std::vector<std::shared_ptr<Entry>> entries;
    {
        std::lock_guard lock(index_->mutex);
        for (const auto& [id, entry] : index_->byId) {
            entries.push_back(entry);
        }
    }
    std::vector<Container> containers;
    for (const auto& entry : entries) {
        std::lock_guard lock(entry->mutex);
        if (!entry->removed) {
            containers.push_back(entry->container);
        }
    }
    std::sort(containers.begin(), containers.end(),
              [](const Container& a, const Container& b) { return a.created > b.created; });
    return containers;
}

Counts Manager::counts() const {
    Counts counts;
    for (const Container& container : list()) {
        if (container.state.status == Status::Running) {
            ++counts.running;
        } else if (container.state.status == Status::Paused) {
            ++counts.paused;
        } else {
            ++counts.stopped;
        }
    }
    return counts;
}

std::optional<std::string> Manager::containerUsingImage(const std::string& imageId) const {
    std::lock_guard lock(index_->mutex);
    for (const auto& [id, image] : index_->imageIdById) {
        if (image == imageId) {
            return id;
        }
    }
    return std::nullopt;
}

Result<void> Manager::rename(std::string_view reference, std::string_view newName) {
    if (newName.empty() || newName == "/") {
        return fail(ErrorKind::InvalidArgument, "Neither old nor new names may be empty");
    }
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::string id;
    std::string oldName;
    {
        std::lock_guard lock(entry->mutex);
        id = entry->container.id;
        oldName = entry->container.name;
    }
    auto bare = validateName(newName);
    if (!bare) {
        return std::unexpected(bare.error());
    }
    if (*bare == oldName) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Renaming a container with the same name as its current name"));
    }
    auto reserved = reserveName(*bare, id);
    if (!reserved) {
        return std::unexpected(reserved.error());
    }

    std::unique_lock lock(entry->mutex);
    entry->container.name = *reserved;
    if (auto saved = save(entry->container); !saved) {
        entry->container.name = oldName;
        lock.unlock();
        releaseName(*reserved);
        return std::unexpected(saved.error().context("rename container"));
    }
    Container copy = entry->container;
    lock.unlock();
    releaseName(oldName);
    log::info("container {} renamed from {} to {}", copy.shortId(), oldName, copy.name);
    publish(copy, "rename", {{"oldName", "/" + oldName}});
    return {};
}

Result<void> Manager::removeStopped(const std::shared_ptr<Entry>& entry,
                                    std::unique_lock<std::mutex>& lock, bool withVolumes) {
    Container& container = entry->container;
    entry->removing = true;
    ++entry->restartGeneration;
    container.state.status = Status::Removing;
    if (entry->spec) {
        if (auto cleaned = runtime::cleanup(container.bundleDir(), *entry->spec); !cleaned) {
            log::warning("container {}: {}", container.shortId(), cleaned.error().message);
        }
        entry->spec.reset();
    }
    if (auto removed = fs::removeTree(container.bundleDir()); !removed) {
        log::warning("container {}: {}", container.shortId(), removed.error().message);
    }
    if (auto removed = fs::removeTree(container.directory); !removed) {
        container.state.status = Status::Dead;
        container.state.error = removed.error().message;
        entry->removing = false;
        return std::unexpected(removed.error().context("remove container"));
    }
    entry->removed = true;
    Container copy = container;
    lock.unlock();
    unwatchHealth(copy.id);
    {
        std::lock_guard indexLock(index_->mutex);
        index_->byId.erase(copy.id);
        index_->imageIdById.erase(copy.id);
        auto name = index_->idByName.find(copy.name);
        if (name != index_->idByName.end() && name->second == copy.id) {
            index_->idByName.erase(name);
        }
    }
    {
        std::lock_guard execLock(execs_->mutex);
        execs_->forgetContainer(copy.id);
    }
    entry->changed.notify_all();
    log::info("container {} removed", copy.shortId());
    publish(copy, "destroy");
    if (withVolumes) {
        // After the index lost the container, so that it no longer counts as a user.
        std::vector<std::string> anonymous;
        for (const auto& mount : copy.mountPoints) {
            if (mount.type == volume::MountType::Volume && mount.anonymous) {
                anonymous.push_back(mount.name);
            }
        }
        removeVolumes(anonymous);
    }
    lock.lock();
    return {};
}

Result<void> Manager::remove(std::string_view reference, bool force, bool withVolumes) {
    auto found = lookup(reference);
    if (!found) {
        return std::unexpected(found.error());
    }
    std::shared_ptr<Entry> entry = *found;
    std::unique_lock lock(entry->mutex);
    if (entry->removed || entry->removing) {
        return fail(ErrorKind::Conflict,
                    fmt::format("removal of container {} is already in progress", reference));
    }
    Container& container = entry->container;
    if (container.state.running()) {
        if (!force) {
            return fail(ErrorKind::Conflict,
                        fmt::format("You cannot remove a running container {}. Stop the "
                                    "container before attempting removal or force remove",
                                    container.id));
        }
        entry->removing = true;
        uint64_t exitsBefore = entry->exits;
        if (auto killed = runtime::signalInit(container.shim, SIGKILL); !killed) {
            log::warning("container {}: {}", container.shortId(), killed.error().message);
        }
        if (auto thawed = thawLocked(*entry); !thawed) {
            log::warning("container {}: {}", container.shortId(), thawed.error().message);
        }
        auto exited = waitForExit(*entry, lock, exitsBefore, std::chrono::seconds(10));
        if (!exited) {
            entry->removing = false;
            return std::unexpected(exited.error().context("remove container"));
        }
    }
    return removeStopped(entry, lock, withVolumes);
}

} // namespace berth::container

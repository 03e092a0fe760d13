#pragma once

// The container manager: creates, starts, stops and removes containers, watches their
// shims for exits, applies --rm and restart policies, and wakes waiters.
//
// Locking: one mutex per container (Entry::mutex) and one for the id and name index. The
// index mutex is never held while a container mutex is taken, so the two never deadlock.
// start() uses the image store under a container mutex, so what the store calls back
// (containerUsingImage) takes only the index mutex. What containers need of each other for
// --link lives in a LinkBook with its own leaf mutex, so no container mutex is ever taken
// while another is held.

#include "common/error.h"
#include "common/unique_fd.h"
#include "container/config.h"
#include "container/container.h"
#include "container/container_root.h"
#include "container/events.h"
#include "container/path_stat.h"
#include "container/signals.h"
#include "container/tar_extractor.h"
#include "container/tar_tree_writer.h"
#include "container/update_request.h"
#include "image/config.h"
#include "image/reference.h"
#include "network/link_teardown.h"
#include "runtime/exec_client.h"
#include "runtime/shim_client.h"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {
class Store;
struct Change;
struct Image;
} // namespace berth::image
namespace berth::network {
class BridgeNetwork;
class DnsServer;
class NetworkStore;
} // namespace berth::network
namespace berth::volume {
class Store;
}

namespace berth::container {

struct ManagerOptions {
    std::filesystem::path dataRoot; // containers live in dataRoot/containers/<id>
    std::string cgroupParent = "berth";
    std::filesystem::path shimBinary;
    image::Store* images = nullptr;
    EventBus* events = nullptr;
    // The default bridge; nullptr when the daemon runs without one (--bridge none), and
    // then "default" and "bridge" containers get only a loopback interface.
    network::BridgeNetwork* bridge = nullptr;
    // User-defined networks and their DNS answerer; nullptr refuses --network NAME.
    network::NetworkStore* networks = nullptr;
    network::DnsServer* dns = nullptr;
    // Named and anonymous volumes; nullptr refuses every volume mount.
    volume::Store* volumes = nullptr;
    // The CgroupnsMode a container created with none gets: dockerd's default, "private"
    // on a cgroup v2 host and "host" on a v1 or hybrid one.
    std::string defaultCgroupnsMode = "host";
    // berthd --log-opt: json-file options a container gets unless it sets its own.
    std::map<std::string, std::string> defaultLogOptions;
};

struct CreateResult {
    std::string id;
    std::vector<std::string> warnings;
};

enum class WaitCondition { NotRunning, NextExit, Removed };

struct AttachStream {
    UniqueFd connection; // to the shim: raw with a terminal, multiplexed frames without
    bool tty = false;
};

struct Counts {
    int running = 0;
    int paused = 0;
    int stopped = 0;
};

// Settings of `docker commit` for the new image, besides the container's changes.
struct CommitOptions {
    std::optional<image::Reference> reference; // repo:tag for the image, if any
    std::string comment;
    std::string author;
    std::vector<std::string> changes; // Dockerfile lines, as `docker commit --change` takes
    bool pause = true;
    // The builder sets these: the image config to store in place of the container's, and
    // the history's "created by" text in place of the container's command.
    std::optional<image::RunConfig> config;
    std::optional<std::string> createdBy;
};

// True when the caller gave up (its client disconnected); polled during long waits.
using CancelCheck = std::function<bool()>;

// docker exec: the request of POST /containers/{id}/exec.
struct ExecConfig {
    std::vector<std::string> cmd;
    std::vector<std::string> env; // "KEY=value", added to the container's environment
    std::string user;             // empty: the container's user
    std::string workingDir;       // empty: the container's working directory
    bool tty = false;
    bool attachStdin = false;
    bool attachStdout = false;
    bool attachStderr = false;
    bool privileged = false;
    std::string detachKeys;
    uint16_t rows = 0; // ConsoleSize; 0 when not given
    uint16_t columns = 0;
};

// An exec instance as GET /exec/{id}/json shows it.
struct ExecInfo {
    std::string id;
    std::string containerId;
    ExecConfig config;
    bool running = false;
    bool started = false;
    std::optional<int> exitCode; // set once the process has exited or failed to start
    int pid = 0;                 // in the host's pid namespace
};

// A started exec'd process; the API relays its stdio and then calls finishExec().
struct ExecSession {
    std::string execId;
    std::string containerId;
    bool tty = false;
    runtime::ExecProcess process;
};

// The endpoint settings of docker network connect and docker run --network.
struct EndpointSettings {
    std::vector<std::string> aliases;
    std::string ipv4Address; // "" for the lowest free one
};

struct Entry;
class HealthMonitor;
class LinkBook;

// An attach client counted by a container that is not running yet, from before the
// client learns that its attach succeeded (see Manager::announceAttach). Destroying an
// unused ticket withdraws the client.
class AttachTicket final {
public:
    AttachTicket() = default;
    AttachTicket(AttachTicket&& other) noexcept = default;
    AttachTicket& operator=(AttachTicket&& other) noexcept;
    ~AttachTicket();

private:
    friend class Manager;
    std::shared_ptr<Entry> entry_;
};

struct LinkerView;

class Manager final {
public:
    explicit Manager(ManagerOptions options);
    ~Manager();
    Manager(const Manager&) = delete;
    Manager& operator=(const Manager&) = delete;

    [[nodiscard]] std::filesystem::path containersDir() const;

    [[nodiscard]] Result<CreateResult> create(const CreateRequest& request, std::string_view name);

    // Returns false when the container was already running (Docker returns 304).
    [[nodiscard]] Result<bool> start(std::string_view reference);

    // Sends the stop signal, waits timeoutSeconds (the container's StopTimeout or 10 when
    // unset), then SIGKILL. Returns false when it was not running (Docker returns 304).
    [[nodiscard]] Result<bool> stop(std::string_view reference, std::optional<int> timeoutSeconds,
                                    std::string_view signal = "");

    // Conflict "Container ID is not running" when it is not.
    [[nodiscard]] Result<void> kill(std::string_view reference, std::string_view signal);

    [[nodiscard]] Result<void> restart(std::string_view reference,
                                       std::optional<int> timeoutSeconds);

    // docker pause and unpause (manager_resources.cpp): freeze or thaw every process of the
    // container's cgroup. Conflict, worded as Docker's, when it is not running, already
    // paused (pause) or not paused (unpause).
    [[nodiscard]] Result<void> pause(std::string_view reference);
    [[nodiscard]] Result<void> unpause(std::string_view reference);

    // docker update (manager_resources.cpp): checks the request, writes the changed limits
    // to the cgroup of a running container and keeps them, and the restart policy, in the
    // container's HostConfig.
    [[nodiscard]] Result<void> update(std::string_view reference, const UpdateRequest& request);

    // Gives the container a new name; the old one is free afterwards.
    [[nodiscard]] Result<void> rename(std::string_view reference, std::string_view newName);

    // Refused while running unless force, which kills first. withVolumes (rm -v) also
    // removes the container's anonymous volumes; named volumes are always kept.
    [[nodiscard]] Result<void> remove(std::string_view reference, bool force,
                                      bool withVolumes = false);

    // Waits for the condition; returns the state at that point.
    [[nodiscard]] Result<State> wait(std::string_view reference, WaitCondition condition,
                                     const CancelCheck& cancelled);

    // Connects to the container's output and input. On a container that is not running
    // this waits for the next start() (docker run and docker start -a attach first), which
    // keeps the process before execve until attached clients are connected, so that they
    // see its first byte.
    // A ticket from announceAttach() makes start() wait for this client even when the
    // start request arrives before attach() runs.
    [[nodiscard]] Result<AttachStream> attach(std::string_view reference,
                                              const runtime::AttachOptions& options,
                                              const CancelCheck& cancelled,
                                              AttachTicket ticket = {});

    // Counts an attach client on a container that is not running, before the API answers
    // the client: docker run sends its start request as soon as that answer arrives.
    // Conflict when the container cannot be attached to.
    [[nodiscard]] Result<AttachTicket> announceAttach(std::string_view reference);

    [[nodiscard]] Result<void> resize(std::string_view reference, uint16_t rows, uint16_t columns);

    // docker exec (manager_exec.cpp). createExec is refused unless the container runs
    // (Conflict, worded as Docker's); an unknown exec id is NotFound.
    [[nodiscard]] Result<std::string> createExec(std::string_view reference, ExecConfig config);
    [[nodiscard]] Result<ExecInfo> inspectExec(std::string_view execId) const;
    // Starts the process. When it cannot run, the exec records the exit code (126, 127)
    // and the error carries Docker's message.
    [[nodiscard]] Result<std::shared_ptr<ExecSession>> startExec(std::string_view execId,
                                                                 bool detach);
    // Waits for the started process to exit and records its exit code.
    void finishExec(const std::shared_ptr<ExecSession>& session);
    [[nodiscard]] Result<void> resizeExec(std::string_view execId, uint16_t rows, uint16_t columns);

    [[nodiscard]] Result<Container> inspect(std::string_view reference) const;
    [[nodiscard]] std::vector<Container> list() const;
    [[nodiscard]] Counts counts() const;

    // The container's filesystem changes against its image (manager_commit.cpp).
    [[nodiscard]] Result<std::vector<image::Change>> changes(std::string_view reference) const;

    // Stores the container's changes as one layer on its image, with the container's
    // configuration (changed by options.changes) as the new image's.
    [[nodiscard]] Result<image::Image> commit(std::string_view reference,
                                              const CommitOptions& options);

    // docker cp (manager_archive.cpp). path is the container path as the client sent it:
    // a trailing "/" or "/." follows a final symlink, as in Docker. A running container is
    // read through its init's root, a stopped one through a private mount of its files;
    // both include its volumes and binds.
    [[nodiscard]] Result<PathStat> statPath(std::string_view reference, std::string_view path);

    // Calls begin with the stat of path, then sends path as a tar stream to sink.
    [[nodiscard]] Result<void>
    archivePath(std::string_view reference, std::string_view path,
                const std::function<Result<void>(const PathStat&)>& begin, const TarSink& sink);

    // docker export (manager_export.cpp): the container's files, image layers plus its own
    // changes, as one flat tar without volumes, binds or the generated /etc files. The
    // files are read through a private overlay mount, running or not.
    [[nodiscard]] Result<void> exportFilesystem(std::string_view reference, const TarSink& sink);

    // Extracts the tar from read into the directory path (which must exist).
    [[nodiscard]] Result<void> extractToDirectory(std::string_view reference, std::string_view path,
                                                  const ExtractOptions& options,
                                                  const image::ReadFunction& read);

    // docker network connect and disconnect (manager_user_networks.cpp). A running
    // container gets or loses the interface at once; a stopped one at its next start.
    [[nodiscard]] Result<void> connectToNetwork(std::string_view reference,
                                                std::string_view network,
                                                const EndpointSettings& settings);
    [[nodiscard]] Result<void> disconnectFromNetwork(std::string_view reference,
                                                     std::string_view network, bool force);

    // The id of a container made from imageId, if any (used by image removal).
    [[nodiscard]] std::optional<std::string> containerUsingImage(const std::string& imageId) const;

    // Ids of the containers whose mount points use the volume (manager_volumes.cpp).
    [[nodiscard]] std::vector<std::string> containersUsingVolume(const std::string& name) const;

    // Takes a container loaded from disk at daemon start. A container whose shim still
    // runs is watched again; one whose shim is gone gets its exit recorded, then --rm and
    // the restart policy apply.
    void restore(Container container);

    void publish(const Container& container, std::string action,
                 std::map<std::string, std::string> extra = {}) const;

private:
    struct Index;
    struct ExecTable;

    [[nodiscard]] Result<std::shared_ptr<Entry>> lookup(std::string_view reference) const;
    [[nodiscard]] Result<std::string> reserveName(std::string_view requested,
                                                  const std::string& id);
    void releaseName(const std::string& name);
    void insert(const std::shared_ptr<Entry>& entry);

    [[nodiscard]] Result<void> startLocked(Entry& entry, std::unique_lock<std::mutex>& lock);
    [[nodiscard]] Result<void> waitForExit(Entry& entry, std::unique_lock<std::mutex>& lock,
                                           uint64_t exitsBefore, std::chrono::milliseconds timeout);
    void handleStartFailure(const std::shared_ptr<Entry>& entry,
                            std::unique_lock<std::mutex>& lock);
    void watch(const std::shared_ptr<Entry>& entry);
    // Network steps of a start (manager_network.cpp): before the runtime creates the
    // container (address, /etc files, link variables), after it (veth, published ports),
    // and after it exits (everything released).
    [[nodiscard]] bool usesBridge(const Container& container) const;
    [[nodiscard]] Result<void> prepareNetwork(Container& container, runtime::ContainerSpec& spec);
    [[nodiscard]] Result<void> joinNetwork(const Container& container,
                                           runtime::ContainerSpec& spec) const;
    [[nodiscard]] Result<void> checkLinkTargets(const Container& container) const;
    [[nodiscard]] Result<void> resolveLinks(const Container& container,
                                            runtime::ContainerSpec& spec, LinkerView& linker) const;
    [[nodiscard]] Result<void> connectNetwork(Container& container);
    void updateLinkers(const Container& target);
    void restoreLinker(const Container& container);
    // Teardown::AfterExit once the container's process has exited (link_teardown.h).
    void disconnectNetwork(Container& container, network::Teardown when = network::Teardown::Now);
    // Publishes the recorded ports of a container that kept running while no daemon did:
    // the proxies died with the old daemon (the DNAT entries and the address did not).
    void restoreNetwork(Container& container);
    // User-defined network steps (manager_user_networks.cpp), called by the ones above.
    [[nodiscard]] bool usesUserNetwork(const Container& container) const;
    [[nodiscard]] Result<std::vector<NetworkAttachment>>
    attachmentsForCreate(const CreateRequest& request) const;
    [[nodiscard]] Result<void> prepareUserNetworks(Container& container,
                                                   runtime::ContainerSpec& spec);
    [[nodiscard]] Result<void> connectUserNetworks(Container& container);
    [[nodiscard]] Result<void> attachRunning(Container& container, NetworkAttachment& attachment,
                                             bool primary);
    void detachRunning(Container& container, NetworkAttachment& attachment,
                       network::Teardown when = network::Teardown::Now);
    void disconnectUserNetworks(Container& container,
                                network::Teardown when = network::Teardown::Now);
    void restoreUserNetworks(Container& container);
    // Lists a container on the default bridge as a member of the predefined "bridge"
    // network, for network inspect. Members of the default bridge get no DNS names.
    void registerBridgeEndpoint(const Container& container);
    void handleExit(const std::shared_ptr<Entry>& entry);
    // Health checks (manager_health.cpp). watchHealthLocked is called with the entry's
    // mutex held once the container runs; resetState starts again from "starting".
    [[nodiscard]] std::unique_ptr<HealthMonitor> makeHealthMonitor();
    void watchHealthLocked(Entry& entry, bool resetState);
    void unwatchHealth(const std::string& containerId);
    [[nodiscard]] std::expected<runtime::ExecProcess, std::string>
    startProbe(const std::string& containerId, const std::vector<std::string>& command);
    [[nodiscard]] std::optional<HealthState>
    recordHealth(const std::string& containerId, uint64_t generation, HealthProbeResult result);
    // Freezer steps (manager_resources.cpp), called with the entry's mutex held. A signal
    // cannot end a frozen process, so stop, kill and rm -f thaw a paused container first.
    [[nodiscard]] std::string cgroupPathLocked(const Entry& entry) const;
    [[nodiscard]] Result<void> setFrozenLocked(Entry& entry, bool frozen);
    [[nodiscard]] Result<void> thawLocked(Entry& entry);
    // The container's root for docker cp, with its mounts; see ContainerRoot.
    [[nodiscard]] Result<std::shared_ptr<ContainerRoot>>
    openRoot(const std::shared_ptr<Entry>& entry);
    void scheduleRestart(const std::shared_ptr<Entry>& entry, std::chrono::milliseconds delay);
    [[nodiscard]] Result<void> removeStopped(const std::shared_ptr<Entry>& entry,
                                             std::unique_lock<std::mutex>& lock,
                                             bool withVolumes = false);
    // Volume steps of a create (manager_volumes.cpp). created receives the names of the
    // volumes made here, which a failed create removes again.
    [[nodiscard]] Result<std::vector<volume::MountPoint>>
    resolveMountPoints(const Container& container, std::vector<std::string>& created);
    [[nodiscard]] Result<std::vector<volume::MountPoint>>
    volumesFromMounts(const HostConfig& host) const;
    [[nodiscard]] Result<void> createVolumes(std::vector<volume::MountPoint>& mounts,
                                             std::vector<std::string>& created);
    void removeVolumes(const std::vector<std::string>& names);
    // Docker's volume events for a container's named and anonymous volumes: "mount" when it
    // starts, "unmount" when it exits.
    void publishVolumeEvents(const Container& container, std::string_view action) const;

    ManagerOptions options_;
    std::unique_ptr<Index> index_;
    std::unique_ptr<LinkBook> links_;
    std::unique_ptr<ExecTable> execs_;
    // Last, so that it is destroyed first: its thread calls back into the members above.
    std::unique_ptr<HealthMonitor> health_;
};

} // namespace berth::container

#pragma once

// One container's record: identity, configuration, state and paths. It is persisted as
// <data-root>/containers/<id>/config.v2.json; the manager guards each record with its own
// mutex.

#include "common/error.h"
#include "container/config.h"
#include "container/health.h"
#include "runtime/shim_client.h"
#include "volume/mount_point.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::container {

enum class Status { Created, Running, Paused, Restarting, Removing, Exited, Dead };

[[nodiscard]] std::string_view statusName(Status status);

struct State {
    Status status = Status::Created;
    int pid = 0;
    int exitCode = 0;
    std::string error;
    bool oomKilled = false;
    int64_t startedAt = 0;  // nanoseconds since the epoch, 0 = never
    int64_t finishedAt = 0; // nanoseconds since the epoch, 0 = never
    // Set while a container with a health check runs (and kept after it stops).
    std::optional<HealthState> health;

    [[nodiscard]] bool running() const {
        return status == Status::Running || status == Status::Paused;
    }
};

struct PublishedPortRecord {
    std::string containerPort; // "80/tcp"
    std::string hostIp;        // "0.0.0.0" for every address
    int hostPort = 0;
};

// Where a running container is on the bridge network; empty when it has no address there.
struct NetworkRecord {
    std::string bridge;
    std::string ipAddress;
    std::string gateway;
    std::string macAddress;
    int prefixLength = 0;
    std::vector<PublishedPortRecord> ports;
};

// A container's endpoint on a user-defined network. The settings stay while the container
// is stopped; the address fields are valid while it runs.
struct NetworkAttachment {
    std::string networkId;
    std::string networkName;
    std::vector<std::string> aliases; // --network-alias
    std::string requestedAddress;     // --ip; "" for the lowest free one
    std::string interfaceName;        // eth0, eth1, ... while running
    std::string ipAddress;
    std::string gateway;
    std::string macAddress;
    int prefixLength = 0;
};

struct Container {
    std::string id;      // 64 hex digits
    std::string name;    // without the leading slash
    int64_t created = 0; // nanoseconds since the epoch
    std::string path;
    std::vector<std::string> args;
    ContainerConfig config; // merged with the image's
    HostConfig hostConfig;
    nlohmann::json networkingConfig;
    std::string imageId; // "sha256:…"
    State state;
    int restartCount = 0;
    bool manuallyStopped = false; // for unless-stopped and for restart policies
    bool hasBeenStarted = false;
    runtime::ShimProcess shim; // valid while running
    NetworkRecord network;     // valid while running
    // User-defined networks, in the order they were joined; the first one gives eth0, the
    // default route and the published ports.
    std::vector<NetworkAttachment> attachments;
    // Resolved at create from Binds, Mounts, VolumesFrom and the image's VOLUMEs, in the
    // order they are mounted (parents before children).
    std::vector<volume::MountPoint> mountPoints;

    std::filesystem::path directory; // <data-root>/containers/<id>

    [[nodiscard]] std::filesystem::path configPath() const { return directory / "config.v2.json"; }
    // The runtime's bundle: <data-root>/run/<short id>. It is kept apart from the container
    // directory and short because it contains the shim's unix socket, whose path must fit
    // in 107 bytes.
    [[nodiscard]] std::filesystem::path bundleDir() const {
        return directory.parent_path().parent_path() / "run" / shortId();
    }
    [[nodiscard]] std::filesystem::path upperDir() const { return directory / "upper"; }
    [[nodiscard]] std::filesystem::path workDir() const { return directory / "work"; }
    [[nodiscard]] std::filesystem::path logPath() const { return directory / (id + "-json.log"); }
    [[nodiscard]] std::filesystem::path hostsPath() const { return directory / "hosts"; }
    [[nodiscard]] std::filesystem::path hostnamePath() const { return directory / "hostname"; }
    [[nodiscard]] std::filesystem::path resolvConfPath() const { return directory / "resolv.conf"; }

    [[nodiscard]] std::string shortId() const { return id.substr(0, 12); }
};

// The on-disk form (not the API form: inspect is built in the API layer).
[[nodiscard]] nlohmann::json toDiskJson(const Container& container);
[[nodiscard]] Result<Container> containerFromDiskJson(const nlohmann::json& json,
                                                      const std::filesystem::path& directory);

[[nodiscard]] Result<void> save(const Container& container);
[[nodiscard]] Result<Container> load(const std::filesystem::path& directory);

} // namespace berth::container

#pragma once

// The Docker Engine API objects the client decodes into structs. Fields follow the API's
// names; whatever a caller needs beyond them is in the `raw` JSON.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::client {

using Json = nlohmann::json;

struct PingResult {
    std::string serverApiVersion; // the Api-Version header, empty if absent
    std::string negotiatedApiVersion;
    std::string osType;
    std::string builderVersion;
};

// A path's stat as the engine returns it for docker cp. mode has Go's os.FileMode bits.
struct ContainerPathStat {
    std::string name;
    int64_t size = 0;
    uint32_t mode = 0;
    std::string mtime; // RFC 3339
    std::string linkTarget;

    [[nodiscard]] bool isDirectory() const { return (mode & (1u << 31)) != 0; }
    [[nodiscard]] bool isSymlink() const { return (mode & (1u << 27)) != 0; }
};

// One entry of docker diff: a path that differs from the container's image.
struct ContainerChange {
    enum class Kind { Modified = 0, Added = 1, Deleted = 2 }; // the API's numbers
    std::string path;
    Kind kind = Kind::Modified;
};

struct PortMapping {
    std::string ip; // host address, empty when not published
    int privatePort = 0;
    int publicPort = 0; // 0 when not published
    std::string type;   // "tcp", "udp"
};

struct ContainerSummary {
    std::string id;
    std::vector<std::string> names; // with Docker's leading slash
    std::string image;
    std::string imageId;
    std::string command;
    int64_t created = 0; // seconds since the epoch
    std::string state;   // "created", "running", "exited", ...
    std::string status;  // "Up 3 minutes"
    std::vector<PortMapping> ports;
    std::map<std::string, std::string> labels;
    Json raw;
};

struct ImageSummary {
    std::string id; // "sha256:..."
    std::vector<std::string> repoTags;
    int64_t created = 0;
    int64_t size = 0;
    int64_t containers = -1; // -1 when the engine did not count them
    Json raw;
};

struct ImageHistoryEntry {
    std::string id;
    int64_t created = 0;
    std::string createdBy;
    int64_t size = 0;
    std::vector<std::string> tags;
    std::string comment;
};

struct ImageDeleteEntry {
    std::string untagged;
    std::string deleted;
};

struct CreateResult {
    std::string id;
    std::vector<std::string> warnings;
};

struct WaitResult {
    int64_t statusCode = 0;
    std::string error; // the engine's wait error message, if any
};

// The processes of a running container (docker top): Titles and one row per process.
struct TopResult {
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> processes;
};

// What a prune call removed: the ids or names, and the bytes the engine reports it freed.
struct PruneResult {
    std::vector<std::string> deleted;
    int64_t spaceReclaimed = 0;
};

// The limits and restart policy of POST /containers/{id}/update. An unset field is left as
// it is. Zero memory or CPUs means "unchanged" to Docker, so a limit cannot be removed this
// way; a pids limit of -1 removes that limit.
struct ContainerUpdate {
    std::optional<int64_t> memoryBytes;
    std::optional<int64_t> memorySwapBytes; // -1 for unlimited swap
    std::optional<int64_t> nanoCpus;        // CPUs × 10^9
    std::optional<int64_t> pidsLimit;
    std::optional<std::string> restartPolicy; // "no", "always", "unless-stopped", "on-failure"
    int maximumRetryCount = 0;                // with "on-failure"
};

// The options of POST /commit (docker commit): which container, the name and tag of the
// new image (both empty for an untagged image), and the Dockerfile instructions that
// change its config, as --change gives them.
struct CommitRequest {
    std::string container;
    std::string repository;
    std::string tag;
    std::string comment;
    std::string author;
    std::vector<std::string> changes;
    bool pause = true; // pauses the container while its file system is read
};

struct Event {
    std::string type;   // "container", "image", ...
    std::string action; // "start", "die", "tag", ...
    std::string actorId;
    std::map<std::string, std::string> attributes;
    int64_t timeNano = 0;
    Json raw;
};

} // namespace berth::client

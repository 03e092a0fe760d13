#pragma once

// The Docker/OCI image config: the JSON whose sha256 is the image id.

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::image {

struct HealthConfig {
    std::vector<std::string> test;
    int64_t interval = 0; // nanoseconds
    int64_t timeout = 0;
    int64_t startPeriod = 0;
    int retries = 0;
    int64_t startInterval = 0; // last, so that positional initialisers stay valid
};

// The "config" object: what a container made from the image starts with.
struct RunConfig {
    std::string user;
    std::vector<std::string> env; // "KEY=value"
    std::optional<std::vector<std::string>> cmd;
    std::optional<std::vector<std::string>> entrypoint;
    std::string workingDir;
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposedPorts; // "80/tcp"
    std::vector<std::string> volumes;      // "/data"
    std::string stopSignal;
    std::vector<std::string> onBuild;
    std::optional<std::vector<std::string>> shell;
    std::optional<HealthConfig> healthcheck;
    bool argsEscaped = false;
};

struct HistoryItem {
    int64_t created = 0; // nanoseconds since the epoch
    std::string createdBy;
    std::string author;
    std::string comment;
    bool emptyLayer = false;
};

struct ImageConfig {
    std::string architecture = "amd64";
    std::string os = "linux";
    std::string variant; // the CPU variant: "v8" for arm64, "v7" for arm, often empty
    int64_t created = 0; // nanoseconds since the epoch
    std::string author;
    std::string comment;
    std::string dockerVersion;
    std::string parent; // image id of the parent (local builds), may be empty
    RunConfig config;
    std::vector<std::string> diffIds; // "sha256:…", bottom layer first
    std::vector<HistoryItem> history;
};

[[nodiscard]] nlohmann::json toJson(const RunConfig& config);
[[nodiscard]] Result<RunConfig> runConfigFromJson(const nlohmann::json& json);

// Serialises canonically (sorted keys, no spaces), so equal configs hash equally.
[[nodiscard]] std::string serialize(const ImageConfig& config);
[[nodiscard]] Result<ImageConfig> parseImageConfig(std::string_view json);

// Applies Dockerfile-style changes as `docker import --change` and `docker commit --change`
// take them: CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER,
// VOLUME, WORKDIR. Any other instruction is InvalidArgument ("run is not a valid change
// command", or "dockerfile parse error on line N: unknown instruction: FOO"), naming the
// allowed ones.
[[nodiscard]] Result<void> applyChanges(RunConfig& config, const std::vector<std::string>& changes);

} // namespace berth::image

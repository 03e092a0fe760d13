#pragma once

// Health checks as Docker runs them: the settings (HEALTHCHECK of the image, --health-*
// flags of the container), the state inspect shows in State.Health, and the rules that turn
// probe results into the starting, healthy and unhealthy states.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace berth::container {

// Docker's defaults for a field that is zero.
inline constexpr int64_t kDefaultHealthInterval = 30'000'000'000;     // nanoseconds
inline constexpr int64_t kDefaultHealthTimeout = 30'000'000'000;      // nanoseconds
inline constexpr int64_t kDefaultHealthStartInterval = 5'000'000'000; // nanoseconds
inline constexpr int kDefaultHealthRetries = 3;
// Docker keeps the last five results and at most 4 KiB of each probe's output.
inline constexpr size_t kHealthLogEntries = 5;
inline constexpr size_t kHealthOutputLimit = 4096;

struct HealthSettings {
    std::vector<std::string> command; // what the probe runs: CMD as is, CMD-SHELL via sh -c
    int64_t interval = kDefaultHealthInterval;
    int64_t timeout = kDefaultHealthTimeout;
    int64_t startPeriod = 0;
    int64_t startInterval = kDefaultHealthStartInterval;
    int retries = kDefaultHealthRetries;
};

struct HealthProbeResult {
    int64_t start = 0; // nanoseconds since the epoch
    int64_t end = 0;
    int exitCode = 0; // 0 healthy, anything else unhealthy; -1 when the probe did not finish
    std::string output;
};

struct HealthState {
    std::string status = "starting"; // "starting", "healthy", "unhealthy"
    int failingStreak = 0;
    std::deque<HealthProbeResult> log; // oldest first, at most kHealthLogEntries
};

// The settings of a container's Config.Healthcheck (Docker's JSON, already merged with the
// image's); nullopt when it has none or its test is ["NONE"] (--no-healthcheck).
[[nodiscard]] std::optional<HealthSettings> healthSettingsOf(const nlohmann::json& healthcheck);

// Fills the fields the container's Healthcheck leaves empty (no test, a zero duration or
// retry count) from the image's, as Docker merges them at create.
[[nodiscard]] nlohmann::json mergeHealthcheck(const nlohmann::json& container,
                                              const nlohmann::json& image);

// The wait before the next probe: StartInterval while the container is starting and within
// its start period, Interval otherwise.
[[nodiscard]] int64_t nextProbeDelay(const HealthState& state, const HealthSettings& settings,
                                     int64_t startedAt, int64_t now);

// Records a result by Docker's rules: success makes the container healthy and clears the
// streak; a failure adds to the streak, except while it is still starting within its start
// period, and retries failures in a row make it unhealthy. Returns true when the status
// changed.
bool recordProbeResult(HealthState& state, HealthProbeResult result, const HealthSettings& settings,
                       int64_t startedAt);

// State.Health as inspect shows it, and the form kept in config.v2.json.
[[nodiscard]] nlohmann::json toJson(const HealthState& state);
[[nodiscard]] HealthState healthStateFromJson(const nlohmann::json& json);

} // namespace berth::container

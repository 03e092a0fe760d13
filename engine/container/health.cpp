#include "container/health.h"

#include "common/time.h"

namespace berth::container {

using nlohmann::json;

namespace {

int64_t durationOr(const json& object, const char* key, int64_t fallback) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer() || it->get<int64_t>() <= 0) {
        return fallback;
    }
    return it->get<int64_t>();
}

bool hasTest(const json& object) {
    auto it = object.find("Test");
    return it != object.end() && it->is_array() && !it->empty();
}

} // namespace

std::optional<HealthSettings> healthSettingsOf(const json& healthcheck) {
    if (!healthcheck.is_object() || !hasTest(healthcheck)) {
        return std::nullopt;
    }
    std::vector<std::string> test;
    for (const auto& word : healthcheck.at("Test")) {
        if (!word.is_string()) {
            return std::nullopt;
        }
        test.push_back(word.get<std::string>());
    }
    HealthSettings settings;
    if (test[0] == "CMD" && test.size() > 1) {
        settings.command.assign(test.begin() + 1, test.end());
    } else if (test[0] == "CMD-SHELL" && test.size() > 1) {
        settings.command = {"/bin/sh", "-c", test[1]};
    } else {
        return std::nullopt; // "NONE", or a test without a command
    }
    settings.interval = durationOr(healthcheck, "Interval", kDefaultHealthInterval);
    settings.timeout = durationOr(healthcheck, "Timeout", kDefaultHealthTimeout);
    settings.startPeriod = durationOr(healthcheck, "StartPeriod", 0);
    settings.startInterval = durationOr(healthcheck, "StartInterval", kDefaultHealthStartInterval);
    settings.retries = int(durationOr(healthcheck, "Retries", kDefaultHealthRetries));
    return settings;
}

json mergeHealthcheck(const json& container, const json& image) {
    if (!image.is_object()) {
        return container;
    }
    if (!container.is_object()) {
        return image;
    }
    json merged = container;
    if (!hasTest(merged) && hasTest(image)) {
        merged["Test"] = image.at("Test");
    }
    for (const char* key : {"Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"}) {
        if (durationOr(merged, key, 0) == 0 && durationOr(image, key, 0) != 0) {
            merged[key] = image.at(key);
        }
    }
    return merged;
}

int64_t nextProbeDelay(const HealthState& state, const HealthSettings& settings, int64_t startedAt,
                       int64_t now) {
    bool inStartPeriod = now - startedAt < settings.startPeriod;
    if (state.status == "starting" && inStartPeriod) {
        return settings.startInterval;
    }
    return settings.interval;
}

bool recordProbeResult(HealthState& state, HealthProbeResult result, const HealthSettings& settings,
                       int64_t startedAt) {
    std::string before = state.status;
    if (result.output.size() > kHealthOutputLimit) {
        result.output.resize(kHealthOutputLimit);
    }
    if (result.exitCode == 0) {
        state.failingStreak = 0;
        state.status = "healthy";
    } else {
        bool inStartPeriod =
            state.status == "starting" && result.start - startedAt < settings.startPeriod;
        if (!inStartPeriod) {
            ++state.failingStreak;
            if (state.failingStreak >= settings.retries) {
                state.status = "unhealthy";
            }
        }
    }
    state.log.push_back(std::move(result));
    while (state.log.size() > kHealthLogEntries) {
        state.log.pop_front();
    }
    return state.status != before;
}

json toJson(const HealthState& state) {
    json log = json::array();
    for (const auto& result : state.log) {
        log.push_back({{"Start", formatRfc3339Nano(result.start)},
                       {"End", formatRfc3339Nano(result.end)},
                       {"ExitCode", result.exitCode},
                       {"Output", result.output}});
    }
    return {{"Status", state.status}, {"FailingStreak", state.failingStreak}, {"Log", log}};
}

HealthState healthStateFromJson(const json& object) {
    HealthState state;
    if (!object.is_object()) {
        return state;
    }
    state.status = object.value("Status", std::string("starting"));
    state.failingStreak = object.value("FailingStreak", 0);
    if (auto log = object.find("Log"); log != object.end() && log->is_array()) {
        for (const auto& item : *log) {
            if (!item.is_object()) {
                continue;
            }
            HealthProbeResult result;
            result.start = parseRfc3339(item.value("Start", std::string())).value_or(0);
            result.end = parseRfc3339(item.value("End", std::string())).value_or(0);
            result.exitCode = item.value("ExitCode", 0);
            result.output = item.value("Output", std::string());
            state.log.push_back(std::move(result));
        }
    }
    return state;
}

} // namespace berth::container

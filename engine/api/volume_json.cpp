#include "api/volume_json.h"

#include "common/time.h"

#include <fmt/format.h>

namespace berth::api {

using nlohmann::json;

namespace {

// Docker formats a volume's creation time with Go's time.RFC3339: whole seconds.
std::string formatCreatedAt(int64_t nanoseconds) {
    std::string text = formatRfc3339Nano(nanoseconds);
    if (size_t dot = text.find('.'); dot != std::string::npos) {
        text = text.substr(0, dot) + "Z";
    }
    return text;
}

json stringMapJson(const std::map<std::string, std::string>& map) {
    json object = json::object();
    for (const auto& [key, value] : map) {
        object[key] = value;
    }
    return object;
}

std::optional<bool> parseBoolFilter(const std::string& value) {
    if (value == "true" || value == "1") {
        return true;
    }
    if (value == "false" || value == "0") {
        return false;
    }
    return std::nullopt;
}

// "label!": the volume lacks the label, or has it with another value.
bool labelsExclude(const std::vector<std::string>& unwanted,
                   const std::map<std::string, std::string>& labels) {
    for (const auto& filter : unwanted) {
        if (labelsMatch({filter}, labels)) {
            return false;
        }
    }
    return true;
}

} // namespace

json volumeJson(const volume::Volume& volume, std::optional<VolumeUsage> usage) {
    json object = {
        {"CreatedAt", formatCreatedAt(volume.createdAt)},
        {"Driver", volume.driver},
        {"Labels", stringMapJson(volume.labels)},
        {"Mountpoint", volume.dataDir().string()},
        {"Name", volume.name},
        {"Options", stringMapJson(volume.options)},
        {"Scope", "local"},
    };
    if (usage) {
        object["UsageData"] = {{"Size", usage->size}, {"RefCount", usage->refCount}};
    }
    return object;
}

Result<void> validateVolumeListFilters(const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (key != "dangling" && key != "name" && key != "label" && key != "driver") {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid filter '{}'", key));
        }
        if (key != "dangling") {
            continue;
        }
        for (const auto& value : values) {
            if (!parseBoolFilter(value)) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid filter 'dangling={}'", value));
            }
        }
    }
    return {};
}

bool volumeMatches(const volume::Volume& volume, bool inUse, const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (values.empty()) {
            continue;
        }
        if (key == "label") {
            if (!labelsMatch(values, volume.labels)) {
                return false;
            }
            continue;
        }
        bool any = false;
        for (const auto& value : values) {
            if (key == "dangling") {
                any = any || parseBoolFilter(value).value_or(false) == !inUse;
            } else if (key == "name") {
                any = any || volume.name.find(value) != std::string::npos;
            } else if (key == "driver") {
                any = any || volume.driver == value;
            }
        }
        if (!any) {
            return false;
        }
    }
    return true;
}

Result<void> validateVolumePruneFilters(const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (key != "label" && key != "label!" && key != "all") {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("invalid filter '{}': prune accepts label, label! and all", key));
        }
        if (key != "all") {
            continue;
        }
        for (const auto& value : values) {
            if (!parseBoolFilter(value)) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid filter 'all={}'", value));
            }
        }
    }
    return {};
}

bool volumePrunable(const volume::Volume& volume, const Filters& filters) {
    bool all = false;
    if (auto found = filters.find("all"); found != filters.end()) {
        for (const auto& value : found->second) {
            all = all || parseBoolFilter(value).value_or(false);
        }
    }
    if (!all && !volume.labels.contains(std::string(volume::kAnonymousLabel))) {
        return false;
    }
    if (auto found = filters.find("label"); found != filters.end()) {
        if (!labelsMatch(found->second, volume.labels)) {
            return false;
        }
    }
    if (auto found = filters.find("label!"); found != filters.end()) {
        if (!labelsExclude(found->second, volume.labels)) {
            return false;
        }
    }
    return true;
}

} // namespace berth::api

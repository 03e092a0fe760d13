#pragma once

// The Docker JSON of volumes (GET /volumes, GET /volumes/{name}, POST /volumes/create) and
// the filters of volume list and prune.

#include "api/filters.h"
#include "common/error.h"
#include "volume/store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace berth::api {

struct VolumeUsage {
    int64_t size = -1;     // bytes; -1 when not computed
    int64_t refCount = -1; // containers using it; -1 when not computed
};

// Name, Driver, Mountpoint, CreatedAt (RFC 3339, seconds), Labels, Options, Scope, and
// UsageData only when usage is given.
[[nodiscard]] nlohmann::json volumeJson(const volume::Volume& volume,
                                        std::optional<VolumeUsage> usage = std::nullopt);

// Checks the keys and values of list filters: dangling (true, false, 1, 0), name, label,
// driver. Unknown keys are InvalidArgument "invalid filter 'KEY'" as in Docker.
[[nodiscard]] Result<void> validateVolumeListFilters(const Filters& filters);

// True when the volume passes every filter. inUse is true when a container uses it.
[[nodiscard]] bool volumeMatches(const volume::Volume& volume, bool inUse, const Filters& filters);

// Prune filters: label, label! and all. Without all=true only anonymous volumes go, as
// Docker does from API 1.42.
[[nodiscard]] Result<void> validateVolumePruneFilters(const Filters& filters);
[[nodiscard]] bool volumePrunable(const volume::Volume& volume, const Filters& filters);

} // namespace berth::api

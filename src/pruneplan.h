#pragma once

// What a prune would remove, worked out from the engine's lists before anything is removed.
// Docker's prune endpoints have no dry run, so the studio shows this plan, asks, and only
// then prunes. Plain C++ over the API's JSON, so that it is tested with canned lists.

#include "client/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace berth::studio {

enum class PruneKind { Containers, Images, Volumes, BuildCache };

struct PruneCandidate {
    std::string id;
    std::string name;  // a container's or volume's name, an image's first tag, or the short id
    int64_t size = -1; // bytes, -1 when the engine did not report a size
};

struct PrunePlan {
    PruneKind kind = PruneKind::Containers;
    std::vector<PruneCandidate> candidates;
    // The sum of the known sizes. For images it is an upper bound, because layers shared
    // with images that stay are counted too.
    int64_t reclaimableBytes = 0;
};

// Every container that is not running, paused, restarting or being removed: what
// POST /containers/prune removes. `containers` is the answer of GET /containers/json?all=1;
// `diskUsage` (GET /system/df) supplies SizeRw where the engine computes it.
[[nodiscard]] PrunePlan planContainerPrune(const client::Json& containers,
                                           const client::Json& diskUsage);

// Images no container uses (in any state) that are dangling (untagged), or all of them with
// `all`. `images` is GET /images/json, `containers` GET /containers/json?all=1.
[[nodiscard]] PrunePlan planImagePrune(const client::Json& images, const client::Json& containers,
                                       bool all);

// Volumes with no container using them, from /system/df's UsageData.RefCount. With
// `anonymousOnly` (Docker since API 1.42 unless all=true) only volumes that carry the
// com.docker.volume.anonymous label.
[[nodiscard]] PrunePlan planVolumePrune(const client::Json& diskUsage, bool anonymousOnly);

// Build cache records that are not in use, from /system/df's BuildCache; shared records
// only with `all`.
[[nodiscard]] PrunePlan planBuildCachePrune(const client::Json& diskUsage, bool all);

// The disk use per kind for the Engine page: total and reclaimable bytes and counts.
struct DiskUseRow {
    PruneKind kind = PruneKind::Containers;
    int count = 0;
    int active = 0; // in use: running containers, images used by a container, ...
    int64_t size = 0;
    int64_t reclaimable = 0;
};

// One row per kind, in the order images, containers, volumes, build cache, as `docker
// system df` prints them.
[[nodiscard]] std::vector<DiskUseRow> summarizeDiskUse(const client::Json& diskUsage);

} // namespace berth::studio

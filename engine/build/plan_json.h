#pragma once

// The parts of a plan's JSON that describe stored layers: for a cached step, its layer's
// size, the time it was made and its file changes; for the whole plan, the wasted bytes
// per layer and per Dockerfile line.

#include "build/layer_report.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace berth::image {
class Store;
}

namespace berth::build {

// A cached step's layer, kept while planning to compute the waste once every step is known.
struct PlannedLayer {
    std::size_t step = 0; // index into the plan's Steps
    std::size_t stage = 0;
    int line = 0; // the first line of the step's instruction
    std::vector<LayerChange> changes;
};

// The most file changes one step lists; LayerChangesTruncated says when there were more.
inline constexpr std::size_t kMaxListedChanges = 5000;

// Adds LayerSize, LastRun and, when the step made a layer, Layer.Changes to the plan entry
// of a step whose image is cached. Returns the layer with its changes, or nothing when
// the image has no layer more than its parent.
[[nodiscard]] Result<std::optional<PlannedLayer>> describeCachedStep(const image::Store& images,
                                                                     const std::string& imageId,
                                                                     const std::string& parentId,
                                                                     nlohmann::json& entry);

// Adds WastedBytes to the steps of layers and the plan's Efficiency: the total, and the
// lines whose layers hold wasted bytes, most first. Later layers of the same stage are
// the ones that can waste an earlier layer's bytes.
void addEfficiency(nlohmann::json& plan, const std::vector<PlannedLayer>& layers);

} // namespace berth::build

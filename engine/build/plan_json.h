#pragma once

// The parts of a plan's JSON that describe stored layers: for a cached step, its layer's
// size, the time it was made and its file changes; for the whole plan, the wasted bytes
// per layer, per Dockerfile line and per stage, base image layers included.

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

// The base image of a stage (its FROM image, after the image's ONBUILD triggers when they
// are cached), whose layers are the bottom of the stage's image.
struct PlannedBase {
    std::size_t step = 0; // index of the FROM step in the plan's Steps
    std::size_t stage = 0;
    int line = 0;
    std::vector<std::vector<LayerChange>> layers; // bottom-first
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

// Reads the file changes of each layer of an image, bottom-first.
[[nodiscard]] Result<std::vector<std::vector<LayerChange>>>
readImageLayers(const image::Store& images, const std::string& imageId);

// Adds the waste of each stage's whole image, its base image's layers and then its own, as
// dive counts it: the bytes of a layer that a later layer of the image overwrites or
// deletes. WastedBytes goes on each step of layers, and on the FROM step for the base's
// layers. The plan's Efficiency gets the wasted bytes, the bytes held and the score of the
// target stage's image (the one the build makes), the lines whose layers hold wasted bytes
// (most first), and the same figures per stage.
void addEfficiency(nlohmann::json& plan, const std::vector<PlannedBase>& bases,
                   const std::vector<PlannedLayer>& layers);

// Replaces the Config of each step after the first of its stage with ConfigChanges: the
// keys of Config whose value differs from the stage's step before, with null for a key
// that is gone. When Env or Labels only gain or update entries, ConfigChanges carries
// EnvSet and LabelsSet in their place: the "NAME=value" entries that are new or differ,
// each of which replaces the entry with its name or else is appended, and the labels that
// are new or differ. A plan of many steps then carries each config change once rather
// than the whole config after every step.
void keepConfigChanges(nlohmann::json& steps);

} // namespace berth::build

// describeCachedStep and addEfficiency: the layer figures of a plan.

#include "build/plan_json.h"

#include "common/time.h"
#include "image/store.h"

#include <algorithm>
#include <map>

namespace berth::build {

namespace {

nlohmann::json changesJson(const std::vector<LayerChange>& changes) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < changes.size() && i < kMaxListedChanges; ++i) {
        const LayerChange& change = changes[i];
        list.push_back({{"Path", change.path},
                        {"Kind", changeKindName(change.kind)},
                        {"Size", change.size},
                        {"Directory", change.directory}});
    }
    return list;
}

} // namespace

Result<std::optional<PlannedLayer>> describeCachedStep(const image::Store& images,
                                                       const std::string& imageId,
                                                       const std::string& parentId,
                                                       nlohmann::json& entry) {
    auto image = images.resolve(imageId);
    if (!image) {
        return std::unexpected(image.error());
    }
    entry["LastRun"] = formatRfc3339Nano(image->config.created);
    std::size_t parentLayers = 0;
    int64_t parentSize = 0;
    if (!parentId.empty()) {
        auto parent = images.resolve(parentId);
        if (!parent) {
            return std::unexpected(parent.error());
        }
        parentLayers = parent->config.diffIds.size();
        parentSize = parent->size;
    }
    entry["LayerSize"] = image->size - parentSize;
    if (image->config.diffIds.size() <= parentLayers) {
        return std::optional<PlannedLayer>();
    }

    auto dirs = images.layerDirs(*image);
    if (!dirs) {
        return std::unexpected(dirs.error());
    }
    const std::vector<std::filesystem::path> lowers(dirs->begin() + 1, dirs->end());
    auto changes = readLayerChanges(dirs->front(), lowers);
    if (!changes) {
        return std::unexpected(changes.error());
    }
    entry["Layer"] = {{"Changes", changesJson(*changes)},
                      {"ChangesTruncated", changes->size() > kMaxListedChanges}};
    PlannedLayer layer;
    layer.changes = std::move(*changes);
    return std::optional<PlannedLayer>(std::move(layer));
}

void addEfficiency(nlohmann::json& plan, const std::vector<PlannedLayer>& layers) {
    std::map<std::size_t, std::vector<const PlannedLayer*>> byStage;
    for (const PlannedLayer& layer : layers) {
        byStage[layer.stage].push_back(&layer);
    }
    int64_t total = 0;
    std::map<int, int64_t> byLine;
    for (const auto& [stage, stageLayers] : byStage) {
        std::vector<const std::vector<LayerChange>*> changes;
        for (const PlannedLayer* layer : stageLayers) {
            changes.push_back(&layer->changes);
        }
        const std::vector<int64_t> wasted = wastedBytes(changes);
        for (std::size_t i = 0; i < stageLayers.size(); ++i) {
            plan["Steps"][stageLayers[i]->step]["WastedBytes"] = wasted[i];
            total += wasted[i];
            if (wasted[i] > 0) {
                byLine[stageLayers[i]->line] += wasted[i];
            }
        }
    }
    std::vector<std::pair<int, int64_t>> lines(byLine.begin(), byLine.end());
    std::ranges::stable_sort(lines, std::greater<>(), &std::pair<int, int64_t>::second);
    nlohmann::json lineList = nlohmann::json::array();
    for (const auto& [line, bytes] : lines) {
        lineList.push_back({{"Line", line}, {"WastedBytes", bytes}});
    }
    plan["Efficiency"] = {{"WastedBytes", total}, {"Lines", lineList}};
}

} // namespace berth::build

// describeCachedStep and addEfficiency: the layer figures of a plan.

#include "build/plan_json.h"

#include "common/time.h"
#include "image/store.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

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

Result<std::vector<std::vector<LayerChange>>> readImageLayers(const image::Store& images,
                                                              const std::string& imageId) {
    auto image = images.resolve(imageId);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto dirs = images.layerDirs(*image);
    if (!dirs) {
        return std::unexpected(dirs.error());
    }
    std::vector<std::vector<LayerChange>> layers;
    // layerDirs lists the top layer first; each layer is read against those below it.
    for (std::size_t i = dirs->size(); i-- > 0;) {
        const std::vector<std::filesystem::path> lowers(dirs->begin() + long(i) + 1, dirs->end());
        auto changes = readLayerChanges((*dirs)[i], lowers);
        if (!changes) {
            return std::unexpected(changes.error());
        }
        layers.push_back(std::move(*changes));
    }
    return layers;
}

namespace {

// The bytes of the regular files and symlinks that a layer writes.
int64_t heldBytes(const std::vector<LayerChange>& changes) {
    int64_t bytes = 0;
    for (const LayerChange& change : changes) {
        if (!change.directory && change.kind != LayerChangeKind::Deleted) {
            bytes += change.size;
        }
    }
    return bytes;
}

// The waste of one stage's image: its base image's layers, then its cached layers.
struct StageWaste {
    int64_t wasted = 0;
    int64_t imageBytes = 0;
};

StageWaste addStageWaste(nlohmann::json& plan, const PlannedBase* base,
                         const std::vector<const PlannedLayer*>& stageLayers,
                         std::map<int, int64_t>& byLine) {
    std::vector<const std::vector<LayerChange>*> changes;
    if (base != nullptr) {
        for (const auto& layer : base->layers) {
            changes.push_back(&layer);
        }
    }
    const std::size_t baseCount = changes.size();
    for (const PlannedLayer* layer : stageLayers) {
        changes.push_back(&layer->changes);
    }
    const std::vector<int64_t> wasted = wastedBytes(changes);
    StageWaste stage;
    for (std::size_t i = 0; i < changes.size(); ++i) {
        stage.wasted += wasted[i];
        stage.imageBytes += heldBytes(*changes[i]);
    }
    if (base != nullptr) {
        int64_t baseWasted = 0;
        for (std::size_t i = 0; i < baseCount; ++i) {
            baseWasted += wasted[i];
        }
        plan["Steps"][base->step]["WastedBytes"] = baseWasted;
        if (baseWasted > 0) {
            byLine[base->line] += baseWasted;
        }
    }
    for (std::size_t i = 0; i < stageLayers.size(); ++i) {
        const int64_t layerWasted = wasted[baseCount + i];
        plan["Steps"][stageLayers[i]->step]["WastedBytes"] = layerWasted;
        if (layerWasted > 0) {
            byLine[stageLayers[i]->line] += layerWasted;
        }
    }
    return stage;
}

double efficiencyScore(const StageWaste& waste) {
    return waste.imageBytes > 0 ? 1.0 - double(waste.wasted) / double(waste.imageBytes) : 1.0;
}

} // namespace

void addEfficiency(nlohmann::json& plan, const std::vector<PlannedBase>& bases,
                   const std::vector<PlannedLayer>& layers) {
    std::map<std::size_t, const PlannedBase*> baseOf;
    for (const PlannedBase& base : bases) {
        baseOf[base.stage] = &base;
    }
    std::map<std::size_t, std::vector<const PlannedLayer*>> byStage;
    for (const auto& [stage, base] : baseOf) {
        byStage[stage];
    }
    for (const PlannedLayer& layer : layers) {
        byStage[layer.stage].push_back(&layer);
    }

    // The image the build makes is the target stage's, the last one planned.
    const std::size_t target =
        plan["Steps"].empty() ? 0 : plan["Steps"].back().value("Stage", std::size_t(0));
    StageWaste result;
    std::map<int, int64_t> byLine;
    nlohmann::json stages = nlohmann::json::array();
    for (const auto& [stage, stageLayers] : byStage) {
        auto found = baseOf.find(stage);
        const PlannedBase* base = found == baseOf.end() ? nullptr : found->second;
        const StageWaste waste = addStageWaste(plan, base, stageLayers, byLine);
        if (stage == target) {
            result = waste;
        }
        stages.push_back({{"Stage", stage},
                          {"WastedBytes", waste.wasted},
                          {"ImageBytes", waste.imageBytes},
                          {"Score", efficiencyScore(waste)}});
    }
    std::vector<std::pair<int, int64_t>> lines(byLine.begin(), byLine.end());
    std::ranges::stable_sort(lines, std::greater<>(), &std::pair<int, int64_t>::second);
    nlohmann::json lineList = nlohmann::json::array();
    for (const auto& [line, bytes] : lines) {
        lineList.push_back({{"Line", line}, {"WastedBytes", bytes}});
    }
    plan["Efficiency"] = {{"WastedBytes", result.wasted},
                          {"ImageBytes", result.imageBytes},
                          {"Score", efficiencyScore(result)},
                          {"Lines", lineList},
                          {"Stages", stages}};
}

namespace {

std::string envName(const std::string& entry) {
    return entry.substr(0, entry.find('='));
}

// The entries of after that are new or differ from before, when after keeps each name of
// before at its position and appends only new names.
std::optional<nlohmann::json> envUpdates(const nlohmann::json& before,
                                         const nlohmann::json& after) {
    if (!before.is_array() || !after.is_array() || after.size() < before.size()) {
        return std::nullopt;
    }
    std::set<std::string> names;
    nlohmann::json updates = nlohmann::json::array();
    for (std::size_t i = 0; i < after.size(); ++i) {
        if (!after[i].is_string() || (i < before.size() && !before[i].is_string())) {
            return std::nullopt;
        }
        const std::string entry = after[i].get<std::string>();
        const std::string name = envName(entry);
        if (!names.insert(name).second) {
            return std::nullopt; // a repeated name: replacing by name would be ambiguous
        }
        if (i < before.size()) {
            const std::string old = before[i].get<std::string>();
            if (envName(old) != name) {
                return std::nullopt;
            }
            if (old == entry) {
                continue;
            }
        }
        updates.push_back(entry);
    }
    return updates;
}

// The labels of after that are new or differ from before, when after keeps every label
// of before. Labels is null for an image without labels.
std::optional<nlohmann::json> labelUpdates(const nlohmann::json& before,
                                           const nlohmann::json& after) {
    const nlohmann::json none = nlohmann::json::object();
    const nlohmann::json& old = before.is_null() ? none : before;
    const nlohmann::json& now = after.is_null() ? none : after;
    if (!old.is_object() || !now.is_object()) {
        return std::nullopt;
    }
    for (const auto& [key, value] : old.items()) {
        if (!now.contains(key)) {
            return std::nullopt;
        }
    }
    nlohmann::json updates = nlohmann::json::object();
    for (const auto& [key, value] : now.items()) {
        auto found = old.find(key);
        if (found == old.end() || *found != value) {
            updates[key] = value;
        }
    }
    return updates;
}

nlohmann::json configChanges(const nlohmann::json& before, const nlohmann::json& after) {
    nlohmann::json changes = nlohmann::json::object();
    for (const auto& [key, value] : after.items()) {
        auto old = before.find(key);
        if (old != before.end() && *old == value) {
            continue;
        }
        if (key == "Env" && old != before.end()) {
            if (auto updates = envUpdates(*old, value)) {
                changes["EnvSet"] = std::move(*updates);
                continue;
            }
        }
        if (key == "Labels" && old != before.end()) {
            if (auto updates = labelUpdates(*old, value)) {
                changes["LabelsSet"] = std::move(*updates);
                continue;
            }
        }
        changes[key] = value;
    }
    for (const auto& [key, value] : before.items()) {
        if (!after.contains(key)) {
            changes[key] = nullptr;
        }
    }
    return changes;
}

} // namespace

void keepConfigChanges(nlohmann::json& steps) {
    std::map<std::size_t, nlohmann::json> lastConfig; // by stage
    for (nlohmann::json& step : steps) {
        auto config = step.find("Config");
        if (config == step.end()) {
            continue;
        }
        const std::size_t stage = step.value("Stage", std::size_t(0));
        nlohmann::json full = std::move(*config);
        step.erase("Config");
        auto last = lastConfig.find(stage);
        if (last == lastConfig.end()) {
            step["Config"] = full;
            lastConfig.emplace(stage, std::move(full));
            continue;
        }
        step["ConfigChanges"] = configChanges(last->second, full);
        last->second = std::move(full);
    }
}

} // namespace berth::build

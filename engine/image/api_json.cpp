#include "image/api_json.h"

#include "common/time.h"

namespace berth::image {

using nlohmann::json;

namespace {

constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;

json labelsJson(const std::map<std::string, std::string>& labels) {
    return labels.empty() ? json(nullptr) : json(labels);
}

json graphDriverJson(const std::vector<std::filesystem::path>& layerDirs) {
    json data = json::object();
    if (!layerDirs.empty()) {
        data["UpperDir"] = layerDirs.front().string();
    }
    std::string lower;
    for (size_t i = 1; i < layerDirs.size(); ++i) {
        if (!lower.empty()) {
            lower += ':';
        }
        lower += layerDirs[i].string();
    }
    if (!lower.empty()) {
        data["LowerDir"] = lower;
    }
    return {{"Name", "overlay2"}, {"Data", data}};
}

} // namespace

json imageSummaryJson(const Image& image) {
    return {
        {"Id", image.id},
        {"ParentId", image.config.parent},
        {"RepoTags", image.repoTags},
        {"RepoDigests", image.repoDigests},
        {"Created", image.config.created / kNanosecondsPerSecond},
        {"Size", image.size},
        {"SharedSize", -1},
        {"VirtualSize", image.size},
        {"Labels", labelsJson(image.config.config.labels)},
        {"Containers", -1},
    };
}

json imageInspectJson(const Image& image, const std::vector<std::filesystem::path>& layerDirs) {
    const ImageConfig& config = image.config;
    json runConfig = toJson(config.config);
    json inspect = {
        {"Id", image.id},
        {"RepoTags", image.repoTags},
        {"RepoDigests", image.repoDigests},
        {"Parent", config.parent},
        {"Comment", config.comment},
        {"Created", formatRfc3339Nano(config.created)},
        {"Container", ""},
        {"ContainerConfig", toJson(RunConfig{})},
        {"DockerVersion", config.dockerVersion},
        {"Author", config.author},
        {"Config", runConfig},
        {"Architecture", config.architecture},
        {"Os", config.os},
        {"Size", image.size},
        {"VirtualSize", image.size},
        {"GraphDriver", graphDriverJson(layerDirs)},
        {"RootFS", {{"Type", "layers"}, {"Layers", config.diffIds}}},
        {"Metadata",
         {{"LastTagTime", image.lastTagTime == 0 ? std::string(kZeroTime)
                                                 : formatRfc3339Nano(image.lastTagTime)}}},
    };
    if (!config.variant.empty()) {
        inspect["Variant"] = config.variant; // omitted when empty, as Docker does
    }
    return inspect;
}

json historyJson(const std::vector<HistoryEntry>& history) {
    json items = json::array();
    for (const auto& entry : history) {
        items.push_back({
            {"Id", entry.id},
            {"Created", entry.created},
            {"CreatedBy", entry.createdBy},
            {"Tags", entry.tags.empty() ? json(nullptr) : json(entry.tags)},
            {"Size", entry.size},
            {"Comment", entry.comment},
        });
    }
    return items;
}

} // namespace berth::image

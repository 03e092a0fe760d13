#pragma once

// Docker Engine API shapes of images (API 1.43, read by the docker CLI 28): the items of
// GET /images/json, the body of GET /images/{name}/json and the items of
// GET /images/{name}/history.

#include "image/store.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <vector>

namespace berth::image {

[[nodiscard]] nlohmann::json imageSummaryJson(const Image& image);

// layerDirs are the image's layer directories, top-most first (Store::layerDirs). They
// fill GraphDriver.Data.
[[nodiscard]] nlohmann::json imageInspectJson(const Image& image,
                                              const std::vector<std::filesystem::path>& layerDirs);

[[nodiscard]] nlohmann::json historyJson(const std::vector<HistoryEntry>& history);

} // namespace berth::image

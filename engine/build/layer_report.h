#pragma once

// What a stored layer holds, for the plan: its file changes against the layers below it,
// and the bytes that later layers overwrite or delete (dive's "wasted space"). Layers are
// read from their unpacked directories, where a deleted path is an overlay whiteout.

#include "common/error.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace berth::build {

enum class LayerChangeKind { Added, Modified, Deleted };

struct LayerChange {
    std::string path; // absolute in the image: "/srv/data.txt"
    LayerChangeKind kind = LayerChangeKind::Added;
    int64_t size = 0; // bytes of the entry in this layer; of the hidden entry when Deleted
    bool directory = false;
};

// Lists the changes of the layer at layerDir against lowers (top-most first), sorted by
// path. Layers never change once stored, so results are kept in memory by layer and
// parent, and a second call for the same layer does not walk it again.
[[nodiscard]] Result<std::vector<LayerChange>>
readLayerChanges(const std::filesystem::path& layerDir,
                 const std::vector<std::filesystem::path>& lowers);

// For each layer (bottom-first), the bytes of its regular files and symlinks that a later
// layer of the list replaces or deletes, itself or through a deleted parent directory.
[[nodiscard]] std::vector<int64_t>
wastedBytes(const std::vector<const std::vector<LayerChange>*>& layers);

[[nodiscard]] std::string_view changeKindName(LayerChangeKind kind);

} // namespace berth::build

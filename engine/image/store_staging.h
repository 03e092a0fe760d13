#pragma once

// Internal to the image store: the store's state, layers staged under <root>/tmp, and the
// steps that move staged layers and an image config into the index. Callers of the
// commit functions hold the store's mutex; staging runs without it.

#include "common/error.h"
#include "image/config.h"
#include "image/input.h"
#include "image/layer_unpacker.h"
#include "image/reference.h"
#include "image/store.h"
#include "image/store_index.h"
#include "image/tar_reader.h"

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace berth::image {

struct Store::State {
    // Guards index. Unpacking a layer runs outside it; only the final rename and the
    // index update take it.
    mutable std::mutex mutex;
    StoreIndex index;
};

// A directory under <root>/tmp that is removed unless the layer in it was committed.
class StagingDir final {
public:
    explicit StagingDir(std::filesystem::path path)
        : path_(std::move(path)) {}
    StagingDir(StagingDir&& other) noexcept
        : path_(std::exchange(other.path_, {})) {}
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;
    StagingDir& operator=(StagingDir&&) = delete;
    ~StagingDir();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

struct StagedLayer {
    StagingDir dir;
    UnpackedLayer layer;
};

// Unpacks the tar that read returns into a new staging directory, recording its tar-split.
[[nodiscard]] Result<StagedLayer> stageLayer(const std::filesystem::path& stagingRoot,
                                             ReadFunction read, TarReader::Options options);

// Moves a staged layer into the store unless a layer with its diff id is there already.
[[nodiscard]] Result<void> commitStagedLayer(StoreIndex& index, StagedLayer& staged);

// Stores json (the image config, parsed as config) under the id sha256(json) and tags it
// with references. Layers no image lists are dropped again when the config cannot be saved.
[[nodiscard]] Result<Image> commitConfig(StoreIndex& index, const std::string& json,
                                         const ImageConfig& config,
                                         const std::vector<Reference>& references);

} // namespace berth::image

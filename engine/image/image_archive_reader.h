#pragma once

// Reads an image archive for `docker load`: Docker's format (manifest.json, with layer tars
// in any folder) or an OCI image layout (index.json, blobs/sha256/), plain or compressed,
// with one or several images.
//
// The archive is unpacked into a work directory under the store's staging folder first,
// since Docker writes manifest.json after the layers it lists. Entry paths that are absolute
// or contain ".." are rejected; symlinks and hard links between archive files (older
// Docker versions link repeated layers) are followed only inside the archive, by name. Each
// config must hash to the digest it is named by, and the store checks every layer's content
// against the config's diff ids, so nothing is stored or tagged from a bad archive.

#include "common/error.h"
#include "image/input.h"
#include "image/store.h"

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace berth::image {

struct LoadedImage {
    std::string id;                // "sha256:<hex>"
    std::vector<std::string> tags; // "name:tag", as the store spells them
};

struct LoadOptions {
    std::function<void(const std::string& diffId, bool done)> layerProgress;
    const std::atomic<bool>* cancelled = nullptr;
};

[[nodiscard]] Result<std::vector<LoadedImage>> loadImageArchive(Store& store, ReadFunction read,
                                                                const LoadOptions& options);

} // namespace berth::image

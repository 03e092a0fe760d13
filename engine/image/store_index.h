#pragma once

// The store's on-disk layout and its in-memory index.
//
//   <root>/layers/<hex>/diff/        a layer unpacked, used as an overlayfs lower dir
//   <root>/layers/<hex>/layer.json   {"diffId", "size", "link"}
//   <root>/layers/<hex>/tar-split    how to write the layer's tar again (see tar_split.h)
//   <root>/l/<link>                  symlink to ../layers/<hex>/diff, 10 characters so
//                                    that overlay mount options stay under one page
//   <root>/images/<hex>.json         image config, hex = sha256 of the file
//   <root>/images/retained/<hex>.json  a force-removed image still used by a container:
//                                    invisible except by full id, keeps its layers alive
//   <root>/repositories.json         {"name:tag": {"id", "tagged"}}
//   <root>/repository-digests.json   {"name@sha256:<manifest digest>": "<image id>"}, the
//                                    manifests an image was pulled or pushed as
//   <root>/tmp/                      staging for layers being unpacked, emptied at open
//
// A layer appears by rename from tmp/, after a syncfs, so a layer directory is always
// complete. Files are written with fs::writeFileAtomic. Loading drops what a crash can leave
// half done: staging dirs, layers no image uses, dangling links, tags of missing images.

#include "common/error.h"
#include "image/config.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace berth::image {

inline constexpr const char* kTarSplitFile = "tar-split";

struct LayerRecord {
    int64_t size = 0;
    std::string link; // name under <root>/l
};

struct ImageRecord {
    ImageConfig config;
    bool retained = false;
};

struct TagRecord {
    std::string imageId;
    int64_t tagged = 0; // nanoseconds since the epoch
};

struct StoreIndex {
    std::filesystem::path root;
    std::map<std::string, LayerRecord> layers;  // by diff id "sha256:<hex>"
    std::map<std::string, ImageRecord> images;  // by image id "sha256:<hex>"
    std::map<std::string, TagRecord> tags;      // by "name:tag"
    std::map<std::string, std::string> digests; // image id by "name@sha256:<manifest hex>"

    [[nodiscard]] std::filesystem::path layerDir(const std::string& diffId) const;
    [[nodiscard]] std::filesystem::path linkPath(const std::string& link) const;
    [[nodiscard]] std::filesystem::path imagePath(const std::string& imageId, bool retained) const;
    [[nodiscard]] std::filesystem::path stagingDir() const { return root / "tmp"; }

    // Creates the folders, removes crash leftovers and reads everything back.
    [[nodiscard]] static Result<StoreIndex> load(const std::filesystem::path& root);

    [[nodiscard]] Result<void> saveTags() const;
    [[nodiscard]] Result<void> saveDigests() const;
    [[nodiscard]] Result<void> saveImage(const std::string& imageId, const std::string& json,
                                         bool retained) const;
    [[nodiscard]] Result<void> deleteImageFile(const std::string& imageId, bool retained) const;

    // Writes layer.json and the short link for a layer staged in staging (which holds
    // diff/), then renames it into place. Returns the record.
    [[nodiscard]] Result<LayerRecord> commitLayer(const std::filesystem::path& staging,
                                                  const std::string& diffId, int64_t size);

    // Removes layers that no image, retained ones included, lists. Returns their diff ids.
    [[nodiscard]] std::vector<std::string> collectLayers();
};

// The hex part of "sha256:<hex>".
[[nodiscard]] std::string hexOf(const std::string& id);

} // namespace berth::image

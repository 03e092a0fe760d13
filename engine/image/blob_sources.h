#pragma once

// Where the blobs of each layer are known to be on registries: for a diff id, the blobs
// (digest, media type, size) that a pull fetched or a push sent, and the registry and
// repository that stores each. Push reads it to skip a blob the target repository has under
// another digest (a compressed one it was pulled as) and to mount a blob from another
// repository of the same registry instead of uploading it.
//
// Kept in one JSON file under the store's root, replaced atomically. Entries are hints:
// each is checked against the registry before it is used, so one that went stale (the
// registry deleted the blob, the layer left the store) costs one request.

#include "common/error.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace berth::image {

struct BlobSource {
    std::string digest;
    std::string mediaType;
    int64_t size = 0;
    std::string registry;   // "127.0.0.1:5000"
    std::string repository; // "team/app"
};

class BlobSources final {
public:
    explicit BlobSources(std::filesystem::path file)
        : file_(std::move(file)) {}

    // Records that source stores a blob of layer diffId, newest first; a few per layer.
    [[nodiscard]] Result<void> record(const std::string& diffId, const BlobSource& source) const;

    // The recorded blobs of layer diffId on registry, newest first.
    [[nodiscard]] std::vector<BlobSource> find(const std::string& diffId,
                                               const std::string& registry) const;

private:
    std::filesystem::path file_;
};

} // namespace berth::image

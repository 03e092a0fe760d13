#pragma once

// Blobs that pulls download, kept by digest under <store root>/downloads until the image
// they belong to is stored. A blob that arrived whole and matched its digest stays there
// as <hex> when the pull fails later, so the next pull of it does not download it again.
// A blob cut off midway stays as <hex>.partial, and the next pull requests the rest
// from the registry with a ranged GET. It hashes the bytes it has first, so the final digest check
// still covers the whole blob. Files untouched for a week are removed.
//
// Two pulls that need the same blob take turns on it through a lock on its .partial file.

#include "common/error.h"
#include "image/image_transfer.h"
#include "image/registry_client.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace berth::image {

class BlobCache final {
public:
    explicit BlobCache(std::filesystem::path dir)
        : dir_(std::move(dir)) {}

    // Creates the directory and removes files of pulls abandoned long ago.
    [[nodiscard]] Result<void> prepare();

    // Returns the path of blob digest, verified against its digest and size (size < 0 when
    // unknown), downloading what is missing of it through client. Reports Downloading,
    // Verifying Checksum and Download complete through request.progress.
    [[nodiscard]] Result<std::filesystem::path> fetch(RegistryClient& client,
                                                      const std::string& digest, int64_t size,
                                                      const TransferRequest& request);

    // Removes the verified copy of digest, once its layer is in the store.
    void remove(const std::string& digest) const;

    [[nodiscard]] std::filesystem::path pathOf(const std::string& digest) const {
        return dir_ / digest.substr(digest.find(':') + 1);
    }

private:
    std::filesystem::path dir_;
};

} // namespace berth::image

#pragma once

// Blobs that pulls download, kept by digest under <store root>/downloads until the image
// they belong to is stored. A blob that arrived whole and matched its digest stays there
// as <hex> when the pull fails later, so the next pull of it does not download it again.
// A blob cut off midway stays as <hex>.partial, and the next pull requests the rest
// from the registry with a ranged GET. It hashes the bytes it has first, so the final digest check
// still covers the whole blob. Files untouched for a week are removed.
//
// Two pulls that need the same blob take turns on it through a lock on its .partial file.
// Each pull also holds a shared lock on the directory while its BlobCache lives, so that
// prune can tell whether any pull may still want a verified blob.

#include "common/error.h"
#include "common/unique_fd.h"
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

    // Creates the directory, takes the shared lock of a running pull on it, and removes
    // files of pulls abandoned long ago.
    [[nodiscard]] Result<void> prepare();

    // Removes the files under dir that no pull is using: every .partial file whose lock is
    // free, and the verified blobs too when no pull is running. Returns the bytes removed.
    [[nodiscard]] static Result<int64_t> removeUnused(const std::filesystem::path& dir);

    // The bytes the files under dir take, for docker system df.
    [[nodiscard]] static int64_t diskUsage(const std::filesystem::path& dir);

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
    UniqueFd pullLock_; // the shared lock on dir_, held from prepare() on
};

} // namespace berth::image

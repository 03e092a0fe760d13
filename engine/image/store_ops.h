#pragma once

// Queries and updates on the store index shared by the Store methods. Every caller holds
// the store's mutex, and nothing here locks.

#include "common/error.h"
#include "image/store.h"
#include "image/store_index.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

[[nodiscard]] std::unexpected<Error> noSuchImage(std::string_view shown);

// Docker's chain ids: the first layer's diff id, then sha256("<chain> <diff id>").
[[nodiscard]] std::vector<std::string> chainIds(const std::vector<std::string>& diffIds);

class StoreOps final {
public:
    using UsedBy = std::function<std::optional<std::string>(const std::string& imageId)>;

    explicit StoreOps(StoreIndex& index)
        : index_(index) {}

    [[nodiscard]] std::vector<std::string> tagsOf(const std::string& imageId) const;
    [[nodiscard]] std::vector<std::string> digestsOf(const std::string& imageId) const;
    [[nodiscard]] Image makeImage(const std::string& id) const;
    [[nodiscard]] bool visible(const std::string& id) const;

    // Finds an image id from a reference, an id or an id prefix (see Store::resolve).
    [[nodiscard]] Result<std::string> findId(std::string_view text) const;

    [[nodiscard]] bool hasChildren(const std::string& id) const;

    // Points name at imageId and saves the tags. On failure the old mapping stays.
    [[nodiscard]] Result<void> setTag(const std::string& name, const std::string& imageId);

    // Points digest reference "name@sha256:..." at imageId and saves the digests.
    [[nodiscard]] Result<void> setDigest(const std::string& reference, const std::string& imageId);

    // Removes tag or digest reference name (nothing when it is not set), saves the tags or
    // digests and records the removal.
    [[nodiscard]] Result<void> untag(const std::string& name, std::vector<RemovedEntry>& records);

    // Store::remove, with Docker's rules (daemon/images/image_delete.go).
    [[nodiscard]] Result<std::vector<RemovedEntry>> remove(std::string_view reference, bool force,
                                                           const UsedBy& usedBy);

private:
    [[nodiscard]] Result<std::string> findPrefix(std::string_view hex,
                                                 const std::string& shown) const;
    // Docker's isSingleReference: at most one tag, and every digest reference in the
    // repository of that tag (or all in one repository when there is no tag).
    [[nodiscard]] bool singleRepository(const std::string& id) const;
    [[nodiscard]] Result<void> untagAll(const std::string& id, std::vector<RemovedEntry>& records);
    // Removes the digest references of repository once no tag of it points at id, as
    // Docker does when the repository's last tag of an image goes.
    [[nodiscard]] Result<void> untagOrphanDigests(const std::string& id,
                                                  const std::string& repository,
                                                  std::vector<RemovedEntry>& records);
    [[nodiscard]] Result<void> deleteImage(const std::string& id, bool force, const UsedBy& usedBy,
                                           std::vector<RemovedEntry>& records);
    void pruneParents(std::string parent, const UsedBy& usedBy, std::vector<RemovedEntry>& records);
    void dropUnusedRetained(const UsedBy& usedBy);

    StoreIndex& index_;
};

} // namespace berth::image

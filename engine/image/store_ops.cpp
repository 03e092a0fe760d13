#include "image/store_ops.h"

#include "common/log.h"
#include "common/sha256.h"
#include "common/time.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace berth::image {

namespace {

bool isHexText(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    });
}

std::string shortId(const std::string& id) {
    return hexOf(id).substr(0, 12);
}

bool isDigestReference(std::string_view reference) {
    return reference.find('@') != std::string_view::npos;
}

// The repository of a "name:tag" or "name@digest" the store has normalised.
std::string repositoryOf(const std::string& reference) {
    auto parsed = parseReference(reference);
    return parsed ? parsed->name : reference;
}

} // namespace

std::unexpected<Error> noSuchImage(std::string_view shown) {
    return fail(ErrorKind::NotFound, fmt::format("No such image: {}", shown));
}

std::vector<std::string> chainIds(const std::vector<std::string>& diffIds) {
    std::vector<std::string> chain;
    for (const auto& diffId : diffIds) {
        chain.push_back(chain.empty() ? diffId
                                      : "sha256:" + sha256Hex(chain.back() + " " + diffId));
    }
    return chain;
}

std::vector<std::string> StoreOps::tagsOf(const std::string& imageId) const {
    std::vector<std::string> tags;
    for (const auto& [name, tag] : index_.tags) {
        if (tag.imageId == imageId) {
            tags.push_back(name);
        }
    }
    return tags;
}

std::vector<std::string> StoreOps::digestsOf(const std::string& imageId) const {
    std::vector<std::string> digests;
    for (const auto& [reference, id] : index_.digests) {
        if (id == imageId) {
            digests.push_back(reference);
        }
    }
    return digests;
}

Image StoreOps::makeImage(const std::string& id) const {
    const ImageRecord& record = index_.images.at(id);
    Image image{id, record.config, tagsOf(id), digestsOf(id), 0, 0};
    for (const auto& diffId : record.config.diffIds) {
        auto layer = index_.layers.find(diffId);
        image.size += layer != index_.layers.end() ? layer->second.size : 0;
    }
    for (const auto& name : image.repoTags) {
        image.lastTagTime = std::max(image.lastTagTime, index_.tags.at(name).tagged);
    }
    return image;
}

bool StoreOps::visible(const std::string& id) const {
    auto it = index_.images.find(id);
    return it != index_.images.end() && !it->second.retained;
}

Result<std::string> StoreOps::findId(std::string_view text) const {
    std::string_view hex = text;
    bool prefixed = hex.starts_with("sha256:");
    if (prefixed) {
        hex.remove_prefix(7);
    }
    if (hex.size() == 64 && isHexText(hex)) {
        std::string id = "sha256:" + std::string(hex);
        if (index_.images.contains(id)) {
            return id;
        }
        return noSuchImage(text);
    }
    // Docker looks for a tag first and then for an id prefix, and names the missing image
    // in its normalised form ("busybox:latest").
    std::string shown(text);
    if (!prefixed) {
        auto reference = parseReference(text);
        if (reference && !reference->digest.empty()) {
            // "name:tag@digest" finds the image by its digest, as Docker ignores the tag.
            reference->tag.clear();
            auto digest = index_.digests.find(reference->str());
            if (digest != index_.digests.end()) {
                return digest->second;
            }
            return noSuchImage(reference->str());
        }
        if (reference) {
            shown = reference->str();
            auto tag = index_.tags.find(shown);
            if (tag != index_.tags.end()) {
                return tag->second.imageId;
            }
        }
    }
    if (!isHexText(hex)) {
        return noSuchImage(shown);
    }
    return findPrefix(hex, shown);
}

Result<std::string> StoreOps::findPrefix(std::string_view hex, const std::string& shown) const {
    std::string found;
    int matches = 0;
    for (const auto& [id, record] : index_.images) {
        if (!record.retained && hexOf(id).starts_with(hex)) {
            found = id;
            ++matches;
        }
    }
    if (matches == 0) {
        return noSuchImage(shown);
    }
    if (matches > 1) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("image id prefix {} is ambiguous: it matches {} images; give "
                                "more digits",
                                hex, matches));
    }
    return found;
}

bool StoreOps::hasChildren(const std::string& id) const {
    return std::ranges::any_of(index_.images, [&](const auto& entry) {
        return !entry.second.retained && entry.second.config.parent == id;
    });
}

Result<void> StoreOps::setTag(const std::string& name, const std::string& imageId) {
    std::optional<TagRecord> previous;
    if (auto it = index_.tags.find(name); it != index_.tags.end()) {
        previous = it->second;
    }
    index_.tags[name] = TagRecord{imageId, nowNanoseconds()};
    auto saved = index_.saveTags();
    if (!saved) {
        if (previous) {
            index_.tags[name] = *previous;
        } else {
            index_.tags.erase(name);
        }
    }
    return saved;
}

Result<void> StoreOps::setDigest(const std::string& reference, const std::string& imageId) {
    std::optional<std::string> previous;
    if (auto it = index_.digests.find(reference); it != index_.digests.end()) {
        previous = it->second;
    }
    index_.digests[reference] = imageId;
    auto saved = index_.saveDigests();
    if (!saved) {
        if (previous) {
            index_.digests[reference] = *previous;
        } else {
            index_.digests.erase(reference);
        }
    }
    return saved;
}

Result<void> StoreOps::untag(const std::string& name, std::vector<RemovedEntry>& records) {
    if (isDigestReference(name)) {
        auto digest = index_.digests.find(name);
        if (digest == index_.digests.end()) {
            return {};
        }
        std::string previous = digest->second;
        index_.digests.erase(digest);
        auto saved = index_.saveDigests();
        if (!saved) {
            index_.digests[name] = previous;
            return saved;
        }
        records.push_back(RemovedEntry{name, ""});
        return {};
    }
    auto it = index_.tags.find(name);
    if (it == index_.tags.end()) {
        return {};
    }
    TagRecord previous = it->second;
    index_.tags.erase(it);
    auto saved = index_.saveTags();
    if (!saved) {
        index_.tags[name] = previous;
        return saved;
    }
    records.push_back(RemovedEntry{name, ""});
    return {};
}

Result<std::vector<RemovedEntry>> StoreOps::remove(std::string_view reference, bool force,
                                                   const UsedBy& usedBy) {
    dropUnusedRetained(usedBy);
    auto id = findId(reference);
    if (!id) {
        return std::unexpected(id.error());
    }
    if (!visible(*id)) {
        return noSuchImage(reference);
    }
    std::string_view hex = reference;
    if (hex.starts_with("sha256:")) {
        hex.remove_prefix(7);
    }
    bool byId = isHexText(hex) && hexOf(*id).starts_with(hex);
    std::vector<RemovedEntry> records;
    size_t references = tagsOf(*id).size() + digestsOf(*id).size();

    if (!byId) {
        // A tag or digest reference was named: it goes first, and the image only when no
        // reference is left.
        Reference named = parseReference(reference).value_or(Reference{});
        if (!named.digest.empty()) {
            named.tag.clear();
        }
        std::string name = named.str();
        if (singleRepository(*id) && !force) {
            if (auto container = usedBy(*id)) {
                return fail(ErrorKind::Conflict,
                            fmt::format("conflict: unable to remove repository reference \"{}\" "
                                        "(must force) - container {} is using its referenced "
                                        "image {}",
                                        reference, shortId(*container), shortId(*id)));
            }
        }
        auto untagged = untag(name, records);
        if (!untagged) {
            return std::unexpected(untagged.error());
        }
        if (!isDigestReference(name)) {
            if (auto cleared = untagOrphanDigests(*id, repositoryOf(name), records); !cleared) {
                return std::unexpected(cleared.error());
            }
        }
        if (!tagsOf(*id).empty() || !digestsOf(*id).empty() || hasChildren(*id)) {
            return records;
        }
    } else if (references == 0 || singleRepository(*id)) {
        // An id with the references of one repository and at most one tag: they go with
        // the image, unless something else stops the removal first.
        if (hasChildren(*id)) {
            return fail(ErrorKind::Conflict,
                        fmt::format("conflict: unable to delete {} (cannot be forced) - image "
                                    "has dependent child images",
                                    shortId(*id)));
        }
        if (!force) {
            if (auto container = usedBy(*id)) {
                return fail(ErrorKind::Conflict,
                            fmt::format("conflict: unable to delete {} (must be forced) - image "
                                        "is being used by container {}",
                                        shortId(*id), shortId(*container)));
            }
        }
        if (auto untagged = untagAll(*id, records); !untagged) {
            return std::unexpected(untagged.error());
        }
    }
    auto deleted = deleteImage(*id, force, usedBy, records);
    if (!deleted) {
        return std::unexpected(deleted.error());
    }
    return records;
}

bool StoreOps::singleRepository(const std::string& id) const {
    std::vector<std::string> tags = tagsOf(id);
    std::vector<std::string> digests = digestsOf(id);
    if (tags.size() > 1) {
        return false;
    }
    std::set<std::string> repositories;
    for (const auto& reference : digests) {
        repositories.insert(repositoryOf(reference));
    }
    if (tags.empty()) {
        return repositories.size() <= 1;
    }
    return repositories.empty() ||
           (repositories.size() == 1 && repositories.contains(repositoryOf(tags.front())));
}

Result<void> StoreOps::untagAll(const std::string& id, std::vector<RemovedEntry>& records) {
    std::vector<std::string> references = tagsOf(id);
    std::ranges::copy(digestsOf(id), std::back_inserter(references));
    for (const auto& name : references) {
        if (auto untagged = untag(name, records); !untagged) {
            return untagged;
        }
    }
    return {};
}

Result<void> StoreOps::untagOrphanDigests(const std::string& id, const std::string& repository,
                                          std::vector<RemovedEntry>& records) {
    std::vector<std::string> tags = tagsOf(id);
    if (std::ranges::any_of(tags,
                            [&](const auto& tag) { return repositoryOf(tag) == repository; })) {
        return {};
    }
    for (const auto& reference : digestsOf(id)) {
        if (repositoryOf(reference) != repository) {
            continue;
        }
        if (auto untagged = untag(reference, records); !untagged) {
            return untagged;
        }
    }
    return {};
}

Result<void> StoreOps::deleteImage(const std::string& id, bool force, const UsedBy& usedBy,
                                   std::vector<RemovedEntry>& records) {
    if (hasChildren(id)) {
        return fail(ErrorKind::Conflict,
                    fmt::format("conflict: unable to delete {} (cannot be forced) - image has "
                                "dependent child images",
                                shortId(id)));
    }
    std::optional<std::string> container = usedBy(id);
    if (!force && (!tagsOf(id).empty() || !digestsOf(id).empty())) {
        return fail(ErrorKind::Conflict,
                    fmt::format("conflict: unable to delete {} (must be forced) - image is "
                                "referenced in multiple repositories",
                                shortId(id)));
    }
    if (!force && container) {
        return fail(ErrorKind::Conflict,
                    fmt::format("conflict: unable to delete {} (must be forced) - image is "
                                "being used by container {}",
                                shortId(id), shortId(*container)));
    }
    if (auto untagged = untagAll(id, records); !untagged) {
        return untagged;
    }

    ImageRecord& record = index_.images.at(id);
    std::vector<std::string> diffIds = record.config.diffIds;
    std::string parent = record.config.parent;
    if (container) {
        // The container still mounts these layers: keep the config aside so they stay.
        std::error_code ec;
        std::filesystem::rename(index_.imagePath(id, false), index_.imagePath(id, true), ec);
        if (ec) {
            return fail(ErrorKind::System,
                        fmt::format("move image {} aside: {}", id, ec.message()));
        }
        record.retained = true;
    } else {
        auto removed = index_.deleteImageFile(id, false);
        if (!removed) {
            return removed;
        }
        index_.images.erase(id);
    }
    records.push_back(RemovedEntry{"", id});
    log::info("image store: deleted image {}", id);

    pruneParents(parent, usedBy, records);
    std::vector<std::string> removedLayers = index_.collectLayers();
    std::vector<std::string> chain = chainIds(diffIds);
    for (size_t i = diffIds.size(); i-- > 0;) {
        if (std::ranges::find(removedLayers, diffIds[i]) != removedLayers.end()) {
            records.push_back(RemovedEntry{"", chain[i]});
        }
    }
    return {};
}

// Docker's default prune: parents left without tags, children or containers go too.
void StoreOps::pruneParents(std::string parent, const UsedBy& usedBy,
                            std::vector<RemovedEntry>& records) {
    while (!parent.empty() && visible(parent) && tagsOf(parent).empty() &&
           digestsOf(parent).empty() && !hasChildren(parent) && !usedBy(parent)) {
        std::string next = index_.images.at(parent).config.parent;
        auto removed = index_.deleteImageFile(parent, false);
        if (!removed) {
            log::warning("image store: cannot prune parent image: {}", removed.error().message);
            return;
        }
        index_.images.erase(parent);
        records.push_back(RemovedEntry{"", parent});
        parent = next;
    }
}

void StoreOps::dropUnusedRetained(const UsedBy& usedBy) {
    for (auto it = index_.images.begin(); it != index_.images.end();) {
        if (!it->second.retained || usedBy(it->first)) {
            ++it;
            continue;
        }
        auto removed = index_.deleteImageFile(it->first, true);
        if (!removed) {
            log::warning("image store: {}", removed.error().message);
            ++it;
            continue;
        }
        it = index_.images.erase(it);
    }
    (void)index_.collectLayers();
}

} // namespace berth::image

// POST /images/prune: removes unused images, as `docker image prune` asks for them. With
// filters {"dangling": ["true"]} (the CLI's default) only untagged images go; with "false"
// (`-a`) every image that no container uses. As in Docker, only images that are no other
// image's parent are candidates; the store removes their untagged parents with them, and
// prune runs again until nothing more goes. Blobs of cancelled pulls that no pull is
// resuming go too (see BlobCache::removeUnused).

#include "api/error_status.h"
#include "api/filters.h"
#include "api/routes.h"
#include "common/log.h"
#include "common/time.h"
#include "container/events.h"
#include "container/manager.h"
#include "image/blob_cache.h"
#include "image/store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <set>

namespace berth::api {

void addImagePruneRoutes(Router& router, ApiContext& context);

namespace {

using nlohmann::json;

struct PruneFilters {
    bool danglingOnly = true;
    std::optional<int64_t> until; // nanoseconds; only images created before it
    std::vector<std::string> labels;
    std::vector<std::string> notLabels;
};

std::optional<int64_t> parseUntil(const std::string& text) {
    if (auto time = parseRfc3339(text)) {
        return time;
    }
    try {
        size_t used = 0;
        long double seconds = std::stold(text, &used);
        if (used == text.size()) {
            return int64_t(seconds * 1'000'000'000.0L);
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

Result<PruneFilters> decodePruneFilters(const Filters& filters) {
    PruneFilters decoded;
    for (const auto& [key, values] : filters) {
        if (key != "dangling" && key != "until" && key != "label" && key != "label!") {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid filter '{}'", key));
        }
        for (const auto& value : values) {
            if (key == "dangling") {
                if (value != "true" && value != "false" && value != "1" && value != "0") {
                    return fail(ErrorKind::InvalidArgument,
                                fmt::format("invalid filter 'dangling={}'", value));
                }
                decoded.danglingOnly = value == "true" || value == "1";
            } else if (key == "until") {
                decoded.until = parseUntil(value);
                if (!decoded.until) {
                    return fail(ErrorKind::InvalidArgument,
                                fmt::format("invalid filter 'until={}'", value));
                }
            } else if (key == "label") {
                decoded.labels.push_back(value);
            } else {
                decoded.notLabels.push_back(value);
            }
        }
    }
    return decoded;
}

bool isCandidate(const image::Image& image, const PruneFilters& filters,
                 const std::set<std::string>& parents, const std::set<std::string>& used) {
    if (parents.contains(image.id) || used.contains(image.id)) {
        return false;
    }
    if (filters.danglingOnly && !image.repoTags.empty()) {
        return false;
    }
    if (filters.until && image.config.created >= *filters.until) {
        return false;
    }
    const auto& labels = image.config.config.labels;
    if (!filters.labels.empty() && !labelsMatch(filters.labels, labels)) {
        return false;
    }
    for (const auto& label : filters.notLabels) {
        if (labelsMatch({label}, labels)) {
            return false;
        }
    }
    return true;
}

void publishImageEvent(ApiContext& context, const std::string& action, const std::string& id,
                       std::map<std::string, std::string> attributes) {
    container::Event event;
    event.type = "image";
    event.action = action;
    event.actorId = id;
    event.attributes = std::move(attributes);
    context.events->publish(std::move(event));
}

// Removes the current candidates, appending the removed references and images to deleted
// and their bytes to reclaimed. Returns whether any image was deleted.
bool pruneRound(ApiContext& context, const PruneFilters& filters, json& deleted,
                int64_t& reclaimed) {
    std::vector<image::Image> images = context.images->list();
    std::set<std::string> parents;
    for (const auto& image : images) {
        if (!image.config.parent.empty()) {
            parents.insert(image.config.parent);
        }
    }
    std::set<std::string> used;
    for (const auto& container : context.containers->list()) {
        used.insert(container.imageId);
    }
    auto usedBy = [&context](const std::string& imageId) {
        return context.containers->containerUsingImage(imageId);
    };

    bool removedAny = false;
    for (const auto& image : images) {
        if (!isCandidate(image, filters, parents, used)) {
            continue;
        }
        // A tagged image (with -a) goes reference by reference, as Docker removes it.
        std::vector<std::string> references = image.repoTags;
        references.insert(references.end(), image.repoDigests.begin(), image.repoDigests.end());
        if (references.empty()) {
            references.push_back(image.id);
        }
        for (const auto& reference : references) {
            auto removed = context.images->remove(reference, false, usedBy);
            if (!removed && removed.error().kind == ErrorKind::NotFound) {
                continue; // a digest reference that went with the last tag of its repository
            }
            if (!removed) {
                log::warning("image prune kept {}: {}", reference, removed.error().message);
                break;
            }
            for (const auto& entry : *removed) {
                if (!entry.untagged.empty()) {
                    deleted.push_back({{"Untagged", entry.untagged}});
                    publishImageEvent(context, "untag", image.id, {{"name", entry.untagged}});
                }
                if (!entry.deleted.empty()) {
                    removedAny = true;
                    deleted.push_back({{"Deleted", entry.deleted}});
                    publishImageEvent(context, "delete", entry.deleted, {{"name", entry.deleted}});
                    if (entry.deleted == image.id) {
                        reclaimed += image.size;
                    }
                }
            }
        }
    }
    return removedAny;
}

void pruneImages(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    auto decoded = decodePruneFilters(*filters);
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    json deleted = json::array();
    int64_t reclaimed = 0;
    // Removing a child makes its parent a candidate, so prune goes on until a round removes
    // nothing, and one run leaves no unused image behind, as with Docker.
    while (pruneRound(context, *decoded, deleted, reclaimed)) {
    }
    // Downloads that no pull is using belong to no image, so any prune without a label
    // filter (which they cannot match) removes them.
    if (decoded->labels.empty()) {
        auto downloads = image::BlobCache::removeUnused(context.images->root() / "downloads");
        if (downloads) {
            reclaimed += *downloads;
        } else {
            log::warning("image prune kept downloads: {}", downloads.error().message);
        }
    }
    publishImageEvent(context, "prune", "", {{"reclaimed", std::to_string(reclaimed)}});
    response.sendJson(200, {{"ImagesDeleted", deleted.empty() ? json(nullptr) : deleted},
                            {"SpaceReclaimed", reclaimed}});
}

} // namespace

void addImagePruneRoutes(Router& router, ApiContext& context) {
    router.add("POST", "/images/prune", [&context](Request& request, ResponseWriter& response) {
        pruneImages(context, request, response);
    });
}

} // namespace berth::api

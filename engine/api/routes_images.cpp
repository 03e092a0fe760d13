// Image routes: import and pull (POST /images/create), list, inspect, tag, remove, history.
// Prune is in routes_image_prune.cpp.

#include "api/error_status.h"
#include "api/filters.h"
#include "api/image_import.h"
#include "api/routes.h"
#include "common/log.h"
#include "common/time.h"
#include "container/events.h"
#include "container/manager.h"
#include "image/api_json.h"
#include "image/reference.h"
#include "image/store.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

namespace berth::api {

void addImagePruneRoutes(Router& router, ApiContext& context);

using nlohmann::json;

namespace {

void publishImageEvent(ApiContext& context, const std::string& action, const std::string& id,
                       const std::string& name) {
    container::Event event;
    event.type = "image";
    event.action = action;
    event.actorId = id;
    event.attributes["name"] = name;
    context.events->publish(std::move(event));
}

Result<image::ImportOptions> importOptions(const Request& request) {
    image::ImportOptions options;
    std::string repo = request.queryValue("repo").value_or("");
    std::string tag = request.queryValue("tag").value_or("");
    if (!repo.empty()) {
        auto reference = image::parseRepoTag(repo, tag);
        if (!reference) {
            return std::unexpected(reference.error());
        }
        options.reference = *reference;
    }
    options.changes = request.queryValues("changes");
    options.message = request.queryValue("message").value_or("");
    if (auto platform = request.queryValue("platform"); platform && !platform->empty()) {
        options.platformOs = platform->substr(0, platform->find('/'));
    }
    return options;
}

void drainBody(Request& request) {
    char scratch[65536];
    while (true) {
        auto n = request.body->read(scratch, sizeof scratch);
        if (!n || *n == 0) {
            return;
        }
    }
}

void createImage(ApiContext& context, Request& request, ResponseWriter& response) {
    if (auto from = request.queryValue("fromImage"); from && !from->empty()) {
        drainBody(request);
        pullImage(context, request, response);
        return;
    }
    std::string source = request.queryValue("fromSrc").value_or("");
    if (source.empty()) {
        drainBody(request);
        sendError(response,
                  Error{ErrorKind::InvalidArgument, "either fromSrc or fromImage must be given"});
        return;
    }
    auto options = importOptions(request);
    if (!options) {
        drainBody(request);
        sendError(response, options.error());
        return;
    }
    // Without a message, the image's comment and its one history entry name the source as
    // the request gave it ("-" for the request body), as Docker's image router does.
    if (options->message.empty()) {
        options->message = "Imported from " + source;
    }
    auto imported = source == "-" ? importFromBody(*context.images, *request.body, *options)
                                  : importFromUrl(*context.images, source, *options);
    if (!imported) {
        drainBody(request);
        sendError(response, imported.error());
        return;
    }
    std::string name = options->reference ? options->reference->str() : "";
    publishImageEvent(context, "import", imported->id, name);
    if (!name.empty()) {
        publishImageEvent(context, "tag", imported->id, name);
    }
    if (!response.beginStream(200, "application/json")) {
        return;
    }
    if (response.writeChunk(json{{"status", imported->id}}.dump() + "\r\n")) {
        (void)response.endStream();
    }
}

// Docker's reference filter: a glob with path.Match rules (fnmatch with FNM_PATHNAME) over
// the familiar "name:tag" or over the name alone.
bool referenceMatches(const std::vector<std::string>& patterns, const std::string& repoTag) {
    size_t slash = repoTag.rfind('/');
    size_t colon = repoTag.rfind(':');
    bool hasTag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    std::string name = hasTag ? repoTag.substr(0, colon) : repoTag;
    for (const std::string& pattern : patterns) {
        if (::fnmatch(pattern.c_str(), repoTag.c_str(), FNM_PATHNAME) == 0 ||
            ::fnmatch(pattern.c_str(), name.c_str(), FNM_PATHNAME) == 0) {
            return true;
        }
    }
    return false;
}

// Applies the reference, dangling and label filters as Docker's image list does: with a
// reference filter an image shows only its matching tags, and untagged images are left out.
Result<std::vector<image::Image>> filterImages(std::vector<image::Image> images,
                                               const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (key != "reference" && key != "dangling" && key != "label") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid filter '{}': this engine filters images by "
                                    "reference, dangling and label",
                                    key));
        }
    }
    std::optional<bool> dangling;
    if (auto it = filters.find("dangling"); it != filters.end() && !it->second.empty()) {
        const std::string& value = it->second.front();
        if (value != "true" && value != "1" && value != "false" && value != "0") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid filter 'dangling={}': use true or false", value));
        }
        dangling = value == "true" || value == "1";
    }
    std::vector<image::Image> kept;
    for (image::Image& image : images) {
        if (dangling && image.repoTags.empty() != *dangling) {
            continue;
        }
        if (auto it = filters.find("label");
            it != filters.end() && !labelsMatch(it->second, image.config.config.labels)) {
            continue;
        }
        if (auto it = filters.find("reference"); it != filters.end()) {
            std::erase_if(image.repoTags, [&](const std::string& repoTag) {
                return !referenceMatches(it->second, repoTag);
            });
            if (image.repoTags.empty()) {
                continue;
            }
        }
        kept.push_back(std::move(image));
    }
    return kept;
}

void listImages(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    std::vector<image::Image> all = context.images->list();
    std::set<std::string> parents;
    for (const auto& image : all) {
        parents.insert(image.config.parent);
    }
    auto images = filterImages(std::move(all), *filters);
    if (!images) {
        sendError(response, images.error());
        return;
    }
    // Like Docker, hide the untagged intermediate images of builds unless all=1 is asked.
    bool showIntermediate = request.queryBool("all");
    json list = json::array();
    for (const auto& image : *images) {
        if (!showIntermediate && image.repoTags.empty() && parents.contains(image.id)) {
            continue;
        }
        list.push_back(image::imageSummaryJson(image));
    }
    response.sendJson(200, list);
}

void inspectImage(ApiContext& context, Request& request, ResponseWriter& response) {
    auto image = context.images->resolve(request.param("name"));
    if (!image) {
        sendError(response, image.error());
        return;
    }
    auto layerDirs = context.images->layerDirs(*image);
    if (!layerDirs) {
        sendError(response, layerDirs.error());
        return;
    }
    response.sendJson(200, image::imageInspectJson(*image, *layerDirs));
}

void tagImage(ApiContext& context, Request& request, ResponseWriter& response) {
    auto reference = image::parseRepoTag(request.queryValue("repo").value_or(""),
                                         request.queryValue("tag").value_or(""));
    if (!reference) {
        sendError(response, reference.error());
        return;
    }
    auto image = context.images->resolve(request.param("name"));
    if (!image) {
        sendError(response, image.error());
        return;
    }
    if (auto tagged = context.images->tag(image->id, *reference); !tagged) {
        sendError(response, tagged.error());
        return;
    }
    publishImageEvent(context, "tag", image->id, reference->str());
    response.sendEmpty(201);
}

// The effect of "rmi -f" on an image that a running container uses. Docker rejects a
// removal by id ("cannot be forced"), and for the image's last tag it only removes the tag.
enum class ForcedRemoval { Remove, UntagOnly };

Result<ForcedRemoval> forcedRemoval(ApiContext& context, const std::string& name) {
    auto image = context.images->resolve(name);
    if (!image) {
        return ForcedRemoval::Remove; // the store reports the missing image in Docker's wording
    }
    auto containers = context.containers->list();
    auto running = std::ranges::find_if(containers, [&](const auto& container) {
        return container.imageId == image->id && container.state.running();
    });
    if (running == containers.end()) {
        return ForcedRemoval::Remove;
    }
    bool byId = image->id.starts_with(name) || image->id.starts_with("sha256:" + name);
    if (!byId) {
        return image->repoTags.size() == 1 ? ForcedRemoval::UntagOnly : ForcedRemoval::Remove;
    }
    return fail(ErrorKind::Conflict,
                fmt::format("conflict: unable to delete {} (cannot be forced) - image is being "
                            "used by running container {}",
                            image->id.substr(7, 12), running->id.substr(0, 12)));
}

void removeImage(ApiContext& context, Request& request, ResponseWriter& response) {
    const std::string& name = request.param("name");
    bool force = request.queryBool("force");
    auto usedBy = [&context](const std::string& imageId) {
        return context.containers->containerUsingImage(imageId);
    };
    auto mode = force ? forcedRemoval(context, name) : ForcedRemoval::Remove;
    if (!mode) {
        sendError(response, mode.error());
        return;
    }
    auto removed = *mode == ForcedRemoval::UntagOnly ? context.images->untag(name)
                                                     : context.images->remove(name, force, usedBy);
    if (!removed) {
        sendError(response, removed.error());
        return;
    }
    json list = json::array();
    for (const auto& entry : *removed) {
        if (!entry.untagged.empty()) {
            list.push_back({{"Untagged", entry.untagged}});
            publishImageEvent(context, "untag", entry.untagged, entry.untagged);
        }
        if (!entry.deleted.empty()) {
            list.push_back({{"Deleted", entry.deleted}});
            log::info("image {} deleted", entry.deleted.substr(7, 12));
            publishImageEvent(context, "delete", entry.deleted, entry.deleted);
        }
    }
    response.sendJson(200, list);
}

void imageHistory(ApiContext& context, Request& request, ResponseWriter& response) {
    auto history = context.images->history(request.param("name"));
    if (!history) {
        sendError(response, history.error());
        return;
    }
    response.sendJson(200, image::historyJson(*history));
}

} // namespace

void addImageRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            handler(context, request, response);
        };
    };
    addImagePruneRoutes(router, context);
    router.add("POST", "/images/create", bind(createImage));
    router.add("GET", "/images/json", bind(listImages));
    router.add("GET", "/images/{name*}/json", bind(inspectImage));
    router.add("GET", "/images/{name*}/history", bind(imageHistory));
    router.add("POST", "/images/{name*}/tag", bind(tagImage));
    router.add("DELETE", "/images/{name*}", bind(removeImage));
}

} // namespace berth::api

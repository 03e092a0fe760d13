// Image routes: import (POST /images/create), list, inspect, tag, remove, history.

#include "api/error_status.h"
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
#include <nlohmann/json.hpp>

namespace berth::api {

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
        std::string tag = request.queryValue("tag").value_or("");
        std::string name = tag.empty() ? *from : *from + ":" + tag;
        sendError(response,
                  Error{ErrorKind::NotFound,
                        fmt::format("pull access denied for {}: this engine does not pull from "
                                    "registries; import the image with \"docker import\"",
                                    name)});
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

void listImages(ApiContext& context, Request&, ResponseWriter& response) {
    json list = json::array();
    for (const auto& image : context.images->list()) {
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

void removeImage(ApiContext& context, Request& request, ResponseWriter& response) {
    auto usedBy = [&context](const std::string& imageId) {
        return context.containers->containerUsingImage(imageId);
    };
    auto removed =
        context.images->remove(request.param("name"), request.queryBool("force"), usedBy);
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
    router.add("POST", "/images/create", bind(createImage));
    router.add("GET", "/images/json", bind(listImages));
    router.add("GET", "/images/{name*}/json", bind(inspectImage));
    router.add("GET", "/images/{name*}/history", bind(imageHistory));
    router.add("POST", "/images/{name*}/tag", bind(tagImage));
    router.add("DELETE", "/images/{name*}", bind(removeImage));
}

} // namespace berth::api

// Volume routes: create, list, inspect, remove, prune, and GET /system/df, whose main
// work is the volumes' disk usage.

#include "api/container_json.h"
#include "api/error_status.h"
#include "api/filters.h"
#include "api/routes.h"
#include "api/volume_json.h"
#include "common/log.h"
#include "common/time.h"
#include "container/manager.h"
#include "image/api_json.h"
#include "image/blob_cache.h"
#include "image/store.h"
#include "volume/store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace berth::api {

using nlohmann::json;

namespace {

Result<std::map<std::string, std::string>> stringMapField(const json& body, const char* name) {
    std::map<std::string, std::string> map;
    if (!body.contains(name) || body[name].is_null()) {
        return map;
    }
    const json& value = body[name];
    if (!value.is_object()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{} must be a JSON object", name));
    }
    for (const auto& [key, item] : value.items()) {
        if (!item.is_string()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{}.{} must be a string", name, key));
        }
        map[key] = item.get<std::string>();
    }
    return map;
}

Result<volume::CreateOptions> decodeCreateBody(std::string_view text) {
    json body = text.empty() ? json::object() : json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return fail(ErrorKind::InvalidArgument, "invalid JSON in the request body");
    }
    volume::CreateOptions options;
    if (body.contains("Name") && !body["Name"].is_null()) {
        if (!body["Name"].is_string()) {
            return fail(ErrorKind::InvalidArgument, "Name must be a string");
        }
        options.name = body["Name"].get<std::string>();
    }
    if (body.contains("Driver") && body["Driver"].is_string()) {
        options.driver = body["Driver"].get<std::string>();
    }
    auto labels = stringMapField(body, "Labels");
    if (!labels) {
        return std::unexpected(labels.error());
    }
    auto driverOptions = stringMapField(body, "DriverOpts");
    if (!driverOptions) {
        return std::unexpected(driverOptions.error());
    }
    options.labels = std::move(*labels);
    options.options = std::move(*driverOptions);
    return options;
}

void createVolume(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = request.body->readAll();
    if (!body) {
        sendError(response, body.error());
        return;
    }
    auto options = decodeCreateBody(*body);
    if (!options) {
        sendError(response, options.error());
        return;
    }
    auto created = context.volumes->create(*options);
    if (!created) {
        sendError(response, created.error());
        return;
    }
    response.sendJson(201, volumeJson(created->first));
}

void listVolumes(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    if (auto valid = validateVolumeListFilters(*filters); !valid) {
        sendError(response, valid.error());
        return;
    }
    bool needsUsers = filters->contains("dangling");
    json volumes = json::array();
    for (const auto& volume : context.volumes->list()) {
        bool inUse = needsUsers && !context.volumes->usersOf(volume.name).empty();
        if (volumeMatches(volume, inUse, *filters)) {
            volumes.push_back(volumeJson(volume));
        }
    }
    response.sendJson(200, {{"Volumes", volumes}, {"Warnings", json::array()}});
}

void inspectVolume(ApiContext& context, Request& request, ResponseWriter& response) {
    auto volume = context.volumes->get(request.param("name"));
    if (!volume) {
        sendError(response, volume.error());
        return;
    }
    response.sendJson(200, volumeJson(*volume));
}

void removeVolume(ApiContext& context, Request& request, ResponseWriter& response) {
    auto removed = context.volumes->remove(request.param("name"), request.queryBool("force"));
    if (!removed) {
        sendError(response, removed.error());
        return;
    }
    response.sendEmpty(204);
}

void pruneVolumes(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    if (auto valid = validateVolumePruneFilters(*filters); !valid) {
        sendError(response, valid.error());
        return;
    }
    json deleted = json::array();
    int64_t reclaimed = 0;
    for (const auto& volume : context.volumes->list()) {
        if (!volumePrunable(volume, *filters) || !context.volumes->usersOf(volume.name).empty()) {
            continue;
        }
        int64_t size = context.volumes->diskUsage(volume).value_or(0);
        if (auto removed = context.volumes->remove(volume.name, false); !removed) {
            log::warning("volume prune kept {}: {}", volume.name, removed.error().message);
            continue;
        }
        deleted.push_back(volume.name);
        reclaimed += size;
    }
    response.sendJson(200, {{"VolumesDeleted", deleted}, {"SpaceReclaimed", reclaimed}});
}

struct ImageDiskUsage {
    json images = json::array();
    int64_t layersSize = 0;
};

// The image part of docker system df. Images that share a layer share its directory, so
// LayersSize counts each stored layer once, and an image's SharedSize is the size of its
// layers that another listed image also lists. The docker CLI subtracts Size - SharedSize of
// each image in use from LayersSize to show the reclaimable bytes. LayersSize also counts
// the blobs that cancelled pulls left under <store>/downloads, which image prune removes,
// so the CLI shows them in its Images line and as reclaimable.
ImageDiskUsage imageDiskUsage(const image::Store& store,
                              const std::vector<container::Container>& containers) {
    std::vector<image::Image> images = store.list();
    std::map<std::string, int64_t> layerSizes = store.layerSizes();

    std::map<std::string, int> imagesListing; // diff id -> how many listed images use it
    for (const auto& image : images) {
        std::set<std::string> layers(image.config.diffIds.begin(), image.config.diffIds.end());
        for (const std::string& diffId : layers) {
            ++imagesListing[diffId];
        }
    }

    ImageDiskUsage usage;
    for (const auto& [diffId, size] : layerSizes) {
        usage.layersSize += size;
    }
    usage.layersSize += image::BlobCache::diskUsage(store.root() / "downloads");
    for (const auto& image : images) {
        std::set<std::string> layers(image.config.diffIds.begin(), image.config.diffIds.end());
        int64_t shared = 0;
        for (const std::string& diffId : layers) {
            auto size = layerSizes.find(diffId);
            if (size != layerSizes.end() && imagesListing[diffId] > 1) {
                shared += size->second;
            }
        }
        json summary = image::imageSummaryJson(image);
        summary["SharedSize"] = shared;
        summary["Containers"] =
            std::ranges::count_if(containers, [&](const auto& c) { return c.imageId == image.id; });
        usage.images.push_back(std::move(summary));
    }
    return usage;
}

// docker system df: images with their shared bytes and the number of containers using
// each, containers, volumes with UsageData, and an empty build cache.
void diskUsage(ApiContext& context, Request&, ResponseWriter& response) {
    std::vector<container::Container> containers =
        context.containers ? context.containers->list() : std::vector<container::Container>{};
    ImageDiskUsage images;
    if (context.images) {
        images = imageDiskUsage(*context.images, containers);
    }
    int64_t now = nowNanoseconds();
    json containerList = json::array();
    for (const auto& c : containers) {
        containerList.push_back(listEntryJson(c, now));
    }
    json volumes = json::array();
    for (const auto& volume : context.volumes->list()) {
        VolumeUsage usage;
        usage.size = context.volumes->diskUsage(volume).value_or(-1);
        usage.refCount = int64_t(context.volumes->usersOf(volume.name).size());
        volumes.push_back(volumeJson(volume, usage));
    }
    response.sendJson(200, {{"LayersSize", images.layersSize},
                            {"Images", std::move(images.images)},
                            {"Containers", containerList},
                            {"Volumes", volumes},
                            {"BuildCache", json::array()}});
}

} // namespace

void addVolumeRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            if (!context.volumes) {
                sendError(response, Error{ErrorKind::Unsupported, "volumes are not enabled"});
                return;
            }
            handler(context, request, response);
        };
    };
    router.add("POST", "/volumes/create", bind(createVolume));
    router.add("GET", "/volumes", bind(listVolumes));
    router.add("POST", "/volumes/prune", bind(pruneVolumes));
    router.add("GET", "/volumes/{name}", bind(inspectVolume));
    router.add("DELETE", "/volumes/{name}", bind(removeVolume));
    router.add("GET", "/system/df", bind(diskUsage));
}

} // namespace berth::api

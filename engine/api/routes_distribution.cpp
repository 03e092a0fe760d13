// Moving images and container files out and in as archives: docker save (GET /images/get,
// /images/{name}/get), docker load (POST /images/load) and docker export
// (GET /containers/{id}/export).

#include "api/error_status.h"
#include "api/routes.h"
#include "common/log.h"
#include "container/events.h"
#include "container/manager.h"
#include "image/image_archive_reader.h"
#include "image/image_archive_writer.h"
#include "image/reference.h"
#include "image/store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <vector>

namespace berth::api {

using nlohmann::json;

namespace {

constexpr std::string_view kTarType = "application/x-tar";
// Archive bytes are gathered into chunks of this size before they go to the socket.
constexpr size_t kChunkSize = 256 * 1024;

// Sends a tar produced by write as a chunked response that starts with its first bytes,
// so an error found before any output is still a plain error response.
void sendTarStream(
    ResponseWriter& response, std::string_view what,
    const std::function<Result<void>(const std::function<Result<void>(std::string_view)>&)>&
        write) {
    std::string pending;
    auto sink = [&](std::string_view bytes) -> Result<void> {
        if (!response.responded()) {
            if (auto begun = response.beginStream(200, kTarType); !begun) {
                return begun;
            }
        }
        pending.append(bytes);
        if (pending.size() < kChunkSize) {
            return {};
        }
        auto written = response.writeChunk(pending);
        pending.clear();
        return written;
    };
    auto written = write(sink);
    if (!written) {
        if (!response.responded()) {
            sendError(response, written.error());
            return;
        }
        // Ending the stream without its last chunk shows the client the tar is incomplete.
        log::warning("{} ended early: {}", what, written.error().message);
        return;
    }
    if (!response.responded()) {
        if (auto begun = response.beginStream(200, kTarType); !begun) {
            return;
        }
    }
    if (response.writeChunk(pending)) {
        (void)response.endStream();
    }
}

// The tags a name given to docker save selects: the tag it names, every tag of the
// repository when it names no tag, none when it is an image id.
std::vector<std::string> selectedTags(const std::string& name, const image::Image& image) {
    auto reference = image::parseReference(name);
    if (!reference || !reference->digest.empty()) {
        return {};
    }
    if (std::ranges::find(image.repoTags, reference->str()) == image.repoTags.end()) {
        return {}; // an id or id prefix that happens to parse as a name
    }
    size_t slash = name.rfind('/');
    size_t colon = name.rfind(':');
    bool hasTag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
    if (hasTag) {
        return {reference->str()};
    }
    std::vector<std::string> tags;
    for (const std::string& tag : image.repoTags) {
        if (tag.starts_with(reference->name + ":")) {
            tags.push_back(tag);
        }
    }
    return tags;
}

void saveImages(ApiContext& context, const std::vector<std::string>& names,
                ResponseWriter& response) {
    if (names.empty()) {
        sendError(response, Error{ErrorKind::InvalidArgument, "no image names were given"});
        return;
    }
    std::vector<image::SavedImage> images;
    for (const std::string& name : names) {
        auto image = context.images->resolve(name);
        if (!image) {
            sendError(response, image.error());
            return;
        }
        images.push_back(image::SavedImage{image->id, selectedTags(name, *image)});
    }
    sendTarStream(response, "image save", [&](const auto& sink) {
        return image::writeImageArchive(*context.images, images, sink);
    });
}

void saveNamedImages(ApiContext& context, Request& request, ResponseWriter& response) {
    saveImages(context, request.queryValues("names"), response);
}

void saveOneImage(ApiContext& context, Request& request, ResponseWriter& response) {
    saveImages(context, {request.param("name")}, response);
}

void drainBody(Request& request) {
    char scratch[65536];
    while (request.body != nullptr) {
        auto n = request.body->read(scratch, sizeof scratch);
        if (!n || *n == 0) {
            return;
        }
    }
}

void publishImageEvent(ApiContext& context, const std::string& action, const std::string& id,
                       const std::string& name) {
    container::Event event;
    event.type = "image";
    event.action = action;
    event.actorId = id;
    event.attributes["name"] = name;
    context.events->publish(std::move(event));
}

// docker load. Without quiet, a "Loading layer" line per layer goes out as it is unpacked,
// so a failure after that point is reported inside the stream, as Docker does.
void loadImages(ApiContext& context, Request& request, ResponseWriter& response) {
    bool quiet = request.queryBool("quiet");
    BodyReader* body = request.body;
    image::ReadFunction read = [body](std::span<char> buffer) -> Result<size_t> {
        if (body == nullptr) {
            return size_t(0);
        }
        return body->read(buffer.data(), buffer.size());
    };
    image::LoadOptions options;
    if (!quiet) {
        options.layerProgress = [&response](const std::string& diffId, bool done) {
            if (!response.responded() && !response.beginStream(200, "application/json")) {
                return;
            }
            json line = {{"status", done ? "Loaded layer" : "Loading layer"},
                         {"progressDetail", json::object()},
                         {"id", diffId.substr(7, 12)}};
            (void)response.writeChunk(line.dump() + "\r\n");
        };
    }
    auto loaded = image::loadImageArchive(*context.images, read, options);
    if (!loaded) {
        drainBody(request);
        if (!response.responded()) {
            sendError(response, loaded.error());
            return;
        }
        json line = {{"errorDetail", {{"message", loaded.error().message}}},
                     {"error", loaded.error().message}};
        if (response.writeChunk(line.dump() + "\r\n")) {
            (void)response.endStream();
        }
        return;
    }
    if (!response.responded() && !response.beginStream(200, "application/json")) {
        return;
    }
    for (const image::LoadedImage& image : *loaded) {
        std::vector<std::string> lines;
        for (const std::string& tag : image.tags) {
            lines.push_back("Loaded image: " + tag);
            publishImageEvent(context, "tag", image.id, tag);
        }
        if (image.tags.empty()) {
            lines.push_back("Loaded image ID: " + image.id);
        }
        publishImageEvent(context, "load", image.id, image.id);
        for (const std::string& text : lines) {
            if (!response.writeChunk(json{{"stream", text + "\n"}}.dump() + "\r\n")) {
                return;
            }
        }
    }
    (void)response.endStream();
}

void exportContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    const std::string& id = request.param("id");
    sendTarStream(response, fmt::format("export of container {}", id),
                  [&](const auto& sink) { return context.containers->exportFilesystem(id, sink); });
}

} // namespace

void addDistributionRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            handler(context, request, response);
        };
    };
    router.add("GET", "/images/get", bind(saveNamedImages));
    router.add("GET", "/images/{name*}/get", bind(saveOneImage));
    router.add("POST", "/images/load", bind(loadImages));
    router.add("GET", "/containers/{id}/export", bind(exportContainer));
}

} // namespace berth::api

// /containers/{id}/archive: docker cp. HEAD returns a path's stat in the
// X-Docker-Container-Path-Stat header, GET sends the path as a tar stream, PUT extracts a
// tar into a directory.

#include "api/error_status.h"
#include "api/routes.h"
#include "common/log.h"
#include "container/manager.h"

#include <span>
#include <string>

namespace berth::api {

namespace {

constexpr std::string_view kPathStatHeader = "X-Docker-Container-Path-Stat";
constexpr std::string_view kTarType = "application/x-tar";
// Tar bytes are gathered into chunks of this size before they go to the socket.
constexpr size_t kChunkSize = 256 * 1024;

Result<std::string> requiredPath(const Request& request) {
    auto path = request.queryValue("path");
    if (!path || path->empty()) {
        return fail(ErrorKind::InvalidArgument, "Path cannot be empty");
    }
    return *path;
}

void statPath(ApiContext& context, Request& request, ResponseWriter& response) {
    auto path = requiredPath(request);
    if (!path) {
        sendError(response, path.error());
        return;
    }
    auto stat = context.containers->statPath(request.param("id"), *path);
    if (!stat) {
        sendError(response, stat.error());
        return;
    }
    response.setHeader(kPathStatHeader, container::encodePathStatHeader(*stat));
    response.sendEmpty(200);
}

void getArchive(ApiContext& context, Request& request, ResponseWriter& response) {
    auto path = requiredPath(request);
    if (!path) {
        sendError(response, path.error());
        return;
    }
    std::string pending;
    auto begin = [&](const container::PathStat& stat) -> Result<void> {
        response.setHeader(kPathStatHeader, container::encodePathStatHeader(stat));
        return response.beginStream(200, kTarType);
    };
    auto sink = [&](std::string_view bytes) -> Result<void> {
        pending.append(bytes);
        if (pending.size() < kChunkSize) {
            return {};
        }
        auto written = response.writeChunk(pending);
        pending.clear();
        return written;
    };
    auto archived = context.containers->archivePath(request.param("id"), *path, begin, sink);
    if (!archived) {
        // Once the stream has begun, ending it without its last chunk shows the client
        // that the archive is incomplete.
        if (!response.responded()) {
            sendError(response, archived.error());
            return;
        }
        log::warning("copy {} from container {} ended early: {}", *path, request.param("id"),
                     archived.error().message);
        return;
    }
    if (response.writeChunk(pending)) {
        (void)response.endStream();
    }
}

void putArchive(ApiContext& context, Request& request, ResponseWriter& response) {
    auto path = requiredPath(request);
    if (!path) {
        sendError(response, path.error());
        return;
    }
    container::ExtractOptions options;
    options.noOverwriteDirNonDir = request.queryBool("noOverwriteDirNonDir");
    options.copyUidGid = request.queryBool("copyUIDGID");
    BodyReader* body = request.body;
    image::ReadFunction read = [body](std::span<char> buffer) -> Result<size_t> {
        if (body == nullptr) {
            return size_t(0);
        }
        return body->read(buffer.data(), buffer.size());
    };
    auto extracted =
        context.containers->extractToDirectory(request.param("id"), *path, options, read);
    if (!extracted) {
        sendError(response, extracted.error());
        return;
    }
    response.sendEmpty(200);
}

} // namespace

void addArchiveRoutes(Router& router, ApiContext& context) {
    // HEAD first: the router would otherwise serve HEAD with the GET handler.
    router.add("HEAD", "/containers/{id}/archive",
               [&context](Request& request, ResponseWriter& response) {
                   statPath(context, request, response);
               });
    router.add("GET", "/containers/{id}/archive",
               [&context](Request& request, ResponseWriter& response) {
                   getArchive(context, request, response);
               });
    router.add("PUT", "/containers/{id}/archive",
               [&context](Request& request, ResponseWriter& response) {
                   putArchive(context, request, response);
               });
}

} // namespace berth::api

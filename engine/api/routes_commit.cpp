// Routes that read a container's filesystem changes: GET /containers/{id}/changes
// (docker diff) and POST /commit (docker commit).

#include "api/error_status.h"
#include "api/routes.h"
#include "container/manager.h"
#include "image/overlay_changes.h"
#include "image/reference.h"
#include "image/store.h"

#include <nlohmann/json.hpp>

namespace berth::api {

using nlohmann::json;

namespace {

void containerChanges(ApiContext& context, Request& request, ResponseWriter& response) {
    auto changes = context.containers->changes(request.param("id"));
    if (!changes) {
        sendError(response, changes.error());
        return;
    }
    json list = json::array();
    for (const auto& change : *changes) {
        list.push_back({{"Path", change.path}, {"Kind", int(change.kind)}});
    }
    response.sendJson(200, list);
}

Result<container::CommitOptions> commitOptions(const Request& request) {
    container::CommitOptions options;
    std::string repo = request.queryValue("repo").value_or("");
    if (!repo.empty()) {
        auto reference = image::parseRepoTag(repo, request.queryValue("tag").value_or(""));
        if (!reference) {
            return std::unexpected(reference.error());
        }
        options.reference = std::move(*reference);
    }
    options.comment = request.queryValue("comment").value_or("");
    options.author = request.queryValue("author").value_or("");
    options.changes = request.queryValues("changes");
    options.pause = request.queryBool("pause", true);
    return options;
}

void commitContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    // NOTE: a container config in the body is read and ignored. The docker CLI sends none,
    // so the configuration comes from the container and the "changes" parameters only.
    if (auto body = request.body->readAll(); !body) {
        sendError(response, body.error());
        return;
    }
    std::string container = request.queryValue("container").value_or("");
    if (container.empty()) {
        sendError(response,
                  Error{ErrorKind::InvalidArgument, "the container parameter is required"});
        return;
    }
    auto options = commitOptions(request);
    if (!options) {
        sendError(response, options.error());
        return;
    }
    auto image = context.containers->commit(container, *options);
    if (!image) {
        sendError(response, image.error());
        return;
    }
    response.sendJson(201, {{"Id", image->id}});
}

} // namespace

void addCommitRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            handler(context, request, response);
        };
    };
    router.add("GET", "/containers/{id}/changes", bind(containerChanges));
    router.add("POST", "/commit", bind(commitContainer));
}

} // namespace berth::api

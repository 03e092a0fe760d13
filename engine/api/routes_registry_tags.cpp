// Berth's GET /berth/registry/tags: the tags of a repository on its registry, for the
// studio's pull dialog. The Engine API has no such call, so Docker and Podman lack it.

#include "api/error_status.h"
#include "api/routes.h"
#include "image/reference.h"
#include "image/registry_client.h"
#include "image/registry_tags.h"

#include <nlohmann/json.hpp>

namespace berth::api {

namespace {

// reference names the repository ("127.0.0.1:5000/team/app", a tag or digest is ignored);
// X-Registry-Auth carries credentials as for a pull.
void listTags(Request& request, ResponseWriter& response) {
    auto reference = image::parseReference(request.queryValue("reference").value_or(""));
    if (!reference) {
        sendError(response, reference.error());
        return;
    }
    auto credentials = image::decodeRegistryAuth(request.header("x-registry-auth"));
    if (!credentials) {
        sendError(response, credentials.error());
        return;
    }
    image::RegistryClient client(image::locateRepository(reference->name), std::move(*credentials),
                                 false);
    auto tags = image::listRepositoryTags(client);
    if (!tags) {
        sendError(response, tags.error());
        return;
    }
    response.sendJson(200, {{"Name", reference->name}, {"Tags", *tags}});
}

} // namespace

void addRegistryTagRoutes(Router& router, ApiContext&) {
    router.add("GET", "/berth/registry/tags", listTags);
}

} // namespace berth::api

// Container routes: create, list, inspect, start, stop, kill, restart, wait, remove, resize,
// pause, unpause, update.
// Attach and logs stream bytes and live in routes_container_streams.cpp.

#include "api/container_filters.h"
#include "api/container_json.h"
#include "api/error_status.h"
#include "api/filters.h"
#include "api/routes.h"
#include "common/time.h"
#include "container/manager.h"
#include "container/processes.h"
#include "image/platform.h"
#include "image/store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>

namespace berth::api {

using nlohmann::json;

void addContainerStreamRoutes(Router& router, ApiContext& context);
void addContainerStatsRoutes(Router& router, ApiContext& context);

namespace {

std::optional<int> queryInt(const Request& request, std::string_view name) {
    auto value = request.queryValue(name);
    if (!value || value->empty()) {
        return std::nullopt;
    }
    int number = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc() || end != value->data() + value->size()) {
        return std::nullopt;
    }
    return number;
}

// The warning for a container whose image is built for another platform than the host's.
std::optional<std::string> platformWarning(ApiContext& context, const std::string& containerId) {
    auto container = context.containers->inspect(containerId);
    auto image = container ? context.images->resolve(container->imageId)
                           : Result<image::Image>(std::unexpected(container.error()));
    if (!image) {
        return std::nullopt;
    }
    return image::platformMismatchWarning(image->config);
}

void createContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = request.body->readAll();
    if (!body) {
        sendError(response, body.error());
        return;
    }
    auto parsed = json::parse(*body, nullptr, false);
    if (parsed.is_discarded()) {
        sendError(response, Error{ErrorKind::InvalidArgument, "invalid JSON in the request body"});
        return;
    }
    auto decoded = container::decodeCreateRequest(parsed);
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    auto created = context.containers->create(*decoded, request.queryValue("name").value_or(""));
    if (!created) {
        sendError(response, created.error());
        return;
    }
    std::vector<std::string> warnings = std::move(created->warnings);
    if (request.queryValue("platform").value_or("").empty()) {
        if (auto warning = platformWarning(context, created->id)) {
            warnings.push_back(std::move(*warning));
        }
    }
    response.sendJson(201, {{"Id", created->id}, {"Warnings", warnings}});
}

bool matchesFilters(const container::Container& c, const Filters& filters) {
    for (const auto& [key, values] : filters) {
        bool any = values.empty();
        for (const auto& value : values) {
            if (key == "name") {
                any = any || c.name.find(value.starts_with("/") ? value.substr(1) : value) !=
                                 std::string::npos;
            } else if (key == "id") {
                any = any || c.id.starts_with(value);
            } else if (key == "status") {
                any = any || container::statusName(c.state.status) == value;
            } else if (key == "ancestor") {
                any = any || c.config.image == value || c.imageId == value ||
                      c.imageId == "sha256:" + value;
            } else if (key == "exited") {
                any = any || (c.state.status == container::Status::Exited &&
                              std::to_string(c.state.exitCode) == value);
            } else if (key == "label") {
                any = any || labelsMatch({value}, c.config.labels);
            } else if (key == "network") {
                any = any || onNetwork(c, value);
            } else if (key == "publish" || key == "expose") {
                any = true; // one condition for both keys, checked below
            } else {
                any = true; // filters this engine does not know are ignored
            }
        }
        if (key == "label") {
            any = labelsMatch(values, c.config.labels);
        }
        if (!any) {
            return false;
        }
    }
    const auto valuesOf = [&filters](const std::string& key) {
        const auto found = filters.find(key);
        return found == filters.end() ? std::vector<std::string>() : found->second;
    };
    return matchesPortFilters(c, valuesOf("publish"), valuesOf("expose"));
}

void listContainers(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    for (std::string_view key : {"publish", "expose"}) {
        auto values = filters->find(std::string(key));
        if (values == filters->end()) {
            continue;
        }
        for (const auto& value : values->second) {
            if (auto checked = checkPortFilter(key, value); !checked) {
                sendError(response, checked.error());
                return;
            }
        }
    }
    bool all = request.queryBool("all");
    int limit = queryInt(request, "limit").value_or(-1);
    if (limit > 0) {
        all = true;
    }
    // A status filter other than running implies all, as in Docker.
    if (filters->contains("status") || filters->contains("exited")) {
        all = true;
    }
    int64_t now = nowNanoseconds();
    json list = json::array();
    for (const auto& c : context.containers->list()) {
        if (!all && !c.state.running()) {
            continue;
        }
        if (!matchesFilters(c, *filters)) {
            continue;
        }
        if (limit > 0 && int(list.size()) >= limit) {
            break;
        }
        list.push_back(listEntryJson(c, now));
    }
    response.sendJson(200, list);
}

void inspectContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto c = context.containers->inspect(request.param("id"));
    if (!c) {
        sendError(response, c.error());
        return;
    }
    response.sendJson(200, inspectJson(*c));
}

void startContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto started = context.containers->start(request.param("id"));
    if (!started) {
        sendError(response, started.error());
        return;
    }
    response.sendEmpty(*started ? 204 : 304);
}

void stopContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto stopped = context.containers->stop(request.param("id"), queryInt(request, "t"),
                                            request.queryValue("signal").value_or(""));
    if (!stopped) {
        sendError(response, stopped.error());
        return;
    }
    response.sendEmpty(*stopped ? 204 : 304);
}

void killContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto killed = context.containers->kill(request.param("id"),
                                           request.queryValue("signal").value_or("KILL"));
    if (!killed) {
        sendError(response, killed.error());
        return;
    }
    response.sendEmpty(204);
}

void restartContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto restarted = context.containers->restart(request.param("id"), queryInt(request, "t"));
    if (!restarted) {
        sendError(response, restarted.error());
        return;
    }
    response.sendEmpty(204);
}

Result<container::WaitCondition> waitCondition(const Request& request) {
    std::string condition = request.queryValue("condition").value_or("not-running");
    if (condition.empty() || condition == "not-running") {
        return container::WaitCondition::NotRunning;
    }
    if (condition == "next-exit") {
        return container::WaitCondition::NextExit;
    }
    if (condition == "removed") {
        return container::WaitCondition::Removed;
    }
    return fail(
        ErrorKind::InvalidArgument,
        fmt::format("invalid condition: \"{}\"; use not-running, next-exit or removed", condition));
}

// The headers go out at once (the CLI waits for them before it starts the container); the
// body follows when the condition is met.
void waitContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto condition = waitCondition(request);
    if (!condition) {
        sendError(response, condition.error());
        return;
    }
    if (auto c = context.containers->inspect(request.param("id")); !c) {
        sendError(response, c.error());
        return;
    }
    if (!response.beginStream(200, "application/json")) {
        return;
    }
    auto state = context.containers->wait(request.param("id"), *condition,
                                          [&response] { return response.clientGone(); });
    json body;
    if (state) {
        body = {{"StatusCode", state->exitCode}, {"Error", nullptr}};
    } else {
        body = {{"StatusCode", -1}, {"Error", {{"Message", state.error().message}}}};
    }
    if (response.writeChunk(body.dump() + "\n")) {
        (void)response.endStream();
    }
}

void removeContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    if (request.queryBool("link")) {
        sendError(response, Error{ErrorKind::Unsupported, "removing links is not supported"});
        return;
    }
    auto removed = context.containers->remove(request.param("id"), request.queryBool("force"),
                                              request.queryBool("v"));
    if (!removed) {
        sendError(response, removed.error());
        return;
    }
    response.sendEmpty(204);
}

// ps -ef's columns for the processes in the container's pid namespace; ps_args is ignored.
void topContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto c = context.containers->inspect(request.param("id"));
    if (!c) {
        sendError(response, c.error());
        return;
    }
    if (!c->state.running()) {
        sendError(response,
                  Error{ErrorKind::Conflict, fmt::format("Container {} is not running", c->id)});
        return;
    }
    auto rows = container::listNamespaceProcesses(c->state.pid);
    if (!rows) {
        sendError(response, rows.error().context("list container processes"));
        return;
    }
    json processes = json::array();
    for (const auto& row : *rows) {
        processes.push_back({row.user, std::to_string(row.pid), std::to_string(row.parentPid), "0",
                             row.startTime, row.tty, row.cpuTime, row.command});
    }
    response.sendJson(200, {{"Titles", {"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"}},
                            {"Processes", processes}});
}

void renameContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto renamed =
        context.containers->rename(request.param("id"), request.queryValue("name").value_or(""));
    if (!renamed) {
        sendError(response, renamed.error());
        return;
    }
    response.sendEmpty(204);
}

// Removes every container that is not running and matches the label and until filters.
void pruneContainers(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    std::optional<int64_t> until;
    if (auto it = filters->find("until"); it != filters->end() && !it->second.empty()) {
        until = parseRfc3339(it->second.front());
        if (!until) {
            try {
                until = int64_t(std::stold(it->second.front()) * 1'000'000'000.0L);
            } catch (const std::exception&) {
                sendError(response, Error{ErrorKind::InvalidArgument,
                                          "invalid filter 'until=" + it->second.front() + "'"});
                return;
            }
        }
    }
    json deleted = json::array();
    for (const auto& c : context.containers->list()) {
        if (c.state.running() || c.state.status == container::Status::Restarting) {
            continue;
        }
        if (filters->contains("label") && !labelsMatch(filters->at("label"), c.config.labels)) {
            continue;
        }
        if (until && c.created > *until) {
            continue;
        }
        if (auto removed = context.containers->remove(c.id, false); removed) {
            deleted.push_back(c.id);
        }
    }
    response.sendJson(200, {{"ContainersDeleted", deleted}, {"SpaceReclaimed", 0}});
}

void pauseContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    if (auto paused = context.containers->pause(request.param("id")); !paused) {
        sendError(response, paused.error());
        return;
    }
    response.sendEmpty(204);
}

void unpauseContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    if (auto unpaused = context.containers->unpause(request.param("id")); !unpaused) {
        sendError(response, unpaused.error());
        return;
    }
    response.sendEmpty(204);
}

void updateContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = request.body->readAll();
    if (!body) {
        sendError(response, body.error());
        return;
    }
    auto parsed = json::parse(body->empty() ? std::string("{}") : *body, nullptr, false);
    if (parsed.is_discarded()) {
        sendError(response, Error{ErrorKind::InvalidArgument, "invalid JSON in the request body"});
        return;
    }
    auto decoded = container::decodeUpdateRequest(parsed);
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    if (auto updated = context.containers->update(request.param("id"), *decoded); !updated) {
        sendError(response, updated.error());
        return;
    }
    response.sendJson(200, {{"Warnings", json::array()}});
}

void resizeContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto height = queryInt(request, "h");
    auto width = queryInt(request, "w");
    if (!height || !width || *height < 0 || *width < 0 || *height > 65535 || *width > 65535) {
        sendError(response, Error{ErrorKind::InvalidArgument,
                                  "invalid terminal size: h and w must be numbers from 0 to "
                                  "65535"});
        return;
    }
    auto resized =
        context.containers->resize(request.param("id"), uint16_t(*height), uint16_t(*width));
    if (!resized) {
        sendError(response, resized.error());
        return;
    }
    response.sendEmpty(200);
}

} // namespace

void addContainerRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            handler(context, request, response);
        };
    };
    router.add("POST", "/containers/create", bind(createContainer));
    router.add("GET", "/containers/json", bind(listContainers));
    router.add("GET", "/containers/{id}/json", bind(inspectContainer));
    router.add("POST", "/containers/{id}/start", bind(startContainer));
    router.add("POST", "/containers/{id}/stop", bind(stopContainer));
    router.add("POST", "/containers/{id}/kill", bind(killContainer));
    router.add("POST", "/containers/{id}/restart", bind(restartContainer));
    router.add("POST", "/containers/{id}/wait", bind(waitContainer));
    router.add("POST", "/containers/{id}/resize", bind(resizeContainer));
    router.add("GET", "/containers/{id}/top", bind(topContainer));
    router.add("POST", "/containers/{id}/rename", bind(renameContainer));
    router.add("POST", "/containers/prune", bind(pruneContainers));
    router.add("POST", "/containers/{id}/pause", bind(pauseContainer));
    router.add("POST", "/containers/{id}/unpause", bind(unpauseContainer));
    router.add("POST", "/containers/{id}/update", bind(updateContainer));
    router.add("DELETE", "/containers/{id}", bind(removeContainer));
    addContainerStreamRoutes(router, context);
    addContainerStatsRoutes(router, context);
}

} // namespace berth::api

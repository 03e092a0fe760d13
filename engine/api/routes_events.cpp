// GET /events: past events from "since", then live ones until "until" or the client leaves.

#include "api/error_status.h"
#include "api/filters.h"
#include "api/routes.h"
#include "common/time.h"
#include "container/events.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace berth::api {

namespace {

using namespace std::chrono_literals;

std::optional<int64_t> parseEventTime(const std::string& text) {
    if (auto rfc = parseRfc3339(text)) {
        return rfc;
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

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool eventMatches(const container::Event& event, const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (values.empty()) {
            continue;
        }
        auto attribute = [&](const char* name) {
            auto it = event.attributes.find(name);
            return it == event.attributes.end() ? std::string() : it->second;
        };
        bool ok = true;
        if (key == "type") {
            ok = contains(values, event.type);
        } else if (key == "event") {
            // As in Docker, health_status, exec_create and exec_start also match the actions
            // that carry a detail after them ("health_status: healthy").
            ok = std::any_of(values.begin(), values.end(), [&](const std::string& value) {
                bool prefixed =
                    value == "health_status" || value == "exec_create" || value == "exec_start";
                return event.action == value || (prefixed && event.action.starts_with(value + ":"));
            });
        } else if (key == "container") {
            ok = event.type == "container" &&
                 std::any_of(values.begin(), values.end(), [&](const std::string& value) {
                     return event.actorId.starts_with(value) || attribute("name") == value;
                 });
        } else if (key == "image") {
            ok = contains(values, event.type == "image" ? event.actorId : attribute("image")) ||
                 contains(values, attribute("name"));
        } else if (key == "label") {
            ok = labelsMatch(values, event.attributes);
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

nlohmann::json eventJson(const container::Event& event) {
    nlohmann::json attributes = nlohmann::json::object();
    for (const auto& [key, value] : event.attributes) {
        attributes[key] = value;
    }
    nlohmann::json json = {
        {"Type", event.type},
        {"Action", event.action},
        {"Actor", {{"ID", event.actorId}, {"Attributes", attributes}}},
        {"scope", "local"},
        {"time", event.timeNano / 1'000'000'000},
        {"timeNano", event.timeNano},
    };
    // The fields of the API before 1.22, which clients still read.
    json["status"] = event.action;
    json["id"] = event.actorId;
    if (event.type == "container") {
        auto image = event.attributes.find("image");
        json["from"] = image == event.attributes.end() ? "" : image->second;
    }
    return json;
}

void streamEvents(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    int64_t now = nowNanoseconds();
    std::optional<int64_t> since;
    std::optional<int64_t> until;
    if (auto text = request.queryValue("since"); text && !text->empty()) {
        since = parseEventTime(*text);
        if (!since) {
            sendError(response, Error{ErrorKind::InvalidArgument,
                                      fmt::format("invalid value for since: {}", *text)});
            return;
        }
    }
    if (auto text = request.queryValue("until"); text && !text->empty()) {
        until = parseEventTime(*text);
        if (!until) {
            sendError(response, Error{ErrorKind::InvalidArgument,
                                      fmt::format("invalid value for until: {}", *text)});
            return;
        }
    }
    // Without "since" only new events are sent.
    auto [past, subscription] = context.events->subscribe(since.value_or(now + 1));
    struct Unsubscribe {
        container::EventBus* bus;
        std::shared_ptr<container::EventBus::Subscription> subscription;
        ~Unsubscribe() { bus->unsubscribe(subscription); }
    } unsubscribe{context.events, subscription};

    if (!response.beginStream(200, "application/json")) {
        return;
    }
    auto send = [&](const container::Event& event) {
        if (until && event.timeNano > *until) {
            return true;
        }
        if (!eventMatches(event, *filters)) {
            return true;
        }
        return bool(response.writeChunk(eventJson(event).dump() + "\n"));
    };
    for (const auto& event : past) {
        if (!send(event)) {
            return;
        }
    }
    while (!response.clientGone()) {
        if (until && nowNanoseconds() > *until) {
            break;
        }
        auto event = subscription->next(250ms);
        if (event && !send(*event)) {
            return;
        }
    }
    (void)response.endStream();
}

} // namespace

void addEventRoutes(Router& router, ApiContext& context) {
    router.add("GET", "/events", [&context](Request& request, ResponseWriter& response) {
        streamEvents(context, request, response);
    });
}

} // namespace berth::api

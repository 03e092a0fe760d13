// Network routes: create, list, inspect, remove, prune, connect and disconnect.

#include "api/error_status.h"
#include "api/filters.h"
#include "api/routes.h"
#include "common/log.h"
#include "common/time.h"
#include "container/manager.h"
#include "network/network_store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::api {

using nlohmann::json;

namespace {

json ipamJson(const network::NetworkInfo& info) {
    json config = json::array();
    if (info.subnet) {
        json entry = {{"Subnet", network::formatSubnet(*info.subnet)}};
        if (info.gateway) {
            entry["Gateway"] = network::formatIpv4(*info.gateway);
        }
        if (info.ipRange) {
            entry["IPRange"] = network::formatSubnet(*info.ipRange);
        }
        config.push_back(entry);
    }
    return {{"Driver", "default"}, {"Options", nullptr}, {"Config", config}};
}

json containersJson(const network::NetworkStore& store, const network::NetworkInfo& info) {
    json containers = json::object();
    for (const network::EndpointInfo& endpoint : store.endpoints(info.id)) {
        containers[endpoint.containerId] = {
            {"Name", endpoint.containerName},
            {"EndpointID", info.id.substr(0, 12) + endpoint.containerId.substr(0, 12)},
            {"MacAddress", endpoint.macAddress},
            {"IPv4Address",
             fmt::format("{}/{}", network::formatIpv4(endpoint.address), endpoint.prefixLength)},
            {"IPv6Address", ""},
        };
    }
    return containers;
}

json networkJson(const network::NetworkStore& store, const network::NetworkInfo& info) {
    return {
        {"Name", info.name},
        {"Id", info.id},
        {"Created", formatRfc3339Nano(info.created)},
        {"Scope", "local"},
        {"Driver", info.driver},
        {"EnableIPv6", false},
        {"IPAM", ipamJson(info)},
        {"Internal", info.internal},
        {"Attachable", info.attachable},
        {"Ingress", false},
        {"ConfigFrom", {{"Network", ""}}},
        {"ConfigOnly", false},
        {"Containers", containersJson(store, info)},
        {"Options", info.options},
        {"Labels", info.labels},
    };
}

Result<json> parseBody(std::string_view text) {
    json body = text.empty() ? json::object() : json::parse(text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return fail(ErrorKind::InvalidArgument, "invalid JSON in the request body");
    }
    return body;
}

Result<std::map<std::string, std::string>> stringMap(const json& body, const char* name) {
    std::map<std::string, std::string> map;
    if (!body.contains(name) || body[name].is_null()) {
        return map;
    }
    if (!body[name].is_object()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{} must be a JSON object", name));
    }
    for (const auto& [key, value] : body[name].items()) {
        if (!value.is_string()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{}.{} must be a string", name, key));
        }
        map[key] = value.get<std::string>();
    }
    return map;
}

// IPAM.Config: one IPv4 pool with an optional gateway and range.
Result<void> decodeIpam(const json& body, network::NetworkSpec& spec) {
    if (!body.contains("IPAM") || !body["IPAM"].is_object()) {
        return {};
    }
    const json& ipam = body["IPAM"];
    std::string driver = ipam.value("Driver", "default");
    if (!driver.empty() && driver != "default") {
        return fail(ErrorKind::NotFound, fmt::format("plugin \"{}\" not found", driver));
    }
    if (!ipam.contains("Config") || !ipam["Config"].is_array() || ipam["Config"].empty()) {
        return {};
    }
    if (ipam["Config"].size() > 1) {
        return fail(ErrorKind::Unsupported, "a network with more than one IPAM pool is not "
                                            "supported");
    }
    const json& pool = ipam["Config"][0];
    if (std::string subnet = pool.value("Subnet", ""); !subnet.empty()) {
        auto parsed = network::parseSubnet(subnet);
        if (!parsed) {
            return std::unexpected(parsed.error().context("invalid subnet"));
        }
        spec.subnet = *parsed;
    }
    if (std::string gateway = pool.value("Gateway", ""); !gateway.empty()) {
        auto parsed = network::parseIpv4(gateway);
        if (!parsed) {
            return std::unexpected(parsed.error().context("invalid gateway"));
        }
        spec.gateway = *parsed;
    }
    if (std::string range = pool.value("IPRange", ""); !range.empty()) {
        auto parsed = network::parseSubnet(range);
        if (!parsed) {
            return std::unexpected(parsed.error().context("invalid IP range"));
        }
        spec.ipRange = *parsed;
    }
    if ((spec.gateway || spec.ipRange) && !spec.subnet) {
        return fail(ErrorKind::InvalidArgument, "a gateway or IP range needs a subnet");
    }
    if (spec.ipRange && (!spec.subnet->contains(spec.ipRange->base) ||
                         !spec.subnet->contains(spec.ipRange->broadcast()))) {
        return fail(ErrorKind::InvalidArgument, fmt::format("IP range {} is not inside subnet {}",
                                                            network::formatSubnet(*spec.ipRange),
                                                            network::formatSubnet(*spec.subnet)));
    }
    return {};
}

Result<network::NetworkSpec> decodeCreateBody(std::string_view text) {
    auto body = parseBody(text);
    if (!body) {
        return std::unexpected(body.error());
    }
    network::NetworkSpec spec;
    if (!body->contains("Name") || !(*body)["Name"].is_string()) {
        return fail(ErrorKind::InvalidArgument, "Name must be a string");
    }
    spec.name = (*body)["Name"].get<std::string>();
    if (body->contains("Driver") && (*body)["Driver"].is_string()) {
        spec.driver = (*body)["Driver"].get<std::string>();
        if (spec.driver.empty()) {
            spec.driver = "bridge";
        }
    }
    if (body->value("EnableIPv6", false)) {
        return fail(ErrorKind::Unsupported, "IPv6 networks are not supported");
    }
    spec.internal = body->value("Internal", false);
    spec.attachable = body->value("Attachable", false);
    auto labels = stringMap(*body, "Labels");
    if (!labels) {
        return std::unexpected(labels.error());
    }
    spec.labels = std::move(*labels);
    auto options = stringMap(*body, "Options");
    if (!options) {
        return std::unexpected(options.error());
    }
    spec.options = std::move(*options);
    if (auto ipam = decodeIpam(*body, spec); !ipam) {
        return std::unexpected(ipam.error());
    }
    return spec;
}

void createNetwork(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = request.body->readAll();
    if (!body) {
        sendError(response, body.error());
        return;
    }
    auto spec = decodeCreateBody(*body);
    if (!spec) {
        sendError(response, spec.error());
        return;
    }
    auto created = context.networks->create(*spec);
    if (!created) {
        sendError(response, created.error());
        return;
    }
    context.networks->publishEvent("create", *created);
    response.sendJson(201, {{"Id", created->id}, {"Warning", ""}});
}

Result<void> validateListFilters(const Filters& filters) {
    for (const auto& [key, values] : filters) {
        if (key != "name" && key != "id" && key != "label" && key != "driver" && key != "type" &&
            key != "dangling" && key != "scope") {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid filter '{}'", key));
        }
    }
    for (const std::string& type :
         filters.contains("type") ? filters.at("type") : std::vector<std::string>{}) {
        if (type != "custom" && type != "builtin") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid filter: 'type'='{}'", type));
        }
    }
    return {};
}

bool anyMatches(const Filters& filters, const std::string& key,
                const std::function<bool(const std::string&)>& matches) {
    auto found = filters.find(key);
    if (found == filters.end() || found->second.empty()) {
        return true;
    }
    return std::ranges::any_of(found->second, matches);
}

// Docker's network filters: name is a substring, id a prefix, the rest exact.
bool networkMatches(const network::NetworkInfo& info, bool inUse, const Filters& filters) {
    if (!anyMatches(filters, "name",
                    [&](const auto& v) { return info.name.find(v) != std::string::npos; })) {
        return false;
    }
    if (!anyMatches(filters, "id", [&](const auto& v) { return info.id.starts_with(v); })) {
        return false;
    }
    if (!anyMatches(filters, "driver", [&](const auto& v) { return info.driver == v; })) {
        return false;
    }
    if (!anyMatches(filters, "scope", [&](const auto& v) { return v == "local"; })) {
        return false;
    }
    if (!anyMatches(filters, "type",
                    [&](const auto& v) { return (v == "builtin") == info.predefined; })) {
        return false;
    }
    if (!anyMatches(filters, "dangling", [&](const auto& v) {
            bool dangling = v == "true" || v == "1";
            return !info.predefined && dangling == !inUse;
        })) {
        return false;
    }
    if (auto labels = filters.find("label"); labels != filters.end()) {
        return labelsMatch(labels->second, info.labels);
    }
    return true;
}

void listNetworks(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    if (auto valid = validateListFilters(*filters); !valid) {
        sendError(response, valid.error());
        return;
    }
    json list = json::array();
    for (const network::NetworkInfo& info : context.networks->list()) {
        bool inUse = !context.networks->endpoints(info.id).empty();
        if (networkMatches(info, inUse, *filters)) {
            list.push_back(networkJson(*context.networks, info));
        }
    }
    response.sendJson(200, list);
}

void inspectNetwork(ApiContext& context, Request& request, ResponseWriter& response) {
    auto info = context.networks->get(request.param("id"));
    if (!info) {
        sendError(response, info.error());
        return;
    }
    response.sendJson(200, networkJson(*context.networks, *info));
}

void removeNetwork(ApiContext& context, Request& request, ResponseWriter& response) {
    auto info = context.networks->get(request.param("id"));
    if (!info) {
        sendError(response, info.error());
        return;
    }
    if (auto removed = context.networks->remove(info->id); !removed) {
        sendError(response, removed.error());
        return;
    }
    context.networks->publishEvent("destroy", *info);
    response.sendEmpty(204);
}

void pruneNetworks(ApiContext& context, Request& request, ResponseWriter& response) {
    auto filters = parseFilters(request.queryValue("filters").value_or(""));
    if (!filters) {
        sendError(response, filters.error());
        return;
    }
    for (const auto& [key, values] : *filters) {
        if (key != "label") {
            sendError(response,
                      Error{ErrorKind::InvalidArgument, fmt::format("invalid filter '{}'", key)});
            return;
        }
    }
    json deleted = json::array();
    for (const network::NetworkInfo& info : context.networks->list()) {
        if (info.predefined || !context.networks->endpoints(info.id).empty()) {
            continue;
        }
        if (filters->contains("label") && !labelsMatch(filters->at("label"), info.labels)) {
            continue;
        }
        if (auto removed = context.networks->remove(info.id); !removed) {
            log::warning("network prune kept {}: {}", info.name, removed.error().message);
            continue;
        }
        context.networks->publishEvent("destroy", info);
        deleted.push_back(info.name);
    }
    response.sendJson(200, {{"NetworksDeleted", deleted}});
}

Result<std::pair<std::string, json>> containerAndBody(Request& request) {
    auto text = request.body->readAll();
    if (!text) {
        return std::unexpected(text.error());
    }
    auto body = parseBody(*text);
    if (!body) {
        return std::unexpected(body.error());
    }
    if (!body->contains("Container") || !(*body)["Container"].is_string()) {
        return fail(ErrorKind::InvalidArgument, "Container must be a string");
    }
    return std::pair{(*body)["Container"].get<std::string>(), *body};
}

void connectContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto decoded = containerAndBody(request);
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    const json& body = decoded->second;
    container::EndpointSettings settings;
    if (body.contains("EndpointConfig") && body["EndpointConfig"].is_object()) {
        const json& endpoint = body["EndpointConfig"];
        if (endpoint.contains("Aliases") && endpoint["Aliases"].is_array()) {
            for (const auto& alias : endpoint["Aliases"]) {
                if (alias.is_string()) {
                    settings.aliases.push_back(alias.get<std::string>());
                }
            }
        }
        if (endpoint.contains("IPAMConfig") && endpoint["IPAMConfig"].is_object()) {
            settings.ipv4Address = endpoint["IPAMConfig"].value("IPv4Address", "");
        }
    }
    auto connected =
        context.containers->connectToNetwork(decoded->first, request.param("id"), settings);
    if (!connected) {
        sendError(response, connected.error());
        return;
    }
    response.sendEmpty(200);
}

void disconnectContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto decoded = containerAndBody(request);
    if (!decoded) {
        sendError(response, decoded.error());
        return;
    }
    bool force = decoded->second.value("Force", false);
    auto disconnected =
        context.containers->disconnectFromNetwork(decoded->first, request.param("id"), force);
    if (!disconnected) {
        sendError(response, disconnected.error());
        return;
    }
    response.sendEmpty(200);
}

} // namespace

void addNetworkRoutes(Router& router, ApiContext& context) {
    auto bind = [&context](void (*handler)(ApiContext&, Request&, ResponseWriter&)) {
        return [&context, handler](Request& request, ResponseWriter& response) {
            if (!context.networks) {
                sendError(response, Error{ErrorKind::Unsupported, "networks are not enabled"});
                return;
            }
            handler(context, request, response);
        };
    };
    router.add("GET", "/networks", bind(listNetworks));
    router.add("POST", "/networks/create", bind(createNetwork));
    router.add("POST", "/networks/prune", bind(pruneNetworks));
    router.add("GET", "/networks/{id}", bind(inspectNetwork));
    router.add("DELETE", "/networks/{id}", bind(removeNetwork));
    router.add("POST", "/networks/{id}/connect", bind(connectContainer));
    router.add("POST", "/networks/{id}/disconnect", bind(disconnectContainer));
}

} // namespace berth::api

#include "recreate.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace berth::studio {
namespace {

using client::Json;

bool isAnonymousVolumeName(const std::string& name) {
    return name.size() == 64 && std::ranges::all_of(name, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// "/db:/web/alias" as inspect shows a link, or "db:alias" as it was given: "db:alias".
std::string normalizeLink(std::string link) {
    size_t colon = link.find(':');
    std::string name = link.substr(0, colon);
    std::string alias = colon == std::string::npos ? name : link.substr(colon + 1);
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    if (size_t slash = alias.rfind('/'); slash != std::string::npos) {
        alias.erase(0, slash + 1);
    }
    return name + ":" + alias;
}

Json portBindingsOf(const std::vector<PortForward>& ports) {
    Json bindings = Json::object();
    for (const PortForward& port : ports) {
        std::string key = port.containerPort + "/" + port.protocol;
        if (!bindings[key].is_array()) {
            bindings[key] = Json::array();
        }
        bindings[key].push_back({{"HostIp", port.hostIp}, {"HostPort", port.hostPort}});
    }
    return bindings;
}

// Anonymous volumes as "NAME:/destination" binds, so the new container mounts the same
// volumes instead of new empty ones.
Json bindsKeepingVolumes(const Json& inspect) {
    Json binds = inspect["HostConfig"].value("Binds", Json::array());
    if (!binds.is_array()) {
        binds = Json::array();
    }
    const Json& mounts = inspect.value("Mounts", Json::array());
    for (const Json& mount : mounts) {
        std::string name = mount.value("Name", "");
        if (mount.value("Type", "") != "volume" || !isAnonymousVolumeName(name)) {
            continue;
        }
        std::string bind = name + ":" + mount.value("Destination", "");
        if (!mount.value("RW", true)) {
            bind += ":ro";
        }
        binds.push_back(bind);
    }
    return binds;
}

// The user networks' aliases and fixed addresses; predefined networks need none.
Json networkingConfigOf(const Json& inspect) {
    Json endpoints = Json::object();
    const Json& networks =
        inspect.value("NetworkSettings", Json::object()).value("Networks", Json::object());
    for (const auto& [name, network] : networks.items()) {
        if (name == "bridge" || name == "host" || name == "none" || !network.is_object()) {
            continue;
        }
        Json endpoint = Json::object();
        if (network.contains("Aliases") && network["Aliases"].is_array()) {
            endpoint["Aliases"] = network["Aliases"];
        }
        if (network.contains("IPAMConfig") && network["IPAMConfig"].is_object()) {
            endpoint["IPAMConfig"] = network["IPAMConfig"];
        }
        endpoints[name] = endpoint;
    }
    return {{"EndpointsConfig", endpoints}};
}

Result<void> restoreOld(client::Client& client, const std::string& id, const std::string& name,
                        bool wasRunning) {
    if (auto renamed = client.renameContainer(id, name); !renamed) {
        return renamed;
    }
    return wasRunning ? client.startContainer(id) : Result<void>{};
}

} // namespace

NetworkingEdit networkingOf(const Json& inspect) {
    NetworkingEdit edit;
    const Json& hostConfig = inspect.value("HostConfig", Json::object());
    const Json& bindings = hostConfig.value("PortBindings", Json::object());
    if (bindings.is_object()) {
        for (const auto& [key, list] : bindings.items()) {
            size_t slash = key.find('/');
            PortForward base;
            base.containerPort = key.substr(0, slash);
            base.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
            if (!list.is_array() || list.empty()) {
                edit.ports.push_back(base);
                continue;
            }
            for (const Json& binding : list) {
                PortForward port = base;
                port.hostIp = binding.value("HostIp", "");
                port.hostPort = binding.value("HostPort", "");
                edit.ports.push_back(port);
            }
        }
    }
    const Json& links = hostConfig.value("Links", Json::array());
    if (links.is_array()) {
        for (const Json& link : links) {
            if (link.is_string()) {
                edit.links.push_back(normalizeLink(link.get<std::string>()));
            }
        }
    }
    return edit;
}

std::vector<HostPortUse> publishedPortsOf(const Json& inspect) {
    std::vector<HostPortUse> uses;
    std::string name = inspect.value("Name", "");
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    const Json& ports =
        inspect.value("NetworkSettings", Json::object()).value("Ports", Json::object());
    if (!ports.is_object()) {
        return uses;
    }
    for (const auto& [key, bindings] : ports.items()) {
        if (!bindings.is_array()) {
            continue; // exposed, not published
        }
        const size_t slash = key.find('/');
        const std::string protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
        for (const Json& binding : bindings) {
            const std::optional<PortRange> port = parsePortRange(binding.value("HostPort", ""));
            if (port && port->first >= 1 && port->first <= 65535) {
                uses.push_back({static_cast<uint16_t>(port->first), protocol, name});
            }
        }
    }
    return uses;
}

NetworkingChanges diffNetworking(const NetworkingEdit& before, const NetworkingEdit& after) {
    NetworkingChanges changes;
    for (const PortForward& port : before.ports) {
        if (std::ranges::find(after.ports, port) == after.ports.end()) {
            changes.removedPorts.push_back(port);
        }
    }
    for (const PortForward& port : after.ports) {
        if (std::ranges::find(before.ports, port) == before.ports.end()) {
            changes.addedPorts.push_back(port);
        }
    }
    std::set<std::string> oldLinks;
    std::set<std::string> newLinks;
    for (const std::string& link : before.links) {
        oldLinks.insert(normalizeLink(link));
    }
    for (const std::string& link : after.links) {
        newLinks.insert(normalizeLink(link));
    }
    std::ranges::set_difference(oldLinks, newLinks, std::back_inserter(changes.removedLinks));
    std::ranges::set_difference(newLinks, oldLinks, std::back_inserter(changes.addedLinks));
    return changes;
}

Json recreateBody(const Json& inspect, const NetworkingEdit& edit) {
    Json body = inspect.value("Config", Json::object());
    Json hostConfig = inspect.value("HostConfig", Json::object());
    hostConfig["PortBindings"] = portBindingsOf(edit.ports);
    Json links = Json::array();
    for (const std::string& link : edit.links) {
        links.push_back(normalizeLink(link));
    }
    hostConfig["Links"] = links;
    hostConfig["Binds"] = bindsKeepingVolumes(inspect);
    Json exposed = body.value("ExposedPorts", Json::object());
    if (!exposed.is_object()) {
        exposed = Json::object();
    }
    for (const PortForward& port : edit.ports) {
        exposed[port.containerPort + "/" + port.protocol] = Json::object();
    }
    body["ExposedPorts"] = exposed;
    body["HostConfig"] = hostConfig;
    body["NetworkingConfig"] = networkingConfigOf(inspect);
    return body;
}

Result<std::string> recreateContainer(client::Client& client, const std::string& id,
                                      const NetworkingEdit& edit) {
    auto inspect = client.inspectContainer(id);
    if (!inspect) {
        return std::unexpected(inspect.error());
    }
    std::string name = inspect->value("Name", "");
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    const std::string oldId = inspect->value("Id", id);
    const bool wasRunning = inspect->value("State", Json::object()).value("Running", false);
    const std::string parkedName = fmt::format("{}-replaced-{}", name, oldId.substr(0, 12));
    if (wasRunning && inspect->value("HostConfig", Json::object()).value("AutoRemove", false)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("cannot recreate {}: it runs with --rm, so stopping it would "
                                "remove it",
                                name));
    }

    if (wasRunning) {
        if (auto stopped = client.stopContainer(oldId); !stopped) {
            return std::unexpected(stopped.error());
        }
    }
    if (auto renamed = client.renameContainer(oldId, parkedName); !renamed) {
        if (wasRunning) {
            (void)client.startContainer(oldId);
        }
        return std::unexpected(renamed.error());
    }
    auto created = client.createContainer(recreateBody(*inspect, edit), name);
    if (!created) {
        (void)restoreOld(client, oldId, name, wasRunning);
        return std::unexpected(created.error());
    }
    if (wasRunning) {
        if (auto started = client.startContainer(created->id); !started) {
            (void)client.removeContainer(created->id, true);
            (void)restoreOld(client, oldId, name, wasRunning);
            return std::unexpected(started.error());
        }
    }
    if (auto removed = client.removeContainer(oldId, true); !removed) {
        return std::unexpected(removed.error());
    }
    return created->id;
}

} // namespace berth::studio

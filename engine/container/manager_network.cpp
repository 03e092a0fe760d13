// The network steps of a container on the default bridge. Before the runtime creates the
// container: an address and the generated /etc files. Once its namespace exists: the veth
// pair and the published ports. After it exits: their release.

#include "common/fs.h"
#include "common/log.h"
#include "container/entry.h"
#include "container/host_files.h"
#include "container/link_book.h"
#include "container/manager.h"
#include "container/published_ports.h"
#include "network/bridge_network.h"
#include "network/etc_files.h"
#include "network/link_env.h"
#include "network/network_store.h"

#include <fmt/format.h>

#include <set>

namespace berth::container {
namespace {

// "db" or "db:alias", with or without the leading slash of a container name.
std::pair<std::string, std::string> splitLink(std::string_view link) {
    std::string name(link.substr(0, link.find(':')));
    std::string alias = link.find(':') == std::string_view::npos
                            ? name
                            : std::string(link.substr(link.find(':') + 1));
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    if (alias.starts_with('/')) {
        alias.erase(0, 1);
    }
    return {name, alias};
}

std::vector<network::ContainerPort> exposedPortsOf(const Container& container) {
    std::vector<network::ContainerPort> ports;
    for (const std::string& key : container.config.exposedPorts) {
        if (auto parsed = network::parseExposedPort(key)) {
            ports.insert(ports.end(), parsed->begin(), parsed->end());
        }
    }
    return ports;
}

} // namespace

// HostConfig.PortBindings, plus every other exposed port with -P.
Result<std::vector<network::PortMapping>> portMappingsFor(const Container& container) {
    std::vector<network::PortMapping> mappings;
    std::vector<std::string> bound;
    const nlohmann::json& bindings = container.hostConfig.portBindings;
    if (bindings.is_object()) {
        for (const auto& [key, list] : bindings.items()) {
            bound.push_back(key);
            if (!list.is_array() || list.empty()) {
                auto mapping = network::mappingFromBinding(key, "", "");
                if (!mapping) {
                    return std::unexpected(mapping.error());
                }
                mappings.push_back(*mapping);
                continue;
            }
            for (const auto& binding : list) {
                auto mapping = network::mappingFromBinding(key, binding.value("HostIp", ""),
                                                           binding.value("HostPort", ""));
                if (!mapping) {
                    return std::unexpected(mapping.error());
                }
                mappings.push_back(*mapping);
            }
        }
    }
    if (container.hostConfig.publishAllPorts) {
        for (const network::ContainerPort& port : exposedPortsOf(container)) {
            std::string key = network::formatContainerPort(port);
            if (std::ranges::find(bound, key) == bound.end()) {
                mappings.push_back(network::PortMapping{"", 0, 0, port.port, port.protocol});
            }
        }
    }
    return mappings;
}

namespace {

LinkTargetView linkTargetViewOf(const Container& container) {
    return LinkTargetView{container.name,
                          container.config.hostname.empty() ? container.shortId()
                                                            : container.config.hostname,
                          container.network.ipAddress,
                          exposedPortsOf(container),
                          container.config.env,
                          container.shim.initPid,
                          container.shim.initStartTime,
                          container.hostsPath(),
                          container.hostnamePath(),
                          container.resolvConfPath()};
}

} // namespace

bool Manager::usesBridge(const Container& container) const {
    const std::string& mode = container.hostConfig.networkMode;
    return options_.bridge && (mode == "default" || mode == "bridge" || mode.empty());
}

// Rejects, at create, a --link whose target does not exist, or shares the network of a
// container that does not exist or of the host. As in Docker, this is a 400 with "could not
// get container for NAME" (a 404 would make the CLI try to pull the image), and a stopped
// target is accepted until the start. Links on a user-defined network are checked at start.
Result<void> Manager::checkLinkTargets(const Container& container) const {
    if (usesUserNetwork(container)) {
        return {};
    }
    for (const std::string& link : container.hostConfig.links) {
        std::string name = splitLink(link).first;
        // Containers may join each other's network in a loop; each is followed once.
        std::set<std::string> followed;
        while (followed.insert(name).second) {
            auto found = lookup(name);
            if (!found) {
                return fail(
                    ErrorKind::InvalidArgument,
                    fmt::format("could not get container for {}: {}", name, found.error().message));
            }
            std::string networkMode;
            {
                std::lock_guard lock((*found)->mutex);
                networkMode = (*found)->container.hostConfig.networkMode;
            }
            if (networkMode == "host") {
                return fail(ErrorKind::InvalidArgument,
                            "conflicting options: host type networking can't be used with links. "
                            "This would result in undefined behavior");
            }
            if (!networkMode.starts_with("container:")) {
                break;
            }
            name = networkMode.substr(std::string_view("container:").size());
        }
    }
    return {};
}

// Checks that each link target exists, runs and is on the bridge, then adds the link
// variables to the process and the targets to linker.
Result<void> Manager::resolveLinks(const Container& container, runtime::ContainerSpec& spec,
                                   LinkerView& linker) const {
    for (const std::string& link : container.hostConfig.links) {
        auto [name, alias] = splitLink(link);
        auto found = lookup(name);
        if (!found) {
            return fail(ErrorKind::NotFound, fmt::format("Could not get container for {}", name));
        }
        // A container id never changes, so reading it without the target's lock is safe.
        const std::string& targetId = (*found)->container.id;
        if (targetId == container.id) {
            return fail(ErrorKind::InvalidArgument, fmt::format("Cannot link to self: {}", link));
        }
        auto target = links_->running(targetId);
        if (!target) {
            return fail(ErrorKind::InvalidState,
                        fmt::format("Cannot link to a non running container: /{} AS /{}/{}", name,
                                    container.name, alias));
        }
        if (target->address.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("Cannot link to /{}, as it does not belong to the default "
                                    "network",
                                    target->name));
        }
        network::LinkTarget variables{"/" + container.name, alias, target->address,
                                      target->exposedPorts, target->env};
        for (std::string& variable : network::linkEnvironment(variables)) {
            spec.process.env.push_back(std::move(variable));
        }
        linker.links.emplace_back(targetId, alias);
    }
    return {};
}

// --network container:NAME: the container shares the network namespace, hostname and
// /etc files of NAME, which must run.
Result<void> Manager::joinNetwork(const Container& container, runtime::ContainerSpec& spec) const {
    std::string name =
        container.hostConfig.networkMode.substr(std::string_view("container:").size());
    auto found = lookup(name);
    if (!found) {
        return std::unexpected(found.error());
    }
    const std::string& targetId = (*found)->container.id;
    if (targetId == container.id) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("container {} cannot join its own network", name));
    }
    auto target = links_->running(targetId);
    if (!target) {
        return fail(ErrorKind::InvalidState,
                    fmt::format("cannot join network of a non running container: {}", name));
    }
    spec.network = runtime::NetworkMode::Joined;
    spec.joinedNetwork = {target->initPid, target->initStartTime};
    spec.hostname = target->hostname;
    spec.hostsFile = target->hostsFile;
    spec.hostnameFile = target->hostnameFile;
    spec.resolvConfFile = target->resolvConfFile;
    return {};
}

Result<void> Manager::prepareNetwork(Container& container, runtime::ContainerSpec& spec) {
    if (container.hostConfig.networkMode.starts_with("container:")) {
        return joinNetwork(container, spec);
    }
    if (usesUserNetwork(container)) {
        return prepareUserNetworks(container, spec);
    }
    if (!usesBridge(container)) {
        return writeHostFiles(container, spec.hostname,
                              hostsRequestOf(container, spec.hostname, ""));
    }
    LinkerView linker{container.hostsPath(), {}, {}};
    if (auto resolved = resolveLinks(container, spec, linker); !resolved) {
        return resolved;
    }
    auto address = options_.bridge->reserveAddress(container.id);
    if (!address) {
        return std::unexpected(address.error());
    }
    linker.hosts = hostsRequestOf(container, spec.hostname, network::formatIpv4(*address));
    linker.hosts.links = links_->linkEntries(linker);
    // Connected to a user network while stopped: names resolve through the answerer.
    bool embeddedDns = !container.attachments.empty();
    if (auto written = writeHostFiles(container, spec.hostname, linker.hosts, embeddedDns);
        !written) {
        return written;
    }
    if (!linker.links.empty()) {
        links_->addLinker(container.id, std::move(linker));
    }
    return {};
}

// Rewrites the hosts files of the running containers that link to target, which may have
// come back with a new address. The files are bind-mounted, so they are written in place.
void Manager::updateLinkers(const Container& target) {
    for (const auto& [path, content] : links_->hostsFilesLinkingTo(target.id)) {
        if (auto written = fs::overwriteFile(path, content); !written) {
            log::warning("container {}: failed to update a hosts file that links to it: {}",
                         target.shortId(), written.error().message);
        }
    }
}

Result<void> Manager::connectNetwork(Container& container) {
    if (!usesBridge(container)) {
        if (auto connected = connectUserNetworks(container); !connected) {
            return connected;
        }
        links_->addRunning(container.id, linkTargetViewOf(container));
        return {};
    }
    network::BridgeNetwork& bridge = *options_.bridge;
    auto mappings = portMappingsFor(container);
    if (!mappings) {
        return std::unexpected(mappings.error());
    }
    network::ConnectOptions options;
    options.bringUpLoopback = false; // the runtime did, as for every container on the bridge
    auto endpoint = bridge.connect(container.id,
                                   fmt::format("/proc/{}/ns/net", container.shim.initPid), options);
    if (!endpoint) {
        return std::unexpected(endpoint.error());
    }
    auto published = bridge.publish(container.id, *mappings);
    if (!published) {
        (void)bridge.disconnect(container.id);
        return std::unexpected(published.error().context(
            fmt::format("driver failed programming external connectivity on endpoint {} ({})",
                        container.name, container.id)));
    }
    NetworkRecord record{bridge.bridgeName(),
                         network::formatIpv4(endpoint->address),
                         network::formatIpv4(endpoint->gateway),
                         endpoint->macAddress,
                         endpoint->prefixLength,
                         {}};
    for (const network::PublishedPort& port : *published) {
        record.ports.push_back(
            {network::formatContainerPort(port.containerPort), port.hostIp, port.hostPort});
    }
    container.network = std::move(record);
    if (auto connected = connectUserNetworks(container); !connected) {
        (void)bridge.disconnect(container.id);
        container.network = NetworkRecord{};
        return connected;
    }
    registerBridgeEndpoint(container);
    links_->addRunning(container.id, linkTargetViewOf(container));
    updateLinkers(container);
    return {};
}

void Manager::disconnectNetwork(Container& container, network::Teardown when) {
    links_->remove(container.id);
    disconnectUserNetworks(container, when);
    if (options_.networks) {
        options_.networks->removeEndpoint(network::predefinedNetworkId("bridge"), container.id);
    }
    if (options_.bridge && (usesBridge(container) || !container.network.ipAddress.empty())) {
        if (auto disconnected = options_.bridge->disconnect(container.id, when); !disconnected) {
            log::warning("container {}: {}", container.shortId(), disconnected.error().message);
        }
    }
    container.network = NetworkRecord{};
}

void Manager::restoreNetwork(Container& container) {
    links_->addRunning(container.id, linkTargetViewOf(container));
    restoreUserNetworks(container);
    if (!options_.bridge || container.network.ipAddress.empty()) {
        return;
    }
    registerBridgeEndpoint(container);
    restoreLinker(container);
    std::vector<network::PortMapping> mappings;
    for (const PublishedPortRecord& port : container.network.ports) {
        std::string hostIp = port.hostIp == "0.0.0.0" ? "" : port.hostIp;
        auto mapping =
            network::mappingFromBinding(port.containerPort, hostIp, std::to_string(port.hostPort));
        if (mapping) {
            mappings.push_back(*mapping);
        }
    }
    if (auto published = options_.bridge->publish(container.id, mappings); !published) {
        log::warning("container {}: its published ports were not restored: {}", container.shortId(),
                     published.error().message);
    }
}

// Records the links of a container that kept running while no daemon did, so that its
// hosts file follows targets that restart from now on. Targets not restored yet are skipped.
void Manager::restoreLinker(const Container& container) {
    LinkerView linker{container.hostsPath(), {}, {}};
    for (const std::string& link : container.hostConfig.links) {
        auto [name, alias] = splitLink(link);
        if (auto found = lookup(name)) {
            linker.links.emplace_back((*found)->container.id, alias);
        }
    }
    if (linker.links.empty()) {
        return;
    }
    std::string hostname = linkTargetViewOf(container).hostname;
    linker.hosts = hostsRequestOf(container, hostname, container.network.ipAddress);
    links_->addLinker(container.id, std::move(linker));
}

} // namespace berth::container

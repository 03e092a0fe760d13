// The network steps of a container on the default bridge. Before the runtime creates the
// container: an address and the generated /etc files. Once its namespace exists: the veth
// pair and the published ports. After it exits: their release.

#include "common/fs.h"
#include "common/log.h"
#include "container/entry.h"
#include "container/host_files.h"
#include "container/manager.h"
#include "network/bridge_network.h"
#include "network/etc_files.h"
#include "network/link_env.h"

#include <fmt/format.h>

namespace berth::container {
namespace {

struct ResolvedLink {
    std::string alias;
    Container target;
};

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

// HostConfig.PortBindings, plus every other exposed port with -P.
Result<std::vector<network::PortMapping>> portMappingsOf(const Container& container) {
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

// --add-host "name:address" entries.
std::vector<network::HostsEntry> extraHostsOf(const HostConfig& host) {
    std::vector<network::HostsEntry> entries;
    for (const std::string& entry : host.extraHosts) {
        size_t colon = entry.find(':');
        if (colon != std::string::npos) {
            entries.push_back({entry.substr(colon + 1), {entry.substr(0, colon)}});
        }
    }
    return entries;
}

Result<void> writeBridgeFiles(const Container& container, const runtime::ContainerSpec& spec,
                              const network::HostsRequest& hosts) {
    if (auto written = fs::writeFileAtomic(container.hostsPath(), network::hostsFileContent(hosts));
        !written) {
        return written;
    }
    if (auto written = fs::writeFileAtomic(container.hostnamePath(),
                                           network::hostnameFileContent(spec.hostname));
        !written) {
        return written;
    }
    std::string hostResolvConf = fs::readFile("/etc/resolv.conf").value_or("");
    network::ResolvConfOverrides overrides{container.hostConfig.dns, container.hostConfig.dnsSearch,
                                           container.hostConfig.dnsOptions};
    return fs::writeFileAtomic(container.resolvConfPath(),
                               network::containerResolvConf(hostResolvConf, overrides));
}

} // namespace

bool Manager::usesBridge(const Container& container) const {
    const std::string& mode = container.hostConfig.networkMode;
    return options_.bridge && (mode == "default" || mode == "bridge" || mode.empty());
}

Result<void> Manager::prepareNetwork(Container& container, runtime::ContainerSpec& spec) {
    if (!usesBridge(container)) {
        return writeHostFiles(container, spec.hostname);
    }
    // Links: the target must exist, run, and be on the bridge.
    std::vector<ResolvedLink> links;
    for (const std::string& link : container.hostConfig.links) {
        auto [name, alias] = splitLink(link);
        auto found = lookup(name);
        if (!found) {
            return fail(ErrorKind::NotFound, fmt::format("Could not get container for {}", name));
        }
        // The caller holds this container's lock; inspecting itself would deadlock. A
        // container id never changes, so reading it without the target's lock is safe.
        if ((*found)->container.id == container.id) {
            return fail(ErrorKind::InvalidArgument, fmt::format("Cannot link to self: {}", link));
        }
        // NOTE: this takes the target's lock while holding ours, so two containers that
        // start at the same moment, each linking to the other, would deadlock.
        auto target = inspect(name);
        if (!target) {
            return fail(ErrorKind::NotFound, fmt::format("Could not get container for {}", name));
        }
        if (!target->state.running()) {
            return fail(ErrorKind::InvalidState,
                        fmt::format("Cannot link to a non running container: /{} AS /{}/{}",
                                    target->name, container.name, alias));
        }
        if (target->network.ipAddress.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("Cannot link to /{}, as it does not belong to the default "
                                    "network",
                                    target->name));
        }
        links.push_back({alias, std::move(*target)});
    }

    auto address = options_.bridge->reserveAddress(container.id);
    if (!address) {
        return std::unexpected(address.error());
    }
    network::HostsRequest hosts{spec.hostname,
                                container.config.domainname,
                                container.name,
                                network::formatIpv4(*address),
                                {},
                                extraHostsOf(container.hostConfig)};
    for (const ResolvedLink& link : links) {
        const Container& target = link.target;
        std::string targetHostname =
            target.config.hostname.empty() ? target.shortId() : target.config.hostname;
        hosts.links.push_back(network::linkHostsEntry(target.network.ipAddress, link.alias,
                                                      targetHostname, target.name));
        network::LinkTarget linkTarget{"/" + container.name, link.alias, target.network.ipAddress,
                                       exposedPortsOf(target), target.config.env};
        for (std::string& variable : network::linkEnvironment(linkTarget)) {
            spec.process.env.push_back(std::move(variable));
        }
    }
    return writeBridgeFiles(container, spec, hosts);
}

Result<void> Manager::connectNetwork(Container& container) {
    if (!usesBridge(container)) {
        return {};
    }
    network::BridgeNetwork& bridge = *options_.bridge;
    auto mappings = portMappingsOf(container);
    if (!mappings) {
        return std::unexpected(mappings.error());
    }
    auto endpoint =
        bridge.connect(container.id, fmt::format("/proc/{}/ns/net", container.shim.initPid));
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
    return {};
}

void Manager::disconnectNetwork(Container& container) {
    if (options_.bridge && (usesBridge(container) || !container.network.ipAddress.empty())) {
        if (auto disconnected = options_.bridge->disconnect(container.id); !disconnected) {
            log::warning("container {}: {}", container.shortId(), disconnected.error().message);
        }
    }
    container.network = NetworkRecord{};
}

void Manager::restoreNetwork(Container& container) {
    if (!options_.bridge || container.network.ipAddress.empty()) {
        return;
    }
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

} // namespace berth::container

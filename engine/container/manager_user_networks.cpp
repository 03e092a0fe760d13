// The steps of a container on user-defined networks. At create: the attachments from
// --network and NetworkingConfig. Before the runtime creates the container: the primary
// network's address and /etc files that name the embedded DNS answerer. Once its namespace
// exists: a veth pair per network, the published ports on the primary one, and the DNS
// socket. After it exits, or on docker network disconnect: their release.

#include "common/log.h"
#include "container/entry.h"
#include "container/host_files.h"
#include "container/manager.h"
#include "container/published_ports.h"
#include "network/bridge_network.h"
#include "network/dns_server.h"
#include "network/network_store.h"
#include "network/port_spec.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::container {
namespace {

bool isPredefinedMode(const std::string& mode) {
    return mode.empty() || mode == "default" || mode == "bridge" || mode == "host" ||
           mode == "none" || mode.starts_with("container:");
}

std::string namespacePathOf(const Container& container) {
    return fmt::format("/proc/{}/ns/net", container.shim.initPid);
}

// The lowest ethN that no other interface of the container has.
std::string freeInterfaceName(const Container& container) {
    for (int index = 0;; ++index) {
        std::string name = fmt::format("eth{}", index);
        bool taken = index == 0 && !container.network.ipAddress.empty();
        for (const NetworkAttachment& attachment : container.attachments) {
            taken = taken || attachment.interfaceName == name;
        }
        if (!taken) {
            return name;
        }
    }
}

// The endpoint settings of NetworkingConfig.EndpointsConfig[name], if any.
Result<EndpointSettings> endpointSettingsOf(const nlohmann::json& networkingConfig,
                                            const std::string& name) {
    EndpointSettings settings;
    if (!networkingConfig.is_object() || !networkingConfig.contains("EndpointsConfig")) {
        return settings;
    }
    const nlohmann::json& endpoints = networkingConfig["EndpointsConfig"];
    if (!endpoints.is_object() || !endpoints.contains(name) || !endpoints[name].is_object()) {
        return settings;
    }
    const nlohmann::json& endpoint = endpoints[name];
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
    return settings;
}

std::vector<std::pair<std::string, std::string>> splitLinks(const std::vector<std::string>& links) {
    std::vector<std::pair<std::string, std::string>> result;
    for (const std::string& link : links) {
        std::string name = link.substr(0, link.find(':'));
        std::string alias =
            link.find(':') == std::string::npos ? name : link.substr(link.find(':') + 1);
        if (name.starts_with('/')) {
            name.erase(0, 1);
        }
        if (alias.starts_with('/')) {
            alias.erase(0, 1);
        }
        result.emplace_back(name, alias);
    }
    return result;
}

} // namespace

bool Manager::usesUserNetwork(const Container& container) const {
    return !isPredefinedMode(container.hostConfig.networkMode);
}

// --network NAME names a user network, which must exist. --ip needs one, as in Docker.
Result<std::vector<NetworkAttachment>>
Manager::attachmentsForCreate(const CreateRequest& request) const {
    const std::string& mode = request.hostConfig.networkMode;
    if (isPredefinedMode(mode)) {
        // The CLI keys the endpoint by the mode it sends: "default" when none was given.
        std::string name = mode.empty() ? "default" : mode;
        auto settings = endpointSettingsOf(request.networkingConfig, name);
        if (settings && settings->ipv4Address.empty() && settings->aliases.empty() &&
            name == "default") {
            settings = endpointSettingsOf(request.networkingConfig, "bridge");
        }
        if (settings && !settings->ipv4Address.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        "user specified IP address is supported on user defined networks only");
        }
        if (settings && !settings->aliases.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        "network-scoped alias is supported only for containers in user defined "
                        "networks");
        }
        return std::vector<NetworkAttachment>{};
    }
    // An unknown network fails the start, not the create, as in Docker: a 404 from create
    // would make the CLI try to pull the image.
    auto network = options_.networks ? options_.networks->get(mode)
                                     : Result<network::NetworkInfo>(fail(ErrorKind::NotFound, ""));
    if (!network) {
        if (network.error().kind != ErrorKind::NotFound) {
            return std::unexpected(network.error());
        }
        NetworkAttachment unknown;
        unknown.networkName = mode;
        return std::vector<NetworkAttachment>{unknown};
    }
    auto settings = endpointSettingsOf(request.networkingConfig, mode);
    if (!settings) {
        return std::unexpected(settings.error());
    }
    if (!settings->ipv4Address.empty()) {
        auto address = network::parseIpv4(settings->ipv4Address);
        if (!address) {
            return std::unexpected(address.error());
        }
        if (!network->subnet || !network->subnet->contains(*address)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid address {}: it does not belong to any of this "
                                    "network's subnets",
                                    settings->ipv4Address));
        }
    }
    NetworkAttachment attachment;
    attachment.networkId = network->id;
    attachment.networkName = network->name;
    attachment.aliases = settings->aliases;
    attachment.requestedAddress = settings->ipv4Address;
    return std::vector<NetworkAttachment>{attachment};
}

// The primary network's address goes into /etc/hosts before the namespace exists; links
// become DNS aliases of this container only, as Docker does on user networks.
Result<void> Manager::prepareUserNetworks(Container& container, runtime::ContainerSpec& spec) {
    for (const NetworkAttachment& attachment : container.attachments) {
        if (!options_.networks || !options_.networks->bridgeOf(attachment.networkId)) {
            return fail(ErrorKind::NotFound,
                        fmt::format("failed to set up container networking: network {} not found",
                                    attachment.networkName));
        }
    }
    if (container.attachments.empty()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("failed to set up container networking: network {} not found",
                                container.hostConfig.networkMode));
    }
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& [name, alias] : splitLinks(container.hostConfig.links)) {
        auto found = lookup(name);
        if (!found) {
            return fail(ErrorKind::NotFound, fmt::format("could not get container for {}", name));
        }
        links.emplace_back(alias, (*found)->container.id);
    }
    NetworkAttachment& primary = container.attachments.front();
    network::BridgeNetwork* bridge = options_.networks->bridgeOf(primary.networkId);
    if (!bridge) {
        return fail(ErrorKind::NotFound, fmt::format("network {} not found", primary.networkName));
    }
    std::optional<network::Ipv4Address> requested;
    if (!primary.requestedAddress.empty()) {
        auto parsed = network::parseIpv4(primary.requestedAddress);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        requested = *parsed;
    }
    auto address = bridge->reserveAddress(container.id, requested);
    if (!address) {
        return std::unexpected(address.error());
    }
    network::HostsRequest hosts =
        hostsRequestOf(container, spec.hostname, network::formatIpv4(*address));
    // resolv.conf names only 127.0.0.11, with the --dns-search and --dns-option values; the
    // answerer forwards to the --dns servers (connectUserNetworks).
    if (auto written = writeHostFiles(container, spec.hostname, hosts, true); !written) {
        return written;
    }
    options_.networks->setLinks(container.id, std::move(links));
    return {};
}

// Connects one network's veth pair into the running container and registers its names.
// The primary network gives the default route.
Result<void> Manager::attachRunning(Container& container, NetworkAttachment& attachment,
                                    bool primary) {
    network::BridgeNetwork* bridge = options_.networks->bridgeOf(attachment.networkId);
    if (!bridge) {
        return fail(ErrorKind::NotFound,
                    fmt::format("network {} not found", attachment.networkName));
    }
    // An internal network gets no default route, as in Docker: only its subnet is reachable.
    auto info = options_.networks->get(attachment.networkId);
    network::ConnectOptions connect;
    connect.interfaceName = freeInterfaceName(container);
    connect.defaultRoute = primary && info && !info->internal;
    // The runtime brings lo up in every new network namespace except --network none's.
    connect.bringUpLoopback = container.hostConfig.networkMode == "none";
    if (!attachment.requestedAddress.empty()) {
        auto parsed = network::parseIpv4(attachment.requestedAddress);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        connect.address = *parsed;
    }
    auto endpoint = bridge->connect(container.id, namespacePathOf(container), connect);
    if (!endpoint) {
        return std::unexpected(endpoint.error());
    }
    attachment.interfaceName = connect.interfaceName;
    attachment.ipAddress = network::formatIpv4(endpoint->address);
    attachment.gateway = network::formatIpv4(endpoint->gateway);
    attachment.macAddress = endpoint->macAddress;
    attachment.prefixLength = endpoint->prefixLength;
    options_.networks->addEndpoint(
        attachment.networkId, {container.id, container.name, attachment.aliases, endpoint->address,
                               endpoint->prefixLength, endpoint->macAddress});
    if (info) {
        options_.networks->publishEvent("connect", *info, container.id);
    }
    return {};
}

void Manager::detachRunning(Container& container, NetworkAttachment& attachment,
                            network::Teardown when) {
    if (attachment.ipAddress.empty()) {
        return;
    }
    options_.networks->removeEndpoint(attachment.networkId, container.id);
    if (network::BridgeNetwork* bridge = options_.networks->bridgeOf(attachment.networkId)) {
        if (auto disconnected = bridge->disconnect(container.id, when); !disconnected) {
            log::warning("container {}: {}", container.shortId(), disconnected.error().message);
        }
    }
    if (auto info = options_.networks->get(attachment.networkId)) {
        options_.networks->publishEvent("disconnect", *info, container.id);
    }
    attachment.interfaceName.clear();
    attachment.ipAddress.clear();
    attachment.gateway.clear();
    attachment.macAddress.clear();
    attachment.prefixLength = 0;
}

// Every attachment gets its interface; on a user network the first one is primary and
// publishes the ports. The DNS socket opens last, once every name is registered.
Result<void> Manager::connectUserNetworks(Container& container) {
    if (!options_.networks || container.attachments.empty()) {
        return {};
    }
    bool primaryHere = usesUserNetwork(container);
    for (size_t i = 0; i < container.attachments.size(); ++i) {
        if (auto attached =
                attachRunning(container, container.attachments[i], primaryHere && i == 0);
            !attached) {
            disconnectUserNetworks(container);
            return attached;
        }
    }
    if (primaryHere) {
        NetworkAttachment& primary = container.attachments.front();
        network::BridgeNetwork* bridge = options_.networks->bridgeOf(primary.networkId);
        auto mappings = portMappingsFor(container);
        if (!mappings) {
            disconnectUserNetworks(container);
            return std::unexpected(mappings.error());
        }
        auto published = bridge->publish(container.id, *mappings);
        if (!published) {
            disconnectUserNetworks(container);
            return std::unexpected(published.error().context(
                fmt::format("driver failed programming external connectivity on endpoint {} "
                            "({})",
                            container.name, container.id)));
        }
        container.network = NetworkRecord{};
        container.network.bridge = bridge->bridgeName();
        for (const network::PublishedPort& port : *published) {
            container.network.ports.push_back(
                {network::formatContainerPort(port.containerPort), port.hostIp, port.hostPort});
        }
    }
    if (options_.dns) {
        if (auto listening = options_.dns->listen(container.id, namespacePathOf(container),
                                                  dnsUpstreamsOf(container));
            !listening) {
            disconnectUserNetworks(container);
            return listening;
        }
    }
    return {};
}

void Manager::disconnectUserNetworks(Container& container, network::Teardown when) {
    if (!options_.networks) {
        return;
    }
    if (options_.dns) {
        options_.dns->stopListening(container.id);
    }
    options_.networks->clearLinks(container.id);
    for (NetworkAttachment& attachment : container.attachments) {
        detachRunning(container, attachment, when);
    }
    // The address reserved before a start that failed early.
    if (usesUserNetwork(container) && !container.attachments.empty()) {
        if (auto* bridge = options_.networks->bridgeOf(container.attachments.front().networkId)) {
            (void)bridge->disconnect(container.id, when);
        }
    }
}

// A container that kept running while no daemon did: its interfaces and addresses are
// still there, the names, the DNS socket and the port proxies are not.
void Manager::restoreUserNetworks(Container& container) {
    if (!options_.networks) {
        return;
    }
    for (const NetworkAttachment& attachment : container.attachments) {
        auto address = network::parseIpv4(attachment.ipAddress);
        if (!address) {
            continue;
        }
        options_.networks->addEndpoint(attachment.networkId,
                                       {container.id, container.name, attachment.aliases, *address,
                                        attachment.prefixLength, attachment.macAddress});
    }
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& [name, alias] : splitLinks(container.hostConfig.links)) {
        if (auto found = lookup(name)) {
            links.emplace_back(alias, (*found)->container.id);
        }
    }
    options_.networks->setLinks(container.id, std::move(links));
    if (options_.dns) {
        if (auto listening = options_.dns->listen(container.id, namespacePathOf(container),
                                                  dnsUpstreamsOf(container));
            !listening) {
            log::warning("container {}: {}", container.shortId(), listening.error().message);
        }
    }
    if (!usesUserNetwork(container) || container.attachments.empty()) {
        return;
    }
    auto* bridge = options_.networks->bridgeOf(container.attachments.front().networkId);
    std::vector<network::PortMapping> mappings;
    for (const PublishedPortRecord& port : container.network.ports) {
        std::string hostIp = port.hostIp == "0.0.0.0" ? "" : port.hostIp;
        auto mapping =
            network::mappingFromBinding(port.containerPort, hostIp, std::to_string(port.hostPort));
        if (mapping) {
            mappings.push_back(*mapping);
        }
    }
    if (bridge && !mappings.empty()) {
        if (auto published = bridge->publish(container.id, mappings); !published) {
            log::warning("container {}: its published ports were not restored: {}",
                         container.shortId(), published.error().message);
        }
    }
}

void Manager::registerBridgeEndpoint(const Container& container) {
    auto address = network::parseIpv4(container.network.ipAddress);
    if (!options_.networks || !address) {
        return;
    }
    options_.networks->addEndpoint(network::predefinedNetworkId("bridge"),
                                   {container.id,
                                    container.name,
                                    {},
                                    *address,
                                    container.network.prefixLength,
                                    container.network.macAddress});
}

Result<void> Manager::connectToNetwork(std::string_view reference, std::string_view networkName,
                                       const EndpointSettings& settings) {
    if (!options_.networks) {
        return fail(ErrorKind::NotFound, fmt::format("network {} not found", networkName));
    }
    auto network = options_.networks->get(networkName);
    if (!network) {
        return std::unexpected(network.error());
    }
    if (network->predefined) {
        return fail(ErrorKind::Unsupported,
                    fmt::format("connecting a container to the predefined network {} is not "
                                "supported",
                                network->name));
    }
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    std::unique_lock lock((*entry)->mutex);
    Container& container = (*entry)->container;
    const std::string& mode = container.hostConfig.networkMode;
    if (mode == "host" || mode == "none" || mode.starts_with("container:")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("container {} uses network mode {} and cannot be connected to "
                                "other networks",
                                container.name, mode));
    }
    for (const NetworkAttachment& attachment : container.attachments) {
        if (attachment.networkId == network->id) {
            return fail(ErrorKind::Conflict,
                        fmt::format("endpoint with name {} already exists in network {}",
                                    container.name, network->name));
        }
    }
    if (!settings.ipv4Address.empty()) {
        auto address = network::parseIpv4(settings.ipv4Address);
        if (!address) {
            return std::unexpected(address.error());
        }
        if (!network->subnet || !network->subnet->contains(*address)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid address {}: it does not belong to any of this "
                                    "network's subnets",
                                    settings.ipv4Address));
        }
    }
    NetworkAttachment attachment;
    attachment.networkId = network->id;
    attachment.networkName = network->name;
    attachment.aliases = settings.aliases;
    attachment.requestedAddress = settings.ipv4Address;
    container.attachments.push_back(attachment);
    if (container.state.running()) {
        bool primary = usesUserNetwork(container) && container.attachments.size() == 1;
        if (auto attached = attachRunning(container, container.attachments.back(), primary);
            !attached) {
            container.attachments.pop_back();
            return attached;
        }
        if (options_.dns) {
            if (auto listening = options_.dns->listen(container.id, namespacePathOf(container),
                                                      dnsUpstreamsOf(container));
                !listening) {
                log::warning("container {}: {}", container.shortId(), listening.error().message);
            }
        }
        // A container from the default bridge now resolves names through the answerer,
        // as in Docker.
        if (!usesUserNetwork(container) && container.attachments.size() == 1) {
            if (auto rewritten = rewriteResolvConf(container, true); !rewritten) {
                log::warning("container {}: {}", container.shortId(), rewritten.error().message);
            }
        }
    }
    if (auto saved = save(container); !saved) {
        return std::unexpected(saved.error());
    }
    log::info("container {} connected to network {}", container.shortId(), network->name);
    return {};
}

Result<void> Manager::disconnectFromNetwork(std::string_view reference,
                                            std::string_view networkName, bool force) {
    if (!options_.networks) {
        return fail(ErrorKind::NotFound, fmt::format("network {} not found", networkName));
    }
    auto network = options_.networks->get(networkName);
    if (!network) {
        return std::unexpected(network.error());
    }
    auto entry = lookup(reference);
    if (!entry) {
        if (force) {
            // A container that is gone may still hold an endpoint after a crash.
            return {};
        }
        return std::unexpected(entry.error());
    }
    std::unique_lock lock((*entry)->mutex);
    Container& container = (*entry)->container;
    auto found = std::ranges::find_if(container.attachments, [&](const NetworkAttachment& a) {
        return a.networkId == network->id;
    });
    if (found == container.attachments.end()) {
        return fail(ErrorKind::Conflict, fmt::format("container {} is not connected to network {}",
                                                     container.id, network->name));
    }
    bool wasRunningHere = !found->ipAddress.empty();
    detachRunning(container, *found);
    container.attachments.erase(found);
    // The default bridge's container left its last user network: back to the host's
    // nameservers, and no answerer.
    if (wasRunningHere && !usesUserNetwork(container) && container.attachments.empty()) {
        if (options_.dns) {
            options_.dns->stopListening(container.id);
        }
        if (auto rewritten = rewriteResolvConf(container, false); !rewritten) {
            log::warning("container {}: {}", container.shortId(), rewritten.error().message);
        }
    }
    if (auto saved = save(container); !saved) {
        return std::unexpected(saved.error());
    }
    log::info("container {} disconnected from network {}", container.shortId(), network->name);
    return {};
}

} // namespace berth::container

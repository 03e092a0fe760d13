#include "linkgraph.h"

#include <algorithm>

namespace berth::studio {

namespace {

using client::Json;

std::string text(const Json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json* member(const Json& object, const char* key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(key);
    return it != object.end() ? &*it : nullptr;
}

std::string withoutLeadingSlash(std::string name) {
    if (name.starts_with('/')) {
        name.erase(0, 1);
    }
    return name;
}

// "/target:/linker/alias": the alias is the last path element of the second part.
std::optional<ContainerLink> parseLink(const std::string& entry) {
    const size_t colon = entry.find(':');
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    const std::string linkPath = entry.substr(colon + 1);
    const size_t slash = linkPath.rfind('/');
    ContainerLink link{withoutLeadingSlash(entry.substr(0, colon)),
                       slash == std::string::npos ? linkPath : linkPath.substr(slash + 1)};
    if (link.target.empty() || link.alias.empty()) {
        return std::nullopt;
    }
    return link;
}

// Reads {"80/tcp": [{"HostIp": "", "HostPort": "8080"}], "81/tcp": null}.
std::vector<PublishedPort> portsFromMap(const Json* map) {
    std::vector<PublishedPort> ports;
    if (map == nullptr || !map->is_object()) {
        return ports;
    }
    for (const auto& [containerPort, bindings] : map->items()) {
        if (!bindings.is_array()) {
            continue;
        }
        for (const Json& binding : bindings) {
            ports.push_back({text(binding, "HostIp"), text(binding, "HostPort"), containerPort});
        }
    }
    std::sort(ports.begin(), ports.end(), [](const PublishedPort& a, const PublishedPort& b) {
        return std::tie(a.containerPort, a.hostPort, a.hostIp) <
               std::tie(b.containerPort, b.hostPort, b.hostIp);
    });
    return ports;
}

std::string protocolOf(const std::string& containerPort) {
    const size_t slash = containerPort.find('/');
    return slash == std::string::npos ? std::string("tcp") : containerPort.substr(slash + 1);
}

std::string hostPortLabel(const PublishedPort& port) {
    const bool everyAddress = port.hostIp.empty() || port.hostIp == "0.0.0.0";
    const bool isIpv6 = port.hostIp.find(':') != std::string::npos;
    std::string address = everyAddress ? std::string() : port.hostIp;
    if (isIpv6) {
        address = "[" + address + "]";
    }
    return (address.empty() ? std::string() : address + ":") + port.hostPort;
}

size_t addNode(LinkGraph& graph, LinkNode node) {
    const int existing = graph.find(node.kind, node.key);
    if (existing >= 0) {
        return static_cast<size_t>(existing);
    }
    graph.nodes.push_back(std::move(node));
    return graph.nodes.size() - 1;
}

int findContainerByName(const LinkGraph& graph, const std::string& name) {
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const LinkNode& node = graph.nodes[i];
        if (node.kind == LinkNode::Kind::Container && (node.label == name || node.key == name)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace

ContainerLinks containerLinksFromInspect(const Json& inspect) {
    ContainerLinks container;
    container.id = text(inspect, "Id");
    container.name = withoutLeadingSlash(text(inspect, "Name"));
    if (const Json* state = member(inspect, "State")) {
        container.state = text(*state, "Status");
    }
    const Json* hostConfig = member(inspect, "HostConfig");
    const Json* links = hostConfig ? member(*hostConfig, "Links") : nullptr;
    if (links != nullptr && links->is_array()) {
        for (const Json& entry : *links) {
            if (!entry.is_string()) {
                continue;
            }
            if (auto link = parseLink(entry.get<std::string>())) {
                container.links.push_back(std::move(*link));
            }
        }
    }
    const Json* settings = member(inspect, "NetworkSettings");
    if (settings != nullptr) {
        container.ipAddress = text(*settings, "IPAddress");
        const Json* networks = member(*settings, "Networks");
        if (networks != nullptr && networks->is_object()) {
            for (const auto& [name, endpoint] : networks->items()) {
                container.networks.push_back(name);
            }
        }
    }
    container.ports = portsFromMap(settings ? member(*settings, "Ports") : nullptr);
    if (container.ports.empty() && hostConfig != nullptr) {
        container.ports = portsFromMap(member(*hostConfig, "PortBindings"));
    }
    return container;
}

int LinkGraph::find(LinkNode::Kind kind, const std::string& key) const {
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].kind == kind && nodes[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

LinkGraph buildLinkGraph(const std::vector<ContainerLinks>& containers) {
    LinkGraph graph;
    for (const ContainerLinks& container : containers) {
        LinkNode node{LinkNode::Kind::Container, container.id, container.name, container.state,
                      container.ipAddress};
        for (const std::string& network : container.networks) {
            if (network == "host" || network == "none") {
                continue;
            }
            auto found = std::ranges::find(graph.networks, network);
            node.network = static_cast<int>(found - graph.networks.begin());
            if (found == graph.networks.end()) {
                graph.networks.push_back(network);
            }
            break;
        }
        addNode(graph, std::move(node));
    }
    for (const ContainerLinks& container : containers) {
        const size_t linker =
            static_cast<size_t>(graph.find(LinkNode::Kind::Container, container.id));
        for (const ContainerLink& link : container.links) {
            int target = findContainerByName(graph, link.target);
            if (target < 0) {
                target = static_cast<int>(
                    addNode(graph, {LinkNode::Kind::Container, link.target, link.target, {}}));
            }
            graph.edges.push_back(
                {linker, static_cast<size_t>(target), LinkEdge::Kind::Link, link.alias});
        }
        for (const PublishedPort& port : container.ports) {
            const std::string key =
                port.hostIp + ":" + port.hostPort + "/" + protocolOf(port.containerPort);
            const size_t hostNode =
                addNode(graph, {LinkNode::Kind::HostPort, key, hostPortLabel(port), {}});
            graph.edges.push_back({hostNode, linker, LinkEdge::Kind::PublishedPort,
                                   port.hostPort + "→" + port.containerPort});
        }
    }
    return graph;
}

} // namespace berth::studio

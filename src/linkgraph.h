#pragma once

// The graph of the Networks & links page, read from container inspect responses
// (GET /containers/{id}/json): a node per container, an edge per --link from the container
// that defines the alias to its target, and per published port a host-port node with an edge
// to the container. Pure functions over JSON, so tests feed them canned responses.

#include "client/types.h"

#include <string>
#include <vector>

namespace berth::studio {

struct ContainerLink {
    std::string target; // the linked container's name, without Docker's leading slash
    std::string alias;

    bool operator==(const ContainerLink&) const = default;
};

struct PublishedPort {
    std::string hostIp; // as the engine reports it; empty or "0.0.0.0" means every address
    std::string hostPort;
    std::string containerPort; // "80/tcp"

    bool operator==(const PublishedPort&) const = default;
};

struct ContainerLinks {
    std::string id;
    std::string name; // without Docker's leading slash
    std::string state;
    std::string ipAddress; // NetworkSettings.IPAddress; empty when stopped or without a bridge
    // The keys of NetworkSettings.Networks ("bridge", a user network, ...), in their order.
    std::vector<std::string> networks;
    std::vector<ContainerLink> links;
    std::vector<PublishedPort> ports; // sorted by container port, then host port
};

// Reads HostConfig.Links ("/target:/linker/alias") and NetworkSettings.Ports. A stopped
// container has no NetworkSettings.Ports, so its HostConfig.PortBindings stand in.
[[nodiscard]] ContainerLinks containerLinksFromInspect(const client::Json& inspect);

struct LinkNode {
    enum class Kind { Container, HostPort };
    Kind kind;
    std::string key;       // the container id (its name when only a link names it), or the
                           // host port as "HOST_IP:HOST_PORT/PROTOCOL"
    std::string label;     // the container name, or the host address and port
    std::string state;     // the container state; empty for a host port or an unknown target
    std::string ipAddress; // the container's bridge address, if it has one
    // An index into LinkGraph::networks: the cluster the container is drawn in, its first
    // network. -1 for host ports and containers without a network.
    int network = -1;

    bool operator==(const LinkNode&) const = default;
};

struct LinkEdge {
    enum class Kind { Link, PublishedPort };
    size_t from;
    size_t to;
    Kind kind;
    std::string label; // the link alias, or "8080→80/tcp"

    bool operator==(const LinkEdge&) const = default;
};

struct LinkGraph {
    std::vector<LinkNode> nodes;
    std::vector<LinkEdge> edges;
    std::vector<std::string> networks; // one cluster each, in the order containers name them

    // The index of the node, or -1.
    [[nodiscard]] int find(LinkNode::Kind kind, const std::string& key) const;
};

// Containers come first, in the given order, each in the cluster of its first network
// (host and none are not drawn as clusters). A link whose target is not among them gets a
// container node keyed by the target's name, with an empty state.
[[nodiscard]] LinkGraph buildLinkGraph(const std::vector<ContainerLinks>& containers);

} // namespace berth::studio

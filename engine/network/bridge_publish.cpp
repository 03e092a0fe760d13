// Port publishing of BridgeNetwork: a proxy that binds the host port, then a DNAT entry
// for host addresses other than loopback. The entries of one container are added and
// removed in one nftables transaction.

#include "network/bridge_network.h"

#include "common/log.h"

#include <fmt/format.h>

namespace berth::network {

Result<BridgeNetwork::Publication> BridgeNetwork::bindOne(Ipv4Address containerAddress,
                                                          const PortMapping& mapping) {
    Ipv4Address hostIp{0};
    if (!mapping.hostIp.empty()) {
        auto parsed = parseIpv4(mapping.hostIp);
        if (!parsed) {
            return fail(ErrorKind::Unsupported,
                        fmt::format("publishing on {} is not supported: only IPv4 host "
                                    "addresses are",
                                    mapping.hostIp));
        }
        hostIp = *parsed;
    }
    ProxyRequest request{mapping.protocol,     hostIp,           mapping.hostPortFirst,
                         mapping.hostPortLast, containerAddress, mapping.containerPort};
    auto proxy = PortProxy::start(request);
    if (!proxy) {
        return std::unexpected(proxy.error());
    }
    Publication publication;
    publication.proxy = std::move(*proxy);
    publication.port = PublishedPort{ContainerPort{mapping.containerPort, mapping.protocol},
                                     formatIpv4(hostIp), publication.proxy->hostPort()};

    publication.dnat = DnatRule{mapping.protocol, std::nullopt, publication.port.hostPort,
                                containerAddress, mapping.containerPort};
    if (hostIp.value != 0) {
        publication.dnat->hostIp = hostIp;
    }
    return publication;
}

Result<void> BridgeNetwork::keepLoopbackPublished() {
    std::vector<DnatRule> rules;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [containerId, publications] : publications_) {
            for (const Publication& publication : publications) {
                if (publication.dnat) {
                    rules.push_back(*publication.dnat);
                }
            }
        }
    }
    return nat_->addLoopbackDnats(rules);
}

Result<void> BridgeNetwork::addDnats(std::vector<Publication>& publications) {
    std::vector<DnatRule> rules;
    for (const Publication& publication : publications) {
        if (publication.dnat) {
            rules.push_back(*publication.dnat);
        }
    }
    if (auto added = nat_->addDnats(rules); !added) {
        return added;
    }
    for (Publication& publication : publications) {
        publication.dnatAdded = publication.dnat.has_value();
    }
    return {};
}

void BridgeNetwork::undoPublications(std::vector<Publication>& publications) {
    std::vector<DnatRule> rules;
    for (Publication& publication : publications) {
        if (publication.dnatAdded) {
            rules.push_back(*publication.dnat);
            publication.dnatAdded = false;
        }
    }
    if (auto removed = nat_->removeDnats(rules); !removed) {
        log::warning("{}: the entries stay in table ip {}", removed.error().message, nat_->name());
    }
    for (Publication& publication : publications) {
        publication.proxy.reset();
    }
}

Result<std::vector<PublishedPort>>
BridgeNetwork::publish(std::string_view containerId, const std::vector<PortMapping>& mappings) {
    auto address = pool_->addressOf(containerId);
    if (!address) {
        return fail(ErrorKind::InvalidState,
                    fmt::format("publish ports of container {}: it is not connected to bridge {}",
                                containerId.substr(0, 12), config_.bridgeName));
    }
    std::vector<Publication> done;
    for (const PortMapping& mapping : mappings) {
        auto publication = bindOne(*address, mapping);
        if (!publication) {
            undoPublications(done);
            return std::unexpected(publication.error());
        }
        done.push_back(std::move(*publication));
    }
    if (auto added = addDnats(done); !added) {
        undoPublications(done);
        return std::unexpected(added.error());
    }

    std::vector<PublishedPort> result;
    for (const Publication& publication : done) {
        result.push_back(publication.port);
    }
    std::lock_guard lock(mutex_);
    auto& list = publications_[std::string(containerId)];
    for (Publication& publication : done) {
        list.push_back(std::move(publication));
    }
    return result;
}

Result<void> BridgeNetwork::unpublish(std::string_view containerId) {
    std::vector<Publication> removed;
    {
        std::lock_guard lock(mutex_);
        auto found = publications_.find(containerId);
        if (found == publications_.end()) {
            return {};
        }
        removed = std::move(found->second);
        publications_.erase(found);
    }
    undoPublications(removed);
    return {};
}

} // namespace berth::network

#include "network/bridge_network.h"

#include "common/log.h"
#include "common/scope_guard.h"
#include "common/unique_fd.h"
#include "network/netlink.h"

#include <fcntl.h>

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace berth::network {
namespace {

Result<std::vector<HostRoute>> hostRoutes(NetlinkSocket& socket) {
    auto routes = socket.routes();
    if (!routes) {
        return std::unexpected(routes.error());
    }
    std::vector<HostRoute> result;
    for (const auto& route : *routes) {
        result.push_back(HostRoute{route.destination, route.linkName});
    }
    return result;
}

// The subnet to use: the configured one, else the stored one, else a free candidate.
Result<Ipv4Subnet> pickSubnet(const BridgeConfig& config, const std::filesystem::path& statePath,
                              const std::vector<HostRoute>& routes) {
    auto stored = AddressPool::storedSubnet(statePath);
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::optional<Ipv4Subnet> wanted = config.subnet ? config.subnet : *stored;
    if (wanted) {
        if (auto free = checkSubnetFree(routes, *wanted, config.bridgeName); !free) {
            return std::unexpected(free.error());
        }
        return *wanted;
    }
    std::vector<Ipv4Subnet> candidates =
        config.candidates.empty() ? defaultSubnetCandidates() : config.candidates;
    return chooseSubnet(routes, candidates, config.bridgeName);
}

// eth0 gets its address, comes up, and gets the default route through the gateway; lo
// comes up unless the runtime did that already.
Result<void> configureContainerSide(NetlinkSocket& inside, const Endpoint& endpoint,
                                    const ConnectOptions& options) {
    auto link = inside.link(options.interfaceName);
    if (!link) {
        return std::unexpected(link.error());
    }
    if (auto up = inside.setUp(*link); !up) {
        return up;
    }
    if (auto added = inside.addAddress(*link, endpoint.address, endpoint.prefixLength); !added) {
        return added;
    }
    if (options.bringUpLoopback) {
        if (auto up = inside.setUp("lo"); !up) {
            return up;
        }
    }
    if (!options.defaultRoute) {
        return {};
    }
    return inside.addDefaultRoute(*link, endpoint.gateway);
}

double millisecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace

std::vector<Ipv4Subnet> defaultSubnetCandidates() {
    std::vector<Ipv4Subnet> candidates;
    for (uint32_t second = 17; second <= 31; ++second) {
        candidates.push_back(Ipv4Subnet{Ipv4Address{(172u << 24) | (second << 16)}, 16});
    }
    for (uint32_t second = 88; second <= 99; ++second) {
        candidates.push_back(Ipv4Subnet{Ipv4Address{(10u << 24) | (second << 16)}, 16});
    }
    return candidates;
}

Result<void> checkSubnetFree(const std::vector<HostRoute>& routes, const Ipv4Subnet& subnet,
                             std::string_view ownBridge) {
    for (const HostRoute& route : routes) {
        if (route.linkName == ownBridge || !route.destination.overlaps(subnet)) {
            continue;
        }
        return fail(ErrorKind::Conflict,
                    fmt::format("subnet {} overlaps the host route to {}{}", formatSubnet(subnet),
                                formatSubnet(route.destination),
                                route.linkName.empty() ? "" : " on " + route.linkName));
    }
    return {};
}

Result<Ipv4Subnet> chooseSubnet(const std::vector<HostRoute>& routes,
                                const std::vector<Ipv4Subnet>& candidates,
                                std::string_view ownBridge) {
    for (const Ipv4Subnet& candidate : candidates) {
        if (checkSubnetFree(routes, candidate, ownBridge)) {
            return candidate;
        }
    }
    return fail(ErrorKind::Conflict,
                fmt::format("every candidate subnet for bridge {} overlaps a host route; "
                            "configure a free subnet",
                            ownBridge));
}

std::string hostInterfaceName(std::string_view containerId) {
    return fmt::format("vb{}", containerId.substr(0, 12));
}

BridgeNetwork::BridgeNetwork(BridgeConfig config)
    : config_(std::move(config)) {}

BridgeNetwork::~BridgeNetwork() = default;

Result<std::unique_ptr<BridgeNetwork>> BridgeNetwork::open(const BridgeConfig& config) {
    std::unique_ptr<BridgeNetwork> network(new BridgeNetwork(config));
    std::filesystem::path statePath = config.stateDir / (config.bridgeName + ".json");
    auto context = fmt::format("set up bridge network {}", config.bridgeName);

    auto socket = NetlinkSocket::open();
    if (!socket) {
        return std::unexpected(socket.error().context(context));
    }
    auto routes = hostRoutes(*socket);
    if (!routes) {
        return std::unexpected(routes.error().context(context));
    }
    auto subnet = pickSubnet(config, statePath, *routes);
    if (!subnet) {
        return std::unexpected(subnet.error().context(context));
    }
    auto pool = AddressPool::open(statePath, *subnet, config.gateway);
    if (!pool) {
        return std::unexpected(pool.error().context(context));
    }
    network->pool_ = std::move(*pool);
    network->teardown_ = std::make_unique<LinkTeardown>([pool = network->pool_.get()](
                                                            const std::string& containerId) {
        if (auto released = pool->release(containerId); !released) {
            log::warning("container {}: {}", containerId.substr(0, 12), released.error().message);
        }
    });
    if (config.ipRange) {
        if (auto ranged = network->pool_->setDynamicRange(*config.ipRange); !ranged) {
            return std::unexpected(ranged.error().context(context));
        }
    }

    auto bridge =
        socket->ensureBridge(config.bridgeName, network->pool_->gateway(), subnet->prefixLength);
    if (!bridge) {
        return std::unexpected(bridge.error().context(context));
    }
    network->bridgeIndex_ = bridge->index;
    // Connections to a port published on 127.0.0.1 are DNATed to the container like any
    // other, so that they do not depend on berthd's proxy, which ends with berthd.
    if (auto enabled = enableRouteLocalnet(config.bridgeName); !enabled) {
        return std::unexpected(enabled.error().context(context));
    }
    network->netlink_ = std::make_unique<NetlinkSocket>(std::move(*socket));

    auto nat = NatTable::open(config.tableName);
    if (!nat) {
        return std::unexpected(nat.error().context(context));
    }
    network->nat_ = std::move(*nat);
    if (auto added = network->nat_->addBridge(config.bridgeName, *subnet, config.internal);
        !added) {
        return std::unexpected(added.error().context(context));
    }

    if (config.enableIpForwarding) {
        auto changed = enableIpForwarding();
        if (!changed) {
            return std::unexpected(changed.error().context(context));
        }
        network->ipForwardingWasOff_ = *changed;
        if (*changed) {
            log::info("set net.ipv4.ip_forward to 1 for bridge {}", config.bridgeName);
        }
    }
    log::info("bridge {} ready on {} (gateway {})", config.bridgeName, formatSubnet(*subnet),
              formatIpv4(network->pool_->gateway()));
    return network;
}

std::string BridgeNetwork::interfaceNameFor(std::string_view containerId) const {
    if (config_.interfacePrefix.empty()) {
        return hostInterfaceName(containerId);
    }
    size_t idLength = 14 - std::min<size_t>(config_.interfacePrefix.size(), 13);
    return config_.interfacePrefix.substr(0, 13) + std::string(containerId.substr(0, idLength));
}

Result<void> BridgeNetwork::createVethPair(const VethRequest& request) {
    std::lock_guard lock(netlinkMutex_);
    // A link of this name is a leftover of the same container after a crash.
    if (auto stale = netlink_->deleteLink(request.hostName); !stale) {
        return stale;
    }
    return netlink_->createVeth(request);
}

Result<void> BridgeNetwork::deleteHostLink(std::string_view name) {
    std::lock_guard lock(netlinkMutex_);
    return netlink_->deleteLink(name);
}

// A container connecting again takes its queued teardown back and does it here, because
// the new veth gets the same name and the pool would hand back the same address.
Result<void> BridgeNetwork::finishTeardown(std::string_view containerId) {
    std::string linkName = teardown_->take(containerId);
    if (linkName.empty()) {
        return {};
    }
    if (auto deleted = deleteHostLink(linkName); !deleted) {
        return deleted;
    }
    return pool_->release(containerId);
}

Result<Endpoint> BridgeNetwork::connect(std::string_view containerId,
                                        const std::filesystem::path& namespacePath,
                                        const ConnectOptions& options) {
    auto started = std::chrono::steady_clock::now();
    std::string id(containerId);
    auto context = fmt::format("connect container {} to bridge {}", containerId.substr(0, 12),
                               config_.bridgeName);
    if (auto finished = finishTeardown(containerId); !finished) {
        return std::unexpected(finished.error().context(context));
    }
    auto address =
        options.address ? pool_->allocateSpecific(id, *options.address) : pool_->allocate(id);
    if (!address) {
        return std::unexpected(address.error().context(context));
    }
    ScopeGuard releaseAddress([&] { (void)pool_->release(id); });

    UniqueFd namespaceFd(::open(namespacePath.c_str(), O_RDONLY | O_CLOEXEC));
    if (!namespaceFd) {
        return std::unexpected(
            failSys(fmt::format("open {}", namespacePath.string())).error().context(context));
    }
    Endpoint endpoint{interfaceNameFor(containerId), *address, pool_->gateway(),
                      pool_->subnet().prefixLength, macForAddress(*address)};
    VethRequest veth{endpoint.hostInterface, bridgeIndex_,        options.interfaceName,
                     namespaceFd.get(),      endpoint.macAddress, config_.mtu};
    if (auto created = createVethPair(veth); !created) {
        return std::unexpected(created.error().context(context));
    }
    ScopeGuard deleteVeth([&] { (void)deleteHostLink(endpoint.hostInterface); });
    double vethMilliseconds = millisecondsSince(started);

    auto inside = NetlinkSocket::openInNamespace(namespaceFd.get());
    if (!inside) {
        return std::unexpected(inside.error().context(context));
    }
    if (auto configured = configureContainerSide(*inside, endpoint, options); !configured) {
        return std::unexpected(configured.error().context(context));
    }
    deleteVeth.dismiss();
    releaseAddress.dismiss();
    log::debug("container {} on bridge {} as {} ({}) in {:.2f} ms, {:.2f} ms of it for the "
               "address and the veth pair",
               containerId.substr(0, 12), config_.bridgeName, formatIpv4(endpoint.address),
               endpoint.hostInterface, millisecondsSince(started), vethMilliseconds);
    return endpoint;
}

Result<void> BridgeNetwork::disconnect(std::string_view containerId, Teardown when) {
    auto context = fmt::format("disconnect container {} from bridge {}", containerId.substr(0, 12),
                               config_.bridgeName);
    if (auto unpublished = unpublish(containerId); !unpublished) {
        return std::unexpected(unpublished.error().context(context));
    }
    if (when == Teardown::AfterExit) {
        teardown_->enqueue(std::string(containerId), interfaceNameFor(containerId));
        return {};
    }
    if (auto finished = finishTeardown(containerId); !finished) {
        return std::unexpected(finished.error().context(context));
    }
    if (auto deleted = deleteHostLink(interfaceNameFor(containerId)); !deleted) {
        return std::unexpected(deleted.error().context(context));
    }
    if (auto released = pool_->release(containerId); !released) {
        return std::unexpected(released.error().context(context));
    }
    return {};
}

Result<Ipv4Address> BridgeNetwork::reserveAddress(std::string_view containerId,
                                                  std::optional<Ipv4Address> requested) {
    if (auto finished = finishTeardown(containerId); !finished) {
        return std::unexpected(finished.error().context(
            fmt::format("reserve an address on bridge {}", config_.bridgeName)));
    }
    auto address =
        requested ? pool_->allocateSpecific(containerId, *requested) : pool_->allocate(containerId);
    if (!address) {
        return std::unexpected(address.error().context(
            fmt::format("reserve an address on bridge {}", config_.bridgeName)));
    }
    return address;
}

Result<void> BridgeNetwork::destroy() {
    auto context = fmt::format("remove bridge {}", config_.bridgeName);
    teardown_->drain();
    if (auto deleted = deleteHostLink(config_.bridgeName); !deleted) {
        return std::unexpected(deleted.error().context(context));
    }
    if (auto removed = nat_->removeBridge(config_.bridgeName, subnet(), config_.internal);
        !removed) {
        return std::unexpected(removed.error().context(context));
    }
    std::filesystem::path statePath = config_.stateDir / (config_.bridgeName + ".json");
    std::error_code ec;
    if (!std::filesystem::remove(statePath, ec) && ec) {
        return fail(ErrorKind::System,
                    fmt::format("{}: remove {}: {}", context, statePath.string(), ec.message()));
    }
    log::info("bridge {} removed", config_.bridgeName);
    return {};
}

std::optional<Ipv4Address> BridgeNetwork::addressOf(std::string_view containerId) const {
    return pool_->addressOf(containerId);
}

} // namespace berth::network

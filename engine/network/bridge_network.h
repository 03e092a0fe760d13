#pragma once

// A bridge network on the host: the bridge with its gateway address, the address pool,
// the masquerade for its subnet, and per container a veth pair and published ports.
//
// State on disk: <stateDir>/<bridge>.json, the address pool (ipam.h). cleanupNetworking()
// reads the file names to find the bridges this daemon made.

#include "common/error.h"
#include "network/address.h"
#include "network/ipam.h"
#include "network/link_teardown.h"
#include "network/nat_table.h"
#include "network/netlink.h"
#include "network/port_proxy.h"
#include "network/port_spec.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

struct BridgeConfig {
    std::string bridgeName = "berth0";
    std::string tableName = "berth"; // the nftables table, `ip berth`
    std::filesystem::path stateDir;  // <data-root>/network
    // A fixed subnet; when unset, the stored one, or else the first candidate that
    // overlaps no route of the host.
    std::optional<Ipv4Subnet> subnet;
    std::vector<Ipv4Subnet> candidates;
    unsigned mtu = 1500;
    // Sets net.ipv4.ip_forward to 1 when it is 0: forwarding to and from containers
    // needs it. The previous value is recorded in ipForwardingWasOff().
    bool enableIpForwarding = true;
    // User-defined networks: the gateway when not the first host address, the range that
    // dynamic addresses come from, and whether traffic may leave the bridge.
    std::optional<Ipv4Address> gateway;
    std::optional<Ipv4Subnet> ipRange;
    bool internal = false;
    // The prefix of the host ends' names, which continue with the container id's first
    // characters up to 14 in all. An empty prefix gives "vb" and 12 id characters.
    std::string interfacePrefix;
};

// 172.17.0.0/16 to 172.31.0.0/16, then 10.88.0.0/16 to 10.99.0.0/16.
[[nodiscard]] std::vector<Ipv4Subnet> defaultSubnetCandidates();

struct HostRoute {
    Ipv4Subnet destination;
    std::string linkName;
};

// The first candidate that overlaps none of routes, ignoring routes through ownBridge
// (they are the bridge's own). Conflict naming the candidates when none is free.
[[nodiscard]] Result<Ipv4Subnet> chooseSubnet(const std::vector<HostRoute>& routes,
                                              const std::vector<Ipv4Subnet>& candidates,
                                              std::string_view ownBridge);

// Conflict when subnet overlaps a route not through ownBridge.
[[nodiscard]] Result<void> checkSubnetFree(const std::vector<HostRoute>& routes,
                                           const Ipv4Subnet& subnet, std::string_view ownBridge);

// A container's attachment to the bridge.
struct Endpoint {
    std::string hostInterface; // the host end of the veth pair, "vb" + 12 id characters
    Ipv4Address address;
    Ipv4Address gateway;
    int prefixLength = 0;
    std::string macAddress;
};

struct PublishedPort {
    ContainerPort containerPort;
    std::string hostIp; // "0.0.0.0" when published on every address
    uint16_t hostPort = 0;
};

// The host end's name for a container id: "vb" and the first 12 characters.
[[nodiscard]] std::string hostInterfaceName(std::string_view containerId);

// The interface a container gets on a bridge: eth0 with the default route on its first
// network, another name without a default route on each further one.
struct ConnectOptions {
    std::string interfaceName = "eth0";
    bool defaultRoute = true;
    std::optional<Ipv4Address> address; // --ip; nullopt takes the lowest free one
    // false when lo is known to be up already, as the runtime leaves it in a container
    // that is not on --network none: saves two requests.
    bool bringUpLoopback = true;
};

class BridgeNetwork final {
public:
    [[nodiscard]] static Result<std::unique_ptr<BridgeNetwork>> open(const BridgeConfig& config);
    ~BridgeNetwork();

    [[nodiscard]] const std::string& bridgeName() const { return config_.bridgeName; }
    [[nodiscard]] Ipv4Subnet subnet() const { return pool_->subnet(); }
    [[nodiscard]] Ipv4Address gateway() const { return pool_->gateway(); }
    [[nodiscard]] bool ipForwardingWasOff() const { return ipForwardingWasOff_; }
    [[nodiscard]] NatTable& natTable() { return *nat_; }

    // Allocates the container's address before connect(), so that /etc/hosts can name it
    // before the container's namespace exists. connect() then uses the same address.
    [[nodiscard]] Result<Ipv4Address>
    reserveAddress(std::string_view containerId,
                   std::optional<Ipv4Address> requested = std::nullopt);

    // Gives the container an address and connects its network namespace (an nsfs path
    // such as /proc/PID/ns/net) to the bridge as options.interfaceName, with a default
    // route through the gateway when asked, lo up. Leaves nothing behind on failure.
    // Costs one veth creation and two or three requests inside the namespace.
    [[nodiscard]] Result<Endpoint> connect(std::string_view containerId,
                                           const std::filesystem::path& namespacePath,
                                           const ConnectOptions& options = {});

    // Deletes the bridge, its nftables elements and its address pool file: the network
    // is removed. Containers must be disconnected first.
    [[nodiscard]] Result<void> destroy();

    [[nodiscard]] std::string interfaceNameFor(std::string_view containerId) const;

    // Unpublishes the container's ports, deletes the host end of the veth pair (the
    // kernel removes the other end with it) and releases its address. Safe to repeat.
    // With Teardown::AfterExit the ports go at once and the rest in the background. The
    // next reserveAddress() or connect() for the container, and destroy(), finish it first.
    [[nodiscard]] Result<void> disconnect(std::string_view containerId,
                                          Teardown when = Teardown::Now);

    // Waits until every background teardown is done.
    void finishTeardowns() { teardown_->drain(); }

    // Publishes every mapping to the container's address, all or nothing: when one fails
    // (a host port in use, for example), the ones before it are undone. The DNAT entries of
    // all mappings go into the nftables table in one transaction.
    [[nodiscard]] Result<std::vector<PublishedPort>>
    publish(std::string_view containerId, const std::vector<PortMapping>& mappings);

    // Removes the container's DNAT entries and stops its proxies.
    [[nodiscard]] Result<void> unpublish(std::string_view containerId);

    // Hands connections to 127.0.0.0/8 over to DNAT while berthd is down: called as berthd
    // stops, it adds every publication on loopback or on every address to the NAT table's
    // loopback maps (nat_table.h). The next open() of the table empties them.
    [[nodiscard]] Result<void> keepLoopbackPublished();

    [[nodiscard]] std::optional<Ipv4Address> addressOf(std::string_view containerId) const;

private:
    struct Publication {
        std::optional<DnatRule> dnat; // loopback entries match only while berthd is down
        bool dnatAdded = false;
        std::unique_ptr<PortProxy> proxy;
        PublishedPort port;
    };

    explicit BridgeNetwork(BridgeConfig config);
    [[nodiscard]] Result<void> createVethPair(const VethRequest& request);
    [[nodiscard]] Result<void> deleteHostLink(std::string_view name);
    [[nodiscard]] Result<void> finishTeardown(std::string_view containerId);
    [[nodiscard]] Result<Publication> bindOne(Ipv4Address containerAddress,
                                              const PortMapping& mapping);
    [[nodiscard]] Result<void> addDnats(std::vector<Publication>& publications);
    void undoPublications(std::vector<Publication>& publications);

    BridgeConfig config_;
    std::unique_ptr<AddressPool> pool_;
    std::unique_ptr<NatTable> nat_;
    int bridgeIndex_ = 0;
    bool ipForwardingWasOff_ = false;
    // One route netlink socket in the host namespace for every veth of this bridge. libnl
    // sockets are not thread-safe: netlinkMutex_ guards it, and is a leaf lock.
    std::mutex netlinkMutex_;
    std::unique_ptr<NetlinkSocket> netlink_;
    std::mutex mutex_;
    std::map<std::string, std::vector<Publication>, std::less<>> publications_;
    // Declared last, so that it finishes its queue while pool_ still exists.
    std::unique_ptr<LinkTeardown> teardown_;
};

// Removes what the daemon made: every bridge named by a state file in stateDir with the
// veths enslaved to it, and the nftables table. The state files stay, so the next start
// gets the same subnets and the addresses still in use.
[[nodiscard]] Result<void> cleanupNetworking(const std::filesystem::path& stateDir,
                                             std::string_view tableName);

} // namespace berth::network

#pragma once

// Route netlink through libnl-route: links, addresses and routes of one network namespace.
// A socket belongs to the namespace of the thread that opened it, for its whole life, so
// a socket opened in a container's namespace configures that namespace from any thread.

#include "common/error.h"
#include "network/address.h"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct nl_sock;

namespace berth::network {

struct LinkInfo {
    std::string name;
    int index = 0;
    int masterIndex = 0; // the bridge a port is enslaved to, 0 when none
    std::string type;    // "bridge", "veth", ... ("" when the kernel does not say)
    bool up = false;
    unsigned mtu = 0;
};

struct VethRequest {
    std::string hostName; // the end that stays in this namespace, enslaved to bridge
    int bridgeIndex = 0;  // 0 leaves the host end without a master
    std::string containerName = "eth0";
    int namespaceFd = -1;     // the container's network namespace
    std::string containerMac; // "02:42:..."; "" lets the kernel choose
    unsigned mtu = 1500;
};

class NetlinkSocket final {
public:
    // A socket in the calling thread's network namespace.
    [[nodiscard]] static Result<NetlinkSocket> open();

    // A socket in the namespace that namespaceFd (an nsfs file, /proc/PID/ns/net) refers
    // to. The calling thread stays where it is: a short-lived thread enters the namespace
    // and opens the socket.
    [[nodiscard]] static Result<NetlinkSocket> openInNamespace(int namespaceFd);

    NetlinkSocket(NetlinkSocket&&) noexcept = default;
    NetlinkSocket& operator=(NetlinkSocket&&) noexcept = default;
    ~NetlinkSocket();

    // NotFound when no link has that name.
    [[nodiscard]] Result<LinkInfo> link(std::string_view name);
    [[nodiscard]] Result<std::vector<LinkInfo>> links();

    // Creates a bridge, or keeps one that exists, gives it address/prefix and brings it up.
    [[nodiscard]] Result<LinkInfo> ensureBridge(std::string_view name, Ipv4Address address,
                                                int prefixLength);

    // Deletes a link; a link that does not exist is not an error.
    [[nodiscard]] Result<void> deleteLink(std::string_view name);

    // Creates a veth pair in one request: one end in this namespace, enslaved to the bridge
    // and up, and the other end in the container's namespace, named there from the start.
    // The other end comes up with a later request: the kernel cannot open a veth end
    // before its peer is linked to it, which happens last (an up flag on the peer fails
    // with ENOTCONN on Linux 6.x).
    [[nodiscard]] Result<void> createVeth(const VethRequest& request);

    [[nodiscard]] Result<void> setUp(std::string_view name);
    [[nodiscard]] Result<void> addAddress(std::string_view linkName, Ipv4Address address,
                                          int prefixLength);
    [[nodiscard]] Result<void> addDefaultRoute(std::string_view linkName, Ipv4Address gateway);

    // The same for a link already looked up, which saves a request each.
    [[nodiscard]] Result<void> setUp(const LinkInfo& link);
    [[nodiscard]] Result<void> addAddress(const LinkInfo& link, Ipv4Address address,
                                          int prefixLength);
    [[nodiscard]] Result<void> addDefaultRoute(const LinkInfo& link, Ipv4Address gateway);

    // Destinations of every IPv4 route in every table except default routes, each with
    // the name of its output link ("" when it has none).
    struct Route {
        Ipv4Subnet destination;
        std::string linkName;
    };
    [[nodiscard]] Result<std::vector<Route>> routes();

private:
    struct Deleter {
        void operator()(nl_sock* socket) const;
    };
    explicit NetlinkSocket(std::unique_ptr<nl_sock, Deleter> socket);
    std::unique_ptr<nl_sock, Deleter> socket_;
};

// True when net.ipv4.ip_forward is 1 in the calling thread's namespace.
[[nodiscard]] Result<bool> ipForwardingEnabled();

// Sets net.ipv4.ip_forward to 1 unless it already is; returns whether it changed.
[[nodiscard]] Result<bool> enableIpForwarding();

// Sets net.ipv4.conf.LINK.route_localnet to 1, so that packets from 127.0.0.0/8 may be
// routed out of link (after DNAT of a connection to 127.0.0.1) and their replies in.
[[nodiscard]] Result<void> enableRouteLocalnet(std::string_view link);

} // namespace berth::network

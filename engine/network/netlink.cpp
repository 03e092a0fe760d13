#include "network/netlink.h"

#include "common/fs.h"
#include "common/unique_fd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <sched.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include <fmt/format.h>

namespace berth::network {
namespace {

// libnl returns negative NLE_* codes, not errno values.
std::unexpected<Error> failNetlink(std::string_view action, int code) {
    ErrorKind kind = ErrorKind::System;
    if (code == -NLE_OBJ_NOTFOUND || code == -NLE_NODEV) {
        kind = ErrorKind::NotFound;
    } else if (code == -NLE_EXIST) {
        kind = ErrorKind::Conflict;
    }
    return fail(kind, fmt::format("{}: {}", action, nl_geterror(code)));
}

struct LinkDeleter {
    void operator()(rtnl_link* link) const { rtnl_link_put(link); }
};
using LinkPtr = std::unique_ptr<rtnl_link, LinkDeleter>;

struct AddrDeleter {
    void operator()(nl_addr* address) const { nl_addr_put(address); }
};
using NlAddrPtr = std::unique_ptr<nl_addr, AddrDeleter>;

struct CacheDeleter {
    void operator()(nl_cache* cache) const { nl_cache_free(cache); }
};
using CachePtr = std::unique_ptr<nl_cache, CacheDeleter>;

LinkInfo describe(rtnl_link* link) {
    LinkInfo info;
    info.name = rtnl_link_get_name(link) ? rtnl_link_get_name(link) : "";
    info.index = rtnl_link_get_ifindex(link);
    info.masterIndex = rtnl_link_get_master(link);
    const char* type = rtnl_link_get_type(link);
    info.type = type ? type : "";
    info.up = (rtnl_link_get_flags(link) & IFF_UP) != 0;
    info.mtu = rtnl_link_get_mtu(link);
    return info;
}

NlAddrPtr makeIpv4(Ipv4Address address, int prefixLength) {
    uint32_t networkOrder = htonl(address.value);
    NlAddrPtr result(nl_addr_build(AF_INET, &networkOrder, sizeof networkOrder));
    if (result) {
        nl_addr_set_prefixlen(result.get(), prefixLength);
    }
    return result;
}

Result<bool> readIpForward() {
    auto content = fs::readFile("/proc/sys/net/ipv4/ip_forward");
    if (!content) {
        return std::unexpected(content.error());
    }
    return content->starts_with('1');
}

} // namespace

void NetlinkSocket::Deleter::operator()(nl_sock* socket) const {
    nl_socket_free(socket);
}

NetlinkSocket::NetlinkSocket(std::unique_ptr<nl_sock, Deleter> socket)
    : socket_(std::move(socket)) {}

NetlinkSocket::~NetlinkSocket() = default;

Result<NetlinkSocket> NetlinkSocket::open() {
    std::unique_ptr<nl_sock, Deleter> socket(nl_socket_alloc());
    if (!socket) {
        return fail(ErrorKind::System, "allocate a netlink socket: out of memory");
    }
    if (int err = nl_connect(socket.get(), NETLINK_ROUTE); err < 0) {
        return failNetlink("connect a route netlink socket", err);
    }
    return NetlinkSocket(std::move(socket));
}

Result<NetlinkSocket> NetlinkSocket::openInNamespace(int namespaceFd) {
    // setns() moves only the calling thread, and the daemon has other threads that must
    // stay in the host namespace, so a thread of its own enters the namespace. The socket
    // keeps that namespace after the thread has ended.
    std::optional<Result<NetlinkSocket>> result;
    std::thread worker([&] {
        if (::setns(namespaceFd, CLONE_NEWNET) != 0) {
            result = failSys("enter the container's network namespace");
            return;
        }
        result = open();
    });
    worker.join();
    return std::move(*result);
}

Result<LinkInfo> NetlinkSocket::link(std::string_view name) {
    rtnl_link* raw = nullptr;
    std::string linkName(name);
    if (int err = rtnl_link_get_kernel(socket_.get(), 0, linkName.c_str(), &raw); err < 0) {
        return failNetlink(fmt::format("look up link {}", name), err);
    }
    LinkPtr owned(raw);
    return describe(owned.get());
}

Result<std::vector<LinkInfo>> NetlinkSocket::links() {
    nl_cache* raw = nullptr;
    if (int err = rtnl_link_alloc_cache(socket_.get(), AF_UNSPEC, &raw); err < 0) {
        return failNetlink("list links", err);
    }
    CachePtr cache(raw);
    std::vector<LinkInfo> result;
    for (nl_object* object = nl_cache_get_first(cache.get()); object;
         object = nl_cache_get_next(object)) {
        result.push_back(describe(reinterpret_cast<rtnl_link*>(object)));
    }
    return result;
}

Result<LinkInfo> NetlinkSocket::ensureBridge(std::string_view name, Ipv4Address address,
                                             int prefixLength) {
    std::string bridgeName(name);
    auto existing = link(name);
    if (existing && existing->type != "bridge") {
        return fail(ErrorKind::Conflict,
                    fmt::format("create bridge {}: a link of type {} has that name", name,
                                existing->type.empty() ? "unknown" : existing->type));
    }
    if (!existing) {
        if (existing.error().kind != ErrorKind::NotFound) {
            return std::unexpected(existing.error());
        }
        if (int err = rtnl_link_bridge_add(socket_.get(), bridgeName.c_str()); err < 0) {
            return failNetlink(fmt::format("create bridge {}", name), err);
        }
    }
    if (auto added = addAddress(name, address, prefixLength); !added) {
        return std::unexpected(added.error());
    }
    if (auto up = setUp(name); !up) {
        return std::unexpected(up.error());
    }
    return link(name);
}

Result<void> NetlinkSocket::deleteLink(std::string_view name) {
    LinkPtr request(rtnl_link_alloc());
    std::string linkName(name);
    rtnl_link_set_name(request.get(), linkName.c_str());
    int err = rtnl_link_delete(socket_.get(), request.get());
    if (err < 0 && err != -NLE_OBJ_NOTFOUND && err != -NLE_NODEV) {
        return failNetlink(fmt::format("delete link {}", name), err);
    }
    return {};
}

Result<void> NetlinkSocket::createVeth(const VethRequest& request) {
    rtnl_link* link = rtnl_link_veth_alloc();
    if (!link) {
        return fail(ErrorKind::System, "allocate a veth link: out of memory");
    }
    // rtnl_link_veth_release() frees the link and its peer.
    std::unique_ptr<rtnl_link, decltype(&rtnl_link_veth_release)> owned(link,
                                                                        &rtnl_link_veth_release);
    rtnl_link_set_name(link, request.hostName.c_str());
    if (request.bridgeIndex != 0) {
        rtnl_link_set_master(link, request.bridgeIndex);
    }
    rtnl_link_set_mtu(link, request.mtu);
    rtnl_link_set_flags(link, IFF_UP);

    LinkPtr peer(rtnl_link_veth_get_peer(link));
    rtnl_link_set_name(peer.get(), request.containerName.c_str());
    rtnl_link_set_ns_fd(peer.get(), request.namespaceFd);
    rtnl_link_set_mtu(peer.get(), request.mtu);
    if (!request.containerMac.empty()) {
        nl_addr* raw = nullptr;
        if (int err = nl_addr_parse(request.containerMac.c_str(), AF_LLC, &raw); err < 0) {
            return failNetlink(fmt::format("parse MAC address {}", request.containerMac), err);
        }
        NlAddrPtr mac(raw);
        rtnl_link_set_addr(peer.get(), mac.get());
    }

    if (int err = rtnl_link_add(socket_.get(), link, NLM_F_CREATE | NLM_F_EXCL); err < 0) {
        return failNetlink(
            fmt::format("create veth pair {}/{}", request.hostName, request.containerName), err);
    }
    return {};
}

Result<void> NetlinkSocket::setUp(std::string_view name) {
    auto target = link(name);
    if (!target) {
        return std::unexpected(target.error());
    }
    return setUp(*target);
}

Result<void> NetlinkSocket::setUp(const LinkInfo& target) {
    LinkPtr current(rtnl_link_alloc());
    rtnl_link_set_ifindex(current.get(), target.index);
    LinkPtr change(rtnl_link_alloc());
    rtnl_link_set_flags(change.get(), IFF_UP);
    if (int err = rtnl_link_change(socket_.get(), current.get(), change.get(), 0); err < 0) {
        return failNetlink(fmt::format("bring link {} up", target.name), err);
    }
    return {};
}

Result<void> NetlinkSocket::addAddress(std::string_view linkName, Ipv4Address address,
                                       int prefixLength) {
    auto target = link(linkName);
    if (!target) {
        return std::unexpected(target.error());
    }
    return addAddress(*target, address, prefixLength);
}

Result<void> NetlinkSocket::addAddress(const LinkInfo& target, Ipv4Address address,
                                       int prefixLength) {
    const std::string& linkName = target.name;
    std::unique_ptr<rtnl_addr, decltype(&rtnl_addr_put)> request(rtnl_addr_alloc(), &rtnl_addr_put);
    NlAddrPtr local = makeIpv4(address, prefixLength);
    rtnl_addr_set_ifindex(request.get(), target.index);
    rtnl_addr_set_local(request.get(), local.get());
    Ipv4Subnet subnet{Ipv4Address{address.value & Ipv4Subnet{{}, prefixLength}.mask()},
                      prefixLength};
    if (prefixLength < 31) {
        NlAddrPtr broadcast = makeIpv4(subnet.broadcast(), prefixLength);
        rtnl_addr_set_broadcast(request.get(), broadcast.get());
    }
    int err = rtnl_addr_add(socket_.get(), request.get(), 0);
    if (err < 0 && err != -NLE_EXIST) {
        return failNetlink(
            fmt::format("add address {}/{} to {}", formatIpv4(address), prefixLength, linkName),
            err);
    }
    return {};
}

Result<void> NetlinkSocket::addDefaultRoute(std::string_view linkName, Ipv4Address gateway) {
    auto target = link(linkName);
    if (!target) {
        return std::unexpected(target.error());
    }
    return addDefaultRoute(*target, gateway);
}

Result<void> NetlinkSocket::addDefaultRoute(const LinkInfo& target, Ipv4Address gateway) {
    const std::string& linkName = target.name;
    std::unique_ptr<rtnl_route, decltype(&rtnl_route_put)> route(rtnl_route_alloc(),
                                                                 &rtnl_route_put);
    NlAddrPtr destination = makeIpv4(Ipv4Address{0}, 0);
    rtnl_route_set_family(route.get(), AF_INET);
    rtnl_route_set_dst(route.get(), destination.get());
    rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
    rtnl_nexthop* hop = rtnl_route_nh_alloc();
    NlAddrPtr via = makeIpv4(gateway, 32);
    rtnl_route_nh_set_gateway(hop, via.get());
    rtnl_route_nh_set_ifindex(hop, target.index);
    rtnl_route_add_nexthop(route.get(), hop); // the route owns the next hop from here
    if (int err = rtnl_route_add(socket_.get(), route.get(), NLM_F_CREATE); err < 0) {
        return failNetlink(
            fmt::format("add default route via {} on {}", formatIpv4(gateway), linkName), err);
    }
    return {};
}

Result<std::vector<NetlinkSocket::Route>> NetlinkSocket::routes() {
    auto allLinks = links();
    if (!allLinks) {
        return std::unexpected(allLinks.error());
    }
    nl_cache* raw = nullptr;
    if (int err = rtnl_route_alloc_cache(socket_.get(), AF_INET, 0, &raw); err < 0) {
        return failNetlink("list IPv4 routes", err);
    }
    CachePtr cache(raw);
    std::vector<Route> result;
    for (nl_object* object = nl_cache_get_first(cache.get()); object;
         object = nl_cache_get_next(object)) {
        auto* route = reinterpret_cast<rtnl_route*>(object);
        nl_addr* destination = rtnl_route_get_dst(route);
        if (!destination || nl_addr_get_prefixlen(destination) == 0 ||
            nl_addr_get_len(destination) != 4) {
            continue;
        }
        uint32_t networkOrder = 0;
        std::memcpy(&networkOrder, nl_addr_get_binary_addr(destination), 4);
        Ipv4Subnet subnet{Ipv4Address{ntohl(networkOrder)},
                          int(nl_addr_get_prefixlen(destination))};
        subnet.base.value &= subnet.mask();
        std::string linkName;
        if (rtnl_route_get_nnexthops(route) > 0) {
            int index = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(route, 0));
            for (const LinkInfo& info : *allLinks) {
                if (info.index == index) {
                    linkName = info.name;
                }
            }
        }
        result.push_back(Route{subnet, linkName});
    }
    return result;
}

Result<bool> ipForwardingEnabled() {
    auto enabled = readIpForward();
    if (!enabled) {
        return std::unexpected(enabled.error().context("read net.ipv4.ip_forward"));
    }
    return *enabled;
}

Result<bool> enableIpForwarding() {
    auto enabled = ipForwardingEnabled();
    if (!enabled) {
        return std::unexpected(enabled.error());
    }
    if (*enabled) {
        return false;
    }
    UniqueFd fd(::open("/proc/sys/net/ipv4/ip_forward", O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), "1\n", 2) != 2) {
        return failSys("set net.ipv4.ip_forward to 1");
    }
    return true;
}

Result<void> enableRouteLocalnet(std::string_view link) {
    std::string path = fmt::format("/proc/sys/net/ipv4/conf/{}/route_localnet", link);
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), "1\n", 2) != 2) {
        return failSys(fmt::format("set net.ipv4.conf.{}.route_localnet to 1", link));
    }
    return {};
}

} // namespace berth::network

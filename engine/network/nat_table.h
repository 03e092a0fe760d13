#pragma once

// The daemon's own nftables table (libnftables): masquerade for traffic that leaves a
// bridge subnet, and DNAT of published ports. The rules never change once the table is
// made; bridges and publications are elements of its sets and maps, so adding or removing
// one needs no rule handles and touches nothing else:
//
//   prerouting, output (not to 127.0.0.0/8): to a local address -> chain publish
//   publish: dnat through published-PROTO-on (host address . port), then published-PROTO
//            (port alone, for publications on every address)
//   output to 127.0.0.0/8 -> chain publish-loopback: dnat through loopback-PROTO-on and
//            loopback-PROTO, which are empty while berthd runs
//   postrouting: from a bridge subnet out of another link -> masquerade; from a bridge
//                subnet back into a bridge after DNAT (a container reaching a port that
//                another container publishes) -> masquerade, so that replies return the
//                same way; from 127.0.0.0/8 into a bridge (a host connection DNATed by
//                publish-loopback) -> masquerade
//   forward: between two bridges -> drop, unless it was DNATed (a published port); into or
//            out of an internal bridge through another link -> drop
//   loopback-guard (prerouting, before conntrack): from a bridge to 127.0.0.0/8 -> drop
//
// While berthd runs, its userland proxy (port_proxy.h) serves connections to 127.0.0.1,
// which is faster than DNAT through the bridge: bench/run.sh's throughput case moved 64 MiB
// in 477 ms through the proxy and 636 ms through DNAT on a 2-vCPU VM. When berthd stops,
// it fills the loopback maps (addLoopbackDnats), so that published ports keep accepting
// connections on 127.0.0.1 until it starts again and open() empties them. DNAT to a
// container from 127.0.0.1 needs route_localnet on each bridge (BridgeNetwork sets it),
// which would also let a container that adds a route send packets to the host's loopback
// services, so loopback-guard drops them.
// NOTE: a berthd killed with SIGKILL fills nothing, so loopback ports wait for its restart.
//
// NOTE: the forward chain only drops; it accepts nothing for other tables. A host whose own
// forward chain drops by default (as one set up by Docker's iptables does) also drops
// forwarded container traffic.

#include "common/error.h"
#include "network/address.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct nft_ctx;

namespace berth::network {

struct DnatRule {
    std::string protocol = "tcp";      // "tcp" or "udp"
    std::optional<Ipv4Address> hostIp; // nullopt: every local address
    uint16_t hostPort = 0;
    Ipv4Address containerAddress;
    uint16_t containerPort = 0;
};

class NatTable final {
public:
    // Creates the table `ip NAME` with its chains, sets and maps, or brings the rules of an
    // existing one up to date while keeping its elements (a restarted daemon).
    [[nodiscard]] static Result<std::unique_ptr<NatTable>> open(std::string tableName);
    ~NatTable();

    [[nodiscard]] const std::string& name() const { return name_; }

    // An internal bridge's containers reach only each other: the forward chain drops what
    // enters or leaves it through another link.
    [[nodiscard]] Result<void> addBridge(std::string_view bridgeName, const Ipv4Subnet& subnet,
                                         bool internal = false);
    [[nodiscard]] Result<void> removeBridge(std::string_view bridgeName, const Ipv4Subnet& subnet,
                                            bool internal = false);

    // Adds the entries in one transaction: all of them or, on an error, none. An empty
    // list costs nothing.
    [[nodiscard]] Result<void> addDnats(const std::vector<DnatRule>& rules);

    // Adds the entries whose host address is loopback or every address to the loopback
    // maps, for the time berthd is down; others are skipped. One transaction.
    [[nodiscard]] Result<void> addLoopbackDnats(const std::vector<DnatRule>& rules);

    // Removes the entries in one transaction. When that fails (an entry is missing, say),
    // each entry is removed on its own, and the error names the ones that stay.
    [[nodiscard]] Result<void> removeDnats(const std::vector<DnatRule>& rules);

    // Runs nft commands in this table's context: for tests and diagnostics.
    [[nodiscard]] Result<std::string> run(std::string_view commands);

private:
    struct ContextDeleter {
        void operator()(nft_ctx* context) const;
    };
    NatTable(std::string name, std::unique_ptr<nft_ctx, ContextDeleter> context);

    std::string name_;
    std::mutex mutex_; // libnftables contexts are not thread-safe
    std::unique_ptr<nft_ctx, ContextDeleter> context_;
};

// Deletes the table `ip NAME`; a table that does not exist is not an error.
[[nodiscard]] Result<void> deleteNatTable(std::string_view tableName);

// True when the table `ip NAME` exists in the calling thread's network namespace.
[[nodiscard]] Result<bool> natTableExists(std::string_view tableName);

} // namespace berth::network

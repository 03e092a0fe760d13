#pragma once

// The /etc/hosts, /etc/hostname and /etc/resolv.conf a container gets, generated into its
// directory at every start and bind-mounted by the runtime.

#include "common/error.h"
#include "container/container.h"
#include "network/address.h"
#include "network/etc_files.h"

#include <string_view>
#include <vector>

namespace berth::container {

// Returns the container's own hosts entries and its --add-host ones. Without a bridge
// address its names resolve to 127.0.1.1, as on a host with only loopback.
[[nodiscard]] network::HostsRequest
hostsRequestOf(const Container& container, std::string_view hostname, std::string_view address);

// Writes hosts, hostname and resolv.conf into the container's directory. resolv.conf is the
// host's without loopback name servers, with the container's DNS options applied; with
// embeddedDns its only nameserver is the embedded DNS answerer, 127.0.0.11.
[[nodiscard]] Result<void> writeHostFiles(const Container& container, std::string_view hostname,
                                          const network::HostsRequest& hosts,
                                          bool embeddedDns = false);

// Rewrites resolv.conf of a running container in place, because it is bind-mounted: for
// the embedded DNS answerer when the container joins its first user network, for the
// host's nameservers when it leaves its last one.
[[nodiscard]] Result<void> rewriteResolvConf(const Container& container, bool embeddedDns);

// The container's --dns servers that are IPv4 addresses: where the embedded answerer
// forwards the names it does not know.
[[nodiscard]] std::vector<network::Ipv4Address> dnsUpstreamsOf(const Container& container);

} // namespace berth::container

#pragma once

// IPv4 addresses and subnets as plain values, in host byte order.

#include "common/error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::network {

struct Ipv4Address {
    uint32_t value = 0; // host byte order

    auto operator<=>(const Ipv4Address&) const = default;
};

struct Ipv4Subnet {
    Ipv4Address base; // the network address, host bits zero
    int prefixLength = 0;

    auto operator<=>(const Ipv4Subnet&) const = default;

    [[nodiscard]] uint32_t mask() const;
    [[nodiscard]] bool contains(Ipv4Address address) const;
    [[nodiscard]] bool overlaps(const Ipv4Subnet& other) const;
    [[nodiscard]] Ipv4Address broadcast() const;
};

[[nodiscard]] Result<Ipv4Address> parseIpv4(std::string_view text);

// "10.1.0.0/16"; InvalidArgument when host bits are set.
[[nodiscard]] Result<Ipv4Subnet> parseSubnet(std::string_view text);

[[nodiscard]] std::string formatIpv4(Ipv4Address address);
[[nodiscard]] std::string formatSubnet(const Ipv4Subnet& subnet);

[[nodiscard]] inline bool isLoopbackAddress(Ipv4Address address) {
    return (address.value >> 24) == 127;
}

// Docker's MAC for an address on a bridge: 02:42 followed by the four address bytes, so that
// an address handed out again comes with the same MAC and stale ARP entries stay right.
[[nodiscard]] std::string macForAddress(Ipv4Address address);

} // namespace berth::network

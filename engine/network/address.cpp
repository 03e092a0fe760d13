#include "network/address.h"

#include <arpa/inet.h>

#include <charconv>

#include <fmt/format.h>

namespace berth::network {

uint32_t Ipv4Subnet::mask() const {
    return prefixLength == 0 ? 0 : ~uint32_t(0) << (32 - prefixLength);
}

bool Ipv4Subnet::contains(Ipv4Address address) const {
    return (address.value & mask()) == base.value;
}

bool Ipv4Subnet::overlaps(const Ipv4Subnet& other) const {
    uint32_t common = prefixLength < other.prefixLength ? mask() : other.mask();
    return (base.value & common) == (other.base.value & common);
}

Ipv4Address Ipv4Subnet::broadcast() const {
    return Ipv4Address{base.value | ~mask()};
}

Result<Ipv4Address> parseIpv4(std::string_view text) {
    std::string copy(text);
    in_addr parsed{};
    if (::inet_pton(AF_INET, copy.c_str(), &parsed) != 1) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid IPv4 address: {}", text));
    }
    return Ipv4Address{ntohl(parsed.s_addr)};
}

Result<Ipv4Subnet> parseSubnet(std::string_view text) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid subnet {}: expected ADDRESS/PREFIX", text));
    }
    auto address = parseIpv4(text.substr(0, slash));
    if (!address) {
        return std::unexpected(address.error().context(fmt::format("invalid subnet {}", text)));
    }
    std::string_view prefixText = text.substr(slash + 1);
    int prefix = -1;
    auto [end, ec] =
        std::from_chars(prefixText.data(), prefixText.data() + prefixText.size(), prefix);
    if (ec != std::errc() || end != prefixText.data() + prefixText.size() || prefix < 0 ||
        prefix > 32) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid subnet {}: prefix length must be 0 to 32", text));
    }
    Ipv4Subnet subnet{*address, prefix};
    if ((address->value & subnet.mask()) != address->value) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid subnet {}: host bits are set", text));
    }
    return subnet;
}

std::string formatIpv4(Ipv4Address address) {
    uint32_t v = address.value;
    return fmt::format("{}.{}.{}.{}", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
}

std::string formatSubnet(const Ipv4Subnet& subnet) {
    return fmt::format("{}/{}", formatIpv4(subnet.base), subnet.prefixLength);
}

std::string macForAddress(Ipv4Address address) {
    uint32_t v = address.value;
    return fmt::format("02:42:{:02x}:{:02x}:{:02x}:{:02x}", v >> 24, (v >> 16) & 0xff,
                       (v >> 8) & 0xff, v & 0xff);
}

} // namespace berth::network

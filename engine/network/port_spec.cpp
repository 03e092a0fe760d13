#include "network/port_spec.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

namespace berth::network {
namespace {

struct PortRange {
    uint16_t first = 0;
    uint16_t last = 0;
};

std::optional<uint16_t> parsePortNumber(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535) {
        return std::nullopt;
    }
    return uint16_t(value);
}

// "80" or "80-90"; nullopt for anything else, a reversed range or a port above 65535.
std::optional<PortRange> parsePortRange(std::string_view text) {
    size_t dash = text.find('-');
    if (dash == std::string_view::npos) {
        auto port = parsePortNumber(text);
        if (!port) {
            return std::nullopt;
        }
        return PortRange{*port, *port};
    }
    auto first = parsePortNumber(text.substr(0, dash));
    auto last = parsePortNumber(text.substr(dash + 1));
    if (!first || !last || *last < *first) {
        return std::nullopt;
    }
    return PortRange{*first, *last};
}

bool validProtocol(std::string_view protocol) {
    return protocol == "tcp" || protocol == "udp" || protocol == "sctp";
}

std::string lowerCase(std::string_view text) {
    std::string lower(text);
    std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower;
}

// Splits "80/udp" into "80" and "udp"; no protocol, or an empty one, means tcp.
std::pair<std::string_view, std::string_view> splitProtocol(std::string_view text) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos || slash + 1 == text.size()) {
        return {text.substr(0, slash), "tcp"};
    }
    return {text.substr(0, slash), text.substr(slash + 1)};
}

struct SpecParts {
    std::string_view ip;
    std::string_view hostPort;
    std::string_view containerPort;
};

// The last field is the container port, the one before it the host port, and everything
// before that the IP address, which may itself contain colons ("[::1]:80:80").
SpecParts splitSpec(std::string_view spec) {
    size_t last = spec.rfind(':');
    if (last == std::string_view::npos) {
        return {{}, {}, spec};
    }
    std::string_view head = spec.substr(0, last);
    size_t previous = head.rfind(':');
    if (previous == std::string_view::npos) {
        return {{}, head, spec.substr(last + 1)};
    }
    return {head.substr(0, previous), head.substr(previous + 1), spec.substr(last + 1)};
}

Result<std::string> normaliseIp(std::string_view ip) {
    std::string address(ip);
    if (!address.empty() && address.front() == '[') {
        if (address.back() != ']') {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid IP address: {}", ip));
        }
        address = address.substr(1, address.size() - 2);
    }
    unsigned char buffer[16];
    if (!address.empty() && ::inet_pton(AF_INET, address.c_str(), buffer) != 1 &&
        ::inet_pton(AF_INET6, address.c_str(), buffer) != 1) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid IP address: {}", ip));
    }
    return address;
}

} // namespace

Result<std::vector<PortMapping>> parsePortSpec(std::string_view spec) {
    SpecParts parts = splitSpec(spec);
    auto [containerText, protocolText] = splitProtocol(parts.containerPort);

    auto ip = normaliseIp(parts.ip);
    if (!ip) {
        return std::unexpected(ip.error());
    }
    if (containerText.empty()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("no port specified: {}<empty>", spec));
    }
    auto container = parsePortRange(containerText);
    if (!container || container->first == 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid containerPort: {}", containerText));
    }
    PortRange host;
    if (!parts.hostPort.empty()) {
        auto parsed = parsePortRange(parts.hostPort);
        if (!parsed) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid hostPort: {}", parts.hostPort));
        }
        host = *parsed;
    }
    int containerCount = container->last - container->first;
    int hostCount = host.last - host.first;
    bool hostGiven = !parts.hostPort.empty() && host.first != 0;
    if (hostGiven && containerCount != 0 && containerCount != hostCount) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid ranges specified for container and host Ports: {} and {}",
                                containerText, parts.hostPort));
    }
    std::string protocol = lowerCase(protocolText);
    if (!validProtocol(protocol)) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid proto: {}", protocolText));
    }

    std::vector<PortMapping> mappings;
    for (int offset = 0; offset <= containerCount; ++offset) {
        PortMapping mapping{*ip, 0, 0, uint16_t(container->first + offset), protocol};
        if (hostGiven && containerCount == 0) {
            mapping.hostPortFirst = host.first;
            mapping.hostPortLast = host.last;
        } else if (hostGiven) {
            mapping.hostPortFirst = mapping.hostPortLast = uint16_t(host.first + offset);
        }
        mappings.push_back(std::move(mapping));
    }
    return mappings;
}

Result<std::vector<ContainerPort>> parseExposedPort(std::string_view spec) {
    auto [portText, protocolText] = splitProtocol(spec);
    auto range = parsePortRange(portText);
    if (!range || range->first == 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid port specification: \"{}\"", spec));
    }
    std::string protocol = lowerCase(protocolText);
    if (!validProtocol(protocol)) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid proto: {}", protocolText));
    }
    std::vector<ContainerPort> ports;
    for (unsigned port = range->first; port <= range->last; ++port) {
        ports.push_back(ContainerPort{uint16_t(port), protocol});
    }
    return ports;
}

Result<PortMapping> mappingFromBinding(std::string_view containerPortKey, std::string_view hostIp,
                                       std::string_view hostPort) {
    auto ports = parseExposedPort(containerPortKey);
    if (!ports) {
        return std::unexpected(ports.error());
    }
    if (ports->size() != 1) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid port specification: \"{}\"", containerPortKey));
    }
    auto ip = normaliseIp(hostIp);
    if (!ip) {
        return std::unexpected(ip.error());
    }
    PortMapping mapping{*ip, 0, 0, ports->front().port, ports->front().protocol};
    if (!hostPort.empty()) {
        auto range = parsePortRange(hostPort);
        if (!range) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid port specification: \"{}\"", hostPort));
        }
        mapping.hostPortFirst = range->first;
        mapping.hostPortLast = range->first == 0 ? 0 : range->last;
    }
    return mapping;
}

std::vector<PortMapping> publishAll(const std::vector<ContainerPort>& exposed) {
    std::vector<PortMapping> mappings;
    for (const ContainerPort& port : exposed) {
        mappings.push_back(PortMapping{"", 0, 0, port.port, port.protocol});
    }
    return mappings;
}

std::string formatContainerPort(const ContainerPort& port) {
    return fmt::format("{}/{}", port.port, port.protocol);
}

} // namespace berth::network

#include "portforward.h"

#include "common/unique_fd.h"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <set>
#include <tuple>

namespace berth::studio {

namespace {

constexpr uint32_t kMaxPort = 65535;

std::optional<uint32_t> parsePortNumber(std::string_view text) {
    uint32_t port = 0;
    const auto [end, ec] = std::from_chars(text.begin(), text.end(), port);
    if (text.empty() || ec != std::errc() || end != text.end()) {
        return std::nullopt;
    }
    return port;
}

bool isKnownProtocol(std::string_view protocol) {
    return protocol == "tcp" || protocol == "udp" || protocol == "sctp";
}

// Splits "[::1]:rest" or "1.2.3.4:rest" off the front of a -p value with three parts.
std::pair<std::string, std::string_view> splitHostIp(std::string_view value) {
    if (value.starts_with('[')) {
        const size_t close = value.find(']');
        if (close != std::string_view::npos && close + 1 < value.size() &&
            value[close + 1] == ':') {
            return {std::string(value.substr(1, close - 1)), value.substr(close + 2)};
        }
        return {{}, value};
    }
    if (std::count(value.begin(), value.end(), ':') < 2) {
        return {{}, value};
    }
    const size_t colon = value.find(':');
    return {std::string(value.substr(0, colon)), value.substr(colon + 1)};
}

struct SocketAddress {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;
};

std::optional<SocketAddress> socketAddress(const std::string& hostIp, uint16_t port) {
    SocketAddress address;
    if (hostIp.empty() || hostIp.find(':') == std::string::npos) {
        auto* in = reinterpret_cast<sockaddr_in*>(&address.storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        const std::string ip = hostIp.empty() ? std::string("0.0.0.0") : hostIp;
        if (inet_pton(AF_INET, ip.c_str(), &in->sin_addr) != 1) {
            return std::nullopt;
        }
        address.length = sizeof(sockaddr_in);
        return address;
    }
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address.storage);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    if (inet_pton(AF_INET6, hostIp.c_str(), &in6->sin6_addr) != 1) {
        return std::nullopt;
    }
    address.length = sizeof(sockaddr_in6);
    address.family = AF_INET6;
    return address;
}

bool isValidHostIp(const std::string& hostIp) {
    return hostIp.empty() || socketAddress(hostIp, 0).has_value();
}

// The problems of one row that need no other row and no probe.
std::vector<PortProblemKind> rowProblems(const PortForward& forward) {
    std::vector<PortProblemKind> problems;
    if (forward.containerPort.empty()) {
        problems.push_back(PortProblemKind::MissingContainerPort);
    }
    const auto inBounds = [](const std::optional<PortRange>& range) {
        return range && range->first >= 1 && range->last <= kMaxPort;
    };
    const std::optional<PortRange> container = parsePortRange(forward.containerPort);
    const std::optional<PortRange> host = parsePortRange(forward.hostPort);
    if ((!forward.containerPort.empty() && !inBounds(container)) ||
        (!forward.hostPort.empty() && !inBounds(host))) {
        problems.push_back(PortProblemKind::InvalidPort);
    } else if (host && container && container->length() > 1 &&
               host->length() != container->length()) {
        // Docker accepts a host range for one container port and picks a free one in it.
        problems.push_back(PortProblemKind::RangeLengthsDiffer);
    }
    if (!isKnownProtocol(forward.protocol)) {
        problems.push_back(PortProblemKind::InvalidProtocol);
    }
    if (!isValidHostIp(forward.hostIp)) {
        problems.push_back(PortProblemKind::InvalidHostIp);
    }
    return problems;
}

} // namespace

std::optional<PortRange> parsePortRange(std::string_view text) {
    const size_t dash = text.find('-');
    const std::optional<uint32_t> first = parsePortNumber(text.substr(0, dash));
    const std::optional<uint32_t> last =
        dash == std::string_view::npos ? first : parsePortNumber(text.substr(dash + 1));
    if (!first || !last || *first > *last) {
        return std::nullopt;
    }
    return PortRange{*first, *last};
}

Result<PortForward> parsePublishOption(std::string_view value) {
    PortForward forward;
    std::string_view rest = value;
    if (const size_t slash = rest.rfind('/'); slash != std::string_view::npos) {
        forward.protocol = std::string(rest.substr(slash + 1));
        rest = rest.substr(0, slash);
    }
    auto [hostIp, ports] = splitHostIp(rest);
    forward.hostIp = std::move(hostIp);
    if (const size_t colon = ports.find(':'); colon != std::string_view::npos) {
        forward.hostPort = std::string(ports.substr(0, colon));
        ports = ports.substr(colon + 1);
    }
    forward.containerPort = std::string(ports);
    if (forward.containerPort.empty() || !isKnownProtocol(forward.protocol)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid port forward \"{}\": expected "
                                "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp|sctp]",
                                value));
    }
    return forward;
}

std::string formatPublishOption(const PortForward& forward) {
    std::string value;
    if (!forward.hostIp.empty()) {
        const bool isIpv6 = forward.hostIp.find(':') != std::string::npos;
        value = isIpv6 ? "[" + forward.hostIp + "]:" : forward.hostIp + ":";
    }
    if (!forward.hostPort.empty() || !forward.hostIp.empty()) {
        value += forward.hostPort + ":";
    }
    value += forward.containerPort;
    if (forward.protocol != "tcp") {
        value += "/" + forward.protocol;
    }
    return value;
}

Result<bool> probeHostPort(const std::string& hostIp, uint16_t port, const std::string& protocol) {
    const std::optional<SocketAddress> address = socketAddress(hostIp, port);
    if (!address) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid host address \"{}\"", hostIp));
    }
    const int type = protocol == "udp" ? SOCK_DGRAM : SOCK_STREAM;
    const int ipProtocol = protocol == "sctp" ? IPPROTO_SCTP : 0;
    UniqueFd socketFd(::socket(address->family, type | SOCK_CLOEXEC, ipProtocol));
    if (!socketFd) {
        return failSys(fmt::format("create a {} socket to probe port {}", protocol, port));
    }
    if (::bind(socketFd.get(), reinterpret_cast<const sockaddr*>(&address->storage),
               address->length) == 0) {
        return true;
    }
    if (errno == EADDRINUSE) {
        return false;
    }
    return failSys(
        fmt::format("bind {}:{}/{} to probe it", hostIp.empty() ? "*" : hostIp, port, protocol));
}

HostPortProbe probeIgnoringOwnPorts(std::vector<HostPortUse> own, HostPortProbe probe) {
    return [own = std::move(own),
            probe = std::move(probe)](const std::string& hostIp, uint16_t port,
                                      const std::string& protocol) -> Result<bool> {
        // The address is left out of the match: the container's 0.0.0.0:8080 also blocks
        // 127.0.0.1:8080, and it releases both.
        const bool owned = std::ranges::any_of(own, [&](const HostPortUse& use) {
            return use.port == port && use.protocol == protocol;
        });
        return owned ? Result<bool>(true) : probe(hostIp, port, protocol);
    };
}

std::vector<PortProblem> checkPortForwards(const std::vector<PortForward>& forwards,
                                           const HostPortProbe& probe) {
    std::vector<PortProblem> problems;
    // Host address, port and protocol of every earlier valid row, for the duplicate check.
    std::set<std::tuple<std::string, uint32_t, std::string>> taken;
    for (size_t row = 0; row < forwards.size(); ++row) {
        const PortForward& forward = forwards[row];
        const std::vector<PortProblemKind> kinds = rowProblems(forward);
        for (PortProblemKind kind : kinds) {
            problems.push_back({row, kind, {}});
        }
        const std::optional<PortRange> host = parsePortRange(forward.hostPort);
        if (!kinds.empty() || !host) {
            continue;
        }
        bool reportedDuplicate = false;
        for (uint32_t port = host->first; port <= host->last; ++port) {
            const auto key = std::make_tuple(forward.hostIp, port, forward.protocol);
            if (!taken.insert(key).second && !reportedDuplicate) {
                problems.push_back({row, PortProblemKind::Duplicate, std::to_string(port)});
                reportedDuplicate = true;
            }
        }
        if (reportedDuplicate || !probe) {
            continue;
        }
        for (uint32_t port = host->first; port <= host->last; ++port) {
            // NOTE: other probe errors (a port below 1024 for a user without
            // CAP_NET_BIND_SERVICE) are not reported here; the engine reports them.
            const Result<bool> free =
                probe(forward.hostIp, static_cast<uint16_t>(port), forward.protocol);
            if (free && !*free) {
                problems.push_back({row, PortProblemKind::HostPortInUse, std::to_string(port)});
                break;
            }
            if (!free && free.error().errnum == EADDRNOTAVAIL) {
                problems.push_back({row, PortProblemKind::HostIpNotLocal, forward.hostIp});
                break;
            }
        }
    }
    return problems;
}

std::vector<PrivilegedPort> findPrivilegedPorts(const std::vector<PortForward>& forwards,
                                                uint32_t unprivilegedStart) {
    std::vector<PrivilegedPort> found;
    for (size_t row = 0; row < forwards.size(); ++row) {
        if (!rowProblems(forwards[row]).empty()) {
            continue;
        }
        const std::optional<PortRange> host = parsePortRange(forwards[row].hostPort);
        if (host && host->first < unprivilegedStart) {
            found.push_back({row, host->first});
        }
    }
    return found;
}

uint32_t unprivilegedPortStart() {
    std::ifstream file("/proc/sys/net/ipv4/ip_unprivileged_port_start");
    uint32_t start = 0;
    if (file >> start) {
        return start;
    }
    return 1024;
}

} // namespace berth::studio

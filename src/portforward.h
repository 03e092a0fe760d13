#pragma once

// Port forwards of the Run dialog (docker run -p) as data: parsing and writing the
// "[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]" value, and the checks the dialog runs
// before anything is created. Plain C++ so that the unit tests need no widgets.

#include "common/error.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::studio {

struct PortForward {
    std::string hostIp;        // empty publishes on every address
    std::string hostPort;      // "8080" or "8080-8081"; empty lets the engine choose
    std::string containerPort; // "80" or "80-81"
    std::string protocol = "tcp";

    bool operator==(const PortForward&) const = default;
};

// An inclusive port range; a single port has first == last.
struct PortRange {
    uint32_t first = 0;
    uint32_t last = 0;

    [[nodiscard]] uint32_t length() const { return last - first + 1; }
    bool operator==(const PortRange&) const = default;
};

// Parses "80" or "8080-8081"; nullopt unless both ends are numbers with first <= last.
// The bounds 1–65535 are checked by checkPortForwards(), so that it can name the problem.
[[nodiscard]] std::optional<PortRange> parsePortRange(std::string_view text);

// Parses a -p value. An IPv6 host address is written in brackets ("[::1]:8080:80").
// A value with a missing container port or an unknown protocol is InvalidArgument.
[[nodiscard]] Result<PortForward> parsePublishOption(std::string_view value);

// Writes the -p value back, leaving out the parts that are empty or default.
[[nodiscard]] std::string formatPublishOption(const PortForward& forward);

enum class PortProblemKind {
    MissingContainerPort,
    InvalidPort,        // not a number or range, or outside 1–65535
    RangeLengthsDiffer, // a host range whose length differs from the container range
    InvalidProtocol,    // other than tcp, udp or sctp
    InvalidHostIp,
    Duplicate,      // the same host address, port and protocol as an earlier row
    HostPortInUse,  // binding it on this machine failed with EADDRINUSE
    HostIpNotLocal, // binding failed with EADDRNOTAVAIL: no interface has the address
};

struct PortProblem {
    size_t row = 0;
    PortProblemKind kind = PortProblemKind::InvalidPort;
    std::string detail; // the value at fault, or the port in use

    bool operator==(const PortProblem&) const = default;
};

// Returns true when `port` can be bound on `hostIp` ("" for every address) with the
// protocol, false when it is in use. Other bind failures are errors.
using HostPortProbe = std::function<Result<bool>(const std::string& hostIp, uint16_t port,
                                                 const std::string& protocol)>;

// A host port and protocol that a container of the engine publishes now.
struct HostPortUse {
    uint16_t port = 0;
    std::string protocol = "tcp";
    std::string container; // the container's name

    bool operator==(const HostPortUse&) const = default;
};

// Binds a socket on the address and port, then closes it at once.
[[nodiscard]] Result<bool> probeHostPort(const std::string& hostIp, uint16_t port,
                                         const std::string& protocol);

// Wraps `probe` so that a port and protocol in `own` counts as free on every address, for
// a container that is recreated and so releases its ports before the new one binds them.
[[nodiscard]] HostPortProbe probeIgnoringOwnPorts(std::vector<HostPortUse> own,
                                                  HostPortProbe probe = probeHostPort);

// Checks every row; the host ports of valid rows are probed through `probe`. A row may
// have several problems; the list follows row order.
[[nodiscard]] std::vector<PortProblem>
checkPortForwards(const std::vector<PortForward>& forwards,
                  const HostPortProbe& probe = probeHostPort);

// A valid row whose host port range starts below `unprivilegedStart` (the kernel's
// net.ipv4.ip_unprivileged_port_start, 1024 unless changed). Binding such a port needs
// CAP_NET_BIND_SERVICE, which berthd and rootful Docker or Podman have and rootless engines
// lack. A privileged port is a note for the user, not a problem.
struct PrivilegedPort {
    size_t row = 0;
    uint32_t port = 0; // the first privileged port of the row's host range

    bool operator==(const PrivilegedPort&) const = default;
};

[[nodiscard]] std::vector<PrivilegedPort>
findPrivilegedPorts(const std::vector<PortForward>& forwards, uint32_t unprivilegedStart);

// Reads /proc/sys/net/ipv4/ip_unprivileged_port_start, or returns 1024 when it cannot.
[[nodiscard]] uint32_t unprivilegedPortStart();

} // namespace berth::studio

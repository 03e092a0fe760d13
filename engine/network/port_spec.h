#pragma once

// Parsing of published-port specifications: the `-p [IP:][HOST:]CTR[/PROTO]` syntax of
// `docker run`, the "80/tcp" keys of ExposedPorts and the HostIp/HostPort pairs of
// HostConfig.PortBindings. Pure functions; error texts follow the docker CLI 28.

#include "common/error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

// One container port and where the host publishes it.
struct PortMapping {
    std::string hostIp;         // "" publishes on every address
    uint16_t hostPortFirst = 0; // 0 asks for an ephemeral port
    uint16_t hostPortLast = 0;  // > hostPortFirst: the first free port of the range is used
    uint16_t containerPort = 0;
    std::string protocol = "tcp"; // "tcp", "udp" or "sctp"

    bool operator==(const PortMapping&) const = default;
};

// A container port as Docker writes it in ExposedPorts and PortBindings: "80/tcp".
struct ContainerPort {
    uint16_t port = 0;
    std::string protocol = "tcp";

    auto operator<=>(const ContainerPort&) const = default;
};

// Parses one `-p` value. A container range gives one mapping per port; a host range
// against a single container port gives one mapping with that host range.
[[nodiscard]] Result<std::vector<PortMapping>> parsePortSpec(std::string_view spec);

// Parses "80", "80/udp", "8000-8010/tcp" (an ExposedPorts key or `--expose` value).
[[nodiscard]] Result<std::vector<ContainerPort>> parseExposedPort(std::string_view spec);

// Turns one HostConfig.PortBindings entry into a mapping. hostPort may be "", "0", "8080"
// or a range "8080-8090".
[[nodiscard]] Result<PortMapping> mappingFromBinding(std::string_view containerPortKey,
                                                     std::string_view hostIp,
                                                     std::string_view hostPort);

// What `-P` publishes: every exposed port on an ephemeral host port.
[[nodiscard]] std::vector<PortMapping> publishAll(const std::vector<ContainerPort>& exposed);

[[nodiscard]] std::string formatContainerPort(const ContainerPort& port); // "80/tcp"

} // namespace berth::network

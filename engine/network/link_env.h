#pragma once

// The environment variables Docker gives a container for each legacy `--link`.

#include "network/port_spec.h"

#include <string>
#include <vector>

namespace berth::network {

struct LinkTarget {
    std::string linkerName; // the linking container's name, "/web" or "web"
    std::string alias;      // the alias, or the target's name without a slash
    std::string address;    // the target's address on the shared bridge
    std::vector<ContainerPort> exposedPorts;
    std::vector<std::string> env; // the target's configured "KEY=value" list
};

// Returns, in Docker's order: ALIAS_PORT for the lowest port (tcp first on a tie), the
// _START/_ADDR/_PORT_START/_PORT_END/_PROTO group of each run of consecutive ports,
// ALIAS_PORT_<N>_<PROTO> with _ADDR, _PORT and _PROTO for each port, ALIAS_NAME, then
// ALIAS_ENV_<KEY> for the target's variables except HOME, PATH and HOSTNAME. ALIAS is
// the alias upper-cased with '-' turned into '_'.
[[nodiscard]] std::vector<std::string> linkEnvironment(const LinkTarget& target);

} // namespace berth::network

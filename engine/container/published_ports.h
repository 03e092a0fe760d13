#pragma once

// The ports a container publishes when it starts (manager_network.cpp).

#include "common/error.h"
#include "container/container.h"
#include "network/port_spec.h"

#include <vector>

namespace berth::container {

// HostConfig.PortBindings, plus every other exposed port with -P.
[[nodiscard]] Result<std::vector<network::PortMapping>> portMappingsFor(const Container& container);

} // namespace berth::container

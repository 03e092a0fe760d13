#pragma once

// The network, publish and expose filters of GET /containers/json, as Docker applies them:
//   network=NAME|ID   a network the container is on, by name or id prefix
//   publish=PORT[/PROTO], publish=FIRST-LAST[/PROTO]   a host port it publishes
//   expose=PORT[/PROTO], expose=FIRST-LAST[/PROTO]     a container port it exposes or
//                                                      publishes
// The protocol defaults to tcp.

#include "common/error.h"
#include "container/container.h"

#include <string_view>

namespace berth::api {

// InvalidArgument for a publish or expose value that is not a port or a range of ports
// with an optional protocol. The matchers below treat such a value as matching nothing.
[[nodiscard]] Result<void> checkPortFilter(std::string_view filter, std::string_view value);

[[nodiscard]] bool onNetwork(const container::Container& container, std::string_view value);
[[nodiscard]] bool publishesPort(const container::Container& container, std::string_view value);
[[nodiscard]] bool exposesPort(const container::Container& container, std::string_view value);

} // namespace berth::api

#pragma once

// The network, publish and expose filters of GET /containers/json, as Docker applies them:
//   network=NAME|ID   a network the container is on, by name or id prefix
//   publish=PORT[/PROTO], publish=FIRST-LAST[/PROTO]   a host port it publishes
//   expose=PORT[/PROTO], expose=FIRST-LAST[/PROTO]     a container port it exposes or
//                                                      publishes
// The protocol defaults to tcp. Unlike the other filter keys, which must all match,
// publish and expose form one condition, as in Docker 28.2 (moby daemon/list.go,
// includeContainerInList). A container passes when one of its ports matches any publish
// value by host port or any expose value by container port. Only a running container has
// ports in that sense, so a stopped one never passes either filter.

#include "common/error.h"
#include "container/container.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

// InvalidArgument for a publish or expose value that is not a port or a range of ports
// with an optional protocol. The matchers below treat such a value as matching nothing.
[[nodiscard]] Result<void> checkPortFilter(std::string_view filter, std::string_view value);

[[nodiscard]] bool onNetwork(const container::Container& container, std::string_view value);
// True when neither list has a value, or when a port of the container matches one.
[[nodiscard]] bool matchesPortFilters(const container::Container& container,
                                      const std::vector<std::string>& publish,
                                      const std::vector<std::string>& expose);

} // namespace berth::api

#pragma once

// The Docker JSON of containers: inspect (GET /containers/{id}/json) and list entries
// (GET /containers/json).

#include "container/container.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace berth::api {

[[nodiscard]] nlohmann::json inspectJson(const container::Container& container);
[[nodiscard]] nlohmann::json listEntryJson(const container::Container& container, int64_t nowNano);

// "Up 5 minutes", "Exited (3) 2 seconds ago", "Created", "Restarting (1) 1 second ago".
[[nodiscard]] std::string humanStatus(const container::Container& container, int64_t nowNano);

// Docker's human duration: "Less than a second", "1 second", "About a minute", "3 hours".
[[nodiscard]] std::string humanDuration(int64_t nanoseconds);

// "sh -c 'exit 3'": Path and Args joined for the Command column.
[[nodiscard]] std::string commandLine(const container::Container& container);

} // namespace berth::api

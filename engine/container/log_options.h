#pragma once

// The json-file log driver's options (HostConfig.LogConfig.Config): the daemon's defaults
// merged in, Docker's checks, and the rotation limits the shim applies.

#include "common/error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth::container {

struct LogRotationLimits {
    int64_t maxSize = 0; // bytes; 0 = never rotate
    int maxFiles = 1;
};

// Parses Docker's sizes: "10m", "10MB", "1.5g", "512k", "100" (bytes); binary multiples.
[[nodiscard]] std::optional<int64_t> parseByteSize(std::string_view text);

// Adds each daemon default that the container's options do not set, as Docker does when the
// container uses the daemon's log driver.
void mergeDefaultLogOptions(std::map<std::string, std::string>& options,
                            const std::map<std::string, std::string>& defaults);

// Checks the options of logType as Docker's driver would, with its messages; the limits
// are those of json-file and are zero for any other driver.
[[nodiscard]] Result<LogRotationLimits>
parseLogOptions(std::string_view logType, const std::map<std::string, std::string>& options);

} // namespace berth::container

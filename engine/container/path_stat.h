#pragma once

// What docker cp learns about a path before copying: Docker's ContainerPathStat, sent
// base64-encoded as JSON in the X-Docker-Container-Path-Stat header.

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace berth::container {

struct PathStat {
    std::string name; // the last component of the requested path, "." for "/dir/."
    int64_t size = 0;
    uint32_t mode = 0;      // Go's os.FileMode bits, as the docker CLI decodes them
    int64_t mtime = 0;      // nanoseconds since the epoch
    std::string linkTarget; // for a symlink: the absolute container path it resolves to
    [[nodiscard]] bool isDirectory() const;
};

// Converts st_mode to Go's os.FileMode: permission bits plus Go's own type and
// setuid/setgid/sticky bits (ModeDir is 1 << 31, for example).
[[nodiscard]] uint32_t goFileMode(mode_t mode);

[[nodiscard]] nlohmann::json toJson(const PathStat& stat);

// The header value: standard base64 of the JSON form.
[[nodiscard]] std::string encodePathStatHeader(const PathStat& stat);

} // namespace berth::container

#pragma once

// Reading a container's json-file log across rotation: the shim renames the full log to
// LOG.1 (older ones move up to LOG.2, …) and starts a new LOG, so a reader goes through
// the rotated files oldest first and then follows LOG, reopening it when its inode changes.

#include "common/unique_fd.h"

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace berth::container {

// The complete lines of the rotated files of logPath, oldest first (not logPath itself).
[[nodiscard]] std::vector<std::string> readRotatedLogLines(const std::filesystem::path& logPath);

// Reads complete lines appended to a log file since the last call.
class LogFollower final {
public:
    explicit LogFollower(std::filesystem::path path)
        : path_(std::move(path)) {}

    // Lines written since the last call. When the file was rotated meanwhile, the rest of
    // the old file comes first, then the new file from its start.
    [[nodiscard]] std::vector<std::string> readLines();

private:
    void readAvailable(std::vector<std::string>& lines);

    std::filesystem::path path_;
    UniqueFd fd_;
    ino_t inode_ = 0;
    std::string partial_;
};

// docker logs --details: the log attributes that the container's log options name
// ("labels", "env"), as "key=value" pairs sorted by key, each part URL-query escaped and
// joined by commas, the way Docker prefixes each line.
[[nodiscard]] std::string logDetailsPrefix(const std::map<std::string, std::string>& logOptions,
                                           const std::map<std::string, std::string>& labels,
                                           const std::vector<std::string>& env);

} // namespace berth::container

#pragma once

// The build cache with the classic builder's keys: a step's key is a digest of its parent
// image, its instruction text and, for COPY and ADD, the checksum of the source files, or
// for RUN, the build args it sees. The value is the image the step made. The map is kept
// in one JSON file under the data root, so the cache outlives the daemon.

#include "common/error.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace berth::build {

class BuildCache final {
public:
    [[nodiscard]] static Result<std::unique_ptr<BuildCache>> open(std::filesystem::path file);

    [[nodiscard]] static std::string key(const std::string& parentId, const std::string& text,
                                         const std::string& extra);

    [[nodiscard]] std::optional<std::string> find(const std::string& key) const;
    [[nodiscard]] Result<void> store(const std::string& key, const std::string& imageId);

    // Forgets every entry, so that each step runs again, and returns the keys it removed.
    // The step images stay: they are the built images' parents.
    [[nodiscard]] Result<std::vector<std::string>> clear();

private:
    explicit BuildCache(std::filesystem::path file)
        : file_(std::move(file)) {}

    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, std::string> entries_;
};

} // namespace berth::build

#pragma once

// The layer of a COPY or ADD step: files from the build context (or another stage's
// filesystem) written as a tar under their destination, without a container.

#include "common/error.h"

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::build {

struct CopyLayerRequest {
    std::vector<std::filesystem::path> sources; // on disk; a directory copies its contents
    std::string destination;                    // absolute in the image, without trailing '/'
    bool destinationIsDirectory = false;        // "dest/", or several sources
    std::vector<std::string> parentsToCreate;   // image paths (absolute), top-most first
    std::optional<uid_t> uid;                   // --chown
    std::optional<gid_t> gid;
    std::optional<mode_t> mode;   // --chmod
    bool extractArchives = false; // ADD: a local tar (compressed or not) is unpacked
    std::vector<std::filesystem::path> keptArchives; // ADD: downloads, never unpacked
};

// Writes the layer tar of request to fd.
[[nodiscard]] Result<void> writeCopyLayer(const CopyLayerRequest& request, int fd);

} // namespace berth::build

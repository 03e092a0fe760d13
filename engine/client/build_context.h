#pragma once

// The tar of a build context as `docker build` sends it: the files of a host directory,
// without those its .dockerignore excludes, plus the Dockerfile text when the caller has
// one that is not saved in the directory (the studio's editor).

#include "common/error.h"

#include <optional>
#include <string>

namespace berth::client {

struct BuildContextSource {
    std::string directory;
    std::string dockerfile = "Dockerfile"; // its name in the tar, relative to directory
    // When set, the tar carries this text under the name `dockerfile` in place of the file.
    std::optional<std::string> dockerfileText;
};

// Writes the context's tar to outFd. The Dockerfile and .dockerignore are always sent,
// because the engine reads them before it applies the rules again.
[[nodiscard]] Result<void> packBuildContext(const BuildContextSource& source, int outFd);

} // namespace berth::client

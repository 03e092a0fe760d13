#pragma once

// Extracts a tar stream into a directory inside a container's root, for docker cp's PUT.
// Each entry's parent is opened with openat2(RESOLVE_IN_ROOT) and the entry is made with
// *at() calls that never follow its last component, so neither a "../" entry nor a
// symlink in the container or in the archive can place a file outside the root. A mount
// point in the container is never removed or replaced, and nothing is written onto a
// read-only mount. NOTE: a rejected entry ends the extraction, but the entries before it
// stay written, as in Docker.

#include "common/error.h"
#include "image/input.h"

#include <string>

namespace berth::container {

struct ExtractOptions {
    // Reject replacing a directory with a non-directory or the reverse, instead of removing
    // the existing one. The docker CLI always sets this.
    bool noOverwriteDirNonDir = false;
    // Keep the archive's uid and gid (docker cp -a); otherwise every file is owned by root.
    bool copyUidGid = false;
};

// destination is an absolute container path, symlinks resolved, of an existing directory.
// Entries whose names or link targets climb out of destination are rejected, as Docker
// rejects them, before anything is made for them.
[[nodiscard]] Result<void> extractTar(int rootFd, const std::string& destination,
                                      const ExtractOptions& options,
                                      const image::ReadFunction& read);

} // namespace berth::container

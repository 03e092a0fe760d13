#pragma once

// Writes a file tree inside a container's root as a tar stream, for docker cp's GET.
// Every file is opened relative to its directory's descriptor without following
// symlinks, so the walk never leaves the tree. Memory use does not grow with the tree.

#include "common/error.h"

#include <functional>
#include <string>
#include <string_view>

namespace berth::container {

// Receives the tar bytes in order; an error stops the walk.
using TarSink = std::function<Result<void>(std::string_view bytes)>;

// Writes the tree at sourcePath (an absolute path inside rootFd whose symlinks are already
// resolved, see resolveInScope) with entry names starting at entryName: a directory's
// entries are "entryName/child/...". A symlink at sourcePath is written as a link.
// Pseudo file systems (proc, sysfs, cgroup, devpts) met on the way are written as empty
// directories, not walked.
[[nodiscard]] Result<void> writeTarTree(int rootFd, const std::string& sourcePath,
                                        const std::string& entryName, const TarSink& sink);

// Writes what the directory sourcePath holds, without an entry for the directory itself and
// with entry names relative to it ("bin", "etc/passwd"), as `docker export` names them.
[[nodiscard]] Result<void> writeTarTreeContents(int rootFd, const std::string& sourcePath,
                                                const TarSink& sink);

} // namespace berth::container

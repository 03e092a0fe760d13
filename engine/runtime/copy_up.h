#pragma once

// Fills a new, empty volume with what the container's image has at the mount point, as
// Docker does, before the volume is mounted there.

#include "common/error.h"

#include <filesystem>

namespace berth::runtime {

// True when path is a directory with no entries.
[[nodiscard]] Result<bool> isEmptyDirectory(const std::filesystem::path& path);

// Copies the entries below from into the directory to, keeping owners, modes, times,
// symlinks, hard links within the tree, device nodes, fifos and extended attributes, and
// gives to the owner and mode of from. Nothing outside from is followed.
[[nodiscard]] Result<void> copyDirectoryContents(const std::filesystem::path& from,
                                                 const std::filesystem::path& to);

} // namespace berth::runtime

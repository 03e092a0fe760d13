#pragma once

// File helpers for state that must survive a crash: write to a temporary file, fsync,
// rename over the target, fsync the directory.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.h"

namespace berth::fs {

[[nodiscard]] Result<std::string> readFile(const std::filesystem::path& path);

[[nodiscard]] Result<void> writeFileAtomic(const std::filesystem::path& path,
                                           std::string_view content, unsigned mode = 0644);

[[nodiscard]] Result<void> makeDirectories(const std::filesystem::path& path, unsigned mode = 0755);

// Removes a tree without following symlinks. It does not check for mount points, so
// callers must make sure nothing is mounted below the path.
[[nodiscard]] Result<void> removeTree(const std::filesystem::path& path);

} // namespace berth::fs

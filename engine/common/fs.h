#pragma once

// File helpers. State that must survive a crash is written to a temporary file, fsynced,
// renamed over the target, and the directory fsynced.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace berth::fs {

[[nodiscard]] Result<std::string> readFile(const std::filesystem::path& path);

enum class Durability {
    Synced,   // fsync the file and its directory: the content survives a crash
    Volatile, // skip the fsyncs, for files regenerated at every use (/etc/hosts of a container)
};

// Replaces path with content through a temporary file and rename, so readers see either
// the old or the new content, never a mix.
[[nodiscard]] Result<void> writeFileAtomic(const std::filesystem::path& path,
                                           std::string_view content, unsigned mode = 0644,
                                           Durability durability = Durability::Synced);

// Writes content over an existing file in place, keeping its inode. A file bind-mounted
// into a running container needs this because after a rename the container still sees the
// old file. Readers may see the file empty or half-written for a moment.
[[nodiscard]] Result<void> overwriteFile(const std::filesystem::path& path,
                                         std::string_view content);

[[nodiscard]] Result<void> makeDirectories(const std::filesystem::path& path, unsigned mode = 0755);

// Returns the names in directory, sorted, without "." and "..".
[[nodiscard]] Result<std::vector<std::string>>
sortedDirectoryNames(const std::filesystem::path& directory);

// Removes a tree without following symlinks. It does not check for mount points, so
// callers must make sure nothing is mounted below the path.
[[nodiscard]] Result<void> removeTree(const std::filesystem::path& path);

} // namespace berth::fs

#pragma once

// What a container changed, read from its overlayfs upper dir against the image's lower
// dirs: the list `docker diff` shows. On disk, overlayfs marks a deleted file with a
// character device 0/0 and a directory that hides the lower ones with the xattr
// trusted.overlay.opaque = "y".

#include "common/error.h"

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

namespace berth::image {

// The numbers are the Kind values of GET /containers/{id}/changes.
enum class ChangeKind { Modified = 0, Added = 1, Deleted = 2 };

struct Change {
    std::string path; // absolute inside the container: "/etc/passwd"
    ChangeKind kind = ChangeKind::Added;
};

struct OverlayLayers {
    std::filesystem::path upper;
    std::vector<std::filesystem::path> lowers; // top-most first, as overlayfs lowerdir
    // Container paths skipped with everything below them: the mount points a runtime
    // creates in the upper dir (/proc, /dev, /etc/hosts, ...), which belong to no layer.
    std::vector<std::string> excluded;
};

// The mount points that the runtime creates in every container's upper dir.
[[nodiscard]] std::vector<std::string> runtimeMountPoints();

[[nodiscard]] bool isWhiteout(const struct stat& status);
// True when the directory at path carries trusted.overlay.opaque = "y".
[[nodiscard]] bool isOpaqueDirectory(const std::filesystem::path& path);

// True when the lower dirs (top-most first) together show an entry at relative.
[[nodiscard]] bool existsInLayers(const std::vector<std::filesystem::path>& lowers,
                                  const std::string& relative);

// True when the entry at relative that the lower dirs show together is a directory.
[[nodiscard]] bool isDirectoryInLayers(const std::vector<std::filesystem::path>& lowers,
                                       const std::string& relative);

// Lists the changes sorted by path. A directory that exists below is Modified when
// anything under it changed or its mode or owner changed. An opaque directory also lists
// the lower entries it hides as Deleted.
[[nodiscard]] Result<std::vector<Change>> listChanges(const OverlayLayers& layers);

} // namespace berth::image

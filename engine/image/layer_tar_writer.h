#pragma once

// Turns a container's overlayfs upper dir into a layer tar: the diff that `docker commit`
// and each filesystem step of a build store as one layer.

#include "common/error.h"

#include <filesystem>
#include <string>
#include <vector>

namespace berth::image {

// Writes upper as a pax tar to fd, paths relative to the root, parents before children.
// An overlay whiteout (character device 0/0) becomes an empty ".wh.NAME" file, and an
// opaque directory is followed by its ".wh..wh..opq" marker. Files with several links in
// the upper dir become hard links to the first one written. The file capability xattr
// (security.capability) is kept; overlayfs's own trusted.overlay.* xattrs are not.
// Container paths in excluded are skipped with everything below them.
[[nodiscard]] Result<void> writeLayerTar(const std::filesystem::path& upper,
                                         const std::vector<std::string>& excluded, int fd);

} // namespace berth::image

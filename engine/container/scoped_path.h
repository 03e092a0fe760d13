#pragma once

// Paths inside a container's root, resolved as the container sees them: a symlink is
// followed relative to the container's root, and ".." never climbs above it, so no path
// a container controls can reach a host file.

#include "common/error.h"
#include "common/unique_fd.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::container {

// Splits path into its components, dropping empty ones and "." (".." stays).
[[nodiscard]] std::vector<std::string> splitPath(std::string_view path);

// "/" plus the cleaned path, with ".." applied lexically and clamped at the root.
[[nodiscard]] std::string cleanAbsolutePath(std::string_view path);

// The last component of a cleaned path, as Go's filepath.Base: "/" for the root.
[[nodiscard]] std::string baseName(std::string_view cleanPath);

// The parent of a cleaned absolute path: "/" for "/x" and for "/".
[[nodiscard]] std::string parentPath(std::string_view cleanPath);

// Opens path below rootFd with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): "/"
// and ".." stop at rootFd, and absolute symlinks restart there. Add O_NOFOLLOW to flags
// to open a symlink itself (with O_PATH).
[[nodiscard]] Result<UniqueFd> openInRoot(int rootFd, std::string_view path, int flags,
                                          mode_t mode = 0);

// Resolves every symlink of path inside rootFd and returns the absolute container path it
// names. The last component is followed only when followLast. Components that do not
// exist are kept as they are, as Docker's FollowSymlinkInScope does. ELOOP after 255
// links.
[[nodiscard]] Result<std::string> resolveInScope(int rootFd, std::string_view path,
                                                 bool followLast);

} // namespace berth::container

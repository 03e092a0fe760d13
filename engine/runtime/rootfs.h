#pragma once

// The container's file system view, built by its init inside its own mount namespace so
// that nothing is ever mounted in the host's: overlay root, /proc, /dev, /sys, the spec's
// mounts, then pivot_root, masked and read-only paths.

#include "common/error.h"
#include "runtime/spec.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

// Mounts everything under rootfsDir and makes it the root. cgroupDirectories are the
// container's own cgroup directories, bound read-only below /sys/fs/cgroup.
[[nodiscard]] Result<void> setupRootfs(const ContainerSpec& spec,
                                       const std::filesystem::path& rootfsDir,
                                       const std::vector<std::filesystem::path>& cgroupDirectories,
                                       bool cgroupV2);

// Mounts only the overlay root and the spec's extra mounts (binds, volumes) at rootfsDir,
// in the caller's mount namespace, which must be private: the view docker cp uses on a
// stopped container.
[[nodiscard]] Result<void> mountFileView(const ContainerSpec& spec,
                                         const std::filesystem::path& rootfsDir);

// Hides runc's masked paths and makes its read-only paths read-only. Runs after pivot_root,
// and not for privileged containers, which see /proc and /sys as the host does.
[[nodiscard]] Result<void> maskKernelPaths();

// Remounts a mount point read-only, keeping its nosuid, nodev and noexec flags.
[[nodiscard]] Result<void> remountReadOnly(const std::filesystem::path& path);

// Resolves path below root as if root were "/": symlinks cannot lead outside it.
[[nodiscard]] std::filesystem::path resolveInRoot(const std::filesystem::path& root,
                                                  std::string_view path);

} // namespace berth::runtime

#pragma once

// Turns a container record into the runtime's ContainerSpec.

#include "common/error.h"
#include "container/container.h"
#include "runtime/spec.h"

#include <filesystem>
#include <string_view>
#include <vector>

namespace berth::container {

// The hostname a container gets: its Config.Hostname, else the first 12 id characters.
[[nodiscard]] std::string hostnameOf(const Container& container);

// The cgroup path relative to each hierarchy's root: "<parent>/<id>", where the parent is
// the container's CgroupParent, else the daemon's (--cgroup-parent).
[[nodiscard]] std::string cgroupPathOf(const Container& container, std::string_view cgroupParent);

// The cgroup limits of a HostConfig.
[[nodiscard]] runtime::ResourceSpec resourcesOf(const HostConfig& host);

// Where --init puts the init binary in the container, as Docker does.
inline constexpr std::string_view kInitPath = "/sbin/docker-init";

// lowerDirs come from the image store, top-most first. cgroupParent is the daemon's
// (--cgroup-parent), used unless the container names its own. initBinary is berth-init,
// bound at kInitPath and run in front of the command when the container has --init.
[[nodiscard]] Result<runtime::ContainerSpec>
buildSpec(const Container& container, std::vector<std::filesystem::path> lowerDirs,
          std::string_view cgroupParent, const std::filesystem::path& initBinary = {});

// The runtime's mounts for a container's mount points: binds and volumes become recursive
// binds (read-only when not RW), tmpfs mounts get their size and mode options.
[[nodiscard]] std::vector<runtime::MountSpec>
mountSpecsOf(const std::vector<volume::MountPoint>& mountPoints);

} // namespace berth::container

#pragma once

// Parsers of the mount syntaxes a client sends: HostConfig.Binds ("-v"), one entry of
// HostConfig.Mounts ("--mount", already JSON), HostConfig.VolumesFrom. They do no I/O:
// whether a bind source exists, and which volume a name refers to, is decided by the
// caller. Errors are InvalidArgument worded as Docker's daemon words them, because the
// CLI prints them as they are.

#include "common/error.h"
#include "volume/mount_point.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace berth::volume {

// Docker's rule for names of local volumes.
inline constexpr std::string_view kVolumeNamePattern = "[a-zA-Z0-9][a-zA-Z0-9_.-]";

// "/a//b/../c/" becomes "/a/c"; a relative path stays relative.
[[nodiscard]] std::string cleanPath(std::string_view path);

// Checks a volume name against kVolumeNamePattern (at least two characters).
[[nodiscard]] Result<void> validateVolumeName(std::string_view name);

// A name Berth or Docker gives an anonymous volume: 64 lowercase hex digits.
[[nodiscard]] bool isAnonymousVolumeName(std::string_view name);

// Checks a -v mode: at most one each of rw/ro, z/Z, a propagation, nocopy and a
// consistency option, comma separated.
[[nodiscard]] bool isValidMountMode(std::string_view mode);

// Parses "/ctr", "NAME:/ctr[:MODE]" or "/host:/ctr[:MODE]".
[[nodiscard]] Result<MountPoint> parseBind(std::string_view raw);

// Parses one HostConfig.Mounts entry: Type bind, volume or tmpfs, with ReadOnly,
// BindOptions.Propagation, VolumeOptions (NoCopy, Labels, DriverConfig) and TmpfsOptions
// (SizeBytes, Mode).
[[nodiscard]] Result<MountPoint> parseMount(const nlohmann::json& mount);

struct VolumesFromSpec {
    std::string container;
    std::string mode; // "" keeps the source's modes, "ro" or "rw" overrides them
};

// Parses "CONTAINER[:ro|:rw]".
[[nodiscard]] Result<VolumesFromSpec> parseVolumesFrom(std::string_view spec);

} // namespace berth::volume

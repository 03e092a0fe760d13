#pragma once

// Volume mappings as `docker run -v` writes them: "SOURCE:TARGET[:ro|:rw]" or "TARGET".
// Parsing, formatting and the checks the Run dialog shows before anything is created.
// Plain C++ without Qt, so that the unit tests need no widgets.

#include "common/error.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::studio {

struct VolumeMapping {
    // An absolute host path (a bind), a volume name, or empty for an anonymous volume.
    std::string source;
    std::string target; // the absolute path in the container
    bool readOnly = false;
    // Set when the user picked a single file to bind: the file must then exist, because
    // the engine would create a directory at a missing host path.
    bool singleFile = false;

    bool operator==(const VolumeMapping&) const = default;
};

enum class MappingSource { Anonymous, Volume, HostPath, Invalid };

// What a mapping's source names: empty is anonymous, "/..." a host path, a name that
// Docker accepts for a volume ([a-zA-Z0-9][a-zA-Z0-9_.-]+) a volume, anything else (a
// relative path such as "./data" or "~/x") is invalid.
[[nodiscard]] MappingSource classifySource(std::string_view source);

// Parses a -v value: "TARGET", "SOURCE:TARGET" or "SOURCE:TARGET:MODE" where MODE is a
// comma-separated list that may hold "ro" or "rw". An unknown mode is InvalidArgument.
[[nodiscard]] Result<VolumeMapping> parseVolumeOption(std::string_view value);

// Writes the -v value for a mapping; the inverse of parseVolumeOption.
[[nodiscard]] std::string formatVolumeOption(const VolumeMapping& mapping);

// Parses a --volumes-from value "CONTAINER[:ro|:rw]". Returns the container name and mode.
struct VolumesFrom {
    std::string container;
    std::string mode; // "", "ro" or "rw"

    bool operator==(const VolumesFrom&) const = default;
};
[[nodiscard]] Result<VolumesFrom> parseVolumesFrom(std::string_view value);
[[nodiscard]] std::string formatVolumesFrom(const VolumesFrom& entry);

enum class MappingProblem {
    EmptyTarget,
    RelativeTarget,
    RootTarget,
    DuplicateTarget,
    RelativeHostPath,
    MissingHostFile,
};

struct MappingIssue {
    size_t row; // the index of the mapping in the list
    MappingProblem problem;

    bool operator==(const MappingIssue&) const = default;
};

enum class HostPathKind { Missing, File, Directory, Other };
using HostPathProbe = std::function<HostPathKind(const std::string& path)>;

// Looks the path up on this machine's file system.
[[nodiscard]] HostPathKind probeHostPath(const std::string& path);

// Checks every mapping; a row may have several issues. Empty mapping rows (no source and
// no target) are skipped, because the dialog leaves a fresh row empty until it is typed in.
[[nodiscard]] std::vector<MappingIssue>
validateMappings(const std::vector<VolumeMapping>& mappings,
                 const HostPathProbe& probe = probeHostPath);

// "/data/" and "/data" are one container path, as the engine cleans both to "/data".
[[nodiscard]] std::string cleanContainerPath(std::string_view path);

} // namespace berth::studio

#pragma once

// A container's mount point: what -v, --mount, --volumes-from and the image's VOLUMEs
// resolve to when the container is created. The record keeps them in config.v2.json under
// "MountPoints", keyed by destination, as Docker does.

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::volume {

enum class MountType { Bind, Volume, Tmpfs };

[[nodiscard]] std::string_view mountTypeName(MountType type);

struct MountPoint {
    MountType type = MountType::Bind;
    std::string name;        // the volume's name; empty for binds and tmpfs
    std::string source;      // host path: the bind source or the volume's data directory
    std::string destination; // absolute and cleaned
    std::string driver;      // "local" for volumes
    std::string mode;        // the -v mode as given ("ro", "z", "ro,rshared"), Docker shows it
    bool rw = true;
    std::string propagation;  // binds only: "rprivate" unless given
    bool copyData = false;    // volumes: an empty volume is first filled from the image
    bool anonymous = false;   // a volume made for this container (-v /ctr, image VOLUME)
    std::string tmpfsOptions; // tmpfs only: "size=64m,mode=1777"

    // Set by the parsers and used only while the container is created, not stored.
    bool createSource = false; // -v creates a missing host directory; --mount does not
    std::map<std::string, std::string> volumeLabels;  // --mount volume-label
    std::map<std::string, std::string> volumeOptions; // --mount volume-opt
};

// Orders mounts so that a parent directory is mounted before what is mounted below it.
void sortForMounting(std::vector<MountPoint>& mounts);

// The MountPoints entry of config.v2.json.
[[nodiscard]] nlohmann::json toDiskJson(const MountPoint& mount);
[[nodiscard]] Result<MountPoint> mountPointFromDiskJson(const nlohmann::json& json);

// An entry of "Mounts" in container inspect and list: Type, Name, Source, Destination,
// Driver, Mode, RW, Propagation, with Name and Driver only for volumes.
[[nodiscard]] nlohmann::json toInspectJson(const MountPoint& mount);

} // namespace berth::volume

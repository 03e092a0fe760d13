#pragma once

// Which containers use which volumes and host directories, read from the Engine API's JSON:
// GET /volumes, GET /system/df for sizes, and GET /containers/{id}/json for each container
// (its Mounts and HostConfig.VolumesFrom). Pure functions over JSON, so tests feed them
// canned responses.

#include "client/types.h"
#include "volumemapping.h"

#include <cstdint>
#include <string>
#include <vector>

namespace berth::studio {

struct MountInfo {
    std::string type;        // "bind", "volume" or "tmpfs"
    std::string name;        // the volume's name; empty for a bind
    std::string source;      // the host path (a volume's mount point for a volume)
    std::string destination; // the path in the container
    bool readOnly = false;
};

struct ContainerMounts {
    std::string id;
    std::string name; // without Docker's leading slash
    std::string state;
    std::vector<MountInfo> mounts;
    std::vector<VolumesFrom> volumesFrom;
};

struct VolumeRow {
    std::string name;
    std::string driver;
    std::string mountpoint;
    std::string createdAt;           // RFC 3339, as the engine sent it
    int64_t size = -1;               // bytes; -1 when the engine did not measure it
    std::vector<std::string> usedBy; // container names, sorted
};

// The paths an image declares with VOLUME: the keys of Config.Volumes in its inspect
// response, sorted.
[[nodiscard]] std::vector<std::string> imageVolumePaths(const client::Json& imageInspect);

// The names in a GET /volumes response.
[[nodiscard]] std::vector<std::string> volumeNames(const client::Json& volumes);

// Reads one container's inspect response.
[[nodiscard]] ContainerMounts containerMountsFromInspect(const client::Json& inspect);

// Reads GET /volumes ({"Volumes": [...]}, or a bare array) and adds the containers that
// mount each volume.
[[nodiscard]] std::vector<VolumeRow>
volumeRowsFromJson(const client::Json& volumes, const std::vector<ContainerMounts>& containers);

// Sets each row's size from a GET /system/df response. The Engine API fills a volume's
// UsageData only there, and sets Size to -1 for drivers other than "local".
void applyDiskUsage(std::vector<VolumeRow>& rows, const client::Json& diskUsage);

// The sharing map as a graph. Containers, volumes and host paths are nodes. Each mount is
// an edge from the volume or host path to the container, and each --volumes-from an edge
// from the source container to the one that repeats its mounts.
struct SharingNode {
    enum class Kind { Container, Volume, HostPath };
    Kind kind;
    std::string key;   // the container id, the volume name or the host path
    std::string label; // the container name, the volume name or the host path

    bool operator==(const SharingNode&) const = default;
};

struct SharingEdge {
    enum class Kind { Mount, VolumesFrom };
    size_t from;
    size_t to;
    Kind kind;
    bool readOnly = false;
    std::string label; // the container path of a mount, the mode of --volumes-from

    bool operator==(const SharingEdge&) const = default;
};

struct SharingGraph {
    std::vector<SharingNode> nodes;
    std::vector<SharingEdge> edges;

    // The index of the node, or -1.
    [[nodiscard]] int find(SharingNode::Kind kind, const std::string& key) const;
};

// Every volume in `volumeNames` is a node, used or not; tmpfs mounts have no node.
[[nodiscard]] SharingGraph buildSharingGraph(const std::vector<ContainerMounts>& containers,
                                             const std::vector<std::string>& volumeNames);

// `graph` without the containers that no edge touches: those with no volume or bind mount
// and no --volumes-from in either direction. Volumes and host paths all stay.
[[nodiscard]] SharingGraph withoutUnconnectedContainers(const SharingGraph& graph);

} // namespace berth::studio

#include "volumeusage.h"

#include <algorithm>

namespace berth::studio {

namespace {

using client::Json;

std::string text(const Json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

MountInfo mountFromJson(const Json& mount) {
    MountInfo info;
    info.type = text(mount, "Type");
    info.name = text(mount, "Name");
    info.source = text(mount, "Source");
    info.destination = text(mount, "Destination");
    const auto rw = mount.find("RW");
    info.readOnly = rw != mount.end() && rw->is_boolean() && !rw->get<bool>();
    // An engine that leaves out Type still names a volume's mount.
    if (info.type.empty()) {
        info.type = info.name.empty() ? "bind" : "volume";
    }
    return info;
}

// A --volumes-from entry names its source by name or by (a prefix of) its id.
int findSourceContainer(const std::vector<ContainerMounts>& containers, const std::string& ref) {
    for (size_t i = 0; i < containers.size(); ++i) {
        if (containers[i].name == ref || containers[i].id == ref) {
            return static_cast<int>(i);
        }
    }
    for (size_t i = 0; i < containers.size(); ++i) {
        if (ref.size() >= 4 && containers[i].id.starts_with(ref)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// UsageData.Size, or -1 when the volume has no usage data.
int64_t usageSize(const Json& volume) {
    const auto usage = volume.find("UsageData");
    if (usage == volume.end() || !usage->is_object()) {
        return -1;
    }
    const auto size = usage->find("Size");
    return size != usage->end() && size->is_number_integer() ? size->get<int64_t>() : -1;
}

} // namespace

std::vector<std::string> imageVolumePaths(const Json& imageInspect) {
    std::vector<std::string> paths;
    const auto config = imageInspect.find("Config");
    if (config == imageInspect.end() || !config->is_object()) {
        return paths;
    }
    const auto volumes = config->find("Volumes");
    if (volumes != config->end() && volumes->is_object()) {
        for (const auto& [path, value] : volumes->items()) {
            paths.push_back(path);
        }
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::vector<std::string> volumeNames(const Json& volumes) {
    std::vector<std::string> names;
    for (const VolumeRow& row : volumeRowsFromJson(volumes, {})) {
        names.push_back(row.name);
    }
    return names;
}

ContainerMounts containerMountsFromInspect(const Json& inspect) {
    ContainerMounts container;
    container.id = text(inspect, "Id");
    container.name = text(inspect, "Name");
    if (container.name.starts_with('/')) {
        container.name.erase(0, 1);
    }
    if (const auto state = inspect.find("State"); state != inspect.end()) {
        container.state = text(*state, "Status");
    }
    if (const auto mounts = inspect.find("Mounts"); mounts != inspect.end() && mounts->is_array()) {
        for (const Json& mount : *mounts) {
            container.mounts.push_back(mountFromJson(mount));
        }
    }
    const auto hostConfig = inspect.find("HostConfig");
    if (hostConfig == inspect.end() || !hostConfig->is_object()) {
        return container;
    }
    const auto from = hostConfig->find("VolumesFrom");
    if (from != hostConfig->end() && from->is_array()) {
        for (const Json& entry : *from) {
            if (!entry.is_string()) {
                continue;
            }
            if (auto parsed = parseVolumesFrom(entry.get<std::string>()); parsed) {
                container.volumesFrom.push_back(std::move(*parsed));
            }
        }
    }
    return container;
}

std::vector<VolumeRow> volumeRowsFromJson(const Json& volumes,
                                          const std::vector<ContainerMounts>& containers) {
    const Json* list = &volumes;
    if (volumes.is_object() && volumes.contains("Volumes")) {
        list = &volumes["Volumes"];
    }
    std::vector<VolumeRow> rows;
    if (!list->is_array()) {
        return rows;
    }
    for (const Json& volume : *list) {
        VolumeRow row;
        row.name = text(volume, "Name");
        row.driver = text(volume, "Driver");
        row.mountpoint = text(volume, "Mountpoint");
        row.createdAt = text(volume, "CreatedAt");
        // UsageData is null unless the engine measured it (Docker fills it for /system/df).
        if (const auto usage = volume.find("UsageData");
            usage != volume.end() && usage->is_object() && (*usage)["Size"].is_number_integer()) {
            row.size = (*usage)["Size"].get<int64_t>();
        }
        for (const ContainerMounts& container : containers) {
            const bool uses = std::any_of(
                container.mounts.begin(), container.mounts.end(), [&](const MountInfo& mount) {
                    return mount.type == "volume" && mount.name == row.name;
                });
            if (uses) {
                row.usedBy.push_back(container.name);
            }
        }
        std::sort(row.usedBy.begin(), row.usedBy.end());
        rows.push_back(std::move(row));
    }
    return rows;
}

void applyDiskUsage(std::vector<VolumeRow>& rows, const Json& diskUsage) {
    if (!diskUsage.is_object() || !diskUsage.contains("Volumes") ||
        !diskUsage["Volumes"].is_array()) {
        return;
    }
    for (const Json& volume : diskUsage["Volumes"]) {
        const std::string name = text(volume, "Name");
        for (VolumeRow& row : rows) {
            if (row.name == name) {
                row.size = usageSize(volume);
            }
        }
    }
}

int SharingGraph::find(SharingNode::Kind kind, const std::string& key) const {
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].kind == kind && nodes[i].key == key) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

SharingGraph buildSharingGraph(const std::vector<ContainerMounts>& containers,
                               const std::vector<std::string>& volumeNames) {
    SharingGraph graph;
    const auto nodeFor = [&graph](SharingNode::Kind kind, const std::string& key,
                                  const std::string& label) {
        if (const int existing = graph.find(kind, key); existing >= 0) {
            return static_cast<size_t>(existing);
        }
        graph.nodes.push_back({kind, key, label});
        return graph.nodes.size() - 1;
    };

    for (const ContainerMounts& container : containers) {
        nodeFor(SharingNode::Kind::Container, container.id, container.name);
    }
    for (const std::string& name : volumeNames) {
        nodeFor(SharingNode::Kind::Volume, name, name);
    }
    for (const ContainerMounts& container : containers) {
        const size_t to = nodeFor(SharingNode::Kind::Container, container.id, container.name);
        for (const MountInfo& mount : container.mounts) {
            size_t from = 0;
            if (mount.type == "volume") {
                from = nodeFor(SharingNode::Kind::Volume, mount.name, mount.name);
            } else if (mount.type == "bind") {
                from = nodeFor(SharingNode::Kind::HostPath, mount.source, mount.source);
            } else {
                continue;
            }
            graph.edges.push_back(
                {from, to, SharingEdge::Kind::Mount, mount.readOnly, mount.destination});
        }
        for (const VolumesFrom& entry : container.volumesFrom) {
            const int source = findSourceContainer(containers, entry.container);
            if (source < 0) {
                continue;
            }
            const size_t from = nodeFor(SharingNode::Kind::Container, containers[source].id,
                                        containers[source].name);
            graph.edges.push_back(
                {from, to, SharingEdge::Kind::VolumesFrom, entry.mode == "ro", entry.mode});
        }
    }
    return graph;
}

SharingGraph withoutUnconnectedContainers(const SharingGraph& graph) {
    std::vector<bool> connected(graph.nodes.size(), false);
    for (const SharingEdge& edge : graph.edges) {
        connected[edge.from] = true;
        connected[edge.to] = true;
    }
    SharingGraph kept;
    std::vector<size_t> newIndex(graph.nodes.size(), 0);
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        if (connected[i] || graph.nodes[i].kind != SharingNode::Kind::Container) {
            newIndex[i] = kept.nodes.size();
            kept.nodes.push_back(graph.nodes[i]);
        }
    }
    for (SharingEdge edge : graph.edges) {
        edge.from = newIndex[edge.from];
        edge.to = newIndex[edge.to];
        kept.edges.push_back(std::move(edge));
    }
    return kept;
}

} // namespace berth::studio

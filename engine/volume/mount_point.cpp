#include "volume/mount_point.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::volume {

using nlohmann::json;

std::string_view mountTypeName(MountType type) {
    switch (type) {
    case MountType::Bind:
        return "bind";
    case MountType::Volume:
        return "volume";
    case MountType::Tmpfs:
        return "tmpfs";
    }
    return "bind";
}

void sortForMounting(std::vector<MountPoint>& mounts) {
    auto depth = [](const MountPoint& mount) { return std::ranges::count(mount.destination, '/'); };
    std::ranges::stable_sort(mounts, [&](const MountPoint& a, const MountPoint& b) {
        return depth(a) != depth(b) ? depth(a) < depth(b) : a.destination < b.destination;
    });
}

json toDiskJson(const MountPoint& mount) {
    return {
        {"Type", mountTypeName(mount.type)},
        {"Name", mount.name},
        {"Source", mount.source},
        {"Destination", mount.destination},
        {"Driver", mount.driver},
        {"Relabel", mount.mode},
        {"RW", mount.rw},
        {"Propagation", mount.propagation},
        {"CopyData", mount.copyData},
        {"Anonymous", mount.anonymous},
        {"TmpfsOptions", mount.tmpfsOptions},
    };
}

Result<MountPoint> mountPointFromDiskJson(const json& object) {
    if (!object.is_object()) {
        return fail(ErrorKind::InvalidArgument, "a mount point record is not a JSON object");
    }
    MountPoint mount;
    std::string type = object.value("Type", "bind");
    if (type == "volume") {
        mount.type = MountType::Volume;
    } else if (type == "tmpfs") {
        mount.type = MountType::Tmpfs;
    } else if (type != "bind") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("a mount point record has the unknown type \"{}\"", type));
    }
    try {
        mount.name = object.value("Name", "");
        mount.source = object.value("Source", "");
        mount.destination = object.value("Destination", "");
        mount.driver = object.value("Driver", "");
        mount.mode = object.value("Relabel", "");
        mount.rw = object.value("RW", true);
        mount.propagation = object.value("Propagation", "");
        mount.copyData = object.value("CopyData", false);
        mount.anonymous = object.value("Anonymous", false);
        mount.tmpfsOptions = object.value("TmpfsOptions", "");
    } catch (const json::exception& error) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("a mount point record has a field of the wrong type: {}", error.what()));
    }
    if (!mount.destination.starts_with("/")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("a mount point record has the destination \"{}\", which is "
                                "not absolute",
                                mount.destination));
    }
    return mount;
}

json toInspectJson(const MountPoint& mount) {
    json entry = {{"Type", mountTypeName(mount.type)}};
    if (mount.type == MountType::Volume) {
        entry["Name"] = mount.name;
    }
    entry["Source"] = mount.source;
    entry["Destination"] = mount.destination;
    if (mount.type == MountType::Volume) {
        entry["Driver"] = mount.driver;
    }
    entry["Mode"] = mount.mode;
    entry["RW"] = mount.rw;
    entry["Propagation"] = mount.propagation;
    return entry;
}

} // namespace berth::volume

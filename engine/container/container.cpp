#include "container/container.h"

#include "common/fs.h"
#include "volume/mount_parse.h"

#include <fmt/format.h>

namespace berth::container {

using nlohmann::json;

std::string_view statusName(Status status) {
    switch (status) {
    case Status::Created:
        return "created";
    case Status::Running:
        return "running";
    case Status::Paused:
        return "paused";
    case Status::Restarting:
        return "restarting";
    case Status::Removing:
        return "removing";
    case Status::Exited:
        return "exited";
    case Status::Dead:
        return "dead";
    }
    return "dead";
}

namespace {

Status statusFromName(std::string_view name) {
    for (Status status : {Status::Created, Status::Running, Status::Paused, Status::Restarting,
                          Status::Removing, Status::Exited, Status::Dead}) {
        if (statusName(status) == name) {
            return status;
        }
    }
    return Status::Dead;
}

} // namespace

namespace {

json networkToJson(const NetworkRecord& network) {
    json ports = json::array();
    for (const auto& port : network.ports) {
        ports.push_back({{"ContainerPort", port.containerPort},
                         {"HostIp", port.hostIp},
                         {"HostPort", port.hostPort}});
    }
    return {{"Bridge", network.bridge},
            {"IPAddress", network.ipAddress},
            {"Gateway", network.gateway},
            {"MacAddress", network.macAddress},
            {"IPPrefixLen", network.prefixLength},
            {"Ports", ports}};
}

NetworkRecord networkFromJson(const json& object) {
    NetworkRecord network;
    network.bridge = object.value("Bridge", "");
    network.ipAddress = object.value("IPAddress", "");
    network.gateway = object.value("Gateway", "");
    network.macAddress = object.value("MacAddress", "");
    network.prefixLength = object.value("IPPrefixLen", 0);
    for (const auto& port : object.value("Ports", json::array())) {
        network.ports.push_back(
            {port.value("ContainerPort", ""), port.value("HostIp", ""), port.value("HostPort", 0)});
    }
    return network;
}

json attachmentsToJson(const std::vector<NetworkAttachment>& attachments) {
    json list = json::array();
    for (const auto& attachment : attachments) {
        list.push_back({{"NetworkID", attachment.networkId},
                        {"NetworkName", attachment.networkName},
                        {"Aliases", attachment.aliases},
                        {"RequestedAddress", attachment.requestedAddress},
                        {"Interface", attachment.interfaceName},
                        {"IPAddress", attachment.ipAddress},
                        {"Gateway", attachment.gateway},
                        {"MacAddress", attachment.macAddress},
                        {"IPPrefixLen", attachment.prefixLength}});
    }
    return list;
}

std::vector<NetworkAttachment> attachmentsFromJson(const json& list) {
    std::vector<NetworkAttachment> attachments;
    for (const auto& item : list) {
        NetworkAttachment attachment;
        attachment.networkId = item.value("NetworkID", "");
        attachment.networkName = item.value("NetworkName", "");
        attachment.aliases = item.value("Aliases", std::vector<std::string>{});
        attachment.requestedAddress = item.value("RequestedAddress", "");
        attachment.interfaceName = item.value("Interface", "");
        attachment.ipAddress = item.value("IPAddress", "");
        attachment.gateway = item.value("Gateway", "");
        attachment.macAddress = item.value("MacAddress", "");
        attachment.prefixLength = item.value("IPPrefixLen", 0);
        attachments.push_back(std::move(attachment));
    }
    return attachments;
}

// Docker keys MountPoints by destination; the order of mounting is recomputed on load.
json mountPointsToJson(const std::vector<volume::MountPoint>& mounts) {
    json object = json::object();
    for (const auto& mount : mounts) {
        object[mount.destination] = volume::toDiskJson(mount);
    }
    return object;
}

Result<std::vector<volume::MountPoint>> mountPointsFromJson(const json& object) {
    std::vector<volume::MountPoint> mounts;
    if (!object.is_object()) {
        return mounts;
    }
    for (const auto& [destination, entry] : object.items()) {
        auto mount = volume::mountPointFromDiskJson(entry);
        if (!mount) {
            return std::unexpected(mount.error());
        }
        mounts.push_back(std::move(*mount));
    }
    volume::sortForMounting(mounts);
    return mounts;
}

// Records written before mount points were stored have only binds of host paths.
std::vector<volume::MountPoint> bindMountPointsOf(const std::vector<std::string>& binds) {
    std::vector<volume::MountPoint> mounts;
    for (const auto& bind : binds) {
        auto mount = volume::parseBind(bind);
        if (mount && mount->type == volume::MountType::Bind) {
            mounts.push_back(std::move(*mount));
        }
    }
    volume::sortForMounting(mounts);
    return mounts;
}

} // namespace

json toDiskJson(const Container& c) {
    return {
        {"ID", c.id},
        {"Name", c.name},
        {"Created", c.created},
        {"Path", c.path},
        {"Args", c.args},
        {"Config", toJson(c.config)},
        {"HostConfig", toJson(c.hostConfig)},
        {"NetworkingConfig", c.networkingConfig},
        {"Image", c.imageId},
        {"State",
         {{"Status", statusName(c.state.status)},
          {"Pid", c.state.pid},
          {"ExitCode", c.state.exitCode},
          {"Error", c.state.error},
          {"OOMKilled", c.state.oomKilled},
          {"StartedAt", c.state.startedAt},
          {"FinishedAt", c.state.finishedAt},
          {"Health", c.state.health ? toJson(*c.state.health) : nlohmann::json(nullptr)}}},
        {"RestartCount", c.restartCount},
        {"ManuallyStopped", c.manuallyStopped},
        {"HasBeenStarted", c.hasBeenStarted},
        {"Shim",
         {{"ShimPid", c.shim.shimPid},
          {"InitPid", c.shim.initPid},
          {"ShimStartTime", c.shim.shimStartTime},
          {"InitStartTime", c.shim.initStartTime}}},
        {"Network", networkToJson(c.network)},
        {"Attachments", attachmentsToJson(c.attachments)},
        {"MountPoints", mountPointsToJson(c.mountPoints)},
    };
}

Result<Container> containerFromDiskJson(const json& object,
                                        const std::filesystem::path& directory) {
    try {
        Container c;
        c.directory = directory;
        c.id = object.at("ID").get<std::string>();
        c.name = object.at("Name").get<std::string>();
        c.created = object.at("Created").get<int64_t>();
        c.path = object.at("Path").get<std::string>();
        c.args = object.at("Args").get<std::vector<std::string>>();
        auto config = decodeContainerConfig(object.at("Config"));
        if (!config) {
            return std::unexpected(config.error());
        }
        c.config = std::move(*config);
        auto host = decodeHostConfig(object.at("HostConfig"));
        if (!host) {
            return std::unexpected(host.error());
        }
        c.hostConfig = std::move(*host);
        c.networkingConfig = object.value("NetworkingConfig", json());
        c.imageId = object.at("Image").get<std::string>();
        const json& state = object.at("State");
        c.state.status = statusFromName(state.at("Status").get<std::string>());
        c.state.pid = state.value("Pid", 0);
        c.state.exitCode = state.value("ExitCode", 0);
        c.state.error = state.value("Error", "");
        c.state.oomKilled = state.value("OOMKilled", false);
        c.state.startedAt = state.value("StartedAt", int64_t(0));
        c.state.finishedAt = state.value("FinishedAt", int64_t(0));
        if (auto health = state.find("Health"); health != state.end() && health->is_object()) {
            c.state.health = healthStateFromJson(*health);
        }
        c.restartCount = object.value("RestartCount", 0);
        c.manuallyStopped = object.value("ManuallyStopped", false);
        c.hasBeenStarted = object.value("HasBeenStarted", false);
        if (auto shim = object.find("Shim"); shim != object.end()) {
            c.shim.shimPid = shim->value("ShimPid", 0);
            c.shim.initPid = shim->value("InitPid", 0);
            c.shim.shimStartTime = shim->value("ShimStartTime", uint64_t(0));
            c.shim.initStartTime = shim->value("InitStartTime", uint64_t(0));
        }
        if (auto network = object.find("Network"); network != object.end()) {
            c.network = networkFromJson(*network);
        }
        if (auto attachments = object.find("Attachments"); attachments != object.end()) {
            c.attachments = attachmentsFromJson(*attachments);
        }
        if (auto mounts = object.find("MountPoints"); mounts != object.end()) {
            auto points = mountPointsFromJson(*mounts);
            if (!points) {
                return std::unexpected(points.error().context(
                    fmt::format("read {}", (directory / "config.v2.json").string())));
            }
            c.mountPoints = std::move(*points);
        } else {
            c.mountPoints = bindMountPointsOf(c.hostConfig.binds);
        }
        return c;
    } catch (const json::exception& e) {
        return fail(ErrorKind::System,
                    fmt::format("read {}: {}", (directory / "config.v2.json").string(), e.what()));
    }
}

Result<void> save(const Container& container) {
    return fs::writeFileAtomic(container.configPath(), toDiskJson(container).dump(), 0600);
}

Result<Container> load(const std::filesystem::path& directory) {
    auto text = fs::readFile(directory / "config.v2.json");
    if (!text) {
        return std::unexpected(text.error());
    }
    json object = json::parse(*text, nullptr, false);
    if (object.is_discarded()) {
        return fail(ErrorKind::System,
                    fmt::format("parse {}: invalid JSON", (directory / "config.v2.json").string()));
    }
    return containerFromDiskJson(object, directory);
}

} // namespace berth::container

#include "api/container_json.h"

#include "common/time.h"

#include <fmt/format.h>

namespace berth::api {

using container::Container;
using container::Status;
using nlohmann::json;

namespace {

std::string timeOrZero(int64_t nanoseconds) {
    return nanoseconds == 0 ? std::string(kZeroTime) : formatRfc3339Nano(nanoseconds);
}

json stateJson(const Container& c) {
    const container::State& state = c.state;
    json object = {
        {"Status", container::statusName(state.status)},
        {"Running", state.running()},
        {"Paused", state.status == Status::Paused},
        {"Restarting", state.status == Status::Restarting},
        {"OOMKilled", state.oomKilled},
        {"Dead", state.status == Status::Dead},
        {"Pid", state.pid},
        {"ExitCode", state.exitCode},
        {"Error", state.error},
        {"StartedAt", timeOrZero(state.startedAt)},
        {"FinishedAt", timeOrZero(state.finishedAt)},
    };
    if (state.health) {
        object["Health"] = container::toJson(*state.health);
    }
    return object;
}

// NetworkSettings.Ports: each exposed or published port, with its host bindings while
// the container runs, null otherwise ("docker port" reads this).
json portsJson(const Container& c) {
    json ports = json::object();
    for (const auto& key : c.config.exposedPorts) {
        ports[key] = nullptr;
    }
    for (const auto& port : c.network.ports) {
        if (!ports[port.containerPort].is_array()) {
            ports[port.containerPort] = json::array();
        }
        ports[port.containerPort].push_back(
            {{"HostIp", port.hostIp}, {"HostPort", std::to_string(port.hostPort)}});
    }
    return ports;
}

// The "Ports" of GET /containers/json: one entry per published port.
json listPortsJson(const Container& c) {
    json ports = json::array();
    for (const auto& port : c.network.ports) {
        size_t slash = port.containerPort.find('/');
        ports.push_back({{"IP", port.hostIp},
                         {"PrivatePort", std::stoi(port.containerPort.substr(0, slash))},
                         {"PublicPort", port.hostPort},
                         {"Type", port.containerPort.substr(slash + 1)}});
    }
    return ports;
}

// NetworkSettings.Networks[NAME] of a user-defined network.
json attachmentJson(const Container& c, const container::NetworkAttachment& attachment) {
    bool running = !attachment.ipAddress.empty();
    json ipam = nullptr;
    if (!attachment.requestedAddress.empty()) {
        ipam = {{"IPv4Address", attachment.requestedAddress}};
    }
    json dnsNames = json::array({c.name, c.shortId()});
    for (const std::string& alias : attachment.aliases) {
        dnsNames.push_back(alias);
    }
    return {
        {"IPAMConfig", ipam},
        {"Links", c.hostConfig.links.empty() ? json(nullptr) : json(c.hostConfig.links)},
        {"Aliases", attachment.aliases.empty() ? json(nullptr) : json(attachment.aliases)},
        {"MacAddress", attachment.macAddress},
        {"NetworkID", attachment.networkId},
        {"EndpointID", running ? attachment.networkId.substr(0, 12) + c.shortId() : ""},
        {"Gateway", attachment.gateway},
        {"IPAddress", attachment.ipAddress},
        {"IPPrefixLen", attachment.prefixLength},
        {"IPv6Gateway", ""},
        {"GlobalIPv6Address", ""},
        {"GlobalIPv6PrefixLen", 0},
        {"DriverOpts", nullptr},
        {"DNSNames", running ? dnsNames : json(nullptr)},
    };
}

bool isPredefinedMode(const std::string& mode) {
    return mode == "default" || mode == "bridge" || mode == "host" || mode == "none" ||
           mode.starts_with("container:");
}

json networkSettingsJson(const Container& c) {
    const container::NetworkRecord& net = c.network;
    json networks = json::object();
    std::string mode = c.hostConfig.networkMode == "default" ? "bridge" : c.hostConfig.networkMode;
    for (const auto& attachment : c.attachments) {
        networks[attachment.networkName] = attachmentJson(c, attachment);
    }
    if (isPredefinedMode(c.hostConfig.networkMode)) {
        networks[mode] = {
            {"IPAMConfig", nullptr},
            {"Links", nullptr},
            {"Aliases", nullptr},
            {"MacAddress", net.macAddress},
            {"NetworkID", net.bridge},
            {"EndpointID", net.ipAddress.empty() ? "" : "vb" + c.shortId()},
            {"Gateway", net.gateway},
            {"IPAddress", net.ipAddress},
            {"IPPrefixLen", net.prefixLength},
            {"IPv6Gateway", ""},
            {"GlobalIPv6Address", ""},
            {"GlobalIPv6PrefixLen", 0},
            {"DriverOpts", nullptr},
            {"DNSNames", nullptr},
        };
    }
    return {
        {"Bridge", net.bridge},
        {"SandboxID", ""},
        {"HairpinMode", false},
        {"LinkLocalIPv6Address", ""},
        {"LinkLocalIPv6PrefixLen", 0},
        {"Ports", portsJson(c)},
        {"SandboxKey", c.state.pid > 0 ? fmt::format("/proc/{}/ns/net", c.state.pid) : ""},
        {"SecondaryIPAddresses", nullptr},
        {"SecondaryIPv6Addresses", nullptr},
        {"EndpointID", net.ipAddress.empty() ? "" : "vb" + c.shortId()},
        {"Gateway", net.gateway},
        {"GlobalIPv6Address", ""},
        {"GlobalIPv6PrefixLen", 0},
        {"IPAddress", net.ipAddress},
        {"IPPrefixLen", net.prefixLength},
        {"IPv6Gateway", ""},
        {"MacAddress", net.macAddress},
        {"Networks", networks},
    };
}

json mountsJson(const Container& c) {
    json mounts = json::array();
    for (const auto& mount : c.mountPoints) {
        mounts.push_back(volume::toInspectJson(mount));
    }
    return mounts;
}

} // namespace

std::string commandLine(const Container& c) {
    std::string line = c.path;
    for (const auto& arg : c.args) {
        bool plain = !arg.empty() && arg.find_first_of(" \t'\"\\$") == std::string::npos;
        line += plain ? " " + arg : " '" + arg + "'";
    }
    return line;
}

json inspectJson(const Container& c) {
    return {
        {"Id", c.id},
        {"Created", formatRfc3339Nano(c.created)},
        {"Path", c.path},
        {"Args", c.args},
        {"State", stateJson(c)},
        {"Image", c.imageId},
        {"ResolvConfPath", c.resolvConfPath().string()},
        {"HostnamePath", c.hostnamePath().string()},
        {"HostsPath", c.hostsPath().string()},
        {"LogPath", c.logPath().string()},
        {"Name", "/" + c.name},
        {"RestartCount", c.restartCount},
        {"Driver", "overlay2"},
        {"Platform", "linux"},
        {"MountLabel", ""},
        {"ProcessLabel", ""},
        {"AppArmorProfile", ""},
        {"ExecIDs", nullptr},
        {"HostConfig", container::toJson(c.hostConfig)},
        {"GraphDriver",
         {{"Name", "overlay2"},
          {"Data", {{"UpperDir", c.upperDir().string()}, {"WorkDir", c.workDir().string()}}}}},
        {"Mounts", mountsJson(c)},
        {"Config", container::toJson(c.config)},
        {"NetworkSettings", networkSettingsJson(c)},
    };
}

std::string humanDuration(int64_t nanoseconds) {
    int64_t seconds = nanoseconds / 1'000'000'000;
    int64_t minutes = seconds / 60;
    int64_t hours = minutes / 60;
    if (seconds < 1) {
        return "Less than a second";
    }
    if (seconds == 1) {
        return "1 second";
    }
    if (seconds < 60) {
        return fmt::format("{} seconds", seconds);
    }
    if (minutes == 1) {
        return "About a minute";
    }
    if (minutes < 60) {
        return fmt::format("{} minutes", minutes);
    }
    if (hours == 1) {
        return "About an hour";
    }
    if (hours < 48) {
        return fmt::format("{} hours", hours);
    }
    if (hours < 24 * 7 * 2) {
        return fmt::format("{} days", hours / 24);
    }
    if (hours < 24 * 30 * 2) {
        return fmt::format("{} weeks", hours / 24 / 7);
    }
    if (hours < 24 * 365 * 2) {
        return fmt::format("{} months", hours / 24 / 30);
    }
    return fmt::format("{} years", hours / 24 / 365);
}

std::string humanStatus(const Container& c, int64_t nowNano) {
    const container::State& state = c.state;
    switch (state.status) {
    case Status::Running:
        if (state.health) {
            const std::string& health = state.health->status;
            return fmt::format("Up {} ({})", humanDuration(nowNano - state.startedAt),
                               health == "starting" ? "health: starting" : health);
        }
        return "Up " + humanDuration(nowNano - state.startedAt);
    case Status::Paused:
        return "Up " + humanDuration(nowNano - state.startedAt) + " (Paused)";
    case Status::Restarting:
        return fmt::format("Restarting ({}) {} ago", state.exitCode,
                           humanDuration(nowNano - state.finishedAt));
    case Status::Exited:
        return fmt::format("Exited ({}) {} ago", state.exitCode,
                           humanDuration(nowNano - state.finishedAt));
    case Status::Removing:
        return "Removal In Progress";
    case Status::Dead:
        return "Dead";
    case Status::Created:
        return "Created";
    }
    return "Created";
}

json listEntryJson(const Container& c, int64_t nowNano) {
    json labels = json::object();
    for (const auto& [key, value] : c.config.labels) {
        labels[key] = value;
    }
    std::string mode = c.hostConfig.networkMode;
    return {
        {"Id", c.id},
        {"Names", json::array({"/" + c.name})},
        {"Image", c.config.image},
        {"ImageID", c.imageId},
        {"Command", commandLine(c)},
        {"Created", c.created / 1'000'000'000},
        {"Ports", listPortsJson(c)},
        {"Labels", labels},
        {"State", container::statusName(c.state.status)},
        {"Status", humanStatus(c, nowNano)},
        {"HostConfig", {{"NetworkMode", mode}}},
        {"NetworkSettings", {{"Networks", networkSettingsJson(c)["Networks"]}}},
        {"Mounts", mountsJson(c)},
    };
}

} // namespace berth::api

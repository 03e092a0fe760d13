#include "runtime/spec.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::runtime {

namespace {

using nlohmann::json;

std::string_view networkModeName(NetworkMode mode) {
    switch (mode) {
    case NetworkMode::Host:
        return "host";
    case NetworkMode::None:
        return "none";
    case NetworkMode::Joined:
        return "joined";
    case NetworkMode::Loopback:
        break;
    }
    return "loopback";
}

Result<NetworkMode> parseNetworkMode(std::string_view name) {
    if (name == "loopback") {
        return NetworkMode::Loopback;
    }
    if (name == "host") {
        return NetworkMode::Host;
    }
    if (name == "none") {
        return NetworkMode::None;
    }
    if (name == "joined") {
        return NetworkMode::Joined;
    }
    return fail(ErrorKind::InvalidArgument, fmt::format("unknown network mode \"{}\"", name));
}

json processToJson(const ProcessSpec& process) {
    return json{
        {"args", process.args},
        {"env", process.env},
        {"cwd", process.cwd},
        {"user", process.user},
        {"terminal", process.terminal},
        {"openStdin", process.openStdin},
        {"stdinOnce", process.stdinOnce},
        {"rows", process.rows},
        {"columns", process.columns},
        {"capAdd", process.capAdd},
        {"capDrop", process.capDrop},
        {"noNewPrivileges", process.noNewPrivileges},
    };
}

void processFromJson(const json& j, ProcessSpec& process) {
    process.args = j.value("args", std::vector<std::string>{});
    process.env = j.value("env", std::vector<std::string>{});
    process.cwd = j.value("cwd", std::string("/"));
    process.user = j.value("user", std::string());
    process.terminal = j.value("terminal", false);
    process.openStdin = j.value("openStdin", false);
    process.stdinOnce = j.value("stdinOnce", false);
    process.rows = j.value("rows", uint16_t(24));
    process.columns = j.value("columns", uint16_t(80));
    process.capAdd = j.value("capAdd", std::vector<std::string>{});
    process.capDrop = j.value("capDrop", std::vector<std::string>{});
    process.noNewPrivileges = j.value("noNewPrivileges", false);
}

json resourcesToJson(const ResourceSpec& r) {
    return json{
        {"memoryBytes", r.memoryBytes},
        {"memorySwapBytes", r.memorySwapBytes},
        {"memoryReservationBytes", r.memoryReservationBytes},
        {"cpuShares", r.cpuShares},
        {"cpuQuotaMicros", r.cpuQuotaMicros},
        {"cpuPeriodMicros", r.cpuPeriodMicros},
        {"nanoCpus", r.nanoCpus},
        {"pidsLimit", r.pidsLimit},
        {"cpusetCpus", r.cpusetCpus},
        {"cpusetMems", r.cpusetMems},
    };
}

void resourcesFromJson(const json& j, ResourceSpec& r) {
    r.memoryBytes = j.value("memoryBytes", int64_t(0));
    r.memorySwapBytes = j.value("memorySwapBytes", int64_t(0));
    r.memoryReservationBytes = j.value("memoryReservationBytes", int64_t(0));
    r.cpuShares = j.value("cpuShares", int64_t(0));
    r.cpuQuotaMicros = j.value("cpuQuotaMicros", int64_t(0));
    r.cpuPeriodMicros = j.value("cpuPeriodMicros", int64_t(0));
    r.nanoCpus = j.value("nanoCpus", int64_t(0));
    r.pidsLimit = j.value("pidsLimit", int64_t(0));
    r.cpusetCpus = j.value("cpusetCpus", std::string());
    r.cpusetMems = j.value("cpusetMems", std::string());
}

std::vector<std::string> pathStrings(const std::vector<std::filesystem::path>& paths) {
    std::vector<std::string> strings;
    strings.reserve(paths.size());
    for (const auto& path : paths) {
        strings.push_back(path.string());
    }
    return strings;
}

} // namespace

nlohmann::json toJson(const ContainerSpec& spec) {
    json mounts = json::array();
    for (const MountSpec& mount : spec.mounts) {
        mounts.push_back({{"source", mount.source},
                          {"destination", mount.destination},
                          {"type", mount.type},
                          {"options", mount.options},
                          {"copyUp", mount.copyUp}});
    }
    return json{
        {"id", spec.id},
        {"hostname", spec.hostname},
        {"domainname", spec.domainname},
        {"lowerDirs", pathStrings(spec.lowerDirs)},
        {"upperDir", spec.upperDir.string()},
        {"workDir", spec.workDir.string()},
        {"readonlyRootfs", spec.readonlyRootfs},
        {"process", processToJson(spec.process)},
        {"mounts", std::move(mounts)},
        {"resources", resourcesToJson(spec.resources)},
        {"network", networkModeName(spec.network)},
        {"joinedNetwork",
         {{"pid", spec.joinedNetwork.pid}, {"startTime", spec.joinedNetwork.startTime}}},
        {"privileged", spec.privileged},
        {"seccomp", spec.seccomp},
        {"sysctls", spec.sysctls},
        {"hostsFile", spec.hostsFile.string()},
        {"hostnameFile", spec.hostnameFile.string()},
        {"resolvConfFile", spec.resolvConfFile.string()},
        {"logPath", spec.logPath.string()},
        {"logMaxSize", spec.logMaxSize},
        {"logMaxFiles", spec.logMaxFiles},
        {"cgroupPath", spec.cgroupPath},
        {"privateCgroupNamespace", spec.privateCgroupNamespace},
    };
}

Result<ContainerSpec> containerSpecFromJson(const nlohmann::json& j) {
    if (!j.is_object()) {
        return fail(ErrorKind::InvalidArgument, "container spec: expected a JSON object");
    }
    ContainerSpec spec;
    try {
        spec.id = j.value("id", std::string());
        spec.hostname = j.value("hostname", std::string());
        spec.domainname = j.value("domainname", std::string());
        for (const auto& dir : j.value("lowerDirs", std::vector<std::string>{})) {
            spec.lowerDirs.emplace_back(dir);
        }
        spec.upperDir = j.value("upperDir", std::string());
        spec.workDir = j.value("workDir", std::string());
        spec.readonlyRootfs = j.value("readonlyRootfs", false);
        if (j.contains("process")) {
            processFromJson(j.at("process"), spec.process);
        }
        for (const auto& m : j.value("mounts", json::array())) {
            MountSpec mount;
            mount.source = m.value("source", std::string());
            mount.destination = m.value("destination", std::string());
            mount.type = m.value("type", std::string("bind"));
            mount.options = m.value("options", std::vector<std::string>{});
            mount.copyUp = m.value("copyUp", false);
            spec.mounts.push_back(std::move(mount));
        }
        if (j.contains("resources")) {
            resourcesFromJson(j.at("resources"), spec.resources);
        }
        auto network = parseNetworkMode(j.value("network", std::string("loopback")));
        if (!network) {
            return std::unexpected(network.error().context("container spec"));
        }
        spec.network = *network;
        if (j.contains("joinedNetwork")) {
            spec.joinedNetwork.pid = j.at("joinedNetwork").value("pid", pid_t(0));
            spec.joinedNetwork.startTime = j.at("joinedNetwork").value("startTime", uint64_t(0));
        }
        spec.privileged = j.value("privileged", false);
        spec.seccomp = j.value("seccomp", std::string());
        if (!spec.seccomp.empty() && spec.seccomp != "unconfined") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unsupported seccomp profile \"{}\": only the default "
                                    "and \"unconfined\" are supported",
                                    spec.seccomp));
        }
        spec.sysctls = j.value("sysctls", std::map<std::string, std::string>{});
        spec.hostsFile = j.value("hostsFile", std::string());
        spec.hostnameFile = j.value("hostnameFile", std::string());
        spec.resolvConfFile = j.value("resolvConfFile", std::string());
        spec.logPath = j.value("logPath", std::string());
        spec.logMaxSize = j.value("logMaxSize", int64_t(0));
        spec.logMaxFiles = std::max(1, j.value("logMaxFiles", 1));
        spec.cgroupPath = j.value("cgroupPath", std::string());
        spec.privateCgroupNamespace = j.value("privateCgroupNamespace", false);
    } catch (const json::exception& e) {
        return fail(ErrorKind::InvalidArgument, fmt::format("container spec: {}", e.what()));
    }
    return spec;
}

} // namespace berth::runtime

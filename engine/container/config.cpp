#include "container/config.h"

#include <fmt/format.h>

namespace berth::container {

using nlohmann::json;

namespace {

// Reads optional fields of one JSON object; the first type mismatch is remembered and
// reported once, naming the field.
class FieldReader final {
public:
    FieldReader(const json& object, std::string_view prefix)
        : object_(object)
        , prefix_(prefix) {}

    template <typename T> void read(const char* name, T& out) {
        const json* value = find(name);
        if (!value) {
            return;
        }
        try {
            out = value->get<T>();
        } catch (const json::exception&) {
            mismatch(name, *value);
        }
    }

    template <typename T> void readOptional(const char* name, std::optional<T>& out) {
        const json* value = find(name);
        if (!value) {
            return;
        }
        try {
            out = value->get<T>();
        } catch (const json::exception&) {
            mismatch(name, *value);
        }
    }

    // Docker's StrSlice: a string or a list of strings.
    void readStringList(const char* name, std::optional<std::vector<std::string>>& out) {
        const json* value = find(name);
        if (!value) {
            return;
        }
        if (value->is_string()) {
            out = std::vector<std::string>{value->get<std::string>()};
            return;
        }
        readOptional(name, out);
    }

    // Keys of an object whose values are empty objects: {"80/tcp": {}}.
    void readKeys(const char* name, std::vector<std::string>& out) {
        const json* value = find(name);
        if (!value) {
            return;
        }
        if (!value->is_object()) {
            mismatch(name, *value);
            return;
        }
        for (const auto& item : value->items()) {
            out.push_back(item.key());
        }
    }

    void readRaw(const char* name, json& out) {
        if (const json* value = find(name)) {
            out = *value;
        }
    }

    [[nodiscard]] Result<void> result() const {
        if (error_.empty()) {
            return {};
        }
        return fail(ErrorKind::InvalidArgument, error_);
    }

private:
    const json* find(const char* name) const {
        if (!object_.is_object()) {
            return nullptr;
        }
        auto it = object_.find(name);
        if (it == object_.end() || it->is_null()) {
            return nullptr;
        }
        return &*it;
    }

    void mismatch(const char* name, const json& value) {
        if (error_.empty()) {
            error_ = fmt::format("invalid value for {}{}: unexpected JSON {}", prefix_, name,
                                 value.type_name());
        }
    }

    const json& object_;
    std::string prefix_;
    std::string error_;
};

json keysObject(const std::vector<std::string>& keys) {
    if (keys.empty()) {
        return nullptr;
    }
    json object = json::object();
    for (const auto& key : keys) {
        object[key] = json::object();
    }
    return object;
}

json listOrNull(const std::vector<std::string>& list) {
    return list.empty() ? json(nullptr) : json(list);
}

json optionalList(const std::optional<std::vector<std::string>>& list) {
    return list ? json(*list) : json(nullptr);
}

} // namespace

Result<ContainerConfig> decodeContainerConfig(const json& object) {
    ContainerConfig config;
    FieldReader reader(object, "");
    reader.read("Hostname", config.hostname);
    reader.read("Domainname", config.domainname);
    reader.read("User", config.user);
    reader.read("AttachStdin", config.attachStdin);
    reader.read("AttachStdout", config.attachStdout);
    reader.read("AttachStderr", config.attachStderr);
    reader.read("Tty", config.tty);
    reader.read("OpenStdin", config.openStdin);
    reader.read("StdinOnce", config.stdinOnce);
    reader.read("Env", config.env);
    reader.readStringList("Cmd", config.cmd);
    reader.readStringList("Entrypoint", config.entrypoint);
    reader.read("Image", config.image);
    reader.read("WorkingDir", config.workingDir);
    reader.read("Labels", config.labels);
    reader.readKeys("ExposedPorts", config.exposedPorts);
    reader.readKeys("Volumes", config.volumes);
    reader.read("OnBuild", config.onBuild);
    reader.read("StopSignal", config.stopSignal);
    reader.readOptional("StopTimeout", config.stopTimeout);
    reader.readStringList("Shell", config.shell);
    reader.readRaw("Healthcheck", config.healthcheck);
    reader.read("ArgsEscaped", config.argsEscaped);
    reader.read("NetworkDisabled", config.networkDisabled);
    reader.read("MacAddress", config.macAddress);
    if (auto checked = reader.result(); !checked) {
        return std::unexpected(checked.error());
    }
    return config;
}

Result<HostConfig> decodeHostConfig(const json& object) {
    HostConfig host;
    FieldReader reader(object, "HostConfig.");
    reader.read("Binds", host.binds);
    reader.read("ContainerIDFile", host.containerIdFile);
    if (object.is_object() && object.contains("LogConfig") && object["LogConfig"].is_object()) {
        FieldReader logReader(object["LogConfig"], "HostConfig.LogConfig.");
        logReader.read("Type", host.logType);
        logReader.read("Config", host.logConfig);
        if (auto checked = logReader.result(); !checked) {
            return std::unexpected(checked.error());
        }
        if (host.logType.empty()) {
            host.logType = "json-file";
        }
    }
    reader.read("NetworkMode", host.networkMode);
    reader.readRaw("PortBindings", host.portBindings);
    if (object.is_object() && object.contains("RestartPolicy") &&
        object["RestartPolicy"].is_object()) {
        FieldReader policyReader(object["RestartPolicy"], "HostConfig.RestartPolicy.");
        policyReader.read("Name", host.restartPolicy.name);
        policyReader.read("MaximumRetryCount", host.restartPolicy.maximumRetryCount);
        if (auto checked = policyReader.result(); !checked) {
            return std::unexpected(checked.error());
        }
    }
    reader.read("AutoRemove", host.autoRemove);
    reader.read("VolumesFrom", host.volumesFrom);
    reader.readRaw("Mounts", host.mounts);
    reader.read("ConsoleSize", host.consoleSize);
    reader.read("CapAdd", host.capAdd);
    reader.read("CapDrop", host.capDrop);
    reader.read("CgroupnsMode", host.cgroupnsMode);
    reader.read("Dns", host.dns);
    reader.read("DnsOptions", host.dnsOptions);
    reader.read("DnsSearch", host.dnsSearch);
    reader.read("ExtraHosts", host.extraHosts);
    reader.read("GroupAdd", host.groupAdd);
    reader.read("IpcMode", host.ipcMode);
    reader.read("Links", host.links);
    reader.read("OomScoreAdj", host.oomScoreAdj);
    reader.read("PidMode", host.pidMode);
    reader.read("Privileged", host.privileged);
    reader.read("PublishAllPorts", host.publishAllPorts);
    reader.read("ReadonlyRootfs", host.readonlyRootfs);
    reader.read("SecurityOpt", host.securityOpt);
    reader.read("UTSMode", host.utsMode);
    reader.read("UsernsMode", host.usernsMode);
    reader.read("ShmSize", host.shmSize);
    reader.read("Runtime", host.runtime);
    reader.read("Init", host.init);
    reader.read("CpuShares", host.cpuShares);
    reader.read("Memory", host.memory);
    reader.read("MemorySwap", host.memorySwap);
    reader.read("MemoryReservation", host.memoryReservation);
    reader.read("NanoCpus", host.nanoCpus);
    reader.read("CpuPeriod", host.cpuPeriod);
    reader.read("CpuQuota", host.cpuQuota);
    reader.read("CpusetCpus", host.cpusetCpus);
    reader.read("CpusetMems", host.cpusetMems);
    reader.readOptional("PidsLimit", host.pidsLimit);
    reader.read("CgroupParent", host.cgroupParent);
    reader.readRaw("Ulimits", host.ulimits);
    reader.readRaw("Devices", host.devices);
    if (auto checked = reader.result(); !checked) {
        return std::unexpected(checked.error());
    }
    if (host.runtime.empty()) {
        host.runtime = "runc";
    }
    if (host.networkMode.empty()) {
        host.networkMode = "default";
    }
    return host;
}

Result<CreateRequest> decodeCreateRequest(const json& body) {
    if (!body.is_object()) {
        return fail(ErrorKind::InvalidArgument, "invalid JSON: the request body is not an object");
    }
    CreateRequest request;
    auto config = decodeContainerConfig(body);
    if (!config) {
        return std::unexpected(config.error());
    }
    request.config = std::move(*config);
    if (auto it = body.find("HostConfig"); it != body.end() && !it->is_null()) {
        auto host = decodeHostConfig(*it);
        if (!host) {
            return std::unexpected(host.error());
        }
        request.hostConfig = std::move(*host);
    }
    if (auto it = body.find("NetworkingConfig"); it != body.end()) {
        request.networkingConfig = *it;
    }
    return request;
}

json toJson(const ContainerConfig& config) {
    json labels = json::object();
    for (const auto& [key, value] : config.labels) {
        labels[key] = value;
    }
    json object = {
        {"Hostname", config.hostname},
        {"Domainname", config.domainname},
        {"User", config.user},
        {"AttachStdin", config.attachStdin},
        {"AttachStdout", config.attachStdout},
        {"AttachStderr", config.attachStderr},
        {"Tty", config.tty},
        {"OpenStdin", config.openStdin},
        {"StdinOnce", config.stdinOnce},
        {"Env", listOrNull(config.env)},
        {"Cmd", optionalList(config.cmd)},
        {"Image", config.image},
        {"Volumes", keysObject(config.volumes)},
        {"WorkingDir", config.workingDir},
        {"Entrypoint", optionalList(config.entrypoint)},
        {"OnBuild", listOrNull(config.onBuild)},
        {"Labels", labels},
    };
    if (!config.exposedPorts.empty()) {
        object["ExposedPorts"] = keysObject(config.exposedPorts);
    }
    if (!config.healthcheck.is_null()) {
        object["Healthcheck"] = config.healthcheck;
    }
    if (config.argsEscaped) {
        object["ArgsEscaped"] = true;
    }
    if (config.networkDisabled) {
        object["NetworkDisabled"] = true;
    }
    if (!config.macAddress.empty()) {
        object["MacAddress"] = config.macAddress;
    }
    if (!config.stopSignal.empty()) {
        object["StopSignal"] = config.stopSignal;
    }
    if (config.stopTimeout) {
        object["StopTimeout"] = *config.stopTimeout;
    }
    if (config.shell) {
        object["Shell"] = *config.shell;
    }
    return object;
}

json toJson(const HostConfig& host) {
    json logConfig = json::object();
    for (const auto& [key, value] : host.logConfig) {
        logConfig[key] = value;
    }
    return {
        {"Binds", listOrNull(host.binds)},
        {"ContainerIDFile", host.containerIdFile},
        {"LogConfig", {{"Type", host.logType}, {"Config", logConfig}}},
        {"NetworkMode", host.networkMode},
        {"PortBindings", host.portBindings.is_null() ? json::object() : host.portBindings},
        {"RestartPolicy",
         {{"Name", host.restartPolicy.name.empty() ? "no" : host.restartPolicy.name},
          {"MaximumRetryCount", host.restartPolicy.maximumRetryCount}}},
        {"AutoRemove", host.autoRemove},
        {"VolumeDriver", ""},
        {"VolumesFrom", listOrNull(host.volumesFrom)},
        {"Mounts", host.mounts.is_array() ? host.mounts : nlohmann::json()},
        {"ConsoleSize", host.consoleSize},
        {"CapAdd", listOrNull(host.capAdd)},
        {"CapDrop", listOrNull(host.capDrop)},
        {"CgroupnsMode", host.cgroupnsMode.empty() ? "host" : host.cgroupnsMode},
        {"Dns", host.dns},
        {"DnsOptions", host.dnsOptions},
        {"DnsSearch", host.dnsSearch},
        {"ExtraHosts", listOrNull(host.extraHosts)},
        {"GroupAdd", listOrNull(host.groupAdd)},
        {"IpcMode", host.ipcMode.empty() ? "private" : host.ipcMode},
        {"Cgroup", ""},
        {"Links", listOrNull(host.links)},
        {"OomScoreAdj", host.oomScoreAdj},
        {"PidMode", host.pidMode},
        {"Privileged", host.privileged},
        {"PublishAllPorts", host.publishAllPorts},
        {"ReadonlyRootfs", host.readonlyRootfs},
        {"SecurityOpt", listOrNull(host.securityOpt)},
        {"UTSMode", host.utsMode},
        {"UsernsMode", host.usernsMode},
        {"ShmSize", host.shmSize == 0 ? int64_t(64) << 20 : host.shmSize},
        {"Runtime", host.runtime},
        {"Isolation", ""},
        {"CpuShares", host.cpuShares},
        {"Memory", host.memory},
        {"NanoCpus", host.nanoCpus},
        {"CgroupParent", host.cgroupParent},
        {"BlkioWeight", 0},
        {"BlkioWeightDevice", json::array()},
        {"BlkioDeviceReadBps", json::array()},
        {"BlkioDeviceWriteBps", json::array()},
        {"BlkioDeviceReadIOps", json::array()},
        {"BlkioDeviceWriteIOps", json::array()},
        {"CpuPeriod", host.cpuPeriod},
        {"CpuQuota", host.cpuQuota},
        {"CpuRealtimePeriod", 0},
        {"CpuRealtimeRuntime", 0},
        {"CpusetCpus", host.cpusetCpus},
        {"CpusetMems", host.cpusetMems},
        {"Devices", host.devices.is_null() ? json::array() : host.devices},
        {"DeviceCgroupRules", nullptr},
        {"DeviceRequests", nullptr},
        {"MemoryReservation", host.memoryReservation},
        {"MemorySwap", host.memorySwap},
        {"MemorySwappiness", nullptr},
        {"OomKillDisable", false},
        {"PidsLimit", host.pidsLimit ? json(*host.pidsLimit) : json(nullptr)},
        {"Ulimits", host.ulimits.is_null() ? json(nullptr) : host.ulimits},
        {"CpuCount", 0},
        {"CpuPercent", 0},
        {"IOMaximumIOps", 0},
        {"IOMaximumBandwidth", 0},
        {"MaskedPaths", json::array({"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
                                     "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                                     "/proc/sched_debug", "/proc/scsi", "/sys/firmware"})},
        {"ReadonlyPaths",
         json::array({"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"})},
    };
}

Result<void> validateRestartPolicy(const RestartPolicy& policy, bool autoRemove) {
    const std::string& name = policy.name;
    if (name.empty() || name == "no") {
        if (policy.maximumRetryCount != 0) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid restart policy: maximum retry count can only be "
                                    "used with 'on-failure'"));
        }
        return {};
    }
    if (name != "always" && name != "unless-stopped" && name != "on-failure") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid restart policy: unknown policy '{}'; use one of 'no', "
                                "'always', 'on-failure', or 'unless-stopped'",
                                name));
    }
    if (name != "on-failure" && policy.maximumRetryCount != 0) {
        return fail(ErrorKind::InvalidArgument,
                    "invalid restart policy: maximum retry count can only be used with "
                    "'on-failure'");
    }
    if (policy.maximumRetryCount < 0) {
        return fail(ErrorKind::InvalidArgument,
                    "invalid restart policy: maximum retry count cannot be negative");
    }
    if (autoRemove) {
        return fail(ErrorKind::InvalidArgument,
                    "conflicting options: cannot specify both --restart and --rm");
    }
    return {};
}

namespace {

// Rejects the settings that a network namespace shared with another container makes
// meaningless, with Docker's messages.
Result<void> validateJoinedNetwork(const CreateRequest& request) {
    const HostConfig& host = request.hostConfig;
    if (!host.networkMode.starts_with("container:")) {
        return {};
    }
    auto conflict = [](std::string_view what) {
        return fail(ErrorKind::InvalidArgument, fmt::format("conflicting options: {}", what));
    };

    if (host.networkMode.size() == std::string_view("container:").size()) {
        return fail(ErrorKind::InvalidArgument,
                    "invalid network mode container: it needs a container name or id, as in "
                    "--network container:NAME");
    }
    if (!request.config.hostname.empty()) {
        return conflict("hostname and the network mode");
    }

    if (!host.links.empty()) {
        return conflict("container type network can't be used with links. This would result "
                        "in undefined behavior");
    }
    if (!host.dns.empty() || !host.dnsSearch.empty() || !host.dnsOptions.empty()) {
        return conflict("dns and the network mode");
    }
    if (!host.extraHosts.empty()) {
        return conflict("custom host-to-IP mapping and the network mode");
    }
    if (!request.config.macAddress.empty()) {
        return conflict("mac-address and the network mode");
    }

    bool publishes =
        host.publishAllPorts || (host.portBindings.is_object() && !host.portBindings.empty());
    if (publishes) {
        return conflict("port publishing and the container type network mode");
    }
    if (!request.config.exposedPorts.empty()) {
        return conflict("port exposing and the container type network mode");
    }
    return {};
}

} // namespace

Result<void> validateCreateSettings(const CreateRequest& request, int cpuCount) {
    if (auto joined = validateJoinedNetwork(request); !joined) {
        return joined;
    }
    const std::string& workingDir = request.config.workingDir;
    if (!workingDir.empty() && !workingDir.starts_with('/')) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("the working directory '{}' is invalid, it needs to be an "
                                "absolute path",
                                workingDir));
    }
    // Docker's minimum. With a limit of 1 KiB the init was OOM-killed before the command ran.
    constexpr int64_t minimumMemory = 6 * 1024 * 1024;
    const HostConfig& host = request.hostConfig;
    if (host.memory != 0 && host.memory < minimumMemory) {
        return fail(ErrorKind::InvalidArgument, "Minimum memory limit allowed is 6MB");
    }
    // MemorySwap is memory plus swap, so it cannot be below the memory limit; -1 is unlimited.
    if (host.memory > 0 && host.memorySwap > 0 && host.memorySwap < host.memory) {
        return fail(ErrorKind::InvalidArgument,
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (host.memory == 0 && host.memorySwap > 0) {
        return fail(ErrorKind::InvalidArgument,
                    "You should always set the Memory limit when using Memoryswap limit, see "
                    "usage");
    }
    const std::string& cgroupnsMode = host.cgroupnsMode;
    if (!cgroupnsMode.empty() && cgroupnsMode != "host" && cgroupnsMode != "private") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid cgroup namespace mode: {}", cgroupnsMode));
    }
    constexpr int64_t nanoCpusPerCpu = 1'000'000'000;
    if (host.nanoCpus < 0 || host.nanoCpus > int64_t{cpuCount} * nanoCpusPerCpu) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Range of CPUs is from 0.01 to {}.00, as there are only {} CPUs "
                                "available",
                                cpuCount, cpuCount));
    }
    return {};
}

bool shouldRestart(const RestartPolicy& policy, int exitCode, int restartCount,
                   bool manuallyStopped) {
    if (manuallyStopped) {
        return false;
    }
    if (policy.name == "always" || policy.name == "unless-stopped") {
        return true;
    }
    if (policy.name == "on-failure") {
        return exitCode != 0 &&
               (policy.maximumRetryCount == 0 || restartCount < policy.maximumRetryCount);
    }
    return false;
}

} // namespace berth::container

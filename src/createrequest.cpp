#include "createrequest.h"

namespace berth::studio {

namespace {

// As the docker CLI sends -v: a bind or named volume is a "SOURCE:TARGET[:ro]" entry of
// HostConfig.Binds, an anonymous volume a key of Config.Volumes.
void addVolumes(const RunSpec& spec, client::Json& body, client::Json& hostConfig) {
    client::Json binds = client::Json::array();
    client::Json anonymous = client::Json::object();
    for (const VolumeMapping& mapping : spec.volumes) {
        if (mapping.source.empty()) {
            anonymous[mapping.target] = client::Json::object();
        } else {
            binds.push_back(formatVolumeOption(mapping));
        }
    }
    if (!binds.empty()) {
        hostConfig["Binds"] = binds;
    }
    if (!anonymous.empty()) {
        body["Volumes"] = anonymous;
    }
    if (!spec.volumesFrom.empty()) {
        client::Json from = client::Json::array();
        for (const VolumesFrom& entry : spec.volumesFrom) {
            from.push_back(formatVolumesFrom(entry));
        }
        hostConfig["VolumesFrom"] = from;
    }
    if (!spec.links.empty()) {
        // "NAME[:ALIAS]" as the docker CLI sends --link; the engine resolves the name.
        hostConfig["Links"] = spec.links;
    }
}

// As the docker CLI sends -p: each container port is a key of Config.ExposedPorts and of
// HostConfig.PortBindings. Equal-length ranges pair port by port; a host range for one
// container port stays a range, and the engine picks a free port in it.
void addPortBindings(const RunSpec& spec, client::Json& body, client::Json& hostConfig) {
    client::Json exposed = client::Json::object();
    client::Json bindings = client::Json::object();
    for (const PortForward& forward : spec.ports) {
        const std::optional<PortRange> container = parsePortRange(forward.containerPort);
        if (!container) {
            continue;
        }
        const std::optional<PortRange> host = parsePortRange(forward.hostPort);
        for (uint32_t port = container->first; port <= container->last; ++port) {
            const std::string key = std::to_string(port) + "/" + forward.protocol;
            std::string hostPort = forward.hostPort;
            if (host && container->length() > 1) {
                hostPort = std::to_string(host->first + (port - container->first));
            }
            exposed[key] = client::Json::object();
            bindings[key].push_back({{"HostIp", forward.hostIp}, {"HostPort", hostPort}});
        }
    }
    if (!exposed.empty()) {
        body["ExposedPorts"] = exposed;
        hostConfig["PortBindings"] = bindings;
    }
    if (spec.publishAll) {
        hostConfig["PublishAllPorts"] = true;
    }
}

// As the docker CLI sends --memory, --memory-swap, --cpus, --cpu-shares and --pids-limit.
// A limit that is not set is left out, so the engine's default applies.
void addResources(const ResourceLimits& limits, client::Json& hostConfig) {
    const std::pair<const char*, int64_t> fields[] = {
        {"Memory", limits.memoryBytes},  {"MemorySwap", limits.memorySwapBytes},
        {"NanoCpus", limits.nanoCpus},   {"CpuShares", limits.cpuShares},
        {"PidsLimit", limits.pidsLimit},
    };
    for (const auto& [key, value] : fields) {
        if (value != 0) {
            hostConfig[key] = value;
        }
    }
}

} // namespace

client::Json createRequestBody(const RunSpec& spec) {
    client::Json body = {
        {"Image", spec.image},
        {"Tty", spec.tty},
        {"OpenStdin", spec.interactive},
        // A detached container has no client on its streams.
        {"AttachStdin", spec.interactive && !spec.detach},
        {"AttachStdout", !spec.detach},
        {"AttachStderr", !spec.detach},
        {"StdinOnce", spec.interactive && !spec.detach},
        {"Env", spec.env},
    };
    if (!spec.command.empty()) {
        body["Cmd"] = spec.command;
    }
    if (!spec.labels.empty()) {
        // As the docker CLI reads -l: "KEY=value", or "KEY" for an empty value.
        client::Json labels = client::Json::object();
        for (const std::string& label : spec.labels) {
            const size_t equals = label.find('=');
            labels[label.substr(0, equals)] =
                equals == std::string::npos ? std::string() : label.substr(equals + 1);
        }
        body["Labels"] = std::move(labels);
    }
    if (spec.entrypoint) {
        body["Entrypoint"] = client::Json::array({*spec.entrypoint});
    }
    if (!spec.workdir.empty()) {
        body["WorkingDir"] = spec.workdir;
    }
    if (!spec.user.empty()) {
        body["User"] = spec.user;
    }
    if (!spec.hostname.empty()) {
        body["Hostname"] = spec.hostname;
    }
    client::Json hostConfig = {{"AutoRemove", spec.remove}};
    if (!spec.restartPolicy.empty()) {
        hostConfig["RestartPolicy"] = {{"Name", spec.restartPolicy},
                                       {"MaximumRetryCount", spec.maxRetries}};
    }
    addVolumes(spec, body, hostConfig);
    addPortBindings(spec, body, hostConfig);
    addResources(spec.resources, hostConfig);
    body["HostConfig"] = hostConfig;
    return body;
}

} // namespace berth::studio

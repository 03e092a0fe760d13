#include "inspectrunspec.h"

#include "recreate.h"

#include <algorithm>

namespace berth::studio {

namespace {

using client::Json;

std::vector<std::string> stringsOf(const Json& object, const char* key) {
    std::vector<std::string> strings;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) {
        return strings;
    }
    for (const Json& item : *it) {
        if (item.is_string()) {
            strings.push_back(item.get<std::string>());
        }
    }
    return strings;
}

std::string stringOf(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t integerOf(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

const Json& objectOf(const Json& object, const char* key) {
    static const Json kEmpty = Json::object();
    const auto it = object.find(key);
    return it != object.end() && it->is_object() ? *it : kEmpty;
}

// The container's command as `docker run` takes it: --entrypoint takes one word, so the
// rest of a longer entrypoint goes before the arguments.
void setCommand(RunSpec& spec, const Json& config, const Json& imageConfig) {
    std::vector<std::string> entrypoint = stringsOf(config, "Entrypoint");
    std::vector<std::string> command = stringsOf(config, "Cmd");
    const bool ownEntrypoint = entrypoint != stringsOf(imageConfig, "Entrypoint");
    if (ownEntrypoint && !entrypoint.empty()) {
        spec.entrypoint = entrypoint.front();
        spec.command.assign(entrypoint.begin() + 1, entrypoint.end());
    } else if (ownEntrypoint) {
        spec.entrypoint = ""; // the image's entrypoint was reset with --entrypoint ""
    }
    if (ownEntrypoint || command != stringsOf(imageConfig, "Cmd")) {
        spec.command.insert(spec.command.end(), command.begin(), command.end());
    }
}

void setVolumes(RunSpec& spec, const Json& config, const Json& hostConfig,
                const Json& imageConfig) {
    std::vector<std::string> targets;
    for (const std::string& bind : stringsOf(hostConfig, "Binds")) {
        if (auto mapping = parseVolumeOption(bind)) {
            targets.push_back(mapping->target);
            spec.volumes.push_back(std::move(*mapping));
        }
    }
    // Anonymous volumes are keys of Config.Volumes, like the image's VOLUME paths.
    const Json& imageVolumes = objectOf(imageConfig, "Volumes");
    for (const auto& [target, unused] : objectOf(config, "Volumes").items()) {
        const bool bound = std::find(targets.begin(), targets.end(), target) != targets.end();
        if (!bound && !imageVolumes.contains(target)) {
            VolumeMapping anonymous;
            anonymous.target = target;
            spec.volumes.push_back(std::move(anonymous));
        }
    }
    for (const std::string& from : stringsOf(hostConfig, "VolumesFrom")) {
        if (auto entry = parseVolumesFrom(from)) {
            spec.volumesFrom.push_back(std::move(*entry));
        }
    }
}

void setResources(RunSpec& spec, const Json& hostConfig) {
    ResourceLimits& limits = spec.resources;
    limits.memoryBytes = integerOf(hostConfig, "Memory");
    limits.memorySwapBytes = integerOf(hostConfig, "MemorySwap");
    // Docker and berthd store twice the memory when only --memory was given.
    if (limits.memorySwapBytes == 2 * limits.memoryBytes) {
        limits.memorySwapBytes = 0;
    }
    limits.nanoCpus = integerOf(hostConfig, "NanoCpus");
    limits.cpuShares = integerOf(hostConfig, "CpuShares");
    limits.pidsLimit = std::max<int64_t>(integerOf(hostConfig, "PidsLimit"), 0);
}

} // namespace

RunSpec runSpecFromInspect(const Json& container, const Json& image) {
    RunSpec spec;
    if (!container.is_object()) {
        return spec;
    }
    const Json& config = objectOf(container, "Config");
    const Json& hostConfig = objectOf(container, "HostConfig");
    // A null image has no Config, so nothing counts as inherited.
    const Json& imageConfig = objectOf(image, "Config");

    spec.image = stringOf(config, "Image");
    spec.name = stringOf(container, "Name");
    if (spec.name.starts_with('/')) {
        spec.name.erase(0, 1);
    }
    setCommand(spec, config, imageConfig);
    spec.interactive = config.value("OpenStdin", false);
    spec.tty = config.value("Tty", false);
    // The line is for a container that keeps running in the background, as this one did.
    spec.detach = true;
    spec.remove = hostConfig.value("AutoRemove", false);

    const std::vector<std::string> imageEnv = stringsOf(imageConfig, "Env");
    for (const std::string& variable : stringsOf(config, "Env")) {
        if (std::find(imageEnv.begin(), imageEnv.end(), variable) == imageEnv.end()) {
            spec.env.push_back(variable);
        }
    }
    // Labels the container has beyond its image's, sorted by key as the engine returns them.
    const client::Json noLabels = client::Json::object();
    const client::Json& labels =
        config.contains("Labels") && config["Labels"].is_object() ? config["Labels"] : noLabels;
    const client::Json& imageLabels =
        imageConfig.contains("Labels") && imageConfig["Labels"].is_object() ? imageConfig["Labels"]
                                                                            : noLabels;
    for (const auto& [key, value] : labels.items()) {
        if (!value.is_string()) {
            continue;
        }
        if (imageLabels.contains(key) && imageLabels[key] == value) {
            continue;
        }
        spec.labels.push_back(key + "=" + value.get<std::string>());
    }
    if (const std::string workdir = stringOf(config, "WorkingDir");
        workdir != stringOf(imageConfig, "WorkingDir")) {
        spec.workdir = workdir;
    }
    if (const std::string user = stringOf(config, "User"); user != stringOf(imageConfig, "User")) {
        spec.user = user;
    }
    // Docker stores the default hostname, the first 12 digits of the id, and berthd leaves
    // it empty. Either way it was not chosen on the line.
    const std::string hostname = stringOf(config, "Hostname");
    if (!hostname.empty() && !stringOf(container, "Id").starts_with(hostname)) {
        spec.hostname = hostname;
    }

    const Json& restart = objectOf(hostConfig, "RestartPolicy");
    spec.restartPolicy = stringOf(restart, "Name");
    if (spec.restartPolicy == "no") {
        spec.restartPolicy.clear();
    }
    spec.maxRetries =
        spec.restartPolicy == "on-failure" ? int(integerOf(restart, "MaximumRetryCount")) : 0;

    setVolumes(spec, config, hostConfig, imageConfig);
    NetworkingEdit networking = networkingOf(container);
    spec.ports = std::move(networking.ports);
    spec.links = std::move(networking.links);
    spec.publishAll = hostConfig.value("PublishAllPorts", false);
    setResources(spec, hostConfig);
    return spec;
}

} // namespace berth::studio

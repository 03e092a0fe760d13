#include "container/merge.h"

#include "container/health.h"

#include <algorithm>
#include <set>

namespace berth::container {

namespace {

std::string envName(const std::string& entry) {
    return entry.substr(0, entry.find('='));
}

bool isEmpty(const std::optional<std::vector<std::string>>& list) {
    return !list || list->empty();
}

// An entrypoint of [""] is how the CLI says "no entrypoint".
bool isClearedEntrypoint(const std::optional<std::vector<std::string>>& entrypoint) {
    return entrypoint && entrypoint->size() == 1 && entrypoint->front().empty();
}

void mergeEnv(std::vector<std::string>& env, const std::vector<std::string>& imageEnv) {
    std::set<std::string> names;
    for (const auto& entry : env) {
        names.insert(envName(entry));
    }
    for (const auto& entry : imageEnv) {
        if (!names.contains(envName(entry))) {
            env.push_back(entry);
        }
    }
}

void mergeUnique(std::vector<std::string>& list, const std::vector<std::string>& extra) {
    for (const auto& item : extra) {
        if (std::find(list.begin(), list.end(), item) == list.end()) {
            list.push_back(item);
        }
    }
}

} // namespace

Result<ContainerConfig> mergeImageConfig(ContainerConfig request, const image::RunConfig& image) {
    mergeEnv(request.env, image.env);

    if (isEmpty(request.entrypoint)) {
        if (isEmpty(request.cmd)) {
            request.cmd = image.cmd;
            request.argsEscaped = image.argsEscaped;
        }
        if (!request.entrypoint) {
            request.entrypoint = image.entrypoint;
        }
    }
    if (isClearedEntrypoint(request.entrypoint)) {
        request.entrypoint = std::nullopt;
    }
    if (isEmpty(request.entrypoint) && isEmpty(request.cmd)) {
        return fail(ErrorKind::InvalidArgument, "No command specified");
    }

    if (request.workingDir.empty()) {
        request.workingDir = image.workingDir;
    }
    if (request.user.empty()) {
        request.user = image.user;
    }
    if (request.stopSignal.empty()) {
        request.stopSignal = image.stopSignal;
    }
    if (image.healthcheck) {
        const image::HealthConfig& health = *image.healthcheck;
        nlohmann::json fromImage = {{"Test", health.test},
                                    {"Interval", health.interval},
                                    {"Timeout", health.timeout},
                                    {"StartPeriod", health.startPeriod},
                                    {"StartInterval", health.startInterval},
                                    {"Retries", health.retries}};
        request.healthcheck = mergeHealthcheck(request.healthcheck, fromImage);
    }
    for (const auto& [key, value] : image.labels) {
        request.labels.try_emplace(key, value);
    }
    mergeUnique(request.exposedPorts, image.exposedPorts);
    mergeUnique(request.volumes, image.volumes);
    if (request.onBuild.empty()) {
        request.onBuild = image.onBuild;
    }
    if (!request.shell) {
        request.shell = image.shell;
    }
    return request;
}

Command commandOf(const ContainerConfig& config) {
    Command command;
    std::vector<std::string> words;
    if (config.entrypoint && !isClearedEntrypoint(config.entrypoint)) {
        words = *config.entrypoint;
    }
    if (config.cmd) {
        words.insert(words.end(), config.cmd->begin(), config.cmd->end());
    }
    if (words.empty()) {
        return command;
    }
    command.path = words.front();
    command.args.assign(words.begin() + 1, words.end());
    return command;
}

} // namespace berth::container

// The layer-making steps of a build: RUN, COPY/ADD and WORKDIR, plus the config-only step.

#include "build/step_runner.h"

#include "build/copy_layer.h"
#include "build/run_output.h"
#include "common/fs.h"
#include "common/log.h"
#include "common/scope_guard.h"
#include "common/time.h"
#include "container/manager.h"
#include "image/diff_stream.h"
#include "image/overlay_changes.h"
#include "image/store.h"
#include "runtime/user.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <system_error>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

Result<image::ImageConfig> childConfig(const BuildServices& services, const StepInput& input,
                                       bool emptyLayer) {
    image::ImageConfig config;
    std::vector<image::HistoryItem> history;
    if (!input.parentId.empty()) {
        auto parent = services.images->resolve(input.parentId);
        if (!parent) {
            return std::unexpected(parent.error());
        }
        config.architecture = parent->config.architecture;
        config.os = parent->config.os;
        config.author = parent->config.author;
        history = parent->config.history;
    }
    config.created = nowNanoseconds();
    if (input.step && !input.step->state.maintainer.empty()) {
        config.author = input.step->state.maintainer;
    }
    config.config = input.config;
    history.push_back(image::HistoryItem{config.created, input.createdBy, "", "", emptyLayer});
    config.history = std::move(history);
    return config;
}

Result<std::string> storeLayer(const BuildServices& services, const StepInput& input,
                               std::function<Result<void>(int fd)> writeTar) {
    auto config = childConfig(services, input, !writeTar);
    if (!config) {
        return std::unexpected(config.error());
    }
    std::unique_ptr<image::DiffStream> stream;
    image::ReadFunction read;
    if (writeTar) {
        auto started = image::DiffStream::start(std::move(writeTar));
        if (!started) {
            return std::unexpected(started.error());
        }
        stream = std::move(*started);
        read = stream->reader();
    }
    auto stored =
        services.images->createFromDiff(input.parentId, read, std::move(*config), std::nullopt);
    if (!stored) {
        return std::unexpected(stored.error());
    }
    return stored->id;
}

// The image's layer dirs, top-most first; none for scratch.
Result<std::vector<stdfs::path>> parentLayers(const BuildServices& services,
                                              const std::string& parentId) {
    if (parentId.empty()) {
        return std::vector<stdfs::path>{};
    }
    auto parent = services.images->resolve(parentId);
    if (!parent) {
        return std::unexpected(parent.error());
    }
    return services.images->layerDirs(*parent);
}

// The ancestors of path (absolute) that the layers do not have, top-most first.
std::vector<std::string> missingAncestors(const std::vector<stdfs::path>& lowers,
                                          const std::string& path, bool includeSelf) {
    std::vector<std::string> missing;
    stdfs::path current = stdfs::path(path).lexically_normal();
    if (!includeSelf) {
        current = current.parent_path();
    }
    for (; current != current.root_path() && !current.empty(); current = current.parent_path()) {
        std::string relative = current.relative_path().generic_string();
        if (image::existsInLayers(lowers, relative)) {
            break;
        }
        missing.insert(missing.begin(), current.generic_string());
    }
    return missing;
}

std::string absoluteIn(const std::string& workingDir, const std::string& path) {
    if (path.starts_with('/')) {
        return path;
    }
    return (stdfs::path(workingDir.empty() ? "/" : workingDir) / path).generic_string();
}

// Reads the file at relative as the layers (top-most first) show it. The content is empty
// when no layer has the file or a whiteout hides it.
// NOTE: an opaque directory above the file is not considered, nor a symlink at the path.
Result<std::string> readFromLayers(const std::vector<stdfs::path>& lowers,
                                   const std::string& relative) {
    for (const auto& layer : lowers) {
        stdfs::path path = layer / relative;
        struct stat status {};
        if (::lstat(path.c_str(), &status) != 0) {
            continue;
        }
        if (!S_ISREG(status.st_mode)) {
            return std::string();
        }
        return fs::readFile(path);
    }
    return std::string();
}

// Docker's --chown: "uid", "uid:gid", "user", "user:group" (or a mix). Names come from the
// stage's /etc/passwd and /etc/group; without a group the user part names the group too,
// as in Docker.
Result<std::pair<uid_t, gid_t>> resolveChown(const std::vector<stdfs::path>& lowers,
                                             std::string_view text) {
    size_t colon = text.find(':');
    std::string_view userPart = text.substr(0, colon);
    std::string_view groupPart =
        colon == std::string_view::npos ? userPart : text.substr(colon + 1);
    if (groupPart.find(':') != std::string_view::npos) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid chown string format: {}", text));
    }
    auto passwd = readFromLayers(lowers, "etc/passwd");
    if (!passwd) {
        return std::unexpected(passwd.error());
    }
    auto group = readFromLayers(lowers, "etc/group");
    if (!group) {
        return std::unexpected(group.error());
    }
    auto user = runtime::resolveUser(userPart, *passwd, "");
    if (!user) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("unable to convert uid/gid chown string to host mapping: can't "
                                "find uid for user {}: no such user: {}",
                                userPart, userPart));
    }
    auto owner = runtime::resolveUser(fmt::format("0:{}", groupPart), "", *group);
    if (!owner) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("unable to convert uid/gid chown string to host mapping: can't "
                                "find gid for group {}: no such group: {}",
                                groupPart, groupPart));
    }
    return std::pair<uid_t, gid_t>{user->uid, owner->gid};
}

} // namespace

Result<std::string> metadataStep(const BuildServices& services, const StepInput& input) {
    return storeLayer(services, input, {});
}

Result<std::string> runCommandStep(const BuildServices& services, const BuildOptions& options,
                                   const StepInput& input, const ProgressFunction& progress) {
    const auto& run = std::get<dockerfile::RunInstruction>(input.instruction->detail);
    container::CreateRequest request;
    request.config.image = input.parentId;
    if (run.command.execForm) {
        std::vector<std::string> words;
        for (const auto& word : run.command.exec) {
            words.push_back(word.text);
        }
        request.config.cmd = words;
    } else {
        std::vector<std::string> words =
            input.config.shell.value_or(std::vector<std::string>{"/bin/sh", "-c"});
        words.push_back(run.command.shell);
        request.config.cmd = words;
    }
    request.config.entrypoint = std::vector<std::string>{""};
    request.config.env = input.config.env;
    for (const auto& [name, value] : input.step->buildArgs) {
        bool shadowed = std::ranges::any_of(input.config.env, [&](const std::string& entry) {
            return entry.starts_with(name + "=");
        });
        if (!shadowed) {
            request.config.env.push_back(name + "=" + value);
        }
    }
    request.config.user = input.config.user;
    request.config.workingDir = input.config.workingDir;
    request.hostConfig.networkMode = options.networkMode;

    auto created = services.containers->create(request, "");
    if (!created) {
        return std::unexpected(created.error());
    }
    std::string id = created->id;
    // With its anonymous volumes, as Docker's classic builder removes an intermediate
    // container: each RUN after a VOLUME instruction gets new ones.
    ScopeGuard removeContainer([&] {
        if (auto removed = services.containers->remove(id, true, true); !removed) {
            log::warning("build: remove intermediate container {}: {}", id.substr(0, 12),
                         removed.error().message);
        }
    });
    progress({{"stream", fmt::format(" ---> Running in {}\n", id.substr(0, 12))}});

    auto state = runWithLiveOutput(*services.containers, id, options, progress);
    if (!state) {
        return std::unexpected(state.error());
    }
    if (state->exitCode != 0) {
        std::string command;
        for (const auto& word : *request.config.cmd) {
            command += command.empty() ? word : " " + word;
        }
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("The command '{}' returned a non-zero code: {}", command, state->exitCode));
    }

    container::CommitOptions commit;
    commit.config = input.config;
    commit.createdBy = input.createdBy;
    auto image = services.containers->commit(id, commit);
    if (!image) {
        return std::unexpected(image.error());
    }
    progress({{"stream", fmt::format("Removing intermediate container {}\n", id.substr(0, 12))}});
    return image->id;
}

Result<CopyPlan> planCopy(const SourceTree& tree, const std::vector<std::string>& sources,
                          const std::vector<stdfs::path>& staged, const std::string& destination,
                          const std::string& workingDir) {
    auto resolved = resolveSources(tree, sources);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    CopyPlan plan;
    plan.sources = staged;
    bool anyDirectory = false;
    for (const auto& path : *resolved) {
        plan.sources.push_back(tree.diskPath(path));
        auto entry = tree.entry(path);
        anyDirectory = anyDirectory || path.empty() || (entry && S_ISDIR(entry->mode));
    }

    bool trailingSlash = destination.ends_with('/') || destination.ends_with("/.");
    if (plan.sources.size() > 1 && !trailingSlash) {
        return fail(ErrorKind::InvalidArgument,
                    "When using COPY with more than one source file, the destination must be a "
                    "directory and end with a /");
    }
    plan.destinationIsDirectory = trailingSlash || anyDirectory;
    std::string absolute = stdfs::path(absoluteIn(workingDir, destination)).lexically_normal();
    while (absolute.size() > 1 && absolute.ends_with('/')) {
        absolute.pop_back();
    }
    plan.destination = absolute;

    auto checksum = checksumSources(tree, staged, *resolved);
    if (!checksum) {
        return std::unexpected(checksum.error());
    }
    plan.cacheExtra = *checksum;
    return plan;
}

Result<std::string> copyStep(const BuildServices& services, const StepInput& input,
                             const CopyPlan& plan, const dockerfile::CopyInstruction& copy) {
    auto lowers = parentLayers(services, input.parentId);
    if (!lowers) {
        return std::unexpected(lowers.error());
    }
    CopyLayerRequest request;
    request.sources = plan.sources;
    request.destination = plan.destination;
    // A file copied onto a directory of the image goes into it, as in Docker.
    request.destinationIsDirectory =
        plan.destinationIsDirectory ||
        image::isDirectoryInLayers(*lowers, stdfs::path(plan.destination).relative_path());
    request.parentsToCreate = missingAncestors(*lowers, plan.destination, false);
    request.extractArchives = copy.add;
    request.keptArchives = plan.downloads;
    if (copy.chown && copy.chown->value) {
        auto owner = resolveChown(*lowers, *copy.chown->value);
        if (!owner) {
            return std::unexpected(owner.error());
        }
        request.uid = owner->first;
        request.gid = owner->second;
    }
    if (copy.chmod && copy.chmod->value) {
        unsigned mode = 0;
        const std::string& text = *copy.chmod->value;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
        if (ec != std::errc() || end != text.data() + text.size() || mode > 07777) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid --chmod={}: expected an octal mode", text));
        }
        request.mode = mode;
    }
    return storeLayer(services, input, [request](int fd) { return writeCopyLayer(request, fd); });
}

Result<std::string> workdirStep(const BuildServices& services, const StepInput& input) {
    auto lowers = parentLayers(services, input.parentId);
    if (!lowers) {
        return std::unexpected(lowers.error());
    }
    std::string directory = input.config.workingDir.empty() ? "/" : input.config.workingDir;
    auto missing = missingAncestors(*lowers, directory, true);
    if (missing.empty()) {
        return metadataStep(services, input);
    }
    CopyLayerRequest request;
    request.destination = missing.back();
    request.parentsToCreate = std::move(missing);
    return storeLayer(services, input, [request](int fd) { return writeCopyLayer(request, fd); });
}

} // namespace berth::build

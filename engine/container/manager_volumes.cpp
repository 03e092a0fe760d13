// Mount points of a new container: -v, --mount, --volumes-from and the image's VOLUMEs
// resolved into host paths, with the named and anonymous volumes they need.

#include "container/manager.h"

#include "common/fs.h"
#include "common/log.h"
#include "image/store.h"
#include "volume/mount_parse.h"
#include "volume/store.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <set>

namespace berth::container {

namespace {

using volume::MountPoint;
using volume::MountType;

enum class PathType { Missing, Directory, Other };

// True when a parent directory of path below layer is a symlink. Such a link may point
// anywhere on the host, so the layer cannot tell what the container will see there.
bool hasSymlinkParent(const std::filesystem::path& layer, const std::string& destination) {
    std::filesystem::path current = layer;
    std::filesystem::path relative = std::filesystem::path(destination).relative_path();
    for (auto it = relative.begin(); it != relative.end() && std::next(it) != relative.end();
         ++it) {
        current /= *it;
        struct stat info {};
        if (::lstat(current.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
            return true;
        }
    }
    return false;
}

// What the image has at an absolute path: the top-most layer that has it decides, and an
// overlay whiteout there (a 0/0 character device) means it was deleted. A path below a
// symlink counts as missing, so that only a certain mismatch rejects the create.
PathType imagePathType(const std::vector<std::filesystem::path>& layers,
                       const std::string& destination) {
    for (const auto& layer : layers) {
        if (hasSymlinkParent(layer, destination)) {
            return PathType::Missing;
        }
        struct stat info {};
        if (::lstat((layer / destination.substr(1)).c_str(), &info) != 0) {
            continue;
        }
        if (S_ISCHR(info.st_mode) && info.st_rdev == makedev(0, 0)) {
            return PathType::Missing;
        }
        return S_ISDIR(info.st_mode) ? PathType::Directory : PathType::Other;
    }
    return PathType::Missing;
}

PathType hostPathType(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return PathType::Missing;
    }
    return S_ISDIR(info.st_mode) ? PathType::Directory : PathType::Other;
}

// Every mount in the container's mount namespace is private, so a request for shared or
// slave propagation is rejected rather than silently turned into rprivate.
Result<void> checkPropagation(const MountPoint& mount) {
    if (mount.propagation.empty() || mount.propagation == "private" ||
        mount.propagation == "rprivate") {
        return {};
    }
    return fail(ErrorKind::Unsupported,
                fmt::format("bind propagation {} for {} is not supported by this engine: "
                            "mounts in a container are private; use rprivate",
                            mount.propagation, mount.destination));
}

// HostConfig.Binds and HostConfig.Mounts, which may not name one destination twice.
Result<std::vector<MountPoint>> parseRequestedMounts(const HostConfig& host) {
    std::vector<MountPoint> mounts;
    std::set<std::string> destinations;
    auto add = [&](MountPoint mount) -> Result<void> {
        if (auto supported = checkPropagation(mount); !supported) {
            return supported;
        }
        if (!destinations.insert(mount.destination).second) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("Duplicate mount point: {}", mount.destination));
        }
        mounts.push_back(std::move(mount));
        return {};
    };
    for (const auto& bind : host.binds) {
        auto parsed = volume::parseBind(bind);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        if (auto added = add(std::move(*parsed)); !added) {
            return std::unexpected(added.error());
        }
    }
    if (host.mounts.is_array()) {
        for (const auto& spec : host.mounts) {
            auto parsed = volume::parseMount(spec);
            if (!parsed) {
                return std::unexpected(parsed.error());
            }
            bool missing = parsed->type == MountType::Bind && !parsed->createSource &&
                           hostPathType(parsed->source) == PathType::Missing;
            if (missing) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid mount config for type \"bind\": bind source "
                                        "path does not exist: {}",
                                        parsed->source));
            }
            if (auto added = add(std::move(*parsed)); !added) {
                return std::unexpected(added.error());
            }
        }
    }
    return mounts;
}

// A file bound onto a directory of the image, or a directory onto a file, fails at
// create, so that no container is left that can never start.
Result<void> checkBindTypes(const std::vector<MountPoint>& mounts,
                            const std::vector<std::filesystem::path>& layers) {
    for (const auto& mount : mounts) {
        if (mount.type != MountType::Bind) {
            continue;
        }
        PathType source = hostPathType(mount.source);
        PathType target = imagePathType(layers, mount.destination);
        if (source == PathType::Missing || target == PathType::Missing ||
            (source == PathType::Directory) == (target == PathType::Directory)) {
            continue;
        }
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid mount config for type \"bind\": cannot mount {} {} "
                                "onto {} {} of the image: Are you trying to mount a directory "
                                "onto a file (or vice-versa)? Check if the specified host path "
                                "exists and is the expected type",
                                source == PathType::Directory ? "directory" : "file", mount.source,
                                target == PathType::Directory ? "directory" : "file",
                                mount.destination));
    }
    return {};
}

// -v creates a missing host directory, as Docker does; --mount does not get here.
Result<void> createMissingBindSources(const std::vector<MountPoint>& mounts) {
    for (const auto& mount : mounts) {
        if (mount.type == MountType::Bind && mount.createSource &&
            hostPathType(mount.source) == PathType::Missing) {
            if (auto made = fs::makeDirectories(mount.source, 0755); !made) {
                return std::unexpected(made.error().context("create the bind mount source"));
            }
        }
    }
    return {};
}

} // namespace

Result<std::vector<MountPoint>> Manager::volumesFromMounts(const HostConfig& host) const {
    std::vector<MountPoint> mounts;
    for (const auto& spec : host.volumesFrom) {
        auto parsed = volume::parseVolumesFrom(spec);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        auto source = inspect(parsed->container);
        if (!source) {
            // A missing container is a 400 here, not a 404: the CLI takes a 404 from create
            // for a missing image and tries a pull, which hides this message when no
            // registry is reachable.
            Error error = source.error();
            if (error.kind == ErrorKind::NotFound) {
                error.kind = ErrorKind::InvalidArgument;
            }
            return std::unexpected(error);
        }
        for (MountPoint mount : source->mountPoints) {
            if (!parsed->mode.empty()) {
                mount.rw = mount.rw && parsed->mode.find("ro") == std::string::npos;
            }
            mount.mode.clear();
            mount.copyData = false;
            mount.anonymous = false; // owned by the source container: rm -v here keeps it
            std::erase_if(mounts,
                          [&](const MountPoint& m) { return m.destination == mount.destination; });
            mounts.push_back(std::move(mount));
        }
    }
    return mounts;
}

Result<void> Manager::createVolumes(std::vector<MountPoint>& mounts,
                                    std::vector<std::string>& created) {
    for (auto& mount : mounts) {
        if (mount.type != MountType::Volume || !mount.source.empty()) {
            continue; // binds, tmpfs, and volumes shared from another container
        }
        if (!options_.volumes) {
            return fail(ErrorKind::Unsupported, "this daemon was started without volumes");
        }
        volume::CreateOptions options;
        options.name = mount.name;
        options.anonymous = mount.anonymous;
        options.labels = mount.volumeLabels;
        options.options = mount.volumeOptions;
        auto made = options_.volumes->create(options);
        if (!made) {
            return std::unexpected(made.error());
        }
        auto& [volume, isNew] = *made;
        if (isNew) {
            created.push_back(volume.name);
        }
        mount.name = volume.name;
        mount.driver = volume.driver;
        mount.source = volume.mountSource().string();
    }
    return {};
}

void Manager::removeVolumes(const std::vector<std::string>& names) {
    if (!options_.volumes) {
        return;
    }
    for (const auto& name : names) {
        if (auto removed = options_.volumes->remove(name, true); !removed) {
            log::warning("volume {} was kept: {}", name, removed.error().message);
        }
    }
}

Result<std::vector<MountPoint>> Manager::resolveMountPoints(const Container& container,
                                                            std::vector<std::string>& created) {
    auto requested = parseRequestedMounts(container.hostConfig);
    if (!requested) {
        return std::unexpected(requested.error());
    }
    auto mounts = volumesFromMounts(container.hostConfig);
    if (!mounts) {
        return std::unexpected(mounts.error());
    }
    for (auto& mount : *requested) {
        std::erase_if(*mounts,
                      [&](const MountPoint& m) { return m.destination == mount.destination; });
        mounts->push_back(std::move(mount));
    }
    for (const auto& path : container.config.volumes) {
        std::string destination = volume::cleanPath(path);
        bool covered = std::ranges::any_of(
            *mounts, [&](const MountPoint& m) { return m.destination == destination; });
        if (covered) {
            continue;
        }
        auto anonymous = volume::parseBind(destination);
        if (!anonymous) {
            return std::unexpected(anonymous.error());
        }
        mounts->push_back(std::move(*anonymous));
    }

    auto image = options_.images->resolve(container.imageId);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto layers = options_.images->layerDirs(*image);
    if (!layers) {
        return std::unexpected(layers.error());
    }
    if (auto checked = checkBindTypes(*mounts, *layers); !checked) {
        return std::unexpected(checked.error());
    }
    if (auto made = createMissingBindSources(*mounts); !made) {
        return std::unexpected(made.error());
    }
    if (auto made = createVolumes(*mounts, created); !made) {
        return std::unexpected(made.error());
    }
    volume::sortForMounting(*mounts);
    return mounts;
}

std::vector<std::string> Manager::containersUsingVolume(const std::string& name) const {
    std::vector<std::string> users;
    for (const Container& container : list()) {
        bool uses = std::ranges::any_of(container.mountPoints, [&](const MountPoint& mount) {
            return mount.type == MountType::Volume && mount.name == name;
        });
        if (uses) {
            users.push_back(container.id);
        }
    }
    return users;
}

void Manager::publishVolumeEvents(const Container& container, std::string_view action) const {
    if (!options_.events) {
        return;
    }
    for (const auto& mount : container.mountPoints) {
        if (mount.type != volume::MountType::Volume) {
            continue;
        }
        Event event;
        event.type = "volume";
        event.action = std::string(action);
        event.actorId = mount.name;
        event.attributes = {{"driver", mount.driver}, {"container", container.id}};
        if (action == "mount") {
            event.attributes["destination"] = mount.destination;
            event.attributes["read/write"] = mount.rw ? "true" : "false";
            event.attributes["propagation"] = mount.propagation;
        }
        options_.events->publish(std::move(event));
    }
}

} // namespace berth::container

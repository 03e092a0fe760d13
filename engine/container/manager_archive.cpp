// docker cp: stat, read and write paths inside a container, running or stopped.

#include "container/entry.h"
#include "container/manager.h"
#include "container/scoped_path.h"
#include "container/spec_builder.h"
#include "image/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

namespace berth::container {

namespace {

// A path as the client sent it, read with Docker's rules.
struct RequestedPath {
    std::string absolute; // "/" plus the cleaned path
    bool followLast = false;
    std::string name; // the stat's name: the last component, "." for "/dir/."
};

RequestedPath parseRequestedPath(std::string_view path) {
    RequestedPath requested;
    requested.absolute = cleanAbsolutePath(path);
    bool trailingDot = path == "." || path.ends_with("/.");
    requested.followLast = trailingDot || path.ends_with('/');
    requested.name = trailingDot ? "." : baseName(requested.absolute);
    return requested;
}

std::unexpected<Error> fileNotFound(std::string_view path, std::string_view reference) {
    return fail(ErrorKind::NotFound,
                fmt::format("Could not find the file {} in container {}", path, reference));
}

bool isMissing(const Error& error) {
    return error.errnum == ENOENT || error.errnum == ENOTDIR;
}

// A path and its stat, resolved inside the root.
struct ResolvedPath {
    std::string path; // absolute container path, symlinks resolved as requested
    PathStat stat;
};

Result<ResolvedPath> resolveRequested(int rootFd, const RequestedPath& requested,
                                      std::string_view path, std::string_view reference) {
    auto resolved = resolveInScope(rootFd, requested.absolute, requested.followLast);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    auto fd = openInRoot(rootFd, *resolved, O_PATH | O_NOFOLLOW);
    if (!fd) {
        return isMissing(fd.error()) ? fileNotFound(path, reference) : std::unexpected(fd.error());
    }
    struct stat info {};
    if (::fstat(fd->get(), &info) != 0) {
        return failSys(fmt::format("stat {} in container {}", *resolved, reference));
    }
    ResolvedPath result;
    result.path = *resolved;
    result.stat.name = requested.name;
    result.stat.size = info.st_size;
    result.stat.mode = goFileMode(info.st_mode);
    result.stat.mtime = int64_t(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    if (S_ISLNK(info.st_mode)) {
        auto target = resolveInScope(rootFd, requested.absolute, true);
        if (!target) {
            return std::unexpected(target.error());
        }
        result.stat.linkTarget = *target;
    }
    return result;
}

// Rejects an extraction that the container's read-only root or a read-only mount would
// refuse, with Docker's messages. The innermost mount containing path decides.
Result<void> checkWritable(const Container& container, const std::string& path) {
    const volume::MountPoint* innermost = nullptr;
    for (const volume::MountPoint& mount : container.mountPoints) {
        const std::string& destination = mount.destination;
        bool contains =
            path == destination || destination == "/" || path.starts_with(destination + "/");
        if (contains && (!innermost || destination.size() > innermost->destination.size())) {
            innermost = &mount;
        }
    }
    if (innermost == nullptr) {
        if (container.hostConfig.readonlyRootfs) {
            return fail(ErrorKind::InvalidArgument, "container rootfs is marked read-only");
        }
        return {};
    }
    if (!innermost->rw) {
        return fail(ErrorKind::InvalidArgument, "mounted volume is marked read-only");
    }
    return {};
}

} // namespace

Result<std::shared_ptr<ContainerRoot>> Manager::openRoot(const std::shared_ptr<Entry>& entry) {
    std::unique_lock lock(entry->mutex);
    const Container& container = entry->container;
    if (container.state.running() && container.state.pid > 0) {
        auto root = ContainerRoot::ofRunningProcess(container.state.pid);
        if (!root) {
            return std::unexpected(root.error());
        }
        return std::make_shared<ContainerRoot>(std::move(*root));
    }
    if (auto shared = entry->stoppedRoot.lock()) {
        return shared;
    }
    if (!options_.images) {
        return fail(ErrorKind::System, "no image store");
    }
    auto image = options_.images->resolve(container.imageId);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto lowerDirs = options_.images->layerDirs(*image);
    if (!lowerDirs) {
        return std::unexpected(lowerDirs.error());
    }
    auto spec = buildSpec(container, std::move(*lowerDirs), options_.cgroupParent,
                          options_.shimBinary.parent_path() / "berth-init");
    if (!spec) {
        return std::unexpected(spec.error());
    }
    // NOTE: a start during a long copy mounts the same upper directory a second time,
    // which overlayfs allows with a warning in the kernel log.
    auto root = ContainerRoot::mountStopped(*spec, container.directory);
    if (!root) {
        return std::unexpected(root.error());
    }
    auto shared = std::make_shared<ContainerRoot>(std::move(*root));
    entry->stoppedRoot = shared;
    return shared;
}

Result<PathStat> Manager::statPath(std::string_view reference, std::string_view path) {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    auto root = openRoot(*entry);
    if (!root) {
        return std::unexpected(root.error().context("stat path"));
    }
    auto resolved = resolveRequested((*root)->fd(), parseRequestedPath(path), path, reference);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    return resolved->stat;
}

Result<void> Manager::archivePath(std::string_view reference, std::string_view path,
                                  const std::function<Result<void>(const PathStat&)>& begin,
                                  const TarSink& sink) {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    auto root = openRoot(*entry);
    if (!root) {
        return std::unexpected(root.error().context("copy from container"));
    }
    RequestedPath requested = parseRequestedPath(path);
    auto resolved = resolveRequested((*root)->fd(), requested, path, reference);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    if (auto begun = begin(resolved->stat); !begun) {
        return begun;
    }
    // Entries are named after the requested path, not after where its symlinks lead, and
    // the root's entries after ".", as Docker names them.
    std::string entryName = requested.name == "/" ? "." : requested.name;
    return writeTarTree((*root)->fd(), resolved->path, entryName, sink);
}

Result<void> Manager::extractToDirectory(std::string_view reference, std::string_view path,
                                         const ExtractOptions& options,
                                         const image::ReadFunction& read) {
    auto entry = lookup(reference);
    if (!entry) {
        return std::unexpected(entry.error());
    }
    Container container;
    {
        std::lock_guard lock((*entry)->mutex);
        container = (*entry)->container;
    }
    auto root = openRoot(*entry);
    if (!root) {
        return std::unexpected(root.error().context("copy to container"));
    }
    RequestedPath requested = parseRequestedPath(path);
    requested.followLast = true; // extracting into a symlink to a directory is allowed
    auto resolved = resolveRequested((*root)->fd(), requested, path, reference);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    if (!resolved->stat.isDirectory()) {
        return fail(ErrorKind::InvalidArgument, "extraction point is not a directory");
    }
    if (auto writable = checkWritable(container, resolved->path); !writable) {
        return writable;
    }
    return extractTar((*root)->fd(), resolved->path, options, read);
}

} // namespace berth::container

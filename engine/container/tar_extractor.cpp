#include "container/tar_extractor.h"

#include "common/unique_fd.h"
#include "container/scoped_path.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <vector>

namespace berth::container {

namespace {

constexpr size_t kReadBufferSize = 256 * 1024;

struct ReaderDeleter {
    void operator()(archive* reader) const { archive_read_free(reader); }
};

struct DirectoryTimes {
    std::string path;
    timespec times[2];
};

// True when path is base or below it; both are clean absolute paths.
bool isWithin(const std::string& path, const std::string& base) {
    if (base == "/") {
        return true;
    }
    return path == base || (path.starts_with(base) && path[base.size()] == '/');
}

// True when relative, read from a directory startDepth levels below the destination,
// climbs above the destination with "..". An absolute name counts from the destination.
bool climbsOut(std::string_view relative, size_t startDepth) {
    size_t depth = relative.starts_with('/') ? 0 : startDepth;
    for (const auto& component : splitPath(relative)) {
        if (component != "..") {
            ++depth;
        } else if (depth == 0) {
            return true;
        } else {
            --depth;
        }
    }
    return false;
}

size_t depthBelow(const std::string& path, const std::string& base) {
    return splitPath(path).size() - splitPath(base).size();
}

// Docker's message for a copy onto a read-only bind or volume.
std::unexpected<Error> readOnlyMount() {
    return fail(ErrorKind::InvalidArgument, "mounted volume is marked read-only");
}

std::unexpected<Error> mountPointInTheWay(const std::string& shownPath) {
    return fail(ErrorKind::InvalidArgument,
                fmt::format("cannot replace \"{}\" because it is a mount point in the container. "
                            "Write to the mount's source on the host, or use docker exec, instead",
                            shownPath));
}

// Checks whether name below parentFd is the root of a mount in the mount namespace that
// parentFd belongs to. The extractor works from the daemon's namespace, and since Linux
// 3.18 unlinking a mount point of another namespace succeeds and detaches that mount
// there, so such an entry must never be removed.
Result<bool> isMountRoot(int parentFd, const std::string& name, const std::string& shownPath) {
    struct statx info {};
    if (::statx(parentFd, name.c_str(), AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, 0, &info) != 0) {
        return failErrno(fmt::format("stat {}", shownPath), errno);
    }
    if ((info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) == 0) {
        return fail(ErrorKind::System,
                    fmt::format("cannot tell whether {} is a mount point: the kernel does not "
                                "report STATX_ATTR_MOUNT_ROOT (Linux 5.8 or later does)",
                                shownPath));
    }
    return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

// Checks whether fd lies on a read-only mount.
Result<bool> isOnReadOnlyMount(int fd, const std::string& shownPath) {
    struct statvfs info {};
    if (::fstatvfs(fd, &info) != 0) {
        return failErrno(fmt::format("statvfs {}", shownPath), errno);
    }
    return (info.f_flag & ST_RDONLY) != 0;
}

Result<void> removeTree(int parentFd, const std::string& name, const std::string& shownPath) {
    UniqueFd directory(
        ::openat(parentFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!directory) {
        return failErrno(fmt::format("open {} to remove it", shownPath), errno);
    }
    int listFd = ::dup(directory.get());
    std::unique_ptr<DIR, int (*)(DIR*)> stream(listFd >= 0 ? ::fdopendir(listFd) : nullptr,
                                               ::closedir);
    if (!stream) {
        int saved = errno;
        if (listFd >= 0) {
            ::close(listFd);
        }
        return failErrno(fmt::format("list {}", shownPath), saved);
    }
    std::vector<std::pair<std::string, bool>> children;
    while (dirent* item = ::readdir(stream.get())) {
        std::string_view child = item->d_name;
        if (child != "." && child != "..") {
            children.emplace_back(child, item->d_type == DT_DIR);
        }
    }
    for (const auto& [child, isDirectory] : children) {
        std::string childPath = shownPath + "/" + child;
        auto mountRoot = isMountRoot(directory.get(), child, childPath);
        if (!mountRoot) {
            return std::unexpected(mountRoot.error());
        }
        if (*mountRoot) {
            return mountPointInTheWay(childPath);
        }
        if (isDirectory) {
            if (auto removed = removeTree(directory.get(), child, childPath); !removed) {
                return removed;
            }
        } else if (::unlinkat(directory.get(), child.c_str(), 0) != 0) {
            return failErrno(fmt::format("remove {}", childPath), errno);
        }
    }
    if (::unlinkat(parentFd, name.c_str(), AT_REMOVEDIR) != 0) {
        return failErrno(fmt::format("remove {}", shownPath), errno);
    }
    return {};
}

class Extractor final {
public:
    Extractor(int rootFd, const std::string& destination, const ExtractOptions& options,
              const image::ReadFunction& read)
        : rootFd_(rootFd)
        , destination_(destination)
        , options_(options)
        , read_(read)
        , buffer_(kReadBufferSize) {}

    Result<void> run() {
        reader_.reset(archive_read_new());
        archive_read_support_filter_all(reader_.get());
        archive_read_support_format_tar(reader_.get());
        if (archive_read_open(reader_.get(), this, nullptr, &Extractor::readCallback, nullptr) !=
            ARCHIVE_OK) {
            return archiveError("read the archive");
        }
        for (;;) {
            archive_entry* entry = nullptr;
            int status = archive_read_next_header(reader_.get(), &entry);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return archiveError("read the archive");
            }
            if (auto done = extractEntry(entry); !done) {
                return done;
            }
        }
        if (auto drained = drainInput(); !drained) {
            return drained;
        }
        return applyDirectoryTimes();
    }

private:
    static la_ssize_t readCallback(archive*, void* self, const void** data) {
        auto* extractor = static_cast<Extractor*>(self);
        auto got = extractor->read_(extractor->buffer_);
        if (!got) {
            extractor->inputError_ = got.error();
            return -1;
        }
        *data = extractor->buffer_.data();
        return la_ssize_t(*got);
    }

    std::unexpected<Error> archiveError(std::string_view action) {
        if (inputError_) {
            return std::unexpected(*inputError_);
        }
        const char* text = archive_error_string(reader_.get());
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("{}: {}", action, text ? text : "not a tar archive"));
    }

    // Reads what follows the end-of-archive blocks, so the client's request is complete.
    Result<void> drainInput() {
        for (;;) {
            auto got = read_(buffer_);
            if (!got) {
                return std::unexpected(got.error());
            }
            if (*got == 0) {
                return {};
            }
        }
    }

    // The entry's clean absolute container path, or an error when it leaves destination_.
    Result<std::string> targetPath(const std::string& name) {
        std::string target = cleanAbsolutePath(destination_ + "/" + name);
        if (climbsOut(name, 0) || !isWithin(target, destination_)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("\"{}\" is outside of \"{}\"", name, destination_));
        }
        return target;
    }

    Result<UniqueFd> openParent(const std::string& parent) {
        auto opened = openInRoot(rootFd_, parent, O_PATH | O_DIRECTORY);
        if (opened || opened.error().errnum != ENOENT) {
            return opened;
        }
        // Docker makes missing parents of an entry with mode 0755.
        std::string made;
        for (const auto& component : splitPath(parent)) {
            auto current = openInRoot(rootFd_, made.empty() ? "/" : made, O_PATH | O_DIRECTORY);
            if (!current) {
                return current;
            }
            made += "/" + component;
            if (::mkdirat(current->get(), component.c_str(), 0755) != 0 && errno != EEXIST) {
                if (errno == EROFS) {
                    return readOnlyMount();
                }
                return failErrno(fmt::format("create directory {}", made), errno);
            }
        }
        return openInRoot(rootFd_, parent, O_PATH | O_DIRECTORY);
    }

    // Removes an existing object at the entry's path, unless both are directories. A mount
    // point is never removed. A directory entry may merge into a writable directory mount,
    // and any other entry on a mount point is rejected.
    Result<void> clearPlace(int parentFd, const std::string& name, const std::string& target,
                            const std::string& entryName, bool entryIsDirectory) {
        struct stat existing {};
        if (::fstatat(parentFd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT) {
                return {};
            }
            return failErrno(fmt::format("stat {}", target), errno);
        }
        bool existingIsDirectory = S_ISDIR(existing.st_mode);
        if (auto checked =
                checkMountPoint(parentFd, name, target, existingIsDirectory, entryIsDirectory);
            !checked) {
            return checked;
        }
        if (existingIsDirectory && entryIsDirectory) {
            return {};
        }
        if (options_.noOverwriteDirNonDir && existingIsDirectory) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("cannot overwrite directory \"{}\" with non-directory \"{}\"",
                                    target, entryName));
        }
        if (options_.noOverwriteDirNonDir && entryIsDirectory) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("cannot overwrite non-directory \"{}\" with directory \"{}\"",
                                    target, entryName));
        }
        if (existingIsDirectory) {
            return removeTree(parentFd, name, target);
        }
        if (::unlinkat(parentFd, name.c_str(), 0) != 0) {
            return failErrno(fmt::format("remove {}", target), errno);
        }
        return {};
    }

    // Rejects an entry that would write onto a read-only mount point, or replace any mount
    // point, before the entry changes anything.
    Result<void> checkMountPoint(int parentFd, const std::string& name, const std::string& target,
                                 bool existingIsDirectory, bool entryIsDirectory) {
        auto mountRoot = isMountRoot(parentFd, name, target);
        if (!mountRoot) {
            return std::unexpected(mountRoot.error());
        }
        if (!*mountRoot) {
            return {};
        }
        UniqueFd mounted(::openat(parentFd, name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!mounted) {
            return failErrno(fmt::format("open {}", target), errno);
        }
        auto readOnly = isOnReadOnlyMount(mounted.get(), target);
        if (!readOnly) {
            return std::unexpected(readOnly.error());
        }
        if (*readOnly) {
            return readOnlyMount();
        }
        if (existingIsDirectory && entryIsDirectory) {
            return {};
        }
        return mountPointInTheWay(target);
    }

    std::pair<uid_t, gid_t> ownerOf(archive_entry* entry) const {
        if (!options_.copyUidGid) {
            return {0, 0};
        }
        return {uid_t(archive_entry_uid(entry)), gid_t(archive_entry_gid(entry))};
    }

    Result<void> extractEntry(archive_entry* entry) {
        std::string entryName = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        auto target = targetPath(entryName);
        if (!target) {
            return std::unexpected(target.error());
        }
        if (*target == destination_) {
            return {}; // the "." entry: the destination itself keeps its owner and mode
        }
        if (auto checked = checkLinkTarget(entry, *target); !checked) {
            return checked;
        }

        std::string parent = parentPath(*target);
        std::string name = baseName(*target);
        auto parentFd = openParent(parent);
        if (!parentFd) {
            return std::unexpected(parentFd.error());
        }
        // The destination's own mount was checked against the container's configuration,
        // but a parent may lie on a read-only mount below it.
        auto readOnly = isOnReadOnlyMount(parentFd->get(), parent);
        if (!readOnly) {
            return std::unexpected(readOnly.error());
        }
        if (*readOnly) {
            return readOnlyMount();
        }
        mode_t type = archive_entry_filetype(entry);
        const char* hardlink = archive_entry_hardlink(entry);
        bool isDirectory = type == AE_IFDIR && !hardlink;
        if (auto cleared = clearPlace(parentFd->get(), name, *target, entryName, isDirectory);
            !cleared) {
            return cleared;
        }

        if (hardlink) {
            return makeHardlink(parentFd->get(), name, *target, hardlink);
        }
        switch (type) {
        case AE_IFDIR:
            return makeDirectory(parentFd->get(), name, *target, entry);
        case AE_IFREG:
            return makeRegular(parentFd->get(), name, *target, entry);
        case AE_IFLNK:
            return makeSymlink(parentFd->get(), name, *target, entry);
        case AE_IFCHR:
        case AE_IFBLK:
        case AE_IFIFO:
            return makeNode(parentFd->get(), name, *target, entry);
        default:
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("tar entry \"{}\" has an unsupported type", entryName));
        }
    }

    // Docker rejects a hard link, or a relative symlink, whose target climbs out of the
    // destination. An absolute symlink is resolved inside the container's root whenever
    // it is followed, so it cannot escape.
    Result<void> checkLinkTarget(archive_entry* entry, const std::string& target) const {
        if (const char* hardlink = archive_entry_hardlink(entry)) {
            std::string linkTarget = cleanAbsolutePath(destination_ + "/" + hardlink);
            if (climbsOut(hardlink, 0) || !isWithin(linkTarget, destination_)) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid hardlink \"{}\" -> \"{}\"", target, hardlink));
            }
            return {};
        }
        const char* symlink = archive_entry_symlink(entry);
        if (archive_entry_filetype(entry) != AE_IFLNK || symlink == nullptr || symlink[0] == '/') {
            return {};
        }
        if (climbsOut(symlink, depthBelow(parentPath(target), destination_))) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid symlink \"{}\" -> \"{}\"", target, symlink));
        }
        return {};
    }

    Result<void> setMetadata(int fd, const std::string& target, archive_entry* entry) {
        auto [uid, gid] = ownerOf(entry);
        if (::fchown(fd, uid, gid) != 0) {
            return failErrno(fmt::format("chown {}", target), errno);
        }
        // After chown, which clears the setuid and setgid bits.
        if (::fchmod(fd, archive_entry_perm(entry) | (archive_entry_mode(entry) & 07000)) != 0) {
            return failErrno(fmt::format("chmod {}", target), errno);
        }
        return {};
    }

    static timespec modificationTime(archive_entry* entry) {
        return timespec{archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)};
    }

    Result<void> makeDirectory(int parentFd, const std::string& name, const std::string& target,
                               archive_entry* entry) {
        if (::mkdirat(parentFd, name.c_str(), 0700) != 0 && errno != EEXIST) {
            return failErrno(fmt::format("create directory {}", target), errno);
        }
        UniqueFd directory(
            ::openat(parentFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!directory) {
            return failErrno(fmt::format("open directory {}", target), errno);
        }
        if (auto set = setMetadata(directory.get(), target, entry); !set) {
            return set;
        }
        // Set once the directory's content is in place, because each entry changes it.
        timespec mtime = modificationTime(entry);
        directoryTimes_.push_back({target, {mtime, mtime}});
        return {};
    }

    Result<void> makeRegular(int parentFd, const std::string& name, const std::string& target,
                             archive_entry* entry) {
        UniqueFd file(::openat(parentFd, name.c_str(),
                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!file) {
            return failErrno(fmt::format("create {}", target), errno);
        }
        for (;;) {
            const void* block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            int status = archive_read_data_block(reader_.get(), &block, &size, &offset);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return archiveError(fmt::format("read the data of {}", target));
            }
            const char* bytes = static_cast<const char*>(block);
            while (size > 0) {
                ssize_t written = ::pwrite(file.get(), bytes, size, offset);
                if (written < 0 && errno == EINTR) {
                    continue;
                }
                if (written < 0) {
                    return failErrno(fmt::format("write {}", target), errno);
                }
                bytes += written;
                offset += written;
                size -= size_t(written);
            }
        }
        // A sparse file's last hole is not written by the loop.
        if (::ftruncate(file.get(), archive_entry_size(entry)) != 0) {
            return failErrno(fmt::format("truncate {}", target), errno);
        }
        if (auto set = setMetadata(file.get(), target, entry); !set) {
            return set;
        }
        timespec mtime = modificationTime(entry);
        timespec times[2] = {mtime, mtime};
        if (::futimens(file.get(), times) != 0) {
            return failErrno(fmt::format("set the times of {}", target), errno);
        }
        return {};
    }

    Result<void> makeSymlink(int parentFd, const std::string& name, const std::string& target,
                             archive_entry* entry) {
        const char* link = archive_entry_symlink(entry);
        std::string linkText = link ? link : "";
        if (::symlinkat(linkText.c_str(), parentFd, name.c_str()) != 0) {
            return failErrno(fmt::format("create symlink {}", target), errno);
        }
        auto [uid, gid] = ownerOf(entry);
        if (::fchownat(parentFd, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
            return failErrno(fmt::format("chown {}", target), errno);
        }
        timespec mtime = modificationTime(entry);
        timespec times[2] = {mtime, mtime};
        if (::utimensat(parentFd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
            return failErrno(fmt::format("set the times of {}", target), errno);
        }
        return {};
    }

    Result<void> makeHardlink(int parentFd, const std::string& name, const std::string& target,
                              const char* linkName) {
        std::string linkTarget = cleanAbsolutePath(destination_ + "/" + linkName);
        auto source = openInRoot(rootFd_, linkTarget, O_PATH | O_NOFOLLOW);
        if (!source) {
            return std::unexpected(source.error().context(fmt::format("link {}", target)));
        }
        if (::linkat(source->get(), "", parentFd, name.c_str(), AT_EMPTY_PATH) != 0) {
            return failErrno(fmt::format("link {} to {}", target, linkTarget), errno);
        }
        return {};
    }

    Result<void> makeNode(int parentFd, const std::string& name, const std::string& target,
                          archive_entry* entry) {
        mode_t mode = archive_entry_filetype(entry) | archive_entry_perm(entry);
        if (::mknodat(parentFd, name.c_str(), mode, archive_entry_rdev(entry)) != 0) {
            return failErrno(fmt::format("create device node {}", target), errno);
        }
        auto [uid, gid] = ownerOf(entry);
        if (::fchownat(parentFd, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) {
            return failErrno(fmt::format("chown {}", target), errno);
        }
        return {};
    }

    Result<void> applyDirectoryTimes() {
        for (auto it = directoryTimes_.rbegin(); it != directoryTimes_.rend(); ++it) {
            auto directory = openInRoot(rootFd_, it->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (!directory) {
                return std::unexpected(directory.error());
            }
            if (::futimens(directory->get(), it->times) != 0) {
                return failErrno(fmt::format("set the times of {}", it->path), errno);
            }
        }
        return {};
    }

    int rootFd_;
    std::string destination_;
    ExtractOptions options_;
    const image::ReadFunction& read_;
    std::vector<char> buffer_;
    std::unique_ptr<archive, ReaderDeleter> reader_;
    std::optional<Error> inputError_;
    std::vector<DirectoryTimes> directoryTimes_;
};

} // namespace

Result<void> extractTar(int rootFd, const std::string& destination, const ExtractOptions& options,
                        const image::ReadFunction& read) {
    Extractor extractor(rootFd, cleanAbsolutePath(destination), options, read);
    return extractor.run();
}

} // namespace berth::container

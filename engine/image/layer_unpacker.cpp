#include "image/layer_unpacker.h"

#include "common/log.h"
#include "common/unique_fd.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace berth::image {

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
// Other ".wh..wh." names are aufs bookkeeping (".wh..wh.plnk", ".wh..wh.aufs"), not files.
constexpr std::string_view kAufsMetaPrefix = ".wh..wh.";
constexpr const char* kOpaqueXattr = "trusted.overlay.opaque";
constexpr int64_t kEarlyWritebackSize = 1 << 20;

// A cleaned entry path: the parent directory relative to the layer root ("" for the root)
// and the last component ("" for the root itself).
struct EntryPath {
    std::string parent;
    std::string name;
    [[nodiscard]] std::string full() const { return parent.empty() ? name : parent + "/" + name; }
};

std::unexpected<Error> entryError(std::string_view entry, std::string_view problem) {
    return fail(ErrorKind::InvalidArgument, fmt::format("tar entry \"{}\": {}", entry, problem));
}

std::unexpected<Error> entrySysError(std::string_view entry, std::string_view action) {
    return failErrno(fmt::format("tar entry \"{}\": {}", entry, action), errno);
}

// what names the checked path in errors: "path" or "hard link target \"x\"".
Result<EntryPath> cleanPath(std::string_view raw, std::string_view entry, std::string_view what) {
    if (raw.starts_with('/')) {
        return entryError(entry, fmt::format("{} is an absolute path; entries must be relative "
                                             "to the layer root",
                                             what));
    }
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= raw.size()) {
        size_t slash = raw.find('/', start);
        std::string_view part = raw.substr(start, slash - start);
        if (part == "..") {
            return entryError(
                entry, fmt::format("{} contains \"..\" and could leave the layer root", what));
        }
        if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    EntryPath path;
    if (parts.empty()) {
        return path;
    }
    path.name = std::string(parts.back());
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (i > 0) {
            path.parent += '/';
        }
        path.parent += parts[i];
    }
    return path;
}

// Opens path below root without following any symlink and without leaving root.
int openBeneath(int rootFd, const std::string& path, int flags) {
    open_how how{};
    how.flags = uint64_t(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
    int fd;
    do {
        fd = int(::syscall(SYS_openat2, rootFd, path.c_str(), &how, sizeof how));
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    return fd;
}

Result<void> writeAll(int fd, const char* data, size_t size, int64_t offset,
                      std::string_view entry) {
    while (size > 0) {
        ssize_t n = ::pwrite(fd, data, size, offset);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return entrySysError(entry, "write");
        }
        data += n;
        size -= size_t(n);
        offset += n;
    }
    return {};
}

Result<void> removeTreeAt(int dirFd, const char* name) {
    int fd = ::openat(dirFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        return failSys(fmt::format("open directory {} to replace it", name));
    }
    DIR* dir = ::fdopendir(fd);
    if (dir == nullptr) {
        ::close(fd);
        return failSys(fmt::format("read directory {}", name));
    }
    std::unique_ptr<DIR, int (*)(DIR*)> owner(dir, ::closedir);
    while (dirent* child = ::readdir(dir)) {
        std::string_view childName = child->d_name;
        if (childName == "." || childName == "..") {
            continue;
        }
        bool isDirectory = child->d_type == DT_DIR;
        struct stat st {};
        if (child->d_type == DT_UNKNOWN &&
            ::fstatat(::dirfd(dir), child->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
            isDirectory = S_ISDIR(st.st_mode);
        }
        if (isDirectory) {
            auto removed = removeTreeAt(::dirfd(dir), child->d_name);
            if (!removed) {
                return removed;
            }
        } else if (::unlinkat(::dirfd(dir), child->d_name, 0) != 0) {
            return failSys(fmt::format("remove {}/{}", name, childName));
        }
    }
    owner.reset();
    if (::unlinkat(dirFd, name, AT_REMOVEDIR) != 0) {
        return failSys(fmt::format("remove directory {}", name));
    }
    return {};
}

timespec entryTime(archive_entry* entry) {
    return timespec{archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)};
}

class Unpacker final {
public:
    Unpacker(TarReader& reader, int rootFd)
        : reader_(reader)
        , rootFd_(rootFd) {}

    Result<int64_t> run();

private:
    Result<void> unpackEntry(archive_entry* entry);
    Result<int> parentDirectory(const std::string& parent, std::string_view entry);
    Result<UniqueFd> makeParents(const std::string& parent, std::string_view entry);
    Result<bool> clearTarget(int dirFd, const std::string& name, bool keepDirectory,
                             std::string_view entry);
    Result<void> writeRegular(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> makeDirectory(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> makeSymlink(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> makeHardlink(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> makeNode(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> makeWhiteout(int dirFd, const EntryPath& path, archive_entry* entry);
    Result<void> markOpaque(const EntryPath& path);
    Result<void> applyMetadata(int fd, archive_entry* entry, std::string_view name);
    Result<void> applyXattrs(int fd, archive_entry* entry, std::string_view name);
    Result<void> applyLinkMetadata(int dirFd, const std::string& name, archive_entry* entry,
                                   bool setMode);
    void restoreDirectoryTimes();
    void forgetParent() {
        cachedParent_.clear();
        cachedFd_.reset();
    }

    TarReader& reader_;
    int rootFd_;
    int64_t size_ = 0;
    // Entries come sorted by directory in most archives, so one cached parent saves most
    // openat2 walks. Any removal clears it, because the cached directory may be gone.
    std::string cachedParent_;
    UniqueFd cachedFd_;
    // Skipped aufs directories, "path/", whose contents are skipped too.
    std::vector<std::string> skippedDirectories_;
    // Directory mtimes are set last: creating children changes them.
    std::vector<std::pair<std::string, timespec>> directoryTimes_;
};

Result<int64_t> Unpacker::run() {
    archive* tar = reader_.tar();
    std::string previous;
    for (;;) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(tar, &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
            Error error = reader_.lastError();
            return std::unexpected(
                previous.empty() ? std::move(error)
                                 : error.context(fmt::format("after entry \"{}\"", previous)));
        }
        auto unpacked = unpackEntry(entry);
        if (!unpacked) {
            return std::unexpected(unpacked.error());
        }
        previous = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    }
    restoreDirectoryTimes();
    return size_;
}

Result<void> Unpacker::unpackEntry(archive_entry* entry) {
    const char* rawName = archive_entry_pathname(entry);
    if (rawName == nullptr) {
        return fail(ErrorKind::InvalidArgument, "tar entry without a readable path name");
    }
    std::string name = rawName;
    auto path = cleanPath(name, name, "path");
    if (!path) {
        return std::unexpected(path.error());
    }
    if (path->name == kOpaqueMarker) {
        return markOpaque(*path);
    }
    if (path->name.starts_with(kAufsMetaPrefix)) {
        log::debug("unpack layer: skipping aufs metadata entry \"{}\"", name);
        if (archive_entry_filetype(entry) == AE_IFDIR) {
            skippedDirectories_.push_back(path->full() + "/");
        }
        return {};
    }
    std::string full = path->full();
    if (std::ranges::any_of(skippedDirectories_,
                            [&](const std::string& dir) { return full.starts_with(dir); })) {
        return {};
    }
    auto dirFd = parentDirectory(path->parent, name);
    if (!dirFd) {
        return std::unexpected(dirFd.error());
    }
    if (path->name.starts_with(kWhiteoutPrefix)) {
        return makeWhiteout(*dirFd, *path, entry);
    }
    if (archive_entry_hardlink(entry) != nullptr) {
        return makeHardlink(*dirFd, *path, entry);
    }
    switch (archive_entry_filetype(entry)) {
    case AE_IFREG:
        return writeRegular(*dirFd, *path, entry);
    case AE_IFDIR:
        return makeDirectory(*dirFd, *path, entry);
    case AE_IFLNK:
        return makeSymlink(*dirFd, *path, entry);
    case AE_IFCHR:
    case AE_IFBLK:
    case AE_IFIFO:
        return makeNode(*dirFd, *path, entry);
    default:
        log::debug("unpack layer: skipping tar entry \"{}\" of type {:o}", name,
                   unsigned(archive_entry_filetype(entry)));
        return {};
    }
}

Result<int> Unpacker::parentDirectory(const std::string& parent, std::string_view entry) {
    if (parent.empty()) {
        return rootFd_;
    }
    if (cachedFd_ && cachedParent_ == parent) {
        return cachedFd_.get();
    }
    UniqueFd fd(openBeneath(rootFd_, parent, O_PATH | O_DIRECTORY));
    if (!fd && errno == ENOENT) {
        auto made = makeParents(parent, entry);
        if (!made) {
            return std::unexpected(made.error());
        }
        fd = std::move(*made);
    }
    if (!fd) {
        if (errno == ELOOP || errno == ENOTDIR || errno == EXDEV) {
            return entryError(entry, fmt::format("parent \"{}\" goes through a symlink or a "
                                                 "non-directory, which extraction never follows",
                                                 parent));
        }
        return entrySysError(entry, fmt::format("open parent directory \"{}\"", parent));
    }
    cachedParent_ = parent;
    cachedFd_ = std::move(fd);
    return cachedFd_.get();
}

// Creates missing parents with mode 0755, as tar does for entries listed before their
// directories. A component that exists as a symlink or a file fails with ENOTDIR.
Result<UniqueFd> Unpacker::makeParents(const std::string& parent, std::string_view entry) {
    UniqueFd current(::openat(rootFd_, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    size_t start = 0;
    while (start < parent.size()) {
        size_t slash = parent.find('/', start);
        std::string component = parent.substr(start, slash - start);
        if (::mkdirat(current.get(), component.c_str(), 0755) != 0 && errno != EEXIST) {
            return entrySysError(entry, fmt::format("create parent directory \"{}\"", component));
        }
        UniqueFd next(::openat(current.get(), component.c_str(),
                               O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!next && (errno == ELOOP || errno == ENOTDIR)) {
            return entryError(entry, fmt::format("parent \"{}\" goes through a symlink or a "
                                                 "non-directory, which extraction never follows",
                                                 parent));
        }
        if (!next) {
            return entrySysError(entry, fmt::format("open parent directory \"{}\"", component));
        }
        current = std::move(next);
        start = slash == std::string::npos ? parent.size() : slash + 1;
    }
    return current;
}

// Makes room for a new entry: removes what is there, except a directory that a directory
// entry will reuse. Returns whether a directory was kept.
Result<bool> Unpacker::clearTarget(int dirFd, const std::string& name, bool keepDirectory,
                                   std::string_view entry) {
    struct stat existing {};
    if (::fstatat(dirFd, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            return false;
        }
        return entrySysError(entry, "inspect existing file");
    }
    if (S_ISDIR(existing.st_mode)) {
        if (keepDirectory) {
            return true;
        }
        forgetParent();
        auto removed = removeTreeAt(dirFd, name.c_str());
        if (!removed) {
            return std::unexpected(removed.error().context(fmt::format("tar entry \"{}\"", entry)));
        }
        return false;
    }
    forgetParent();
    if (::unlinkat(dirFd, name.c_str(), 0) != 0) {
        return entrySysError(entry, "replace existing file");
    }
    return false;
}

Result<void> Unpacker::writeRegular(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    if (path.name.empty()) {
        return entryError(full, "a regular file cannot be the layer root");
    }
    auto cleared = clearTarget(dirFd, path.name, false, full);
    if (!cleared) {
        return std::unexpected(cleared.error());
    }
    UniqueFd file(::openat(dirFd, path.name.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!file) {
        return entrySysError(full, "create file");
    }
    // One write per data block, because libarchive hands out blocks straight from the input.
    int64_t end = 0;
    for (;;) {
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int status = archive_read_data_block(reader_.tar(), &block, &size, &offset);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
            return std::unexpected(
                reader_.lastError().context(fmt::format("tar entry \"{}\"", full)));
        }
        auto written = writeAll(file.get(), static_cast<const char*>(block), size, offset, full);
        if (!written) {
            return written;
        }
        end = offset + la_int64_t(size);
    }
    int64_t declared = archive_entry_size(entry);
    if (end < declared && ::ftruncate(file.get(), declared) != 0) {
        return entrySysError(full, "extend sparse file");
    }
    // Start writing large files back now, so the syncfs at the end waits for less. Only a
    // hint: failures show up in that syncfs.
    if (declared >= kEarlyWritebackSize) {
        ::sync_file_range(file.get(), 0, 0, SYNC_FILE_RANGE_WRITE);
    }
    size_ += declared;
    return applyMetadata(file.get(), entry, full);
}

Result<void> Unpacker::makeDirectory(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    UniqueFd dir;
    if (path.name.empty()) {
        dir.reset(::openat(rootFd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    } else {
        auto kept = clearTarget(dirFd, path.name, true, full);
        if (!kept) {
            return std::unexpected(kept.error());
        }
        if (!*kept && ::mkdirat(dirFd, path.name.c_str(), 0700) != 0) {
            return entrySysError(full, "create directory");
        }
        dir.reset(
            ::openat(dirFd, path.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    }
    if (!dir) {
        return entrySysError(full, "open directory");
    }
    auto applied = applyMetadata(dir.get(), entry, full);
    if (!applied) {
        return applied;
    }
    directoryTimes_.emplace_back(full, entryTime(entry));
    return {};
}

Result<void> Unpacker::makeSymlink(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    const char* target = archive_entry_symlink(entry);
    if (path.name.empty() || target == nullptr) {
        return entryError(full, "invalid symlink");
    }
    auto cleared = clearTarget(dirFd, path.name, false, full);
    if (!cleared) {
        return std::unexpected(cleared.error());
    }
    // The target is stored as written. Nothing during extraction resolves it.
    if (::symlinkat(target, dirFd, path.name.c_str()) != 0) {
        return entrySysError(full, "create symlink");
    }
    return applyLinkMetadata(dirFd, path.name, entry, false);
}

Result<void> Unpacker::makeHardlink(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    std::string rawTarget = archive_entry_hardlink(entry);
    auto target = cleanPath(rawTarget, full, fmt::format("hard link target \"{}\"", rawTarget));
    if (!target) {
        return std::unexpected(target.error());
    }
    if (path.name.empty() || target->name.empty()) {
        return entryError(full, "a hard link cannot involve the layer root");
    }
    auto cleared = clearTarget(dirFd, path.name, false, full);
    if (!cleared) {
        return std::unexpected(cleared.error());
    }
    // clearTarget may have dropped the cached parent, so reopen both ends.
    UniqueFd linkDir(target->parent.empty()
                         ? ::dup(rootFd_)
                         : openBeneath(rootFd_, target->parent, O_PATH | O_DIRECTORY));
    UniqueFd newDir(path.parent.empty() ? ::dup(rootFd_)
                                        : openBeneath(rootFd_, path.parent, O_PATH | O_DIRECTORY));
    if (!linkDir || !newDir) {
        return entryError(
            full, fmt::format("hard link target \"{}\" is not inside the layer", rawTarget));
    }
    // Flags 0: a symlink target is linked itself, never followed.
    if (::linkat(linkDir.get(), target->name.c_str(), newDir.get(), path.name.c_str(), 0) != 0) {
        if (errno == ENOENT) {
            return entryError(full, fmt::format("hard link target \"{}\" is not inside the "
                                                "layer",
                                                rawTarget));
        }
        return entrySysError(full, fmt::format("link to \"{}\"", rawTarget));
    }
    return {};
}

Result<void> Unpacker::makeNode(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    if (path.name.empty()) {
        return entryError(full, "a device or fifo cannot be the layer root");
    }
    auto cleared = clearTarget(dirFd, path.name, false, full);
    if (!cleared) {
        return std::unexpected(cleared.error());
    }
    mode_t type = archive_entry_filetype(entry);
    // NOTE: without CAP_MKNOD (a rootless daemon in a user namespace) device entries fail
    // here with EPERM. Docker skips them in that case, and this code does not yet.
    if (::mknodat(dirFd, path.name.c_str(), type | 0600, archive_entry_rdev(entry)) != 0) {
        return entrySysError(full, "create device node or fifo");
    }
    return applyLinkMetadata(dirFd, path.name, entry, true);
}

Result<void> Unpacker::makeWhiteout(int dirFd, const EntryPath& path, archive_entry* entry) {
    std::string full = path.full();
    std::string hidden = path.name.substr(kWhiteoutPrefix.size());
    if (hidden.empty() || hidden == "." || hidden == "..") {
        return entryError(full, "invalid whiteout name");
    }
    auto cleared = clearTarget(dirFd, hidden, false, full);
    if (!cleared) {
        return std::unexpected(cleared.error());
    }
    if (::mknodat(dirFd, hidden.c_str(), S_IFCHR, makedev(0, 0)) != 0) {
        return entrySysError(full, "create overlay whiteout");
    }
    if (::fchownat(dirFd, hidden.c_str(), archive_entry_uid(entry), archive_entry_gid(entry),
                   AT_SYMLINK_NOFOLLOW) != 0) {
        return entrySysError(full, "set whiteout owner");
    }
    return {};
}

Result<void> Unpacker::markOpaque(const EntryPath& path) {
    std::string full = path.full();
    UniqueFd dir;
    if (path.parent.empty()) {
        dir.reset(::openat(rootFd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    } else {
        auto parent = parentDirectory(path.parent, full);
        if (!parent) {
            return std::unexpected(parent.error());
        }
        dir.reset(::openat(*parent, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }
    if (!dir) {
        return entrySysError(full, "open directory to mark it opaque");
    }
    if (::fsetxattr(dir.get(), kOpaqueXattr, "y", 1, 0) != 0) {
        return entrySysError(full, fmt::format("set {}", kOpaqueXattr));
    }
    return {};
}

Result<void> Unpacker::applyMetadata(int fd, archive_entry* entry, std::string_view name) {
    if (::fchown(fd, archive_entry_uid(entry), archive_entry_gid(entry)) != 0) {
        return entrySysError(name, "set owner");
    }
    // After chown, which clears the set-id bits.
    if (::fchmod(fd, archive_entry_perm(entry)) != 0) {
        return entrySysError(name, "set mode");
    }
    auto xattrs = applyXattrs(fd, entry, name);
    if (!xattrs) {
        return xattrs;
    }
    timespec times[2] = {entryTime(entry), entryTime(entry)};
    if (::futimens(fd, times) != 0) {
        return entrySysError(name, "set modification time");
    }
    return {};
}

Result<void> Unpacker::applyXattrs(int fd, archive_entry* entry, std::string_view name) {
    archive_entry_xattr_reset(entry);
    const char* key = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    while (archive_entry_xattr_next(entry, &key, &value, &size) == ARCHIVE_OK) {
        std::string_view keyView = key;
        // Overlay's own attributes (opaque, redirect, metacopy) would change how the layers
        // combine. A layer expresses deletions with whiteout entries only.
        if (keyView.starts_with("trusted.overlay.")) {
            log::debug("unpack layer: dropping {} of tar entry \"{}\"", keyView, name);
            continue;
        }
        if (::fsetxattr(fd, key, value, size, 0) != 0) {
            if (errno == ENOTSUP) {
                log::debug("unpack layer: file system does not support {} on \"{}\"", keyView,
                           name);
                continue;
            }
            return entrySysError(name, fmt::format("set extended attribute {}", keyView));
        }
    }
    return {};
}

// Owner, mode and time of a symlink or device node, set by name without following it.
Result<void> Unpacker::applyLinkMetadata(int dirFd, const std::string& name, archive_entry* entry,
                                         bool setMode) {
    if (::fchownat(dirFd, name.c_str(), archive_entry_uid(entry), archive_entry_gid(entry),
                   AT_SYMLINK_NOFOLLOW) != 0) {
        return entrySysError(name, "set owner");
    }
    // mknodat's mode went through the umask. The node was just made here and is not a
    // symlink, so fchmodat without AT_SYMLINK_NOFOLLOW (which Linux does not support) is safe.
    if (setMode && ::fchmodat(dirFd, name.c_str(), archive_entry_perm(entry), 0) != 0) {
        return entrySysError(name, "set mode");
    }
    timespec times[2] = {entryTime(entry), entryTime(entry)};
    if (::utimensat(dirFd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
        return entrySysError(name, "set modification time");
    }
    return {};
}

void Unpacker::restoreDirectoryTimes() {
    for (const auto& [path, time] : directoryTimes_) {
        UniqueFd dir(path.empty() ? ::openat(rootFd_, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                                  : openBeneath(rootFd_, path, O_RDONLY | O_DIRECTORY));
        // A directory that a later entry replaced is gone, so its time no longer matters.
        if (!dir) {
            continue;
        }
        timespec times[2] = {time, time};
        ::futimens(dir.get(), times);
    }
}

} // namespace

Result<UnpackedLayer> unpackLayer(TarReader& reader, const std::filesystem::path& dir) {
    UniqueFd rootFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd) {
        return failSys(fmt::format("open layer directory {}", dir.string()));
    }
    Unpacker unpacker(reader, rootFd.get());
    auto size = unpacker.run();
    if (!size) {
        return std::unexpected(size.error());
    }
    auto diffId = reader.finish();
    if (!diffId) {
        return std::unexpected(diffId.error());
    }
    // One syncfs instead of an fsync per file: a layer of thousands of small files would
    // otherwise pay a journal commit each. It also flushes unrelated dirty data of the same
    // file system, which costs time but never correctness.
    if (::syncfs(rootFd.get()) != 0) {
        return failSys(fmt::format("sync layer directory {}", dir.string()));
    }
    return UnpackedLayer{std::move(*diffId), *size};
}

} // namespace berth::image

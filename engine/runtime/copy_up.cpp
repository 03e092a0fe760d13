#include "runtime/copy_up.h"

#include "common/unique_fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

// Hard links inside the copied tree: (device, inode) of the source to the first copy.
using LinkMap = std::map<std::pair<dev_t, ino_t>, stdfs::path>;

struct DirCloser {
    void operator()(DIR* dir) const { ::closedir(dir); }
};

Result<std::vector<std::string>> listEntries(const stdfs::path& directory) {
    std::unique_ptr<DIR, DirCloser> dir(::opendir(directory.c_str()));
    if (!dir) {
        return failSys(fmt::format("open directory {}", directory.string()));
    }
    std::vector<std::string> names;
    errno = 0;
    while (dirent* entry = ::readdir(dir.get())) {
        std::string_view name = entry->d_name;
        if (name != "." && name != "..") {
            names.emplace_back(name);
        }
    }
    if (errno != 0) {
        return failSys(fmt::format("read directory {}", directory.string()));
    }
    return names;
}

// Extended attributes are copied when the file systems allow it. A file system without
// them, or without the trusted namespace, is not an error.
void copyXattrs(const stdfs::path& from, const stdfs::path& to) {
    ssize_t size = ::llistxattr(from.c_str(), nullptr, 0);
    if (size <= 0) {
        return;
    }
    std::string names(size_t(size), '\0');
    size = ::llistxattr(from.c_str(), names.data(), names.size());
    for (size_t start = 0; size > 0 && start < size_t(size);) {
        std::string name(names.c_str() + start);
        start += name.size() + 1;
        if (name.starts_with("trusted.overlay.")) {
            continue; // overlayfs bookkeeping of the image layers, not the file's own
        }
        ssize_t length = ::lgetxattr(from.c_str(), name.c_str(), nullptr, 0);
        if (length < 0) {
            continue;
        }
        std::string value(size_t(length), '\0');
        length = ::lgetxattr(from.c_str(), name.c_str(), value.data(), value.size());
        if (length >= 0) {
            (void)::lsetxattr(to.c_str(), name.c_str(), value.data(), size_t(length), 0);
        }
    }
}

Result<void> copyMetadata(const stdfs::path& to, const struct stat& info) {
    if (::lchown(to.c_str(), info.st_uid, info.st_gid) != 0) {
        return failSys(fmt::format("chown {}", to.string()));
    }
    if (!S_ISLNK(info.st_mode) && ::chmod(to.c_str(), info.st_mode & 07777) != 0) {
        return failSys(fmt::format("chmod {}", to.string()));
    }
    const struct timespec times[2] = {info.st_atim, info.st_mtim};
    if (::utimensat(AT_FDCWD, to.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) {
        return failSys(fmt::format("set the times of {}", to.string()));
    }
    return {};
}

Result<void> copyRegularFile(const stdfs::path& from, const stdfs::path& to,
                             const struct stat& info) {
    UniqueFd source(::open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!source) {
        return failSys(fmt::format("open {}", from.string()));
    }
    UniqueFd target(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!target) {
        return failSys(fmt::format("create {}", to.string()));
    }
    char buffer[65536];
    while (true) {
        ssize_t got = ::read(source.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return failSys(fmt::format("read {}", from.string()));
        }
        if (got == 0) {
            break;
        }
        for (ssize_t written = 0; written < got;) {
            ssize_t put = ::write(target.get(), buffer + written, size_t(got - written));
            if (put < 0 && errno == EINTR) {
                continue;
            }
            if (put < 0) {
                return failSys(fmt::format("write {}", to.string()));
            }
            written += put;
        }
    }
    (void)info;
    return {};
}

Result<void> copyEntry(const stdfs::path& from, const stdfs::path& to, LinkMap& links);

Result<void> copyChildren(const stdfs::path& from, const stdfs::path& to, LinkMap& links) {
    auto names = listEntries(from);
    if (!names) {
        return std::unexpected(names.error());
    }
    for (const auto& name : *names) {
        if (auto copied = copyEntry(from / name, to / name, links); !copied) {
            return copied;
        }
    }
    return {};
}

Result<void> copyEntry(const stdfs::path& from, const stdfs::path& to, LinkMap& links) {
    struct stat info {};
    if (::lstat(from.c_str(), &info) != 0) {
        return failSys(fmt::format("stat {}", from.string()));
    }
    if (!S_ISDIR(info.st_mode) && info.st_nlink > 1) {
        auto [found, inserted] = links.try_emplace({info.st_dev, info.st_ino}, to);
        if (!inserted) {
            if (::link(found->second.c_str(), to.c_str()) != 0) {
                return failSys(fmt::format("link {} to {}", to.string(), found->second.string()));
            }
            return {};
        }
    }
    if (S_ISDIR(info.st_mode)) {
        if (::mkdir(to.c_str(), 0700) != 0) {
            return failSys(fmt::format("create directory {}", to.string()));
        }
        if (auto copied = copyChildren(from, to, links); !copied) {
            return copied;
        }
    } else if (S_ISREG(info.st_mode)) {
        if (auto copied = copyRegularFile(from, to, info); !copied) {
            return copied;
        }
    } else if (S_ISLNK(info.st_mode)) {
        std::string target(size_t(info.st_size) + 1, '\0');
        ssize_t length = ::readlink(from.c_str(), target.data(), target.size());
        if (length < 0) {
            return failSys(fmt::format("read the link {}", from.string()));
        }
        target.resize(size_t(length));
        if (::symlink(target.c_str(), to.c_str()) != 0) {
            return failSys(fmt::format("symlink {} -> {}", to.string(), target));
        }
    } else if (::mknod(to.c_str(), info.st_mode, info.st_rdev) != 0) {
        return failSys(fmt::format("create the node {}", to.string()));
    }
    copyXattrs(from, to);
    return copyMetadata(to, info);
}

} // namespace

Result<bool> isEmptyDirectory(const stdfs::path& path) {
    auto names = listEntries(path);
    if (!names) {
        return std::unexpected(names.error());
    }
    return names->empty();
}

Result<void> copyDirectoryContents(const stdfs::path& from, const stdfs::path& to) {
    struct stat info {};
    if (::lstat(from.c_str(), &info) != 0) {
        return failSys(fmt::format("stat {}", from.string()));
    }
    if (!S_ISDIR(info.st_mode)) {
        return {}; // a file at the mount point: the volume stays empty, as in Docker
    }
    LinkMap links;
    if (auto copied = copyChildren(from, to, links); !copied) {
        return std::unexpected(copied.error().context(
            fmt::format("copy {} into the volume {}", from.string(), to.string())));
    }
    copyXattrs(from, to);
    return copyMetadata(to, info);
}

} // namespace berth::runtime

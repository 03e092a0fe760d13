#include "common/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "common/unique_fd.h"

namespace berth::fs {

Result<std::string> readFile(const std::filesystem::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        int err = errno;
        auto failure = failErrno(fmt::format("open {}", path.string()), err);
        if (err == ENOENT) {
            failure.error().kind = ErrorKind::NotFound;
        }
        return failure;
    }
    std::string content;
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return failSys(fmt::format("read {}", path.string()));
        }
        if (n == 0) {
            break;
        }
        content.append(buffer, size_t(n));
    }
    return content;
}

namespace {

Result<void> writeAll(int fd, std::string_view content, const std::filesystem::path& path) {
    size_t written = 0;
    while (written < content.size()) {
        ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return failSys(fmt::format("write {}", path.string()));
        }
        written += size_t(n);
    }
    return {};
}

} // namespace

Result<void> writeFileAtomic(const std::filesystem::path& path, std::string_view content,
                             unsigned mode, Durability durability) {
    std::filesystem::path temporary = path;
    temporary += fmt::format(".tmp{}", ::getpid());
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd) {
        return failSys(fmt::format("create {}", temporary.string()));
    }
    if (auto written = writeAll(fd.get(), content, temporary); !written) {
        ::unlink(temporary.c_str());
        return written;
    }
    if (durability == Durability::Synced && ::fsync(fd.get()) != 0) {
        int err = errno;
        ::unlink(temporary.c_str());
        return failErrno(fmt::format("fsync {}", temporary.string()), err);
    }
    fd.reset();
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(temporary.c_str());
        return failErrno(fmt::format("rename {} to {}", temporary.string(), path.string()), err);
    }
    if (durability == Durability::Volatile) {
        return {};
    }
    UniqueFd dir(::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir) {
        ::fsync(dir.get());
    }
    return {};
}

Result<void> overwriteFile(const std::filesystem::path& path, std::string_view content) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC));
    if (!fd) {
        return failSys(fmt::format("open {}", path.string()));
    }
    return writeAll(fd.get(), content, path);
}

Result<std::vector<std::string>> sortedDirectoryNames(const std::filesystem::path& directory) {
    std::vector<std::string> names;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(directory, ec), end; !ec && it != end;
         it.increment(ec)) {
        names.push_back(it->path().filename().string());
    }
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("read directory {}: {}", directory.string(), ec.message()));
    }
    std::ranges::sort(names);
    return names;
}

Result<void> makeDirectories(const std::filesystem::path& path, unsigned mode) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("create directory {}: {}", path.string(), ec.message()));
    }
    ::chmod(path.c_str(), mode);
    return {};
}

Result<void> removeTree(const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) {
        return fail(ErrorKind::System, fmt::format("remove {}: {}", path.string(), ec.message()));
    }
    return {};
}

} // namespace berth::fs

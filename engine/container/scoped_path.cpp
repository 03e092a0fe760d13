#include "container/scoped_path.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <deque>

namespace berth::container {

namespace {

constexpr int kMaxSymlinks = 255;

std::string joinComponents(const std::vector<std::string>& components) {
    std::string path;
    for (const auto& component : components) {
        path += '/';
        path += component;
    }
    return path.empty() ? "/" : path;
}

} // namespace

std::vector<std::string> splitPath(std::string_view path) {
    std::vector<std::string> components;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        std::string_view part = path.substr(start, slash - start);
        if (!part.empty() && part != ".") {
            components.emplace_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return components;
}

std::string cleanAbsolutePath(std::string_view path) {
    std::vector<std::string> kept;
    for (auto& component : splitPath(path)) {
        if (component == "..") {
            if (!kept.empty()) {
                kept.pop_back();
            }
            continue;
        }
        kept.push_back(std::move(component));
    }
    return joinComponents(kept);
}

std::string baseName(std::string_view cleanPath) {
    if (cleanPath == "/" || cleanPath.empty()) {
        return "/";
    }
    return std::string(cleanPath.substr(cleanPath.rfind('/') + 1));
}

std::string parentPath(std::string_view cleanPath) {
    size_t slash = cleanPath.rfind('/');
    if (slash == 0 || slash == std::string_view::npos) {
        return "/";
    }
    return std::string(cleanPath.substr(0, slash));
}

Result<UniqueFd> openInRoot(int rootFd, std::string_view path, int flags, mode_t mode) {
    open_how how{};
    how.flags = uint64_t(flags | O_CLOEXEC);
    how.mode = (flags & O_CREAT) ? mode : 0;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    size_t start = path.find_first_not_of('/');
    std::string relative = start == std::string_view::npos ? "." : std::string(path.substr(start));
    int fd = -1;
    do {
        fd = int(::syscall(SYS_openat2, rootFd, relative.c_str(), &how, sizeof how));
    } while (fd < 0 && (errno == EAGAIN || errno == EINTR));
    if (fd < 0) {
        return failErrno(fmt::format("open {} in the container", path), errno);
    }
    return UniqueFd(fd);
}

Result<std::string> resolveInScope(int rootFd, std::string_view path, bool followLast) {
    std::vector<std::string> resolved;
    auto initial = splitPath(path);
    std::deque<std::string> pending(initial.begin(), initial.end());
    int links = 0;
    while (!pending.empty()) {
        std::string component = std::move(pending.front());
        pending.pop_front();
        if (component == "..") {
            if (!resolved.empty()) {
                resolved.pop_back();
            }
            continue;
        }
        resolved.push_back(component);
        if (pending.empty() && !followLast) {
            break;
        }
        std::string candidate = joinComponents(resolved);
        auto fd = openInRoot(rootFd, candidate, O_PATH | O_NOFOLLOW);
        if (!fd) {
            if (fd.error().errnum == ENOENT || fd.error().errnum == ENOTDIR) {
                continue;
            }
            return std::unexpected(fd.error());
        }
        struct stat info {};
        if (::fstat(fd->get(), &info) != 0) {
            return failSys(fmt::format("stat {} in the container", candidate));
        }
        if (!S_ISLNK(info.st_mode)) {
            continue;
        }
        if (++links > kMaxSymlinks) {
            return failErrno(fmt::format("resolve {} in the container", path), ELOOP);
        }
        std::string target(size_t(PATH_MAX), '\0');
        ssize_t length = ::readlinkat(fd->get(), "", target.data(), target.size());
        if (length < 0) {
            return failSys(fmt::format("read link {} in the container", candidate));
        }
        target.resize(size_t(length));
        resolved.pop_back();
        if (target.starts_with('/')) {
            resolved.clear();
        }
        auto targetComponents = splitPath(target);
        pending.insert(pending.begin(), targetComponents.begin(), targetComponents.end());
    }
    return joinComponents(resolved);
}

} // namespace berth::container

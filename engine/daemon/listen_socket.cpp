#include "daemon/listen_socket.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>

namespace berth::daemon {

namespace {

template <typename T> bool parseNumber(std::string_view text, T& value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

} // namespace

Result<std::vector<int>> parseListenFds(const char* listenPid, const char* listenFds, pid_t self) {
    if (listenPid == nullptr || listenFds == nullptr) {
        return std::vector<int>{};
    }
    pid_t pid = 0;
    if (!parseNumber(listenPid, pid)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid LISTEN_PID \"{}\": expected a process id", listenPid));
    }
    if (pid != self) {
        return std::vector<int>{};
    }
    int count = 0;
    if (!parseNumber(listenFds, count) || count < 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid LISTEN_FDS \"{}\": expected a count", listenFds));
    }
    std::vector<int> fds(size_t(count), 0);
    for (int i = 0; i < count; ++i) {
        fds[size_t(i)] = kListenFdsStart + i;
    }
    return fds;
}

Result<UniqueFd> takeActivatedSocket(int requestedFd) {
    auto fds = parseListenFds(std::getenv("LISTEN_PID"), std::getenv("LISTEN_FDS"), ::getpid());
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_FDNAMES");
    if (!fds) {
        return std::unexpected(fds.error().context("-H fd://"));
    }

    std::vector<UniqueFd> passed;
    for (int fd : *fds) {
        if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
            return failSys(fmt::format("-H fd://: mark passed descriptor {} close-on-exec", fd));
        }
        passed.emplace_back(fd);
    }

    if (passed.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    "-H fd:// needs a socket passed by systemd, but LISTEN_FDS passes none to "
                    "this process; start berthd from berth.socket or use -H unix:///PATH");
    }
    if (requestedFd < 0) {
        if (passed.size() != 1) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("-H fd:// takes the only passed socket, but systemd passed "
                                    "{}; name one with fd://N",
                                    passed.size()));
        }
        return std::move(passed.front());
    }
    auto it = std::ranges::find_if(
        passed, [requestedFd](const UniqueFd& fd) { return fd.get() == requestedFd; });
    if (it == passed.end()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("-H fd://{}: systemd passed descriptors {} to {} only", requestedFd,
                                kListenFdsStart, kListenFdsStart + int(passed.size()) - 1));
    }
    return std::move(*it);
}

Result<gid_t> lookupGroup(std::string_view group) {
    if (gid_t gid = 0; parseNumber(group, gid)) {
        return gid;
    }
    std::string name(group);
    std::vector<char> buffer(16384);
    struct group entry {};
    struct group* found = nullptr;
    int error = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (error != 0) {
        return failErrno(fmt::format("look up group {}", name), error);
    }
    if (found == nullptr) {
        return fail(
            ErrorKind::NotFound,
            fmt::format("no such group: {} (create it with addgroup --system {})", name, name));
    }
    return found->gr_gid;
}

} // namespace berth::daemon

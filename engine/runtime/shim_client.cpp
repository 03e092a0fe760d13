#include "runtime/shim_client.h"

#include "common/fs.h"
#include "runtime/cgroup.h"
#include "runtime/process_identity.h"
#include "runtime/shim_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

// spec.json is the shim's input, read once; the daemon keeps the durable copy of the
// container's configuration, so the file is written without fsync.
Result<void> writeSpec(const ContainerSpec& spec, const stdfs::path& bundleDir) {
    stdfs::path path = bundleDir / bundle::kSpec;
    std::string text = toJson(spec).dump();
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) {
        return failSys(fmt::format("create {}", path.string()));
    }
    if (::write(fd.get(), text.data(), text.size()) != ssize_t(text.size())) {
        return failSys(fmt::format("write {}", path.string()));
    }
    return {};
}

// Starts berth-shim with the report pipe on descriptor 3, stdio on /dev/null and no other
// descriptor of the daemon. The shim forks and its first process exits at once, which is
// reaped here, so the shim is never the daemon's child.
Result<void> spawnShim(const stdfs::path& shimBinary, const stdfs::path& bundleDir,
                       int reportWriter) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, reportWriter, bundle::kReportFd);
    posix_spawn_file_actions_addclosefrom_np(&actions, bundle::kReportFd + 1);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::string program = shimBinary.string();
    std::string bundleArg = bundleDir.string();
    char* argv[] = {program.data(), bundleArg.data(), nullptr};
    pid_t pid = -1;
    int err = ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (err != 0) {
        return failErrno(fmt::format("start {}", program), err);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return fail(ErrorKind::System, fmt::format("{} failed to start", program));
    }
    return {};
}

// Reads the shim's one-line report, not to end-of-file, because the container's init keeps
// a copy of the pipe until its execve.
Result<std::string> readReport(int reportReader) {
    std::string report;
    char buffer[4096];
    while (report.find('\n') == std::string::npos) {
        ssize_t n = ::read(reportReader, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys("read the shim's report");
        }
        if (n == 0) {
            break;
        }
        report.append(buffer, size_t(n));
    }
    return report;
}

Result<UniqueFd> connectShim(const stdfs::path& bundleDir) {
    stdfs::path path = bundleDir / bundle::kSocket;
    // A socket address has room for at most 107 bytes; a longer path is reached through a
    // descriptor of the bundle directory.
    UniqueFd directory;
    std::string connectPath = path.string();
    if (connectPath.size() >= sizeof(sockaddr_un::sun_path)) {
        directory.reset(::open(bundleDir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (!directory) {
            return failSys(fmt::format("open {}", bundleDir.string()));
        }
        connectPath = fmt::format("/proc/self/fd/{}/{}", directory.get(), bundle::kSocket);
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, connectPath.c_str());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        return failSys("socket");
    }
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int err = errno;
        auto failure = failErrno(fmt::format("connect to {}", path.string()), err);
        if (err == ENOENT || err == ECONNREFUSED) {
            failure.error().kind = ErrorKind::InvalidState;
            failure.error().message =
                fmt::format("container is not running (no shim at {})", path.string());
        }
        return failure;
    }
    return fd;
}

// Sends one command line and reads the one-line reply, byte by byte so that nothing of a
// stream that follows is consumed.
Result<void> exchange(int fd, std::string_view command) {
    if (::send(fd, command.data(), command.size(), MSG_NOSIGNAL) != ssize_t(command.size())) {
        return failSys("send to the shim");
    }
    std::string reply;
    char c = 0;
    for (;;) {
        ssize_t n = ::recv(fd, &c, 1, 0);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return fail(ErrorKind::InvalidState, "the shim closed the connection");
        }
        if (c == '\n') {
            break;
        }
        reply.push_back(c);
    }
    if (reply == "ok") {
        return {};
    }
    if (reply.starts_with("error ")) {
        return fail(ErrorKind::System, reply.substr(6));
    }
    return fail(ErrorKind::System, fmt::format("unexpected reply from the shim: \"{}\"", reply));
}

// With requireRunning, an exited process that is not yet reaped counts as gone.
Result<UniqueFd> openVerifiedPidfd(pid_t pid, uint64_t startTime, bool requireRunning) {
    UniqueFd pidfd(int(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd) {
        if (errno == ESRCH) {
            return UniqueFd();
        }
        return failSys(fmt::format("pidfd_open {}", pid));
    }
    // Checked after opening: if the start time still matches, the pidfd refers to that very
    // process and not to a later one that reused its pid.
    bool same =
        requireRunning ? processRunning(pid, startTime) : processStartTime(pid) == startTime;
    if (!same) {
        return UniqueFd();
    }
    return pidfd;
}

// Waits while the previous run's mount namespace is still being torn down (see the shim's
// releaseMountNamespace), so that its overlay no longer uses the upper directory.
void waitForTeardown(const stdfs::path& bundleDir) {
    UniqueFd rootfs(
        ::open((bundleDir / bundle::kRootfs).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (rootfs) {
        while (::flock(rootfs.get(), LOCK_EX) != 0 && errno == EINTR) {
        }
    }
}

} // namespace

Result<ShimProcess> createContainer(const ContainerSpec& spec, const stdfs::path& bundleDir,
                                    const stdfs::path& shimBinary) {
    if (auto made = fs::makeDirectories(bundleDir, 0700); !made) {
        return std::unexpected(made.error());
    }
    ::unlink((bundleDir / bundle::kExit).c_str());
    waitForTeardown(bundleDir);
    if (auto written = writeSpec(spec, bundleDir); !written) {
        return std::unexpected(written.error());
    }
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return failSys("pipe2");
    }
    UniqueFd reader(fds[0]);
    UniqueFd writer(fds[1]);
    if (auto spawned = spawnShim(shimBinary, bundleDir, writer.get()); !spawned) {
        return std::unexpected(spawned.error());
    }
    writer.reset();
    auto report = readReport(reader.get());
    if (!report) {
        return std::unexpected(report.error());
    }
    if (*report == "ok\n") {
        return readShimProcess(bundleDir);
    }
    if (report->starts_with("error ")) {
        // The shim exits right after an error report; waiting for end-of-file means it is
        // gone when the caller sees the error.
        char rest[256];
        for (;;) {
            ssize_t n = ::read(reader.get(), rest, sizeof rest);
            if (n == 0 || (n < 0 && errno != EINTR)) {
                break;
            }
        }
        char* end = nullptr;
        long kind = std::strtol(report->c_str() + 6, &end, 10);
        std::string message = *end == ' ' ? std::string(end + 1) : std::string();
        if (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        return fail(ErrorKind(kind), std::move(message));
    }
    return fail(ErrorKind::System,
                fmt::format("berth-shim for {} exited without reporting", spec.id));
}

Result<void> startContainer(const stdfs::path& bundleDir) {
    auto fd = connectShim(bundleDir);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    return exchange(fd->get(), "start\n");
}

Result<UniqueFd> attach(const stdfs::path& bundleDir, const AttachOptions& options) {
    auto fd = connectShim(bundleDir);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    std::string command = fmt::format("attach {} {} {}\n", int(options.stdin), int(options.stdout),
                                      int(options.stderr));
    if (auto done = exchange(fd->get(), command); !done) {
        return std::unexpected(done.error());
    }
    return std::move(*fd);
}

Result<void> resize(const stdfs::path& bundleDir, uint16_t rows, uint16_t columns) {
    auto fd = connectShim(bundleDir);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    return exchange(fd->get(), fmt::format("resize {} {}\n", rows, columns));
}

Result<ShimProcess> readShimProcess(const stdfs::path& bundleDir) {
    auto text = fs::readFile(bundleDir / bundle::kShimState);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) {
        return fail(ErrorKind::System,
                    fmt::format("invalid JSON in {}", (bundleDir / bundle::kShimState).string()));
    }
    ShimProcess shim;
    shim.shimPid = json.value("shimPid", 0);
    shim.initPid = json.value("initPid", 0);
    shim.shimStartTime = json.value("shimStartTime", uint64_t(0));
    shim.initStartTime = json.value("initStartTime", uint64_t(0));
    return shim;
}

bool shimAlive(const ShimProcess& shim) {
    return shim.shimPid > 0 && processRunning(shim.shimPid, shim.shimStartTime);
}

Result<UniqueFd> openShimPidfd(const ShimProcess& shim) {
    return openVerifiedPidfd(shim.shimPid, shim.shimStartTime, false);
}

Result<void> signalInit(const ShimProcess& shim, int sig) {
    auto pidfd = openVerifiedPidfd(shim.initPid, shim.initStartTime, true);
    if (!pidfd) {
        return std::unexpected(pidfd.error());
    }
    if (!*pidfd) {
        return fail(ErrorKind::InvalidState,
                    fmt::format("container init {} is not running", shim.initPid));
    }
    if (::syscall(SYS_pidfd_send_signal, pidfd->get(), sig, nullptr, 0) != 0) {
        if (errno == ESRCH) {
            return fail(ErrorKind::InvalidState,
                        fmt::format("container init {} is not running", shim.initPid));
        }
        return failSys(fmt::format("send signal {} to container init {}", sig, shim.initPid));
    }
    return {};
}

Result<ExitInfo> readExit(const stdfs::path& bundleDir) {
    auto text = fs::readFile(bundleDir / bundle::kExit);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (!json.is_object()) {
        return fail(ErrorKind::System,
                    fmt::format("invalid JSON in {}", (bundleDir / bundle::kExit).string()));
    }
    ExitInfo info;
    info.exitCode = json.value("exitCode", 0);
    info.oomKilled = json.value("oomKilled", false);
    info.finishedAt = json.value("finishedAt", int64_t(0));
    info.error = json.value("error", std::string());
    return info;
}

Result<void> cleanup(const stdfs::path& bundleDir, const ContainerSpec& spec) {
    if (auto shim = readShimProcess(bundleDir); shim && shimAlive(*shim)) {
        return fail(
            ErrorKind::InvalidState,
            fmt::format("container {} is still running (shim pid {})", spec.id, shim->shimPid));
    }
    if (!spec.cgroupPath.empty()) {
        auto layout = detectCgroupLayout();
        if (!layout) {
            return std::unexpected(layout.error());
        }
        if (auto removed = removeCgroup(*layout, spec.cgroupPath); !removed) {
            return removed;
        }
    }
    waitForTeardown(bundleDir);
    for (const char* name : {bundle::kSocket, bundle::kShimState, bundle::kSpec}) {
        ::unlink((bundleDir / name).c_str());
    }
    ::rmdir((bundleDir / bundle::kRootfs).c_str());
    return {};
}

} // namespace berth::runtime

// berth-shim-setup.so: the creation half of berth-shim (see setup_abi.h). It reads the
// spec, opens the log, creates the cgroup and the stdio pipes, clones the container's
// init and waits until init reports ready or failed.

#include "common/fs.h"
#include "common/unique_fd.h"
#include "runtime/cgroup.h"
#include "runtime/container_init.h"
#include "runtime/init_channel.h"
#include "runtime/process_identity.h"
#include "runtime/shim_files.h"
#include "runtime/spec.h"
#include "shim/setup_abi.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

// clone3's argument, version 0 (64 bytes); declared here because <linux/sched.h> clashes
// with <sched.h>.
struct CloneArgs {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t childTid;
    uint64_t parentTid;
    uint64_t exitSignal;
    uint64_t stack;
    uint64_t stackSize;
    uint64_t tls;
};

Result<std::pair<UniqueFd, UniqueFd>> makePipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return failSys("pipe2");
    }
    return std::pair{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void setNonBlocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

class ContainerSetup final {
public:
    explicit ContainerSetup(stdfs::path bundleDir)
        : bundleDir_(std::move(bundleDir)) {}

    // Runs the steps; on failure nothing of the container remains.
    Result<void> run();
    void exportTo(BerthShimSetup& result);
    int exitCode() const { return exitCode_; }

private:
    Result<void> loadSpec();
    Result<void> openLog();
    Result<void> createCgroup();
    Result<void> createStdio();
    Result<void> joinNetwork();
    Result<void> cloneInit();
    Result<void> awaitReady();
    void killInit();
    void reapInit();

    stdfs::path bundleDir_;
    ContainerSpec spec_;
    UniqueFd logFile_;
    Cgroup cgroup_;
    UniqueFd childStdin_, childStdout_, childStderr_;
    UniqueFd stdinWriter_, stdoutReader_, stderrReader_, terminalMaster_;
    UniqueFd syncSocket_;
    UniqueFd initPidfd_;
    UniqueFd mountNamespace_;
    pid_t initPid_ = -1;
    bool initReaped_ = false;
    int exitCode_ = 128;
};

Result<void> ContainerSetup::run() {
    const std::pair<Result<void> (ContainerSetup::*)(), const char*> steps[] = {
        {&ContainerSetup::loadSpec, "read container spec"},
        {&ContainerSetup::openLog, "open log"},
        {&ContainerSetup::createCgroup, "create cgroup"},
        {&ContainerSetup::createStdio, "create stdio"},
        {&ContainerSetup::joinNetwork, "join the network namespace of the container it shares"},
        {&ContainerSetup::cloneInit, "create container init"},
        {&ContainerSetup::awaitReady, nullptr},
    };
    for (const auto& [step, name] : steps) {
        if (auto done = (this->*step)(); !done) {
            killInit();
            (void)cgroup_.remove();
            return std::unexpected(name ? done.error().context(name) : done.error());
        }
    }
    return {};
}

Result<void> ContainerSetup::loadSpec() {
    auto text = fs::readFile(bundleDir_ / bundle::kSpec);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto spec = containerSpecFromJson(nlohmann::json::parse(*text, nullptr, false));
    if (!spec) {
        return std::unexpected(spec.error());
    }
    spec_ = std::move(*spec);
    return {};
}

Result<void> ContainerSetup::openLog() {
    if (spec_.logPath.empty()) {
        return {};
    }
    (void)fs::makeDirectories(spec_.logPath.parent_path(), 0700);
    logFile_.reset(::open(spec_.logPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
    if (!logFile_) {
        return failSys(fmt::format("open {}", spec_.logPath.string()));
    }
    return {};
}

Result<void> ContainerSetup::createCgroup() {
    if (spec_.cgroupPath.empty()) {
        return {};
    }
    auto layout = detectCgroupLayout();
    if (!layout) {
        return std::unexpected(layout.error());
    }
    auto cgroup = Cgroup::create(*layout, spec_.cgroupPath, spec_.resources, spec_.privileged);
    if (!cgroup) {
        return std::unexpected(cgroup.error());
    }
    if (cgroup->directories().size() > size_t(kBerthSetupMaxCgroups)) {
        return fail(ErrorKind::Unsupported, "too many cgroup hierarchies");
    }
    cgroup_ = std::move(*cgroup);
    return {};
}

Result<void> ContainerSetup::createStdio() {
    if (spec_.process.terminal) {
        return {}; // init opens the pty in its own devpts and sends the master back
    }
    if (spec_.process.openStdin) {
        auto in = makePipe();
        if (!in) {
            return std::unexpected(in.error());
        }
        childStdin_ = std::move(in->first);
        stdinWriter_ = std::move(in->second);
        setNonBlocking(stdinWriter_.get());
    } else {
        childStdin_.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        if (!childStdin_) {
            return failSys("open /dev/null");
        }
    }
    auto out = makePipe();
    auto err = makePipe();
    if (!out || !err) {
        return failSys("pipe2");
    }
    stdoutReader_ = std::move(out->first);
    childStdout_ = std::move(out->second);
    stderrReader_ = std::move(err->first);
    childStderr_ = std::move(err->second);
    return {};
}

// With --network container:NAME the shim enters the other container's network namespace
// so that init inherits it. The pidfd pins the process whose start time was checked.
Result<void> ContainerSetup::joinNetwork() {
    if (spec_.network != NetworkMode::Joined) {
        return {};
    }
    const JoinedNetwork& joined = spec_.joinedNetwork;
    UniqueFd pidfd(int(::syscall(SYS_pidfd_open, joined.pid, 0)));
    if (!pidfd || !processRunning(joined.pid, joined.startTime)) {
        return fail(ErrorKind::InvalidState,
                    fmt::format("the container whose network is joined has stopped (its init, "
                                "process {}, is gone); start it and try again",
                                joined.pid));
    }
    if (::setns(pidfd.get(), CLONE_NEWNET) != 0) {
        return failSys(fmt::format("setns into the network namespace of process {}", joined.pid));
    }
    return {};
}

Result<void> ContainerSetup::cloneInit() {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
        return failSys("socketpair");
    }
    syncSocket_.reset(pair[0]);
    UniqueFd initEnd(pair[1]);
    stdfs::path rootfs = bundleDir_ / bundle::kRootfs;
    if (::mkdir(rootfs.c_str(), 0755) != 0 && errno != EEXIST) {
        return failSys(fmt::format("create {}", rootfs.string()));
    }

    InitContext context;
    context.spec = &spec_;
    context.rootfsDir = rootfs;
    context.cgroupDirectories = cgroup_.directories();
    context.cgroupV2 = cgroup_.version() == CgroupVersion::V2;
    context.syncSocket = initEnd.get();
    context.stdinFd = childStdin_.get();
    context.stdoutFd = childStdout_.get();
    context.stderrFd = childStderr_.get();

    int pidfd = -1;
    CloneArgs args{};
    // Init unshares a private cgroup namespace itself, after it has joined its cgroup, so
    // that cgroup becomes the root. With CLONE_NEWCGROUP here the root would be the shim's.
    args.flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_PIDFD;
    if (spec_.network != NetworkMode::Host && spec_.network != NetworkMode::Joined) {
        args.flags |= CLONE_NEWNET;
    }
    args.pidfd = reinterpret_cast<uint64_t>(&pidfd);
    args.exitSignal = SIGCHLD;
    long pid = ::syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0) {
        return failSys("clone3 with new mount, pid, uts, ipc and network namespaces");
    }
    if (pid == 0) {
        syncSocket_.reset();
        runContainerInit(context);
    }
    initPid_ = pid_t(pid);
    initPidfd_.reset(pidfd);
    std::string namespacePath = fmt::format("/proc/{}/ns/mnt", initPid_);
    mountNamespace_.reset(::open(namespacePath.c_str(), O_RDONLY | O_CLOEXEC));
    childStdin_.reset();
    childStdout_.reset();
    childStderr_.reset();
    return {}; // init joins its cgroups itself (container_init.cpp)
}

Result<void> ContainerSetup::awaitReady() {
    auto message = receiveInitMessage(syncSocket_.get());
    if (message && *message && (*message)->ready) {
        terminalMaster_ = std::move((*message)->terminalMaster);
        if (spec_.process.terminal && !terminalMaster_) {
            return fail(ErrorKind::System, "container init sent no pty");
        }
        if (terminalMaster_) {
            setNonBlocking(terminalMaster_.get());
            if (spec_.process.openStdin) {
                stdinWriter_.reset(::fcntl(terminalMaster_.get(), F_DUPFD_CLOEXEC, 3));
            }
        }
        return {};
    }
    reapInit();
    if (!message) {
        return std::unexpected(message.error());
    }
    if (!*message) {
        return fail(ErrorKind::System,
                    fmt::format("container init exited during setup with code {}", exitCode_));
    }
    exitCode_ = (*message)->exitCode;
    return fail((*message)->kind, (*message)->message);
}

void ContainerSetup::killInit() {
    if (initPid_ > 0 && !initReaped_) {
        ::syscall(SYS_pidfd_send_signal, initPidfd_.get(), SIGKILL, nullptr, 0);
        reapInit();
    }
}

void ContainerSetup::reapInit() {
    int status = 0;
    pid_t reaped;
    while ((reaped = ::waitpid(initPid_, &status, 0)) < 0 && errno == EINTR) {
    }
    if (reaped == initPid_) {
        initReaped_ = true;
        if (exitCode_ == 128) {
            exitCode_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
        }
    }
}

void ContainerSetup::exportTo(BerthShimSetup& result) {
    result.initPid = initPid_;
    result.initPidfd = initPidfd_.release();
    result.syncSocket = syncSocket_.release();
    result.stdinWriter = stdinWriter_.release();
    result.stdoutReader = stdoutReader_.release();
    result.stderrReader = stderrReader_.release();
    result.terminalMaster = terminalMaster_.release();
    result.logFile = logFile_.release();
    result.logMaxSize = spec_.logMaxSize;
    result.logMaxFiles = spec_.logMaxFiles;
    std::snprintf(result.logPath, kBerthSetupPathSize, "%s", spec_.logPath.c_str());
    result.mountNamespace = mountNamespace_.release();
    result.terminal = spec_.process.terminal;
    result.openStdin = spec_.process.openStdin;
    result.stdinOnce = spec_.process.stdinOnce;
    result.cgroupV2 = cgroup_.version() == CgroupVersion::V2;
    result.cgroupCount = 0;
    for (const stdfs::path& directory : cgroup_.directories()) {
        std::snprintf(result.cgroupDirectories[result.cgroupCount++], kBerthSetupPathSize, "%s",
                      directory.c_str());
    }
    cgroup_.release();
}

} // namespace

} // namespace berth::runtime

extern "C" [[gnu::visibility("default")]] int berth_shim_setup(const char* bundleDir,
                                                               BerthShimSetup* result) {
    std::memset(result, 0, sizeof *result);
    berth::runtime::ContainerSetup setup(bundleDir);
    if (auto done = setup.run(); !done) {
        result->failed = 1;
        result->errorKind = int(done.error().kind);
        result->exitCode = setup.exitCode();
        std::snprintf(result->message, sizeof result->message, "%s", done.error().message.c_str());
        return -1;
    }
    setup.exportTo(*result);
    return 0;
}

#include "runtime/container_init.h"

#include "common/fs.h"
#include "common/unique_fd.h"
#include "runtime/capabilities.h"
#include "runtime/environment.h"
#include "runtime/exec_lookup.h"
#include "runtime/init_channel.h"
#include "runtime/process_setup.h"
#include "runtime/rootfs.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/close_range.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace berth::runtime {

namespace {

// Docker records 128 when a container could not start for a reason other than its command.
constexpr int kExitSetupFailed = 128;

[[noreturn]] void failInit(const InitContext& context, int exitCode, const Error& error) {
    (void)sendFailure(context.syncSocket, exitCode, error.kind, error.message);
    ::_exit(exitCode);
}

Result<void> setHostname(const ContainerSpec& spec) {
    if (!spec.hostname.empty() && ::sethostname(spec.hostname.data(), spec.hostname.size()) != 0) {
        return failSys(fmt::format("sethostname {}", spec.hostname));
    }
    if (!spec.domainname.empty() &&
        ::setdomainname(spec.domainname.data(), spec.domainname.size()) != 0) {
        return failSys(fmt::format("setdomainname {}", spec.domainname));
    }
    return {};
}

// Writes the spec's kernel parameters through the container's own /proc, so the network
// ones land in its network namespace. Runs before /proc/sys becomes read-only.
Result<void> writeSysctls(const ContainerSpec& spec) {
    for (const auto& [name, value] : spec.sysctls) {
        bool valid = !name.empty() && name.front() != '.' && !name.contains("..") &&
                     std::ranges::all_of(name, [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                c == '_' || c == '-';
                     });
        if (!valid) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid sysctl name \"{}\"", name));
        }
        std::string path = "/proc/sys/" + name;
        std::ranges::replace(path, '.', '/');
        UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
        if (!fd || ::write(fd.get(), value.data(), value.size()) != ssize_t(value.size())) {
            return failSys(fmt::format("set sysctl {} to \"{}\"", name, value));
        }
    }
    return {};
}

Result<void> bringUpLoopback() {
    UniqueFd socket(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!socket) {
        return failSys("create socket for lo");
    }
    ifreq request{};
    std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(socket.get(), SIOCGIFFLAGS, &request) != 0) {
        return failSys("read flags of lo");
    }
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (::ioctl(socket.get(), SIOCSIFFLAGS, &request) != 0) {
        return failSys("bring lo up");
    }
    return {};
}

Result<void> makeWorkingDirectory(const ContainerSpec& spec) {
    if (spec.process.cwd.empty() || spec.process.cwd.front() != '/') {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("working directory \"{}\" is not absolute", spec.process.cwd));
    }
    std::filesystem::path directory = resolveInRoot("/", spec.process.cwd);
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("create working directory {}: {}", spec.process.cwd, ec.message()));
    }
    return {};
}

Result<void> attachPipes(const InitContext& context) {
    if (::setsid() < 0) {
        return failSys("setsid");
    }
    const int sources[] = {context.stdinFd, context.stdoutFd, context.stderrFd};
    for (int target = 0; target <= 2; ++target) {
        if (::dup2(sources[target], target) < 0) {
            return failSys("dup2 stdio");
        }
    }
    return {};
}

// Moves init into the container's cgroups by writing "0" (the caller) in each hierarchy,
// before it allocates anything. On v1 the file is tasks, which moves only the calling
// thread (all of init here), so the kernel skips its system-wide threadgroup lock. The
// first write through that lock after a pause, as cgroup.procs takes it, waits for an RCU
// grace period: 10 to 14 ms per write, measured with strace on Linux 6.18.
Result<void> joinCgroups(const InitContext& context) {
    const char* fileName = context.cgroupV2 ? "cgroup.procs" : "tasks";
    for (const std::filesystem::path& directory : context.cgroupDirectories) {
        std::filesystem::path file = directory / fileName;
        UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
        if (!fd || ::write(fd.get(), "0", 1) != 1) {
            return failSys(fmt::format("join cgroup {}", file.string()));
        }
    }
    return {};
}

// Enters a new cgroup namespace whose root is the cgroup init has just joined, in every
// hierarchy. berth-exec joins it through /proc/PID/ns/cgroup of init.
Result<void> enterCgroupNamespace(const ContainerSpec& spec) {
    if (spec.privateCgroupNamespace && ::unshare(CLONE_NEWCGROUP) != 0) {
        return failSys("unshare the cgroup namespace");
    }
    return {};
}

Result<ExecPlan> prepare(const InitContext& context) {
    const ContainerSpec& spec = *context.spec;
    if (auto joined = joinCgroups(context); !joined) {
        return std::unexpected(joined.error());
    }
    if (auto entered = enterCgroupNamespace(spec); !entered) {
        return std::unexpected(entered.error());
    }
    if (auto done =
            setupRootfs(spec, context.rootfsDir, context.cgroupDirectories, context.cgroupV2);
        !done) {
        return std::unexpected(done.error());
    }
    if (auto done = writeSysctls(spec); !done) {
        return std::unexpected(done.error());
    }
    if (!spec.privileged) {
        if (auto done = maskKernelPaths(); !done) {
            return std::unexpected(done.error());
        }
    }
    if (auto done = setHostname(spec); !done) {
        return std::unexpected(done.error());
    }
    if (spec.network == NetworkMode::Loopback) {
        if (auto done = bringUpLoopback(); !done) {
            return std::unexpected(done.error());
        }
    }
    auto user = findContainerUser(spec);
    if (!user) {
        return std::unexpected(user.error());
    }
    auto capabilities = containerCapabilities(spec.process, spec.privileged);
    if (!capabilities) {
        return std::unexpected(capabilities.error());
    }
    if (auto done = makeWorkingDirectory(spec); !done) {
        return std::unexpected(done.error());
    }
    if (spec.readonlyRootfs) {
        if (auto done = remountReadOnly("/"); !done) {
            return std::unexpected(done.error());
        }
    }
    ExecPlan plan;
    plan.env =
        completeEnvironment(spec.process.env, spec.hostname, spec.process.terminal, user->home);
    plan.user = std::move(*user);
    plan.capabilities = std::move(*capabilities);
    return plan;
}

} // namespace

void runContainerInit(const InitContext& context) {
    const ContainerSpec& spec = *context.spec;
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (spec.process.args.empty()) {
        failInit(context, kExitSetupFailed,
                 Error{ErrorKind::InvalidArgument, "no command specified", 0});
    }

    auto plan = prepare(context);
    if (!plan) {
        failInit(context, kExitSetupFailed, plan.error());
    }
    auto executable =
        lookupExecutable(spec.process.args.front(), environmentValue(plan->env, "PATH"));
    if (!executable) {
        failInit(context, executable.error().exitCode,
                 Error{ErrorKind::InvalidArgument, executable.error().message, 0});
    }
    plan->executable = std::move(*executable);

    UniqueFd master;
    if (spec.process.terminal) {
        auto opened = openTerminal(spec.process, plan->user.uid);
        if (!opened) {
            failInit(context, kExitSetupFailed, opened.error());
        }
        master = std::move(*opened);
    } else if (auto attached = attachPipes(context); !attached) {
        failInit(context, kExitSetupFailed, attached.error());
    }
    if (::chdir(spec.process.cwd.c_str()) != 0) {
        failInit(context, kExitSetupFailed,
                 Error{ErrorKind::System,
                       fmt::format("chdir {}: {}", spec.process.cwd, std::strerror(errno)), 0});
    }

    if (!sendReady(context.syncSocket, master.get())) {
        ::_exit(kExitSetupFailed);
    }
    master.reset();
    if (!waitForStart(context.syncSocket)) {
        ::_exit(kExitSetupFailed);
    }

    if (auto dropped = dropPrivileges(spec, *plan); !dropped) {
        failInit(context, kExitSetupFailed, dropped.error());
    }
    resetSignals();
    // Until here a dying shim takes the held init with it; the running container keeps
    // going, as Docker's containers outlive their shim.
    ::prctl(PR_SET_PDEATHSIG, 0);
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    int err = execPlan(*plan, spec.process.args);
    failInit(context, err == ENOENT ? kExitCommandNotFound : kExitCommandNotExecutable,
             Error{ErrorKind::InvalidArgument,
                   fmt::format("exec: \"{}\": {}", spec.process.args.front(), std::strerror(err)),
                   err});
}

} // namespace berth::runtime

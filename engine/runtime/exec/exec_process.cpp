#include "exec/exec_process.h"

#include "runtime/capabilities.h"
#include "runtime/environment.h"
#include "runtime/exec_lookup.h"
#include "runtime/init_channel.h"
#include "runtime/process_setup.h"

#include <fmt/format.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace berth::runtime {

namespace {

// Docker records 126 for an exec that failed before its command ran.
constexpr int kExitExecFailed = 126;

[[noreturn]] void failExec(const ExecContext& context, int exitCode, const Error& error) {
    (void)sendFailure(context.channel, exitCode, error.kind, error.message);
    ::_exit(exitCode);
}

Result<void> enterContainer(const ExecContext& context) {
    if (auto joined = joinCgroup(*context.handles); !joined) {
        return joined;
    }
    if (auto joined = joinOtherNamespaces(*context.handles); !joined) {
        return joined;
    }
    // Joining the mount namespace moved the root and the working directory to its root,
    // which is the container's after its pivot_root.
    return {};
}

Result<ExecPlan> prepare(const ContainerSpec& spec) {
    auto user = findContainerUser(spec);
    if (!user) {
        return std::unexpected(user.error());
    }
    auto capabilities = containerCapabilities(spec.process, spec.privileged);
    if (!capabilities) {
        return std::unexpected(capabilities.error());
    }
    ExecPlan plan;
    plan.env =
        completeEnvironment(spec.process.env, spec.hostname, spec.process.terminal, user->home);
    plan.user = std::move(*user);
    plan.capabilities = std::move(*capabilities);
    return plan;
}

Result<UniqueFd> setUpStdio(const ContainerSpec& spec, uid_t uid) {
    if (spec.process.terminal) {
        return openTerminal(spec.process, uid);
    }
    // Descriptors 0 to 2 are already the pipes (or /dev/null) berth-exec was given.
    if (::setsid() < 0) {
        return failSys("setsid");
    }
    return UniqueFd();
}

} // namespace

void runExecProcess(const ExecContext& context) {
    const ContainerSpec& spec = *context.spec;
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (spec.process.args.empty()) {
        failExec(context, kExitExecFailed,
                 Error{ErrorKind::InvalidArgument, "no command specified", 0});
    }
    if (auto entered = enterContainer(context); !entered) {
        failExec(context, kExitExecFailed, entered.error());
    }
    auto plan = prepare(spec);
    if (!plan) {
        failExec(context, kExitExecFailed, plan.error());
    }
    auto executable =
        lookupExecutable(spec.process.args.front(), environmentValue(plan->env, "PATH"));
    if (!executable) {
        failExec(context, executable.error().exitCode,
                 Error{ErrorKind::InvalidArgument, executable.error().message, 0});
    }
    plan->executable = std::move(*executable);

    auto master = setUpStdio(spec, plan->user.uid);
    if (!master) {
        failExec(context, kExitExecFailed, master.error());
    }
    if (::chdir(spec.process.cwd.c_str()) != 0) {
        failExec(context, kExitExecFailed,
                 Error{ErrorKind::InvalidArgument,
                       fmt::format("chdir to cwd (\"{}\") set in config.json failed: {}",
                                   spec.process.cwd, std::strerror(errno)),
                       errno});
    }
    if (!sendReady(context.channel, master->get())) {
        ::_exit(kExitExecFailed);
    }
    master->reset();

    if (auto dropped = dropPrivileges(spec, *plan); !dropped) {
        failExec(context, kExitExecFailed, dropped.error());
    }
    resetSignals();
    ::prctl(PR_SET_PDEATHSIG, 0);
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    int err = execPlan(*plan, spec.process.args);
    failExec(context, err == ENOENT ? kExitCommandNotFound : kExitCommandNotExecutable,
             Error{ErrorKind::InvalidArgument,
                   fmt::format("exec: \"{}\": {}", spec.process.args.front(), std::strerror(err)),
                   err});
}

} // namespace berth::runtime

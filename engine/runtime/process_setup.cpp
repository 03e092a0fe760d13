#include "runtime/process_setup.h"

#include "common/fs.h"
#include "runtime/capabilities.h"
#include "runtime/seccomp_filter.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace berth::runtime {

Result<ExecUser> findContainerUser(const ContainerSpec& spec) {
    auto passwd = fs::readFile("/etc/passwd");
    auto group = fs::readFile("/etc/group");
    return resolveUser(spec.process.user, passwd ? *passwd : std::string(),
                       group ? *group : std::string());
}

Result<UniqueFd> openTerminal(const ProcessSpec& process, uid_t uid) {
    UniqueFd master(::open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master) {
        return failSys("open /dev/ptmx");
    }
    int unlock = 0;
    if (::ioctl(master.get(), TIOCSPTLCK, &unlock) != 0) {
        return failSys("unlock pty");
    }
    winsize size{process.rows, process.columns, 0, 0};
    if (::ioctl(master.get(), TIOCSWINSZ, &size) != 0) {
        return failSys("set pty size");
    }
    if (::setsid() < 0) {
        return failSys("setsid");
    }
    UniqueFd peer(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY));
    if (!peer) {
        return failSys("open pty peer");
    }
    if (::ioctl(peer.get(), TIOCSCTTY, 0) != 0) {
        return failSys("make pty the controlling terminal");
    }
    if (uid != 0 && ::fchown(peer.get(), uid, gid_t(-1)) != 0) {
        return failSys("chown pty");
    }
    for (int target = 0; target <= 2; ++target) {
        if (::dup2(peer.get(), target) < 0) {
            return failSys("dup2 pty");
        }
    }
    return master;
}

namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (std::string& s : strings) {
        result.push_back(s.data());
    }
    result.push_back(nullptr);
    return result;
}

Result<void> switchUser(const ExecUser& user) {
    if (::setgroups(user.supplementaryGroups.size(), user.supplementaryGroups.data()) != 0) {
        return failSys("setgroups");
    }
    if (::setresgid(user.gid, user.gid, user.gid) != 0) {
        return failSys(fmt::format("setgid {}", user.gid));
    }
    if (::setresuid(user.uid, user.uid, user.uid) != 0) {
        return failSys(fmt::format("setuid {}", user.uid));
    }
    return {};
}

} // namespace

void resetSignals() {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig) {
        ::signal(sig, SIG_DFL);
    }
}

Result<void> dropPrivileges(const ContainerSpec& spec, const ExecPlan& plan) {
    if (spec.process.noNewPrivileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        return failSys("set no_new_privs");
    }
    // Loaded while the process still has CAP_SYS_ADMIN, which the kernel requires without
    // no_new_privs. The filter allows every call made from here to execve.
    if (!spec.privileged && spec.seccomp.empty()) {
        if (auto loaded = loadDefaultSeccompFilter(plan.capabilities); !loaded) {
            return loaded;
        }
    }
    if (auto done = dropBoundingSet(plan.capabilities); !done) {
        return done;
    }
    if (auto done = switchUser(plan.user); !done) {
        return done;
    }
    if (plan.user.uid == 0) {
        return applyProcessCapabilities(plan.capabilities);
    }
    return {};
}

int execPlan(const ExecPlan& plan, const std::vector<std::string>& args) {
    std::vector<std::string> argumentCopy = args;
    std::vector<std::string> environmentCopy = plan.env;
    std::vector<char*> argv = pointers(argumentCopy);
    std::vector<char*> envp = pointers(environmentCopy);
    ::execve(plan.executable.c_str(), argv.data(), envp.data());
    return errno;
}

} // namespace berth::runtime

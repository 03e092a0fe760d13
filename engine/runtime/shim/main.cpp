// berth-shim BUNDLE_DIR
//
// Started by berthd with the creation report pipe on descriptor 3 and stdio on /dev/null.
// It forks once so that it is not berthd's child (berthd reaps the first process at
// once), starts a new session, and runs the container described by BUNDLE_DIR/spec.json.

#include "runtime/shim_files.h"
#include "shim/shim.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: berth-shim BUNDLE_DIR\n", stderr);
        return 2;
    }
    ::fcntl(berth::runtime::bundle::kReportFd, F_SETFD, FD_CLOEXEC);

    pid_t child = ::fork();
    if (child < 0) {
        return 1;
    }
    if (child > 0) {
        return 0;
    }
    ::setsid();
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGCHLD, SIG_DFL);
    ::signal(SIGPIPE, SIG_IGN);

    berth::runtime::Shim shim(argv[1], berth::UniqueFd(berth::runtime::bundle::kReportFd));
    return shim.run();
}

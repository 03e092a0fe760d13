// berth-shim BUNDLE_DIR
//
// Started by berthd with the creation report pipe on descriptor 3 and stdio on /dev/null.
// It forks once so that it is not berthd's child (berthd reaps the first process at
// once) and starts a new session. It then loads berth-shim-setup.so from beside itself
// to create the container described by BUNDLE_DIR/spec.json, unloads it, and relays the
// container's I/O until it exits.

#include "common/error.h"
#include "runtime/shim_files.h"
#include "shim/setup_abi.h"
#include "shim/shim.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

namespace {

constexpr const char* kSetupModule = "berth-shim-setup.so";

std::string moduleBesideExecutable() {
    char path[4096];
    ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) {
        return kSetupModule;
    }
    std::string executable(path, size_t(length));
    return executable.substr(0, executable.rfind('/') + 1) + kSetupModule;
}

void detach() {
    ::setsid();
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGCHLD, SIG_DFL);
    ::signal(SIGPIPE, SIG_IGN);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: berth-shim BUNDLE_DIR\n", stderr);
        return 2;
    }
    ::fcntl(berth::runtime::bundle::kReportFd, F_SETFD, FD_CLOEXEC);
    pid_t child = ::fork();
    if (child != 0) {
        return child < 0 ? 1 : 0;
    }
    detach();

    berth::runtime::Shim shim(argv[1], berth::UniqueFd(berth::runtime::bundle::kReportFd));
    std::string modulePath = moduleBesideExecutable();
    void* module = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_LOCAL);
    auto setupFunction =
        module ? reinterpret_cast<BerthShimSetupFunction>(::dlsym(module, "berth_shim_setup"))
               : nullptr;
    if (setupFunction == nullptr) {
        const char* reason = ::dlerror();
        return shim.failCreation(int(berth::ErrorKind::System), 128,
                                 "load " + modulePath + ": " + (reason ? reason : "unknown"));
    }
    // On the heap, so that its pages are given back once the shim has adopted the result.
    auto setup = std::make_unique<BerthShimSetup>();
    int status = setupFunction(argv[1], setup.get());
    ::dlclose(module);
    if (status != 0) {
        return shim.failCreation(setup->errorKind, setup->exitCode, setup->message);
    }
    shim.adopt(*setup);
    setup.reset();
    return shim.run();
}

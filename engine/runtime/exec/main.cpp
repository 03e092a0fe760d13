// berth-exec
//
// berthd starts it for each docker exec. Descriptor 3 carries the request: JSON with the
// container's spec (its process replaced by the exec'd one), its init's pid and start
// time, and the files through which the process joins the container's cgroup (see
// selfJoinFiles in cgroup.h). Descriptor 4 is the channel on which the process reports "ready", and
// 0 to 2 are the process's stdio. berth-exec opens the container's namespaces and cgroup, joins the
// pid namespace and forks the process (see exec_process.h). It then waits for the
// process, passes on the signals it gets, and exits with the process's exit status
// (128 + signal when a signal ended it).

#include "common/error.h"
#include "common/unique_fd.h"
#include "exec/exec_process.h"
#include "exec/join_container.h"
#include "runtime/exec_client.h"
#include "runtime/init_channel.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace berth;
using namespace berth::runtime;

constexpr int kExitExecFailed = 126;

volatile sig_atomic_t processPid = 0;

void passSignal(int sig) {
    if (processPid > 0) {
        ::kill(processPid, sig);
    }
}

struct Request {
    ContainerSpec spec;
    pid_t initPid = 0;
    uint64_t initStartTime = 0;
    bool privileged = false;
    std::vector<std::string> cgroupFiles;
};

Result<std::vector<std::string>> stringArray(const nlohmann::json& json, const char* name) {
    std::vector<std::string> values;
    auto it = json.find(name);
    if (it == json.end()) {
        return values;
    }
    if (!it->is_array()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("\"{}\" in the exec request is not an array", name));
    }
    for (const nlohmann::json& value : *it) {
        if (!value.is_string()) {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("\"{}\" in the exec request contains a value that is not a string",
                            name));
        }
        values.push_back(value.get<std::string>());
    }
    return values;
}

Result<Request> readRequest() {
    UniqueFd input(exec_fds::kRequest);
    std::string text;
    char buffer[16384];
    for (;;) {
        ssize_t n = ::read(input.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys("read the exec request");
        }
        if (n == 0) {
            break;
        }
        text.append(buffer, size_t(n));
    }

    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::InvalidArgument, "the exec request is not a JSON object");
    }
    auto spec = containerSpecFromJson(json.value("spec", nlohmann::json::object()));
    if (!spec) {
        return std::unexpected(spec.error());
    }

    Request request;
    request.spec = std::move(*spec);
    request.initPid = json.value("initPid", pid_t(0));
    request.initStartTime = json.value("initStartTime", uint64_t(0));
    request.privileged = json.value("privileged", false);
    auto cgroupFiles = stringArray(json, "cgroupFiles");
    if (!cgroupFiles) {
        return std::unexpected(cgroupFiles.error());
    }
    request.cgroupFiles = std::move(*cgroupFiles);
    if (request.initPid <= 0) {
        return fail(ErrorKind::InvalidArgument, "the exec request has no init pid");
    }
    return request;
}

int reportFailure(const Error& error) {
    (void)sendFailure(exec_fds::kChannel, kExitExecFailed, error.kind, error.message);
    return kExitExecFailed;
}

// Leaves the process as the only owner of its stdio and of the channel, so that the
// daemon reads end-of-file when the process closes them or calls execve.
void releaseProcessDescriptors() {
    ::close(exec_fds::kChannel);
    int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    for (int target = 0; target <= 2; ++target) {
        ::dup2(null, target);
    }
    ::close(null);
}

int waitForProcess(pid_t child) {
    struct sigaction action {};
    action.sa_handler = passSignal;
    sigemptyset(&action.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) {
        ::sigaction(sig, &action, nullptr);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            return kExitExecFailed;
        }
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

} // namespace

int main() {
    ::fcntl(exec_fds::kChannel, F_SETFD, FD_CLOEXEC);
    auto request = readRequest();
    if (!request) {
        return reportFailure(request.error());
    }
    auto handles = openContainerHandles(request->spec, request->initPid, request->initStartTime,
                                        request->cgroupFiles);
    if (!handles) {
        return reportFailure(handles.error());
    }
    if (auto joined = joinNamespace(*handles, CLONE_NEWPID); !joined) {
        return reportFailure(joined.error());
    }
    pid_t child = ::fork();
    if (child < 0) {
        return reportFailure(failSys("fork the exec'd process").error());
    }
    if (child == 0) {
        ExecContext context;
        context.spec = &request->spec;
        context.handles = &*handles;
        context.channel = exec_fds::kChannel;
        context.privileged = request->privileged;
        runExecProcess(context);
    }
    processPid = child;
    handles->namespaces.clear();
    handles->cgroupFiles.clear();
    releaseProcessDescriptors();
    return waitForProcess(child);
}

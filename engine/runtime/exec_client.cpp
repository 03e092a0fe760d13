#include "runtime/exec_client.h"

#include "runtime/cgroup.h"
#include "runtime/init_channel.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

extern char** environ;

namespace berth::runtime {

namespace {

constexpr int kExitExecFailed = 126;

std::unexpected<ExecStartFailure> startFailure(Error error, int exitCode = kExitExecFailed) {
    return std::unexpected(ExecStartFailure{exitCode, std::move(error)});
}

struct Pipe {
    UniqueFd reader;
    UniqueFd writer;
};

Result<Pipe> makePipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        return failSys("create pipe");
    }
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The helper's ends of its descriptors; -1 stands for /dev/null.
struct HelperDescriptors {
    int stdio[3] = {-1, -1, -1};
    int request = -1;
    int channel = -1;
};

Result<pid_t> spawnHelper(const std::filesystem::path& execBinary,
                          const HelperDescriptors& descriptors) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (int target = 0; target <= 2; ++target) {
        if (descriptors.stdio[target] >= 0) {
            posix_spawn_file_actions_adddup2(&actions, descriptors.stdio[target], target);
        } else {
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDWR, 0);
        }
    }
    posix_spawn_file_actions_adddup2(&actions, descriptors.request, exec_fds::kRequest);
    posix_spawn_file_actions_adddup2(&actions, descriptors.channel, exec_fds::kChannel);
    posix_spawn_file_actions_addclosefrom_np(&actions, exec_fds::kChannel + 1);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::string program = execBinary.string();
    char* argv[] = {program.data(), nullptr};
    pid_t pid = -1;
    int err = ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (err != 0) {
        return failErrno(fmt::format("start {}", program), err);
    }
    return pid;
}

// Lists the files that berth-exec's child writes to join the container's cgroup. The list
// is empty when the container has no cgroup of its own.
Result<nlohmann::json> cgroupFilesJson(const ContainerSpec& spec) {
    nlohmann::json files = nlohmann::json::array();
    if (spec.cgroupPath.empty()) {
        return files;
    }
    auto layout = detectCgroupLayout();
    if (!layout) {
        return std::unexpected(layout.error());
    }
    for (const std::filesystem::path& file : selfJoinFiles(*layout, spec.cgroupPath)) {
        files.push_back(file.string());
    }
    return files;
}

Result<std::string> requestText(const ExecRequest& request) {
    auto cgroupFiles = cgroupFilesJson(request.spec);
    if (!cgroupFiles) {
        return std::unexpected(cgroupFiles.error());
    }
    nlohmann::json json;
    json["spec"] = toJson(request.spec);
    json["initPid"] = request.container.initPid;
    json["initStartTime"] = request.container.initStartTime;
    json["privileged"] = request.privileged;
    json["cgroupFiles"] = std::move(*cgroupFiles);
    return json.dump();
}

struct StdioPipes {
    Pipe in; // empty when stdin is /dev/null
    Pipe out;
    Pipe err;
};

// Pipes for the process's stdio, unless it is detached or has a terminal (then its stdio
// is /dev/null until it opens the pty). Puts the helper's ends in descriptors.
Result<StdioPipes> makeStdioPipes(const ExecRequest& request, HelperDescriptors& descriptors) {
    StdioPipes pipes;
    if (request.detach || request.spec.process.terminal) {
        return pipes;
    }
    auto in = request.attachStdin ? makePipe() : Result<Pipe>(Pipe{});
    auto out = makePipe();
    auto err = makePipe();
    for (const Result<Pipe>* made : {&in, &out, &err}) {
        if (!*made) {
            return std::unexpected(made->error());
        }
    }
    pipes.in = std::move(*in);
    pipes.out = std::move(*out);
    pipes.err = std::move(*err);
    descriptors.stdio[0] = pipes.in.reader.get();
    descriptors.stdio[1] = pipes.out.writer.get();
    descriptors.stdio[2] = pipes.err.writer.get();
    return pipes;
}

// Writes the request and closes the pipe, which is end-of-file for the helper.
Result<void> sendRequest(UniqueFd writer, const std::string& text) {
    std::string_view rest = text;
    while (!rest.empty()) {
        ssize_t n = ::write(writer.get(), rest.data(), rest.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys("send the exec request to berth-exec");
        }
        rest.remove_prefix(size_t(n));
    }
    return {};
}

int reapHelper(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            return kExitExecFailed;
        }
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
}

// The exec'd process is the helper's only child.
pid_t findProcessPid(pid_t helperPid) {
    std::ifstream children(fmt::format("/proc/{}/task/{}/children", helperPid, helperPid));
    pid_t pid = 0;
    children >> pid;
    return pid;
}

// Reads the channel until the process has called execve (end-of-file after "ready").
std::expected<UniqueFd, ExecStartFailure> awaitExecve(int channel) {
    UniqueFd master;
    bool ready = false;
    for (;;) {
        auto message = receiveInitMessage(channel);
        if (!message) {
            return startFailure(message.error());
        }
        if (!*message) {
            if (!ready) {
                return startFailure(
                    Error{ErrorKind::System, "berth-exec exited before the process started", 0});
            }
            return master;
        }
        if (!(*message)->ready) {
            return startFailure(Error{(*message)->kind, (*message)->message, 0},
                                (*message)->exitCode);
        }
        ready = true;
        master = std::move((*message)->terminalMaster);
    }
}

} // namespace

std::expected<ExecProcess, ExecStartFailure> startExec(const ExecRequest& request,
                                                       const std::filesystem::path& execBinary) {
    auto text = requestText(request);
    if (!text) {
        return startFailure(text.error());
    }
    HelperDescriptors descriptors;
    auto stdio = makeStdioPipes(request, descriptors);
    if (!stdio) {
        return startFailure(stdio.error());
    }
    auto requestPipe = makePipe();
    if (!requestPipe) {
        return startFailure(requestPipe.error());
    }
    int channel[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) != 0) {
        return startFailure(failSys("create the exec channel").error());
    }
    UniqueFd ours(channel[0]);
    UniqueFd theirs(channel[1]);
    descriptors.request = requestPipe->reader.get();
    descriptors.channel = theirs.get();

    auto pid = spawnHelper(execBinary, descriptors);
    if (!pid) {
        return startFailure(pid.error());
    }
    ExecProcess process;
    process.helperPid = *pid;
    process.helperPidfd.reset(int(::syscall(SYS_pidfd_open, *pid, 0)));
    // Only the helper keeps its ends, so that end-of-file reaches the daemon.
    theirs.reset();
    requestPipe->reader.reset();
    stdio->in.reader.reset();
    stdio->out.writer.reset();
    stdio->err.writer.reset();

    auto sent = sendRequest(std::move(requestPipe->writer), *text);
    auto master = sent ? awaitExecve(ours.get()) : startFailure(sent.error());
    if (!master) {
        (void)reapHelper(process.helperPid);
        return std::unexpected(master.error());
    }
    process.pid = findProcessPid(process.helperPid);
    process.terminalMaster = std::move(*master);
    process.stdinWriter = std::move(stdio->in.writer);
    process.stdoutReader = std::move(stdio->out.reader);
    process.stderrReader = std::move(stdio->err.reader);
    return process;
}

Result<int> waitExec(ExecProcess& process) {
    if (process.helperPid <= 0) {
        return fail(ErrorKind::InvalidState, "the exec'd process was never started");
    }
    int code = reapHelper(process.helperPid);
    process.helperPid = -1;
    return code;
}

Result<void> resizeExecTerminal(int terminalMaster, uint16_t rows, uint16_t columns) {
    winsize size{rows, columns, 0, 0};
    if (::ioctl(terminalMaster, TIOCSWINSZ, &size) != 0) {
        return failSys("set the exec terminal size");
    }
    return {};
}

} // namespace berth::runtime

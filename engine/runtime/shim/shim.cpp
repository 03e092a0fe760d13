#include "shim/shim.h"

#include "common/fs.h"
#include "common/time.h"
#include "runtime/container_init.h"
#include "runtime/init_channel.h"
#include "runtime/json_text.h"
#include "runtime/process_identity.h"
#include "runtime/shim_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <malloc.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

constexpr size_t kReadChunk = 32 * 1024;
// A client that falls this far behind is dropped rather than stalling the container.
constexpr size_t kMaxClientBacklog = 8 * 1024 * 1024;
constexpr size_t kMaxStdinBacklog = 1024 * 1024;

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

void writeAll(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            // The report descriptor is a pipe, where send() fails with ENOTSOCK.
            n = ::write(fd, text.data(), text.size());
            if (n <= 0) {
                return;
            }
        }
        text.remove_prefix(size_t(n));
    }
}

// Writes path through a temporary file and rename, so readers see all of it or nothing.
// No fsync: after a machine crash the container is gone as well.
void replaceFile(const stdfs::path& path, std::string_view content) {
    stdfs::path temporary = path;
    temporary += ".tmp";
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) {
        return;
    }
    writeAll(fd.get(), content);
    fd.reset();
    ::rename(temporary.c_str(), path.c_str());
}

} // namespace

Shim::Shim(stdfs::path bundleDir, UniqueFd report)
    : bundleDir_(std::move(bundleDir))
    , report_(std::move(report)) {}

int Shim::run() {
    if (auto loaded = loadSpec(); !loaded) {
        return failCreation(loaded.error(), 128);
    }
    const std::pair<Result<void> (Shim::*)(), const char*> steps[] = {
        {&Shim::openLog, "open log"},
        {&Shim::createCgroup, "create cgroup"},
        {&Shim::createStdio, "create stdio"},
        {&Shim::cloneInit, "create container init"},
        {&Shim::awaitReady, ""},
        {&Shim::listenControl, "listen on control socket"},
        {&Shim::writeShimState, "write shim state"},
    };
    for (const auto& [step, name] : steps) {
        if (auto done = (this->*step)(); !done) {
            if (initReaped_) {
                return failCreation(done.error(), exitCode_);
            }
            return failCreation(*name ? done.error().context(name) : done.error(), 128);
        }
    }
    reportCreated();
    serve();
    finish();
    return 0;
}

Result<void> Shim::loadSpec() {
    auto text = fs::readFile(bundleDir_ / bundle::kSpec);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto json = nlohmann::json::parse(*text, nullptr, false);
    auto spec = containerSpecFromJson(json);
    if (!spec) {
        return std::unexpected(spec.error());
    }
    spec_ = std::move(*spec);
    terminal_ = spec_->process.terminal;
    openStdin_ = spec_->process.openStdin;
    stdinOnce_ = spec_->process.stdinOnce;
    return {};
}

Result<void> Shim::openLog() {
    if (spec_->logPath.empty()) {
        return {};
    }
    (void)fs::makeDirectories(spec_->logPath.parent_path(), 0700);
    UniqueFd file(::open(spec_->logPath.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640));
    if (!file) {
        return failSys(fmt::format("open {}", spec_->logPath.string()));
    }
    log_ = JsonLogWriter(std::move(file));
    return {};
}

Result<void> Shim::createCgroup() {
    if (spec_->cgroupPath.empty()) {
        return {};
    }
    auto layout = detectCgroupLayout();
    if (!layout) {
        return std::unexpected(layout.error());
    }
    cgroupLayout_ = std::move(*layout);
    auto cgroup =
        Cgroup::create(cgroupLayout_, spec_->cgroupPath, spec_->resources, spec_->privileged);
    if (!cgroup) {
        return std::unexpected(cgroup.error());
    }
    cgroup_ = std::move(*cgroup);
    return {};
}

Result<void> Shim::createStdio() {
    if (terminal_) {
        return {}; // init opens the pty in its own devpts and sends the master back
    }
    if (openStdin_) {
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

Result<void> Shim::cloneInit() {
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
    context.spec = &*spec_;
    context.rootfsDir = rootfs;
    context.cgroupDirectories = cgroup_.directories();
    context.cgroupV2 = cgroup_.version() == CgroupVersion::V2;
    context.syncSocket = initEnd.get();
    context.stdinFd = childStdin_.get();
    context.stdoutFd = childStdout_.get();
    context.stderrFd = childStderr_.get();

    int pidfd = -1;
    CloneArgs args{};
    args.flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_PIDFD;
    if (spec_->network != NetworkMode::Host) {
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
    childStdin_.reset();
    childStdout_.reset();
    childStderr_.reset();

    if (auto added = cgroup_.addProcess(initPid_); !added) {
        ::syscall(SYS_pidfd_send_signal, initPidfd_.get(), SIGKILL, nullptr, 0);
        reapInit();
        return added;
    }
    return {};
}

Result<void> Shim::awaitReady() {
    auto message = receiveInitMessage(syncSocket_.get());
    if (message && *message && (*message)->ready) {
        terminalMaster_ = std::move((*message)->terminalMaster);
        if (terminal_ && !terminalMaster_) {
            return fail(ErrorKind::System, "container init sent no pty");
        }
        if (terminalMaster_) {
            setNonBlocking(terminalMaster_.get());
            if (openStdin_) {
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

Result<void> Shim::listenControl() {
    stdfs::path path = bundleDir_ / bundle::kSocket;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof address.sun_path) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("socket path {} is longer than {} bytes", path.string(),
                                sizeof address.sun_path - 1));
    }
    std::strcpy(address.sun_path, path.c_str());
    ::unlink(path.c_str());
    listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listener_) {
        return failSys("socket");
    }
    if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_.get(), 16) != 0) {
        return failSys(fmt::format("listen on {}", path.string()));
    }
    ::chmod(path.c_str(), 0600);
    return {};
}

Result<void> Shim::writeShimState() {
    std::string state = fmt::format(
        "{{\"shimPid\":{},\"initPid\":{},\"shimStartTime\":{},\"initStartTime\":{}}}\n", ::getpid(),
        initPid_, processStartTime(::getpid()).value_or(0), processStartTime(initPid_).value_or(0));
    replaceFile(bundleDir_ / bundle::kShimState, state);
    return {};
}

void Shim::reportCreated() {
    writeAll(report_.get(), "ok\n");
    report_.reset();
    // The spec and the parser's memory are no longer needed; give the pages back so that
    // an idle shim stays small.
    spec_.reset();
    ::malloc_trim(0);
}

int Shim::failCreation(const Error& error, int exitCode) {
    if (!initReaped_ && initPid_ > 0) {
        ::syscall(SYS_pidfd_send_signal, initPidfd_.get(), SIGKILL, nullptr, 0);
        reapInit();
    }
    (void)cgroup_.remove();
    ::unlink((bundleDir_ / bundle::kSocket).c_str());
    writeExitFile(exitCode, false, error.message);
    std::string message = error.message;
    std::ranges::replace(message, '\n', ' ');
    writeAll(report_.get(), fmt::format("error {} {}\n", int(error.kind), message));
    return 1;
}

void Shim::writeExitFile(int exitCode, bool oomKilled, const std::string& error) {
    std::string content = fmt::format("{{\"exitCode\":{},\"oomKilled\":{},\"finishedAt\":{},"
                                      "\"error\":",
                                      exitCode, oomKilled, nowNanoseconds());
    appendJsonString(content, error);
    content += "}\n";
    replaceFile(bundleDir_ / bundle::kExit, content);
}

void Shim::reapInit() {
    int status = 0;
    pid_t reaped;
    while ((reaped = ::waitpid(initPid_, &status, 0)) < 0 && errno == EINTR) {
    }
    if (reaped != initPid_) {
        return;
    }
    initReaped_ = true;
    exitCode_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    initPidfd_.reset();
}

bool Shim::finished() const {
    return initReaped_ && !stdoutReader_ && !stderrReader_ && !terminalMaster_;
}

void Shim::serve() {
    std::vector<pollfd> fds;
    std::vector<int> clientIndex;
    while (!finished()) {
        fds.clear();
        clientIndex.clear();
        auto add = [&](const UniqueFd& fd, short events) {
            fds.push_back(pollfd{fd.get(), events, 0});
        };
        bool stdinFull = stdinPending_.size() >= kMaxStdinBacklog;
        add(listener_, POLLIN);
        add(initPidfd_, POLLIN);
        add(stdoutReader_, POLLIN);
        add(stderrReader_, POLLIN);
        add(terminalMaster_, POLLIN);
        add(stdinWriter_, stdinPending_.empty() ? 0 : POLLOUT);
        for (size_t i = 0; i < clients_.size(); ++i) {
            const Connection& client = clients_[i];
            short events = client.output.empty() ? 0 : POLLOUT;
            if (!client.inputClosed && !(client.attached && stdinFull)) {
                events |= POLLIN;
            }
            add(client.fd, events);
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        const size_t firstClient = 6;
        if (fds[1].revents != 0) {
            reapInit();
        }
        if (fds[2].revents != 0) {
            readOutput(stdoutReader_, OutputStream::Stdout);
        }
        if (fds[3].revents != 0) {
            readOutput(stderrReader_, OutputStream::Stderr);
        }
        if (fds[4].revents != 0) {
            readOutput(terminalMaster_, OutputStream::Stdout);
        }
        if (fds[5].revents != 0) {
            writeStdin();
        }
        for (size_t i = 0; i < clients_.size() && firstClient + i < fds.size(); ++i) {
            short revents = fds[firstClient + i].revents;
            if (revents & POLLOUT) {
                flushClient(clients_[i]);
            }
            if (revents & (POLLIN | POLLHUP | POLLERR)) {
                readClient(clients_[i]);
            }
        }
        std::erase_if(clients_, [](const Connection& client) { return !client.fd; });
        if (fds[0].revents & POLLIN) {
            acceptClient();
        }
    }
}

void Shim::acceptClient() {
    for (;;) {
        int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0) {
            return;
        }
        Connection client;
        client.fd.reset(fd);
        clients_.push_back(std::move(client));
    }
}

void Shim::readClient(Connection& client) {
    char buffer[kReadChunk];
    ssize_t n = ::recv(client.fd.get(), buffer, sizeof buffer, 0);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            client.fd.reset();
        }
        return;
    }
    if (n == 0) {
        client.inputClosed = true;
        if (client.stdinOnceOwner && stdinOnce_) {
            stdinCloseRequested_ = true;
            writeStdin();
        }
        if (!client.attached) {
            client.fd.reset();
        }
        return;
    }
    if (client.attached) {
        if (client.wantStdin && stdinWriter_) {
            stdinPending_.append(buffer, size_t(n));
            writeStdin();
        }
        return;
    }
    client.input.append(buffer, size_t(n));
    size_t newline = client.input.find('\n');
    if (newline == std::string::npos) {
        if (client.input.size() > 4096) {
            client.fd.reset();
        }
        return;
    }
    std::string line = client.input.substr(0, newline);
    std::string rest = client.input.substr(newline + 1);
    client.input.clear();
    handleCommand(client, line);
    if (client.attached && client.wantStdin && stdinWriter_ && !rest.empty()) {
        stdinPending_ += rest;
        writeStdin();
    }
}

void Shim::handleCommand(Connection& client, const std::string& line) {
    if (line == "start") {
        handleStart(client);
        return;
    }
    unsigned rows = 0;
    unsigned columns = 0;
    if (std::sscanf(line.c_str(), "resize %u %u", &rows, &columns) == 2) {
        winsize size{uint16_t(rows), uint16_t(columns), 0, 0};
        if (!terminalMaster_ || ::ioctl(terminalMaster_.get(), TIOCSWINSZ, &size) != 0) {
            queue(client, "error the container has no terminal\n", 36);
        } else {
            queue(client, "ok\n", 3);
        }
        client.inputClosed = true;
        return;
    }
    int in = 0;
    int out = 0;
    int err = 0;
    if (std::sscanf(line.c_str(), "attach %d %d %d", &in, &out, &err) == 3) {
        client.attached = true;
        client.wantStdin = in != 0 && openStdin_;
        client.wantStdout = out != 0;
        client.wantStderr = err != 0;
        if (client.wantStdin && !stdinOnceTaken_) {
            stdinOnceTaken_ = true;
            client.stdinOnceOwner = true;
        }
        queue(client, "ok\n", 3);
        return;
    }
    std::string reply = fmt::format("error unknown command \"{}\"\n", line);
    queue(client, reply.data(), reply.size());
    client.inputClosed = true;
}

void Shim::handleStart(Connection& client) {
    client.inputClosed = true;
    if (started_ || initReaped_) {
        const char reply[] = "error the container was already started\n";
        queue(client, reply, sizeof reply - 1);
        return;
    }
    started_ = true;
    std::string reply = "ok\n";
    if (auto sent = sendStart(syncSocket_.get()); !sent) {
        reply = fmt::format("error {}\n", sent.error().message);
    } else if (auto message = receiveInitMessage(syncSocket_.get()); !message) {
        reply = fmt::format("error {}\n", message.error().message);
    } else if (*message) {
        // init reports a failure between "start" and execve; it exits with that code.
        startError_ = (*message)->message;
        reply = fmt::format("error {}\n", startError_);
    }
    syncSocket_.reset();
    queue(client, reply.data(), reply.size());
}

void Shim::readOutput(UniqueFd& fd, OutputStream stream) {
    char buffer[kReadChunk];
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n <= 0) {
        // EIO on a pty master means every process holding the terminal has exited.
        log_.flush(stream);
        fd.reset();
        if (&fd == &terminalMaster_) {
            stdinWriter_.reset();
        }
        return;
    }
    log_.append(stream, std::string_view(buffer, size_t(n)));
    sendToClients(stream, buffer, size_t(n));
}

void Shim::sendToClients(OutputStream stream, const char* data, size_t size) {
    unsigned char header[8] = {static_cast<unsigned char>(stream),
                               0,
                               0,
                               0,
                               static_cast<unsigned char>(size >> 24),
                               static_cast<unsigned char>(size >> 16),
                               static_cast<unsigned char>(size >> 8),
                               static_cast<unsigned char>(size)};
    for (Connection& client : clients_) {
        bool wanted = stream == OutputStream::Stdout ? client.wantStdout : client.wantStderr;
        if (!client.attached || !wanted || !client.fd) {
            continue;
        }
        if (!terminal_) {
            queue(client, reinterpret_cast<const char*>(header), sizeof header);
        }
        queue(client, data, size);
    }
}

void Shim::queue(Connection& client, const char* data, size_t size) {
    client.output.append(data, size);
    flushClient(client);
}

void Shim::flushClient(Connection& client) {
    while (!client.output.empty() && client.fd) {
        ssize_t n = ::send(client.fd.get(), client.output.data(), client.output.size(),
                           MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                break;
            }
            client.fd.reset();
            return;
        }
        client.output.erase(0, size_t(n));
    }
    if (client.output.size() > kMaxClientBacklog) {
        client.fd.reset();
        return;
    }
    // A finished command connection closes once its reply is out.
    if (client.output.empty() && client.inputClosed && !client.attached) {
        client.fd.reset();
    }
}

void Shim::writeStdin() {
    while (!stdinPending_.empty() && stdinWriter_) {
        ssize_t n = ::write(stdinWriter_.get(), stdinPending_.data(), stdinPending_.size());
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                return;
            }
            stdinPending_.clear();
            stdinWriter_.reset();
            return;
        }
        stdinPending_.erase(0, size_t(n));
    }
    if (stdinCloseRequested_ && stdinPending_.empty() && stdinWriter_) {
        if (terminal_) {
            // Closing the master would hang up the terminal; end-of-file on a pty is ^D.
            (void)::write(stdinWriter_.get(), "\x04", 1);
        }
        stdinWriter_.reset();
    }
}

void Shim::finish() {
    bool oomKilled = cgroup_.oomKilled();
    (void)cgroup_.remove();
    ::unlink((bundleDir_ / bundle::kSocket).c_str());
    writeExitFile(exitCode_, oomKilled, startError_);
    // Give attached clients their last bytes, bounded so that a stuck client cannot keep
    // the shim alive.
    for (Connection& client : clients_) {
        if (!client.fd || client.output.empty()) {
            continue;
        }
        timeval timeout{1, 0};
        ::setsockopt(client.fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        ::fcntl(client.fd.get(), F_SETFL, ::fcntl(client.fd.get(), F_GETFL) & ~O_NONBLOCK);
        writeAll(client.fd.get(), client.output);
    }
    clients_.clear();
}

} // namespace berth::runtime

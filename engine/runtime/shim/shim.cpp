#include "shim/shim.h"

#include "common/error.h"
#include "runtime/init_channel.h"
#include "runtime/json_text.h"
#include "runtime/process_identity.h"
#include "runtime/shim_files.h"
#include "shim/memory.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace berth::runtime {

namespace {

// A client that falls this far behind is dropped rather than stalling the container.
constexpr size_t kMaxClientBacklog = 8 * 1024 * 1024;
constexpr size_t kMaxStdinBacklog = 1024 * 1024;

void writeAll(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return;
        }
        text.remove_prefix(size_t(n));
    }
}

// Writes path through a temporary file and rename, so readers see all of it or nothing.
// No fsync: after a machine crash the container is gone as well.
void replaceFile(const std::string& path, std::string_view content) {
    std::string temporary = path + ".tmp";
    UniqueFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd) {
        return;
    }
    writeAll(fd.get(), content);
    fd.reset();
    ::rename(temporary.c_str(), path.c_str());
}

std::string readSmallFile(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    char buffer[4096];
    ssize_t n = fd ? ::read(fd.get(), buffer, sizeof buffer) : -1;
    return n > 0 ? std::string(buffer, size_t(n)) : std::string();
}

int64_t nowNanoseconds() {
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

} // namespace

Shim::Shim(std::string bundleDir, UniqueFd report)
    : bundleDir_(std::move(bundleDir))
    , report_(std::move(report))
    , readBuffer_(new char[kReadChunk]) {}

void Shim::adopt(const BerthShimSetup& setup) {
    terminal_ = setup.terminal != 0;
    openStdin_ = setup.openStdin != 0;
    stdinOnce_ = setup.stdinOnce != 0;
    cgroupV2_ = setup.cgroupV2 != 0;
    for (int i = 0; i < setup.cgroupCount; ++i) {
        cgroupDirectories_.emplace_back(setup.cgroupDirectories[i]);
    }
    initPid_ = setup.initPid;
    initPidfd_.reset(setup.initPidfd);
    syncSocket_.reset(setup.syncSocket);
    stdinWriter_.reset(setup.stdinWriter);
    stdoutReader_.reset(setup.stdoutReader);
    stderrReader_.reset(setup.stderrReader);
    terminalMaster_.reset(setup.terminalMaster);
    log_ = JsonLogWriter(UniqueFd(setup.logFile),
                         LogRotation{setup.logPath, setup.logMaxSize, setup.logMaxFiles});
    mountNamespace_.reset(setup.mountNamespace);
}

int Shim::run() {
    std::string error;
    if (!listenControl(error)) {
        ::syscall(SYS_pidfd_send_signal, initPidfd_.get(), SIGKILL, nullptr, 0);
        reapInit();
        removeCgroup();
        return failCreation(int(ErrorKind::System), 128, error);
    }
    writeShimState();
    reportCreated();
    serve();
    finish();
    return 0;
}

bool Shim::listenControl(std::string& error) {
    std::string path = bundleDir_ + "/" + bundle::kSocket;
    // A socket address has room for at most 107 bytes. A longer bundle path is reached through
    // the bundle directory's descriptor, as the client does.
    UniqueFd directory;
    std::string bindPath = path;
    if (path.size() >= sizeof(sockaddr_un::sun_path)) {
        directory.reset(::open(bundleDir_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        bindPath = "/proc/self/fd/" + std::to_string(directory.get()) + "/" + bundle::kSocket;
    }
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, bindPath.c_str());
    ::unlink(path.c_str());
    listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listener_ ||
        ::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_.get(), 16) != 0) {
        error = "listen on " + path + ": " + std::strerror(errno);
        return false;
    }
    ::chmod(path.c_str(), 0600);
    return true;
}

void Shim::writeShimState() {
    char state[256];
    std::snprintf(state, sizeof state,
                  "{\"shimPid\":%d,\"initPid\":%d,\"shimStartTime\":%llu,"
                  "\"initStartTime\":%llu}\n",
                  int(::getpid()), int(initPid_),
                  static_cast<unsigned long long>(processStartTime(::getpid()).value_or(0)),
                  static_cast<unsigned long long>(processStartTime(initPid_).value_or(0)));
    replaceFile(bundleDir_ + "/" + bundle::kShimState, state);
}

void Shim::reportCreated() {
    writeAll(report_.get(), "ok\n");
    report_.reset();
    releaseSetupMemory();
}

int Shim::failCreation(int errorKind, int exitCode, const std::string& message) {
    ::unlink((bundleDir_ + "/" + bundle::kSocket).c_str());
    writeExitFile(exitCode, false, message);
    std::string line = message;
    for (char& c : line) {
        c = c == '\n' ? ' ' : c;
    }
    writeAll(report_.get(), "error " + std::to_string(errorKind) + " " + line + "\n");
    // The kernel closes the report pipe once the process is gone, so the reader's
    // end-of-file means the shim has exited. Closing it here would come before that.
    (void)report_.release();
    return 1;
}

void Shim::writeExitFile(int exitCode, bool oomKilled, const std::string& error) {
    std::string content = "{\"exitCode\":" + std::to_string(exitCode) +
                          ",\"oomKilled\":" + (oomKilled ? "true" : "false") +
                          ",\"finishedAt\":" + std::to_string(nowNanoseconds()) + ",\"error\":";
    appendJsonString(content, error);
    content += "}\n";
    replaceFile(bundleDir_ + "/" + bundle::kExit, content);
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

bool Shim::oomKilled() const {
    for (const std::string& directory : cgroupDirectories_) {
        std::string content =
            readSmallFile(directory + (cgroupV2_ ? "/memory.events" : "/memory.oom_control"));
        size_t at = content.find("oom_kill ");
        if (at != std::string::npos && std::atoll(content.c_str() + at + 9) > 0) {
            return true;
        }
    }
    return false;
}

// rmdir fails with EBUSY while the kernel still counts a task whose exit has not finished.
// That lasts microseconds, so the removal is retried for up to 100 ms.
void Shim::removeCgroup() {
    for (const std::string& directory : cgroupDirectories_) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            if (::rmdir(directory.c_str()) == 0 || errno != EBUSY) {
                break;
            }
            timespec pause{0, 500'000};
            ::nanosleep(&pause, nullptr);
        }
    }
    cgroupDirectories_.clear();
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
        if (fds[5].revents & (POLLERR | POLLHUP)) {
            // The container closed its stdin; poll would report that again and again.
            stdinWriter_.reset();
            stdinPending_.clear();
        } else if (fds[5].revents != 0) {
            writeStdin();
        }
        for (size_t i = 0; i < clients_.size() && firstClient + i < fds.size(); ++i) {
            Connection& client = clients_[i];
            short revents = fds[firstClient + i].revents;
            if (revents & POLLOUT) {
                flushClient(client);
            }
            if (revents & POLLIN) {
                readClient(client);
            }
            if (revents & (POLLHUP | POLLERR)) {
                // The client is gone both ways: take what it sent, then drop it.
                for (int chunk = 0; chunk < 64 && client.fd && !client.inputClosed; ++chunk) {
                    readClient(client);
                }
                client.fd.reset();
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
    char* buffer = readBuffer_.get();
    ssize_t n = ::recv(client.fd.get(), buffer, kReadChunk, 0);
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
        handleResize(client, rows, columns);
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
        queue(client, "ok\n");
        return;
    }
    queue(client, "error unknown command \"" + line + "\"\n");
    client.inputClosed = true;
}

void Shim::handleResize(Connection& client, unsigned rows, unsigned columns) {
    client.inputClosed = true;
    winsize size{uint16_t(rows), uint16_t(columns), 0, 0};
    if (!terminalMaster_) {
        queue(client, "error the container has no terminal\n");
    } else if (::ioctl(terminalMaster_.get(), TIOCSWINSZ, &size) != 0) {
        queue(client, std::string("error set terminal size: ") + std::strerror(errno) + "\n");
    } else {
        queue(client, "ok\n");
    }
}

void Shim::handleStart(Connection& client) {
    client.inputClosed = true;
    if (started_ || initReaped_) {
        queue(client, "error the container was already started\n");
        return;
    }
    started_ = true;
    std::string reply = "ok\n";
    if (auto sent = sendStart(syncSocket_.get()); !sent) {
        reply = "error " + sent.error().message + "\n";
    } else if (auto message = receiveInitMessage(syncSocket_.get()); !message) {
        reply = "error " + message.error().message + "\n";
    } else if (*message) {
        // init reports a failure between "start" and execve; it exits with that code.
        startError_ = (*message)->message;
        reply = "error " + startError_ + "\n";
    }
    syncSocket_.reset();
    queue(client, reply);
}

void Shim::readOutput(UniqueFd& fd, OutputStream stream) {
    char* buffer = readBuffer_.get();
    ssize_t n = ::read(fd.get(), buffer, kReadChunk);
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
            queue(client, std::string_view(reinterpret_cast<const char*>(header), sizeof header));
        }
        queue(client, std::string_view(data, size));
    }
}

void Shim::queue(Connection& client, std::string_view data) {
    client.output.append(data);
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
    bool killedByOom = oomKilled();
    removeCgroup();
    ::unlink((bundleDir_ + "/" + bundle::kSocket).c_str());
    writeExitFile(exitCode_, killedByOom, startError_);
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
    releaseMountNamespace();
}

// Unmounting the container's tree waits for an RCU grace period, several milliseconds on a
// busy machine. The process that drops the last reference to the mount namespace waits
// for it: init on its exit, unless the shim keeps a reference. The shim hands its reference to a
// child that drops it only after the shim has exited, so that waiters see the exit at once. Until
// the mounts are gone the child keeps an exclusive flock on the bundle's rootfs directory, which
// createContainer() and cleanup() wait for before they reuse the upper directory.
void Shim::releaseMountNamespace() {
    if (!mountNamespace_) {
        return;
    }
    UniqueFd teardownLock(
        ::open((bundleDir_ + "/" + bundle::kRootfs).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    int shimExited[2];
    if (!teardownLock || ::flock(teardownLock.get(), LOCK_EX) != 0 ||
        ::pipe2(shimExited, O_CLOEXEC) != 0) {
        mountNamespace_.reset(); // tear down here, before the exit is visible
        return;
    }
    pid_t child = ::fork();
    if (child == 0) {
        ::close(shimExited[1]);
        char byte;
        while (::read(shimExited[0], &byte, 1) < 0 && errno == EINTR) {
        }
        mountNamespace_.reset(); // returns once the mounts are gone
        ::_exit(0);              // releases the lock
    }
    ::close(shimExited[0]);
    if (child < 0) {
        mountNamespace_.reset();
    }
    // The pipe's write end, the lock and the namespace stay open until the shim exits.
    (void)teardownLock.release();
}

} // namespace berth::runtime

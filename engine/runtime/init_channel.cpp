#include "runtime/init_channel.h"

// No fmt here: berth-shim links this file and stays free of it to stay small.

#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace berth::runtime {

namespace {

constexpr std::string_view kReady = "ready";
constexpr std::string_view kStart = "start";
constexpr size_t kMaxMessage = 4096;

Result<void> sendWithFd(int socket, std::string_view payload, int fd) {
    iovec data{const_cast<char*>(payload.data()), payload.size()};
    msghdr header{};
    header.msg_iov = &data;
    header.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (fd >= 0) {
        header.msg_control = control;
        header.msg_controllen = sizeof control;
        cmsghdr* message = CMSG_FIRSTHDR(&header);
        message->cmsg_level = SOL_SOCKET;
        message->cmsg_type = SCM_RIGHTS;
        message->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(message), &fd, sizeof(int));
    }
    while (::sendmsg(socket, &header, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR) {
            return std::unexpected(
                Error{ErrorKind::System,
                      std::string("send to the container's init: ") + std::strerror(errno), errno});
        }
    }
    return {};
}

} // namespace

Result<void> sendReady(int socket, int terminalMaster) {
    return sendWithFd(socket, kReady, terminalMaster);
}

Result<void> sendFailure(int socket, int exitCode, ErrorKind kind, std::string_view message) {
    std::string payload = "error " + std::to_string(exitCode) + " " + std::to_string(int(kind)) +
                          " " + std::string(message.substr(0, kMaxMessage - 32));
    return sendWithFd(socket, payload, -1);
}

Result<void> sendStart(int socket) {
    return sendWithFd(socket, kStart, -1);
}

Result<std::optional<InitMessage>> receiveInitMessage(int socket) {
    char buffer[kMaxMessage];
    iovec data{buffer, sizeof buffer};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr header{};
    header.msg_iov = &data;
    header.msg_iovlen = 1;
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    ssize_t length;
    while ((length = ::recvmsg(socket, &header, MSG_CMSG_CLOEXEC)) < 0) {
        if (errno != EINTR) {
            return std::unexpected(Error{
                ErrorKind::System,
                std::string("receive from the container's init: ") + std::strerror(errno), errno});
        }
    }
    if (length == 0) {
        return std::nullopt;
    }
    InitMessage message;
    for (cmsghdr* c = CMSG_FIRSTHDR(&header); c != nullptr; c = CMSG_NXTHDR(&header, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
            message.terminalMaster.reset(fd);
        }
    }
    std::string_view text(buffer, size_t(length));
    if (text == kReady) {
        message.ready = true;
        return message;
    }
    if (text.starts_with("error ")) {
        // "error CODE KIND MESSAGE"
        std::string rest(text.substr(6));
        char* end = nullptr;
        message.exitCode = int(std::strtol(rest.c_str(), &end, 10));
        message.kind = ErrorKind(std::strtol(end, &end, 10));
        message.message = *end == ' ' ? std::string(end + 1) : std::string();
        return message;
    }
    return std::unexpected(
        Error{ErrorKind::System,
              "unexpected message from the container's init: \"" + std::string(text) + "\"", 0});
}

bool waitForStart(int socket) {
    char buffer[16];
    for (;;) {
        ssize_t length = ::recv(socket, buffer, sizeof buffer, 0);
        if (length < 0 && errno == EINTR) {
            continue;
        }
        return length == ssize_t(kStart.size()) &&
               std::string_view(buffer, size_t(length)) == kStart;
    }
}

} // namespace berth::runtime

#include "api/stream_io.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace berth::api {

std::string encodeFrame(StreamKind stream, std::string_view data) {
    std::string frame(8, '\0');
    frame[0] = char(stream);
    uint32_t size = uint32_t(data.size());
    frame[4] = char((size >> 24) & 0xff);
    frame[5] = char((size >> 16) & 0xff);
    frame[6] = char((size >> 8) & 0xff);
    frame[7] = char(size & 0xff);
    frame.append(data);
    return frame;
}

Result<std::string> parseDetachKeys(std::string_view text) {
    if (text.empty()) {
        return std::string("\x10\x11");
    }
    std::string keys;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view key = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        if (key.size() == 1) {
            keys.push_back(key[0]);
        } else if (key.starts_with("ctrl-") && key.size() == 6) {
            char c = key[5];
            if (c >= 'a' && c <= 'z') {
                keys.push_back(char(c - 'a' + 1));
            } else if (c == '@') {
                keys.push_back('\0');
            } else if (c >= '[' && c <= '_') {
                keys.push_back(char(c - '[' + 27));
            } else {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid detach keys ({}) provided", text));
            }
        } else {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid detach keys ({}) provided", text));
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return keys;
}

bool writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK) {
            n = ::write(fd, data.data(), data.size());
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                pollfd descriptor{fd, POLLOUT, 0};
                ::poll(&descriptor, 1, 1000);
                continue;
            }
            return false;
        }
        data.remove_prefix(size_t(n));
    }
    return true;
}

ProxyEnd proxyAttach(HijackedConnection& client, UniqueFd& container, const ProxyOptions& options) {
    DetachMatcher matcher(options.forwardStdin ? options.detachKeys : std::string());
    bool clientReading = true;
    if (!client.pending.empty() && options.forwardStdin) {
        std::string forward;
        if (matcher.feed(client.pending, forward)) {
            return ProxyEnd::Detached;
        }
        (void)writeAll(container.get(), forward);
    }
    char buffer[32768];
    for (;;) {
        pollfd descriptors[2] = {
            {container.get(), POLLIN, 0},
            {client.socket.get(), short(clientReading ? POLLIN | POLLRDHUP : 0), 0},
        };
        if (::poll(descriptors, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return ProxyEnd::ClientClosed;
        }
        if (descriptors[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = ::read(container.get(), buffer, sizeof buffer);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (n <= 0) {
                ::shutdown(client.socket.get(), SHUT_WR);
                return ProxyEnd::ContainerOutputEnded;
            }
            if (!writeAll(client.socket.get(), std::string_view(buffer, size_t(n)))) {
                return ProxyEnd::ClientClosed;
            }
        }
        short clientEvents = descriptors[1].revents;
        if (clientEvents & (POLLHUP | POLLERR)) {
            return ProxyEnd::ClientClosed;
        }
        if (clientReading && (clientEvents & (POLLIN | POLLRDHUP))) {
            ssize_t n = ::read(client.socket.get(), buffer, sizeof buffer);
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
                continue;
            }
            if (n <= 0) {
                // The client closed its write side: end the container's stdin.
                clientReading = false;
                if (options.forwardStdin) {
                    ::shutdown(container.get(), SHUT_WR);
                }
                continue;
            }
            if (!options.forwardStdin) {
                continue;
            }
            std::string forward;
            bool detached = matcher.feed(std::string_view(buffer, size_t(n)), forward);
            if (!forward.empty()) {
                (void)writeAll(container.get(), forward);
            }
            if (detached) {
                return ProxyEnd::Detached;
            }
        }
    }
}

} // namespace berth::api

#pragma once

// A scripted HTTP server on a unix socket (or loopback TCP) for the client tests. Each
// connection is read as one request and answered by the test's handler with raw bytes,
// written piece by piece, so tests control framing, chunking and timing exactly.

#include "common/unique_fd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::test {

struct FakeRequest {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

struct FakeResponse {
    std::vector<std::string> pieces; // written in order, with `pause` between them
    std::chrono::milliseconds pause{0};
    bool holdOpen = false; // keep the connection open until the server stops

    static FakeResponse json(int status, const std::string& body,
                             const std::string& extraHeaders = {}) {
        return raw(status, "application/json", body, extraHeaders);
    }

    static FakeResponse raw(int status, const std::string& contentType, const std::string& body,
                            const std::string& extraHeaders = {}) {
        FakeResponse response;
        response.pieces.push_back("HTTP/1.1 " + std::to_string(status) +
                                  " X\r\nContent-Type: " + contentType +
                                  "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
                                  extraHeaders + "\r\n" + body);
        return response;
    }

    // A chunked 200 response whose chunks are the given pieces.
    static FakeResponse chunked(const std::string& contentType,
                                const std::vector<std::string>& chunks, bool holdOpen = false) {
        FakeResponse response;
        response.pieces.push_back("HTTP/1.1 200 OK\r\nContent-Type: " + contentType +
                                  "\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (const std::string& chunk : chunks) {
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
            response.pieces.push_back(size + chunk + "\r\n");
        }
        if (!holdOpen) {
            response.pieces.push_back("0\r\n\r\n");
        }
        response.holdOpen = holdOpen;
        return response;
    }
};

class FakeEngineServer final {
public:
    using Handler = std::function<FakeResponse(const FakeRequest&)>;

    // Listens on `socketPath`, or on 127.0.0.1 with a free port when it is empty.
    FakeEngineServer(const std::string& socketPath, Handler handler)
        : handler_(std::move(handler)) {
        if (socketPath.empty()) {
            listenTcp();
        } else {
            listenUnix(socketPath);
        }
        if (::pipe2(stopPipe_, O_CLOEXEC) == 0) {
            acceptThread_ = std::thread([this] { acceptLoop(); });
        }
    }

    ~FakeEngineServer() {
        stopping_ = true;
        [[maybe_unused]] const ssize_t n = ::write(stopPipe_[1], "x", 1);
        if (acceptThread_.joinable()) {
            acceptThread_.join();
        }
        for (std::thread& thread : connectionThreads_) {
            thread.join();
        }
        ::close(stopPipe_[0]);
        ::close(stopPipe_[1]);
    }

    [[nodiscard]] bool listening() const { return listener_.valid(); }
    [[nodiscard]] uint16_t port() const { return port_; }

    [[nodiscard]] std::vector<FakeRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    void listenUnix(const std::string& path) {
        listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
            ::listen(listener_.get(), 16) < 0) {
            listener_.reset();
        }
    }

    void listenTcp() {
        listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) < 0 ||
            ::listen(listener_.get(), 16) < 0 ||
            ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&address), &length) < 0) {
            listener_.reset();
            return;
        }
        port_ = ntohs(address.sin_port);
    }

    void acceptLoop() {
        while (!stopping_) {
            pollfd fds[2] = {{listener_.get(), POLLIN, 0}, {stopPipe_[0], POLLIN, 0}};
            if (::poll(fds, 2, -1) <= 0 || (fds[1].revents & POLLIN)) {
                continue;
            }
            const int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                connectionThreads_.emplace_back([this, fd] { serve(UniqueFd(fd)); });
            }
        }
    }

    // Reads one request: the header up to the blank line, then Content-Length bytes.
    bool readRequest(int fd, FakeRequest& request) {
        std::string data;
        char buffer[65536];
        size_t headerEnd;
        while ((headerEnd = data.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                return false;
            }
            data.append(buffer, static_cast<size_t>(n));
        }
        const std::string header = data.substr(0, headerEnd);
        size_t lineEnd = header.find("\r\n");
        const std::string requestLine = header.substr(0, lineEnd);
        const size_t space1 = requestLine.find(' ');
        const size_t space2 = requestLine.find(' ', space1 + 1);
        request.method = requestLine.substr(0, space1);
        request.target = requestLine.substr(space1 + 1, space2 - space1 - 1);
        while (lineEnd != std::string::npos && lineEnd < header.size()) {
            const size_t next = header.find("\r\n", lineEnd + 2);
            const std::string line = header.substr(lineEnd + 2, next - lineEnd - 2);
            const size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                for (char& c : name) {
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                }
                request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
            }
            lineEnd = next;
        }
        request.body = data.substr(headerEnd + 4);
        const auto length = request.headers.find("content-length");
        const size_t expected = length == request.headers.end() ? 0 : std::stoul(length->second);
        while (request.body.size() < expected) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                return false;
            }
            request.body.append(buffer, static_cast<size_t>(n));
        }
        return true;
    }

    void serve(UniqueFd fd) {
        FakeRequest request;
        if (!readRequest(fd.get(), request)) {
            return;
        }
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        const FakeResponse response = handler_(request);
        for (size_t i = 0; i < response.pieces.size() && !stopping_; ++i) {
            if (i > 0 && response.pause.count() > 0) {
                std::this_thread::sleep_for(response.pause);
            }
            const std::string& piece = response.pieces[i];
            if (::send(fd.get(), piece.data(), piece.size(), MSG_NOSIGNAL) < 0) {
                return;
            }
        }
        if (response.holdOpen) {
            pollfd stop{stopPipe_[0], POLLIN, 0};
            ::poll(&stop, 1, -1);
        }
    }

    Handler handler_;
    UniqueFd listener_;
    uint16_t port_ = 0;
    int stopPipe_[2] = {-1, -1};
    std::atomic<bool> stopping_{false};
    std::thread acceptThread_;
    std::vector<std::thread> connectionThreads_;
    mutable std::mutex mutex_;
    std::vector<FakeRequest> requests_;
};

} // namespace berth::test

#include "client/http_transport.h"

// Boost 1.74's Asio uses std::exchange without including <utility>.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

namespace berth::client {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using boost::system::error_code;

namespace {

constexpr size_t kChunkSize = 64 * 1024;
constexpr uint64_t kMaxBufferedBody = 256ull * 1024 * 1024;
// The bytes that one recv of a buffered response may take.
constexpr std::size_t kReadBufferSize = 64 * 1024;
// An upload that makes no progress for this long has stalled.
constexpr auto kUploadStallTimeout = std::chrono::seconds(60);

// A blocking-looking stream over a non-blocking socket: every read and write first polls
// the socket together with the cancel token's eventfd, until the current deadline. This
// meets Beast's SyncReadStream and SyncWriteStream requirements.
class PolledSocket final {
public:
    PolledSocket(int fd, CancelToken* cancel)
        : fd_(fd)
        , cancelFd_(cancel ? cancel->fd() : -1) {}

    void setDeadline(Deadline deadline) { deadline_ = deadline; }

    template <class MutableBuffers>
    size_t read_some(const MutableBuffers& buffers, error_code& ec) {
        const net::mutable_buffer buffer = firstBuffer<net::mutable_buffer>(buffers);
        for (;;) {
            if (!waitFor(POLLIN, ec)) {
                return 0;
            }
            const ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
            if (n > 0) {
                ec = {};
                return static_cast<size_t>(n);
            }
            if (n == 0) {
                ec = net::error::eof;
                return 0;
            }
            if (errno != EAGAIN && errno != EINTR) {
                ec = error_code(errno, boost::system::system_category());
                return 0;
            }
        }
    }

    template <class MutableBuffers> size_t read_some(const MutableBuffers& buffers) {
        error_code ec;
        const size_t n = read_some(buffers, ec);
        if (ec) {
            throw boost::system::system_error(ec);
        }
        return n;
    }

    template <class ConstBuffers> size_t write_some(const ConstBuffers& buffers, error_code& ec) {
        const net::const_buffer buffer = firstBuffer<net::const_buffer>(buffers);
        for (;;) {
            if (!waitFor(POLLOUT, ec)) {
                return 0;
            }
            const ssize_t n = ::send(fd_, buffer.data(), buffer.size(), MSG_NOSIGNAL);
            if (n >= 0) {
                ec = {};
                return static_cast<size_t>(n);
            }
            if (errno != EAGAIN && errno != EINTR) {
                ec = error_code(errno, boost::system::system_category());
                return 0;
            }
        }
    }

    template <class ConstBuffers> size_t write_some(const ConstBuffers& buffers) {
        error_code ec;
        const size_t n = write_some(buffers, ec);
        if (ec) {
            throw boost::system::system_error(ec);
        }
        return n;
    }

private:
    template <class Buffer, class Buffers> static Buffer firstBuffer(const Buffers& buffers) {
        for (auto it = net::buffer_sequence_begin(buffers); it != net::buffer_sequence_end(buffers);
             ++it) {
            Buffer buffer(*it);
            if (buffer.size() > 0) {
                return buffer;
            }
        }
        return Buffer();
    }

    // Waits until the socket is ready for `events`; false with ec set on timeout or cancel.
    bool waitFor(short events, error_code& ec) {
        for (;;) {
            pollfd fds[2] = {{fd_, events, 0}, {cancelFd_, POLLIN, 0}};
            const nfds_t count = cancelFd_ >= 0 ? 2 : 1;
            int timeoutMs = -1;
            if (deadline_) {
                const auto left =
                    std::chrono::ceil<std::chrono::milliseconds>(*deadline_ - Clock::now());
                timeoutMs = static_cast<int>(std::max<int64_t>(0, left.count()));
            }
            const int ready = ::poll(fds, count, timeoutMs);
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            if (ready < 0) {
                ec = error_code(errno, boost::system::system_category());
                return false;
            }
            if (count == 2 && (fds[1].revents & POLLIN)) {
                ec = net::error::operation_aborted;
                return false;
            }
            if (ready == 0) {
                ec = net::error::timed_out;
                return false;
            }
            return true;
        }
    }

    int fd_;
    int cancelFd_;
    Deadline deadline_;
};

std::unexpected<Error> ioError(std::string_view action, const Endpoint& endpoint,
                               const error_code& ec) {
    if (ec == net::error::operation_aborted) {
        return fail(ErrorKind::Cancelled, fmt::format("{} {}: cancelled", action, endpoint.str()));
    }
    if (ec == net::error::timed_out) {
        return std::unexpected(
            Error{ErrorKind::System,
                  fmt::format("{} {}: timed out waiting for the engine", action, endpoint.str()),
                  ETIMEDOUT});
    }
    return std::unexpected(
        Error{ErrorKind::System, fmt::format("{} {}: {}", action, endpoint.str(), ec.message()),
              ec.category() == boost::system::system_category() ? ec.value() : 0});
}

Result<void> waitForConnect(int fd, const Endpoint& endpoint, Deadline deadline,
                            CancelToken* cancel) {
    PolledSocket socket(fd, cancel);
    socket.setDeadline(deadline);
    // A zero-length write_some only polls for POLLOUT, which is how a connect completes.
    error_code ec;
    socket.write_some(net::const_buffer(), ec);
    if (ec) {
        return ioError("connect to", endpoint, ec);
    }
    int err = 0;
    socklen_t length = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &length) < 0) {
        return failSys(fmt::format("connect to {}: getsockopt", endpoint.str()));
    }
    if (err != 0) {
        return failErrno(fmt::format("connect to {}", endpoint.str()), err);
    }
    return {};
}

Result<UniqueFd> connectSocket(const Endpoint& endpoint, Deadline deadline, CancelToken* cancel) {
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    int family = AF_UNIX;
    if (endpoint.kind == Endpoint::Kind::Unix) {
        auto* un = reinterpret_cast<sockaddr_un*>(&address);
        if (endpoint.path.size() >= sizeof un->sun_path) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("socket path too long: {}", endpoint.path));
        }
        un->sun_family = AF_UNIX;
        std::memcpy(un->sun_path, endpoint.path.c_str(), endpoint.path.size() + 1);
        addressLength = sizeof(sockaddr_un);
    } else {
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const std::string port = std::to_string(endpoint.port);
        if (const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found);
            rc != 0 || !found) {
            return fail(ErrorKind::System,
                        fmt::format("resolve {}: {}", endpoint.host, ::gai_strerror(rc)));
        }
        std::memcpy(&address, found->ai_addr, found->ai_addrlen);
        addressLength = found->ai_addrlen;
        family = found->ai_family;
        ::freeaddrinfo(found);
    }

    UniqueFd fd(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        return failSys(fmt::format("connect to {}: socket", endpoint.str()));
    }
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), addressLength) == 0) {
        return fd;
    }
    if (errno != EINPROGRESS && errno != EAGAIN) {
        return failSys(fmt::format("connect to {}", endpoint.str()));
    }
    if (auto connected = waitForConnect(fd.get(), endpoint, deadline, cancel); !connected) {
        return std::unexpected(connected.error());
    }
    return fd;
}

http::request<http::string_body> makeRequest(const HttpRequest& request, const Endpoint& endpoint) {
    http::request<http::string_body> message{http::string_to_verb(request.method), request.target,
                                             11};
    // Docker clients send a placeholder host over unix sockets, because there is no host name.
    message.set(http::field::host,
                endpoint.kind == Endpoint::Kind::Unix ? std::string("docker") : endpoint.host);
    message.set(http::field::user_agent, "berth-client/0.1");
    for (const auto& [name, value] : request.headers) {
        message.set(name, value);
    }
    if (!request.contentType.empty()) {
        message.set(http::field::content_type, request.contentType);
    }
    message.body() = request.body;
    message.prepare_payload();
    return message;
}

template <class Fields> void copyHeaders(const Fields& fields, HttpResponse& response) {
    for (const auto& field : fields) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        response.headers[name] = std::string(field.value());
    }
}

// Reads a response body in pieces into onData for 2xx statuses, or into response.body.
Result<void> readBody(PolledSocket& socket, beast::flat_buffer& buffer,
                      http::response_parser<http::buffer_body>& parser, HttpResponse& response,
                      const DataCallback& onData, const Endpoint& endpoint) {
    const bool success = response.status >= 200 && response.status < 300;
    std::string chunk(kChunkSize, '\0');
    while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        error_code ec;
        // read_some returns as soon as some body arrived, so a stream is not held back
        // until the chunk buffer fills.
        http::read_some(socket, buffer, parser, ec);
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        const size_t received = chunk.size() - parser.get().body().size;
        if (received > 0) {
            const std::string_view piece(chunk.data(), received);
            if (success && onData) {
                if (!onData(piece)) {
                    return {};
                }
            } else if (response.body.size() < kMaxBufferedBody) {
                response.body.append(piece);
            }
        }
        if (ec) {
            return ioError("read response from", endpoint, ec);
        }
    }
    return {};
}

Result<HttpResponse> readStreamedResponse(PolledSocket& socket, Deadline headerDeadline,
                                          const DataCallback& onData, const Endpoint& endpoint) {
    socket.setDeadline(headerDeadline);
    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    // Boost 1.74 compares a Content-Length against an empty optional as "over the limit",
    // so an unlimited stream needs the largest value rather than boost::none.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    error_code ec;
    http::read_header(socket, buffer, parser, ec);
    if (ec) {
        return ioError("read response from", endpoint, ec);
    }
    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    copyHeaders(parser.get(), response);

    const bool success = response.status >= 200 && response.status < 300;
    socket.setDeadline(success ? Deadline() : headerDeadline);
    if (auto body = readBody(socket, buffer, parser, response, onData, endpoint); !body) {
        return std::unexpected(body.error());
    }
    return response;
}

} // namespace

std::string HttpResponse::header(const std::string& lowerName) const {
    const auto it = headers.find(lowerName);
    return it == headers.end() ? std::string() : it->second;
}

Result<HttpResponse> HttpTransport::exchange(const HttpRequest& request, Deadline deadline,
                                             CancelToken* cancel) const {
    auto fd = connectSocket(endpoint_, deadline, cancel);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    PolledSocket socket(fd->get(), cancel);
    socket.setDeadline(deadline);
    auto message = makeRequest(request, endpoint_);
    error_code ec;
    http::write(socket, message, ec);
    if (ec) {
        return ioError("send request to", endpoint_, ec);
    }

    // Beast reads at most the buffer's free capacity (and at least 512 bytes) at a time,
    // so without reserved room a large response takes a poll and a recv per 512 bytes.
    beast::flat_buffer buffer;
    buffer.reserve(kReadBufferSize);
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBufferedBody);
    if (request.method == "HEAD") {
        parser.skip(true);
    }
    http::read(socket, buffer, parser, ec);
    if (ec) {
        return ioError("read response from", endpoint_, ec);
    }
    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    copyHeaders(parser.get(), response);
    response.body = std::move(parser.get().body());
    return response;
}

Result<HttpResponse> HttpTransport::stream(const HttpRequest& request, Deadline headerDeadline,
                                           const DataCallback& onData, CancelToken* cancel) const {
    auto fd = connectSocket(endpoint_, headerDeadline, cancel);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    PolledSocket socket(fd->get(), cancel);
    socket.setDeadline(headerDeadline);
    auto message = makeRequest(request, endpoint_);
    error_code ec;
    http::write(socket, message, ec);
    if (ec) {
        return ioError("send request to", endpoint_, ec);
    }
    return readStreamedResponse(socket, headerDeadline, onData, endpoint_);
}

Result<HttpResponse> HttpTransport::upload(const HttpRequest& request, int fileFd, uint64_t size,
                                           const UploadProgress& progress,
                                           const DataCallback& onData, CancelToken* cancel) const {
    auto fd = connectSocket(endpoint_, Clock::now() + kUploadStallTimeout, cancel);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    PolledSocket socket(fd->get(), cancel);
    socket.setDeadline(Clock::now() + kUploadStallTimeout);

    http::request<http::empty_body> header{http::string_to_verb(request.method), request.target,
                                           11};
    header.set(http::field::host,
               endpoint_.kind == Endpoint::Kind::Unix ? std::string("docker") : endpoint_.host);
    header.set(http::field::user_agent, "berth-client/0.1");
    header.set(http::field::content_type, request.contentType);
    for (const auto& [name, value] : request.headers) {
        header.set(name, value);
    }
    header.content_length(size);
    http::request_serializer<http::empty_body> serializer{header};
    error_code ec;
    http::write_header(socket, serializer, ec);

    // The server may answer early (a bad reference) and close its end; its answer is more
    // useful than the broken pipe, so a failed write falls through to reading it.
    std::string chunk(kChunkSize, '\0');
    uint64_t sent = 0;
    while (!ec && sent < size) {
        const ssize_t n =
            ::read(fileFd, chunk.data(), std::min<uint64_t>(chunk.size(), size - sent));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys("read the file to upload");
        }
        if (n == 0) {
            return fail(
                ErrorKind::System,
                fmt::format("read the file to upload: it ended after {} of {} bytes", sent, size));
        }
        socket.setDeadline(Clock::now() + kUploadStallTimeout);
        net::write(socket, net::buffer(chunk.data(), static_cast<size_t>(n)), ec);
        if (!ec) {
            sent += static_cast<uint64_t>(n);
            if (progress) {
                progress(sent);
            }
        }
    }
    if (ec == net::error::operation_aborted || ec == net::error::timed_out) {
        return ioError("upload to", endpoint_, ec);
    }
    auto response = readStreamedResponse(socket, Deadline(), onData, endpoint_);
    if (!response && ec) {
        return ioError("upload to", endpoint_, ec);
    }
    return response;
}

Result<HijackedConnection> HttpTransport::hijack(const HttpRequest& request,
                                                 Deadline deadline) const {
    auto fd = connectSocket(endpoint_, deadline, nullptr);
    if (!fd) {
        return std::unexpected(fd.error());
    }
    PolledSocket socket(fd->get(), nullptr);
    socket.setDeadline(deadline);
    auto message = makeRequest(request, endpoint_);
    message.set(http::field::connection, "Upgrade");
    message.set(http::field::upgrade, "tcp");
    error_code ec;
    http::write(socket, message, ec);
    if (ec) {
        return ioError("send request to", endpoint_, ec);
    }

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBufferedBody);
    http::read_header(socket, buffer, parser, ec);
    if (ec) {
        return ioError("read response from", endpoint_, ec);
    }
    HijackedConnection connection;
    connection.status = static_cast<int>(parser.get().result_int());
    if (connection.status == 101 || connection.status == 200) {
        const auto pending = buffer.data();
        connection.pending.assign(static_cast<const char*>(pending.data()), pending.size());
        connection.fd = std::move(*fd);
        return connection;
    }
    http::read(socket, buffer, parser, ec);
    if (ec) {
        return ioError("read response from", endpoint_, ec);
    }
    connection.errorBody = std::move(parser.get().body());
    return connection;
}

} // namespace berth::client

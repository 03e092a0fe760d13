// Boost.Beast lives in this file only: it is slow to compile, and the routes see nothing of
// it but http.h. Connections are synchronous, one thread each; the io_context only accepts.

#include "api/http_server.h"

#include "api/error_status.h"
#include "common/log.h"
#include "common/unique_fd.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <utility> // Boost 1.74's Asio uses std::exchange without including <utility>.

namespace berth::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Socket = asio::local::stream_protocol::socket;

namespace {

constexpr size_t kReadBufferSize = 256 * 1024;

class SocketBodyReader final : public BodyReader {
public:
    SocketBodyReader(Socket& socket, beast::flat_buffer& buffer,
                     http::request_parser<http::buffer_body>& parser)
        : socket_(socket)
        , buffer_(buffer)
        , parser_(parser) {}

    Result<size_t> read(char* data, size_t size) override {
        while (!parser_.is_done()) {
            parser_.get().body().data = data;
            parser_.get().body().size = size;
            beast::error_code ec;
            http::read(socket_, buffer_, parser_, ec);
            if (ec == http::error::need_buffer) {
                ec = {};
            }
            if (ec) {
                return fail(ErrorKind::System, fmt::format("read request body: {}", ec.message()));
            }
            size_t got = size - parser_.get().body().size;
            if (got > 0) {
                return got;
            }
        }
        return size_t(0);
    }

    // Reads what the handler left so that the next request on the connection parses.
    bool drain() {
        char scratch[16384];
        for (;;) {
            auto n = read(scratch, sizeof scratch);
            if (!n) {
                return false;
            }
            if (*n == 0) {
                return true;
            }
        }
    }

private:
    Socket& socket_;
    beast::flat_buffer& buffer_;
    http::request_parser<http::buffer_body>& parser_;
};

class SocketResponseWriter final : public ResponseWriter {
public:
    SocketResponseWriter(Socket& socket, beast::flat_buffer& buffer, bool headRequest,
                         bool keepAlive, const std::string& serverHeader)
        : socket_(socket)
        , buffer_(buffer)
        , headRequest_(headRequest)
        , keepAlive_(keepAlive) {
        extraHeaders_.emplace_back("Api-Version", std::string(kApiVersion));
        extraHeaders_.emplace_back("Docker-Experimental", "false");
        extraHeaders_.emplace_back("Ostype", "linux");
        extraHeaders_.emplace_back("Server", serverHeader);
    }

    void setHeader(std::string_view name, std::string_view value) override {
        extraHeaders_.emplace_back(std::string(name), std::string(value));
    }

    void sendJson(int status, const nlohmann::json& body) override {
        sendText(status, "application/json", body.dump() + "\n");
    }

    void sendEmpty(int status) override { sendText(status, "", ""); }

    void sendText(int status, std::string_view contentType, std::string_view body) override {
        http::response<http::string_body> response{http::int_to_status(unsigned(status)), 11};
        applyHeaders(response);
        if (!contentType.empty()) {
            response.set(http::field::content_type, std::string(contentType));
        }
        response.keep_alive(keepAlive_);
        response.body() = std::string(body);
        response.prepare_payload();
        responded_ = true;
        beast::error_code ec;
        if (headRequest_) {
            // HEAD carries the GET answer's headers, Content-Length included, and no body.
            http::response<http::empty_body> head{response.result(), 11};
            for (const auto& field : response) {
                head.set(field.name_string(), field.value());
            }
            http::response_serializer<http::empty_body> serializer{head};
            http::write_header(socket_, serializer, ec);
        } else {
            http::write(socket_, response, ec);
        }
        if (ec) {
            keepAlive_ = false;
        }
    }

    Result<void> beginStream(int status, std::string_view contentType) override {
        http::response<http::empty_body> response{http::int_to_status(unsigned(status)), 11};
        applyHeaders(response);
        response.set(http::field::content_type, std::string(contentType));
        response.keep_alive(keepAlive_);
        response.chunked(true);
        responded_ = true;
        streaming_ = true;
        http::response_serializer<http::empty_body> serializer{response};
        beast::error_code ec;
        http::write_header(socket_, serializer, ec);
        if (ec) {
            keepAlive_ = false;
            return fail(ErrorKind::System, fmt::format("write response: {}", ec.message()));
        }
        return {};
    }

    Result<void> writeChunk(std::string_view data) override {
        if (data.empty()) {
            return {};
        }
        beast::error_code ec;
        asio::write(socket_, http::make_chunk(asio::buffer(data.data(), data.size())), ec);
        if (ec) {
            keepAlive_ = false;
            return fail(ErrorKind::System, fmt::format("write response: {}", ec.message()));
        }
        return {};
    }

    Result<void> endStream() override {
        streaming_ = false;
        beast::error_code ec;
        asio::write(socket_, http::make_chunk_last(), ec);
        if (ec) {
            keepAlive_ = false;
            return fail(ErrorKind::System, fmt::format("write response: {}", ec.message()));
        }
        return {};
    }

    Result<HijackedConnection> hijack(std::string_view contentType) override {
        std::string head = "HTTP/1.1 101 UPGRADED\r\n";
        head +=
            fmt::format("Content-Type: {}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n", contentType);
        for (const auto& [name, value] : extraHeaders_) {
            head += fmt::format("{}: {}\r\n", name, value);
        }
        head += "\r\n";
        responded_ = true;
        hijacked_ = true;
        keepAlive_ = false;
        beast::error_code ec;
        asio::write(socket_, asio::buffer(head), ec);
        if (ec) {
            return fail(ErrorKind::System, fmt::format("write upgrade response: {}", ec.message()));
        }
        HijackedConnection connection;
        connection.socket = UniqueFd(::fcntl(socket_.native_handle(), F_DUPFD_CLOEXEC, 0));
        if (!connection.socket) {
            return failSys("duplicate the client socket");
        }
        auto pending = buffer_.data();
        connection.pending.assign(static_cast<const char*>(pending.data()), pending.size());
        buffer_.consume(buffer_.size());
        return connection;
    }

    bool clientGone() override {
        pollfd descriptor{socket_.native_handle(), POLLRDHUP, 0};
        if (::poll(&descriptor, 1, 0) <= 0) {
            return false;
        }
        return (descriptor.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
    }

    bool responded() const override { return responded_; }
    bool keepAlive() const { return keepAlive_ && !streaming_ && !hijacked_; }
    bool hijacked() const { return hijacked_; }

private:
    template <typename Message> void applyHeaders(Message& message) {
        for (const auto& [name, value] : extraHeaders_) {
            message.set(name, value);
        }
    }

    Socket& socket_;
    beast::flat_buffer& buffer_;
    bool headRequest_;
    bool keepAlive_;
    bool responded_ = false;
    bool streaming_ = false;
    bool hijacked_ = false;
    std::vector<std::pair<std::string, std::string>> extraHeaders_;
};

// Fills method, path, version and query; a malformed target is InvalidArgument.
Result<Request> decodeRequest(const http::request<http::buffer_body>& message) {
    Request request;
    request.method = std::string(message.method_string());
    std::string_view target(message.target().data(), message.target().size());
    size_t question = target.find('?');
    auto path = percentDecode(target.substr(0, question), false);
    if (!path) {
        return std::unexpected(path.error());
    }
    VersionedPath versioned = splitVersionPrefix(*path);
    request.apiVersion = versioned.version;
    request.path = versioned.path;
    if (question != std::string_view::npos) {
        auto query = parseQuery(target.substr(question + 1));
        if (!query) {
            return std::unexpected(query.error());
        }
        request.query = std::move(*query);
    }
    for (const auto& field : message) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(), ::tolower);
        request.headers[name] = std::string(field.value());
    }
    return request;
}

} // namespace

struct Server::State {
    asio::io_context io;
    std::unique_ptr<asio::local::stream_protocol::acceptor> acceptor;
    const Router* router = nullptr;
    ServerOptions options;

    std::mutex mutex;
    std::condition_variable idle;
    std::set<int> openSockets; // native handles of live connections, to shut down on stop
    std::atomic<bool> stopping{false};

    void accept();
    void serve(Socket socket);
    void dispatch(Request& request, SocketResponseWriter& writer);
};

void Server::State::accept() {
    acceptor->async_accept([this](beast::error_code ec, Socket socket) {
        if (ec) {
            if (!stopping) {
                log::warning("accept on {}: {}", options.socketPath.string(), ec.message());
            }
        } else {
            std::lock_guard lock(mutex);
            openSockets.insert(socket.native_handle());
            std::thread([this, s = std::move(socket)]() mutable { serve(std::move(s)); }).detach();
        }
        if (!stopping) {
            accept();
        }
    });
}

void Server::State::dispatch(Request& request, SocketResponseWriter& writer) {
    if (auto checked = checkApiVersion(request.apiVersion); !checked) {
        sendError(writer, checked.error());
        return;
    }
    Router::Match match = router->match(request.method, request.path);
    if (!match.handler) {
        if (match.pathKnown) {
            // Mostly an endpoint this engine lacks under a path pattern it serves, such as
            // POST /images/prune against DELETE /images/{name}, so the message names both.
            writer.sendJson(405, {{"message", fmt::format("{} {} is not implemented by this engine",
                                                          request.method, request.path)}});
        } else {
            writer.sendJson(404, {{"message", "page not found"}});
        }
        return;
    }
    request.pathParams = std::move(match.params);
    (*match.handler)(request, writer);
    if (!writer.responded()) {
        writer.sendJson(500, {{"message", "the handler sent no answer"}});
    }
}

void Server::State::serve(Socket socket) {
    int native = socket.native_handle();
    beast::flat_buffer buffer;
    // Beast reads at most the buffer's free capacity per recv; without this a request
    // body (a docker cp or import tar) arrives 512 bytes per system call.
    buffer.reserve(kReadBufferSize);
    for (;;) {
        http::request_parser<http::buffer_body> parser;
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());
        beast::error_code ec;
        http::read_header(socket, buffer, parser, ec);
        if (ec) {
            if (ec != http::error::end_of_stream && ec != asio::error::eof &&
                ec != asio::error::connection_reset && ec != asio::error::operation_aborted) {
                log::debug("read request header: {}", ec.message());
            }
            break;
        }
        auto& message = parser.get();
        bool head = message.method() == http::verb::head;
        SocketResponseWriter writer(socket, buffer, head, message.keep_alive(),
                                    options.serverHeader);
        SocketBodyReader body(socket, buffer, parser);
        auto request = decodeRequest(message);
        if (!request) {
            sendError(writer, request.error());
        } else {
            request->body = &body;
            log::debug("{} {}", request->method, std::string(message.target()));
            // curl sends "Expect: 100-continue" before large bodies and waits for this line.
            if (boost::beast::iequals(request->header("expect"), "100-continue")) {
                beast::error_code ignored;
                asio::write(socket, asio::buffer(std::string_view("HTTP/1.1 100 Continue\r\n\r\n")),
                            ignored);
            }
            dispatch(*request, writer);
        }
        if (writer.hijacked() || !writer.keepAlive() || stopping || !body.drain()) {
            break;
        }
    }
    beast::error_code ignored;
    socket.shutdown(Socket::shutdown_both, ignored);
    {
        std::lock_guard lock(mutex);
        openSockets.erase(native);
    }
    socket.close(ignored);
    idle.notify_all();
}

Server::Server()
    : state_(std::make_unique<State>()) {}

Server::~Server() = default;

namespace {

// Removes a socket file on which no server accepts connections any more.
Result<void> removeStaleSocket(const std::filesystem::path& path) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        return errno == ENOENT ? Result<void>{} : failSys(fmt::format("stat {}", path.string()));
    }
    if (!S_ISSOCK(info.st_mode)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("{} exists and is not a socket; remove it or choose another "
                                "path with -H",
                                path.string()));
    }
    int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    UniqueFd probeFd(probe);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    if (::connect(probe, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        return fail(ErrorKind::Conflict,
                    fmt::format("another daemon is already listening on {}", path.string()));
    }
    if (::unlink(path.c_str()) != 0) {
        return failSys(fmt::format("remove stale socket {}", path.string()));
    }
    return {};
}

} // namespace

namespace {

// Checks that an adopted descriptor is a listening unix stream socket, so that a wrong
// LISTEN_FDS or fd:// number fails at start-up rather than on the first accept.
Result<void> checkListeningUnixSocket(int fd) {
    int domain = 0;
    int type = 0;
    int listening = 0;
    socklen_t size = sizeof(int);
    if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &size) != 0) {
        return failSys(fmt::format("inspect the passed socket (descriptor {})", fd));
    }
    size = sizeof(int);
    (void)::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size);
    size = sizeof(int);
    (void)::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size);
    if (domain != AF_UNIX || type != SOCK_STREAM || !listening) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("descriptor {} is not a listening unix stream socket", fd));
    }
    return {};
}

Result<void> adoptSocket(asio::local::stream_protocol::acceptor& acceptor, UniqueFd fd) {
    if (auto checked = checkListeningUnixSocket(fd.get()); !checked) {
        return checked;
    }
    beast::error_code ec;
    acceptor.assign(asio::local::stream_protocol(), fd.get(), ec);
    if (ec) {
        return fail(ErrorKind::System, fmt::format("adopt the passed socket (descriptor {}): {}",
                                                   fd.get(), ec.message()));
    }
    (void)fd.release(); // the acceptor owns it now
    return {};
}

Result<void> bindSocket(asio::local::stream_protocol::acceptor& acceptor,
                        const ServerOptions& options) {
    if (options.socketPath.string().size() >= sizeof(sockaddr_un::sun_path)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("socket path {} is longer than {} bytes",
                                options.socketPath.string(), sizeof(sockaddr_un::sun_path) - 1));
    }
    if (auto removed = removeStaleSocket(options.socketPath); !removed) {
        return removed;
    }
    beast::error_code ec;
    asio::local::stream_protocol::endpoint endpoint(options.socketPath.string());
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("listen on {}: {}", options.socketPath.string(), ec.message()));
    }
    if (::chmod(options.socketPath.c_str(), options.socketMode) != 0) {
        return failSys(fmt::format("chmod {}", options.socketPath.string()));
    }
    if (options.socketGroup && ::chown(options.socketPath.c_str(), -1, *options.socketGroup) != 0) {
        return failSys(
            fmt::format("chown {} to group {}", options.socketPath.string(), *options.socketGroup));
    }
    return {};
}

} // namespace

Result<std::unique_ptr<Server>> Server::listen(const ServerOptions& options, const Router& router) {
    UniqueFd passed(options.listenFd);
    std::unique_ptr<Server> server(new Server());
    State& state = *server->state_;
    state.router = &router;
    state.options = options;
    state.acceptor = std::make_unique<asio::local::stream_protocol::acceptor>(state.io);
    Result<void> listening = passed ? adoptSocket(*state.acceptor, std::move(passed))
                                    : bindSocket(*state.acceptor, options);
    if (!listening) {
        return std::unexpected(listening.error());
    }
    return server;
}

void Server::run() {
    state_->accept();
    state_->io.run();
}

void Server::stop() {
    State& state = *state_;
    if (state.stopping.exchange(true)) {
        return;
    }
    asio::post(state.io, [&state] {
        beast::error_code ignored;
        state.acceptor->close(ignored);
    });
    state.io.stop();
    std::unique_lock lock(state.mutex);
    for (int native : state.openSockets) {
        ::shutdown(native, SHUT_RDWR);
    }
    state.idle.wait_for(lock, std::chrono::seconds(3), [&] { return state.openSockets.empty(); });
    lock.unlock();
    if (state.options.listenFd < 0) {
        ::unlink(state.options.socketPath.c_str());
    }
}

} // namespace berth::api

#include "network/dns_server.h"

#include "common/log.h"
#include "network/dns_message.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <fmt/format.h>

#include <cstring>
#include <optional>
#include <sstream>

namespace berth::network {
namespace {

constexpr int kMaxForwards = 32;
constexpr int kUpstreamTimeoutMs = 2000;
constexpr size_t kMaxMessage = 4096;
constexpr int kTcpIdleTimeoutMs = 2000;

sockaddr_in socketAddress(Ipv4Address address, uint16_t port) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    result.sin_addr.s_addr = htonl(address.value);
    result.sin_port = htons(port);
    return result;
}

struct ContainerSockets {
    UniqueFd udp;
    UniqueFd tcp; // listening
};

Result<UniqueFd> bindEmbeddedAddress(int type) {
    const char* kind = type == SOCK_STREAM ? "TCP" : "UDP";
    UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        return failSys(fmt::format("create a {} socket", kind));
    }
    sockaddr_in address = socketAddress(*parseIpv4(kEmbeddedDnsAddress), 53);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        return failSys(fmt::format("bind {} {}:53", kind, kEmbeddedDnsAddress));
    }
    if (type == SOCK_STREAM && ::listen(fd.get(), 16) != 0) {
        return failSys(fmt::format("listen on TCP {}:53", kEmbeddedDnsAddress));
    }
    return fd;
}

// The UDP and TCP sockets on 127.0.0.11:53, created by a thread that enters the namespace.
Result<ContainerSockets> openSocketsIn(const std::filesystem::path& namespacePath) {
    UniqueFd namespaceFd(::open(namespacePath.c_str(), O_RDONLY | O_CLOEXEC));
    if (!namespaceFd) {
        return failSys(fmt::format("open {}", namespacePath.string()));
    }
    std::optional<Result<ContainerSockets>> result;
    std::thread worker([&] {
        if (::setns(namespaceFd.get(), CLONE_NEWNET) != 0) {
            result = failSys("enter the container's network namespace");
            return;
        }
        auto udp = bindEmbeddedAddress(SOCK_DGRAM);
        if (!udp) {
            result = std::unexpected(udp.error());
            return;
        }
        auto tcp = bindEmbeddedAddress(SOCK_STREAM);
        if (!tcp) {
            result = std::unexpected(tcp.error());
            return;
        }
        result = ContainerSockets{std::move(*udp), std::move(*tcp)};
    });
    worker.join();
    return std::move(*result);
}

// Reads exactly size bytes, waiting at most timeoutMs for each part; false on end of
// file, an error or a timeout.
bool readExactly(int fd, char* buffer, size_t size, int timeoutMs) {
    size_t done = 0;
    while (done < size) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, timeoutMs) != 1) {
            return false;
        }
        ssize_t received = ::read(fd, buffer + done, size - done);
        if (received <= 0) {
            return false;
        }
        done += size_t(received);
    }
    return true;
}

bool writeAll(int fd, std::string_view data, int timeoutMs) {
    while (!data.empty()) {
        pollfd ready{fd, POLLOUT, 0};
        if (::poll(&ready, 1, timeoutMs) != 1) {
            return false;
        }
        ssize_t sent = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent <= 0) {
            return false;
        }
        data.remove_prefix(size_t(sent));
    }
    return true;
}

// Sends query to upstream and returns its reply; nullopt on an error or a timeout.
std::optional<std::string> askUpstream(Ipv4Address upstream, const std::string& query) {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in address = socketAddress(upstream, 53);
    if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::send(fd.get(), query.data(), query.size(), 0) < 0) {
        return std::nullopt;
    }
    pollfd ready{fd.get(), POLLIN, 0};
    if (::poll(&ready, 1, kUpstreamTimeoutMs) != 1) {
        return std::nullopt;
    }
    std::string reply(kMaxMessage, '\0');
    ssize_t received = ::recv(fd.get(), reply.data(), reply.size(), 0);
    if (received < 12 || reply.substr(0, 2) != query.substr(0, 2)) {
        return std::nullopt;
    }
    reply.resize(size_t(received));
    return reply;
}

} // namespace

std::vector<Ipv4Address> nameserversOf(std::string_view resolvConf) {
    std::vector<Ipv4Address> result;
    std::istringstream lines{std::string(resolvConf)};
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string keyword;
        std::string value;
        if (words >> keyword >> value && keyword == "nameserver") {
            if (auto address = parseIpv4(value)) {
                result.push_back(*address);
            }
        }
    }
    return result;
}

DnsServer::DnsServer(DnsResolver resolver, std::vector<Ipv4Address> upstreams)
    : resolver_(std::move(resolver))
    , upstreams_(std::move(upstreams)) {}

Result<std::unique_ptr<DnsServer>> DnsServer::start(DnsResolver resolver,
                                                    std::vector<Ipv4Address> upstreams) {
    std::unique_ptr<DnsServer> server(new DnsServer(std::move(resolver), std::move(upstreams)));
    server->epoll_ = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
    if (!server->epoll_) {
        return failSys("start the DNS answerer: epoll_create1");
    }
    server->wakeup_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!server->wakeup_) {
        return failSys("start the DNS answerer: eventfd");
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = server->wakeup_.get();
    if (::epoll_ctl(server->epoll_.get(), EPOLL_CTL_ADD, server->wakeup_.get(), &event) != 0) {
        return failSys("start the DNS answerer: epoll_ctl");
    }
    server->thread_ = std::thread([raw = server.get()] { raw->run(); });
    return server;
}

DnsServer::~DnsServer() {
    uint64_t one = 1;
    (void)::write(wakeup_.get(), &one, sizeof one);
    if (thread_.joinable()) {
        thread_.join();
    }
    std::unique_lock lock(mutex_);
    forwardsDone_.wait(lock, [&] { return forwarding_.load() == 0; });
}

Result<void> DnsServer::listen(const std::string& containerId,
                               const std::filesystem::path& namespacePath,
                               std::vector<Ipv4Address> upstreams) {
    auto context = fmt::format("start the DNS answerer of container {}", containerId.substr(0, 12));
    auto sockets = openSocketsIn(namespacePath);
    if (!sockets) {
        return std::unexpected(sockets.error().context(context));
    }
    stopListening(containerId);
    std::lock_guard lock(mutex_);
    std::vector<int> fds;
    for (auto [socket, tcp] : {std::pair{&sockets->udp, false}, std::pair{&sockets->tcp, true}}) {
        int fd = socket->get();
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = fd;
        if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
            for (int added : fds) {
                (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, added, nullptr);
                sockets_.erase(added);
            }
            return std::unexpected(failSys("epoll_ctl").error().context(context));
        }
        sockets_[fd] = Listener{containerId, std::move(*socket), tcp, upstreams};
        fds.push_back(fd);
    }
    byContainer_[containerId] = std::move(fds);
    return {};
}

void DnsServer::stopListening(const std::string& containerId) {
    std::lock_guard lock(mutex_);
    auto found = byContainer_.find(containerId);
    if (found == byContainer_.end()) {
        return;
    }
    for (int fd : found->second) {
        (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
        sockets_.erase(fd); // closes the socket
    }
    byContainer_.erase(found);
}

void DnsServer::run() {
    epoll_event events[16];
    while (true) {
        int count = ::epoll_wait(epoll_.get(), events, 16, -1);
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            log::error("DNS answerer stopped: epoll_wait: {}", std::strerror(errno));
            return;
        }
        for (int i = 0; i < count; ++i) {
            int fd = events[i].data.fd;
            if (fd == wakeup_.get()) {
                return;
            }
            std::string containerId;
            std::vector<Ipv4Address> upstreams;
            bool tcp = false;
            {
                std::lock_guard lock(mutex_);
                auto found = sockets_.find(fd);
                if (found == sockets_.end()) {
                    continue; // closed since epoll_wait returned
                }
                containerId = found->second.containerId;
                upstreams = found->second.upstreams.empty() ? upstreams_ : found->second.upstreams;
                tcp = found->second.tcp;
            }
            if (tcp) {
                accept(fd, containerId, upstreams);
            } else {
                answer(fd, containerId, upstreams);
            }
        }
    }
}

// Returns the reply to a query for a name the resolver callback finds (a container's name,
// alias or short id on the querying container's networks), or nullopt for other names.
std::optional<std::string> DnsServer::localReply(const std::string& containerId,
                                                 const std::string& query) {
    auto question = parseDnsQuery(query);
    if (!question || question->dnsClass != kDnsClassIn) {
        return std::nullopt;
    }
    std::vector<Ipv4Address> addresses = resolver_(containerId, question->name);
    if (addresses.empty()) {
        return std::nullopt;
    }
    // A known name: A queries get its addresses, other types an empty answer.
    if (question->type != kDnsTypeA) {
        addresses.clear();
    }
    return buildDnsReply(query, *question, kDnsNoError, addresses);
}

// Asks each upstream in turn and returns the first reply, or SERVFAIL.
std::string DnsServer::forwardedReply(const std::vector<Ipv4Address>& upstreams,
                                      const std::string& query) {
    for (Ipv4Address upstream : upstreams) {
        if (auto reply = askUpstream(upstream, query)) {
            return *reply;
        }
    }
    auto question = parseDnsQuery(query);
    return question ? buildDnsReply(query, *question, kDnsServerFailure, {}) : std::string();
}

// Reads every waiting query on the container's UDP socket and answers or forwards it. The
// socket is looked up again under the mutex, so stopListening() cannot close it meanwhile.
void DnsServer::answer(int socketFd, const std::string& containerId,
                       const std::vector<Ipv4Address>& upstreams) {
    std::lock_guard lock(mutex_);
    if (!sockets_.contains(socketFd)) {
        return;
    }
    while (true) {
        std::string query(kMaxMessage, '\0');
        sockaddr_in client{};
        socklen_t clientLength = sizeof client;
        ssize_t received = ::recvfrom(socketFd, query.data(), query.size(), 0,
                                      reinterpret_cast<sockaddr*>(&client), &clientLength);
        if (received < 0) {
            return; // EAGAIN: nothing more is waiting
        }
        query.resize(size_t(received));
        auto question = parseDnsQuery(query);
        if (!question) {
            continue;
        }
        std::optional<std::string> reply = localReply(containerId, query);
        if (!reply && (upstreams.empty() || forwarding_.load() >= kMaxForwards)) {
            reply = buildDnsReply(query, *question, kDnsServerFailure, {});
        }
        if (!reply) {
            UniqueFd replySocket(::fcntl(socketFd, F_DUPFD_CLOEXEC, 0));
            std::string clientAddress(reinterpret_cast<const char*>(&client), clientLength);
            ++forwarding_;
            std::thread(&DnsServer::forward, this, std::move(replySocket), std::move(query),
                        std::move(clientAddress), upstreams)
                .detach();
            continue;
        }
        (void)::sendto(socketFd, reply->data(), reply->size(), 0,
                       reinterpret_cast<sockaddr*>(&client), clientLength);
    }
}

// Accepts every waiting connection on the container's TCP socket, each served by a thread
// of its own. Connections beyond the limit of concurrent workers are closed at once.
void DnsServer::accept(int socketFd, const std::string& containerId,
                       const std::vector<Ipv4Address>& upstreams) {
    std::lock_guard lock(mutex_);
    if (!sockets_.contains(socketFd)) {
        return;
    }
    while (true) {
        UniqueFd connection(::accept4(socketFd, nullptr, nullptr, SOCK_CLOEXEC));
        if (!connection) {
            return; // EAGAIN: nothing more is waiting
        }
        if (forwarding_.load() >= kMaxForwards) {
            continue;
        }
        ++forwarding_;
        std::thread(&DnsServer::serveConnection, this, std::move(connection), containerId,
                    upstreams)
            .detach();
    }
}

// Runs on a thread of its own: asks the upstreams and relays the first reply.
void DnsServer::forward(UniqueFd replySocket, std::string query, std::string client,
                        std::vector<Ipv4Address> upstreams) {
    std::string reply = forwardedReply(upstreams, query);
    if (!reply.empty() && replySocket) {
        (void)::sendto(replySocket.get(), reply.data(), reply.size(), 0,
                       reinterpret_cast<const sockaddr*>(client.data()), socklen_t(client.size()));
    }
    finishWorker();
}

// Runs on a thread of its own: answers length-prefixed queries (RFC 1035, 4.2.2) until
// the client closes the connection or sends nothing for kTcpIdleTimeoutMs.
void DnsServer::serveConnection(UniqueFd connection, std::string containerId,
                                std::vector<Ipv4Address> upstreams) {
    while (true) {
        unsigned char prefix[2];
        if (!readExactly(connection.get(), reinterpret_cast<char*>(prefix), 2, kTcpIdleTimeoutMs)) {
            break;
        }
        size_t length = size_t(prefix[0]) << 8 | prefix[1];
        std::string query(length, '\0');
        if (length == 0 ||
            !readExactly(connection.get(), query.data(), length, kTcpIdleTimeoutMs) ||
            !parseDnsQuery(query)) {
            break;
        }
        std::optional<std::string> reply = localReply(containerId, query);
        if (!reply) {
            reply = forwardedReply(upstreams, query);
        }
        if (reply->empty() || reply->size() > 0xffff) {
            break;
        }
        std::string framed{char(reply->size() >> 8), char(reply->size() & 0xff)};
        framed += *reply;
        if (!writeAll(connection.get(), framed, kTcpIdleTimeoutMs)) {
            break;
        }
    }
    connection.reset();
    finishWorker();
}

void DnsServer::finishWorker() {
    std::lock_guard lock(mutex_);
    --forwarding_;
    forwardsDone_.notify_all();
}

} // namespace berth::network

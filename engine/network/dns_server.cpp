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

sockaddr_in socketAddress(Ipv4Address address, uint16_t port) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    result.sin_addr.s_addr = htonl(address.value);
    result.sin_port = htons(port);
    return result;
}

// A UDP socket bound to 127.0.0.11:53, created by a thread that enters the namespace.
Result<UniqueFd> openSocketIn(const std::filesystem::path& namespacePath) {
    UniqueFd namespaceFd(::open(namespacePath.c_str(), O_RDONLY | O_CLOEXEC));
    if (!namespaceFd) {
        return failSys(fmt::format("open {}", namespacePath.string()));
    }
    std::optional<Result<UniqueFd>> result;
    std::thread worker([&] {
        if (::setns(namespaceFd.get(), CLONE_NEWNET) != 0) {
            result = failSys("enter the container's network namespace");
            return;
        }
        UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        if (!fd) {
            result = failSys("create a UDP socket");
            return;
        }
        sockaddr_in address = socketAddress(*parseIpv4(kEmbeddedDnsAddress), 53);
        if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            result = failSys(fmt::format("bind {}:53", kEmbeddedDnsAddress));
            return;
        }
        result = std::move(fd);
    });
    worker.join();
    return std::move(*result);
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
                               const std::filesystem::path& namespacePath) {
    auto socket = openSocketIn(namespacePath);
    if (!socket) {
        return std::unexpected(socket.error().context(
            fmt::format("start the DNS answerer of container {}", containerId.substr(0, 12))));
    }
    stopListening(containerId);
    int fd = socket->get();
    std::lock_guard lock(mutex_);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
        return failSys(fmt::format("start the DNS answerer of container {}: epoll_ctl",
                                   containerId.substr(0, 12)));
    }
    sockets_[fd] = {containerId, std::move(*socket)};
    byContainer_[containerId] = fd;
    return {};
}

void DnsServer::stopListening(const std::string& containerId) {
    std::lock_guard lock(mutex_);
    auto found = byContainer_.find(containerId);
    if (found == byContainer_.end()) {
        return;
    }
    (void)::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, found->second, nullptr);
    sockets_.erase(found->second); // closes the socket
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
            {
                std::lock_guard lock(mutex_);
                auto found = sockets_.find(fd);
                if (found == sockets_.end()) {
                    continue; // closed since epoll_wait returned
                }
                containerId = found->second.first;
            }
            answer(fd, containerId);
        }
    }
}

// Reads every waiting query on the container's socket and answers or forwards it. The
// socket is looked up again under the mutex, so stopListening() cannot close it meanwhile.
void DnsServer::answer(int socketFd, const std::string& containerId) {
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
        std::vector<Ipv4Address> addresses;
        if (question->dnsClass == kDnsClassIn) {
            addresses = resolver_(containerId, question->name);
        }
        std::string reply;
        if (!addresses.empty()) {
            // A known name: A queries get its addresses, other types an empty answer.
            if (question->type != kDnsTypeA) {
                addresses.clear();
            }
            reply = buildDnsReply(query, *question, kDnsNoError, addresses);
        } else if (upstreams_.empty() || forwarding_.load() >= kMaxForwards) {
            reply = buildDnsReply(query, *question, kDnsServerFailure, {});
        } else {
            UniqueFd replySocket(::fcntl(socketFd, F_DUPFD_CLOEXEC, 0));
            std::string clientAddress(reinterpret_cast<const char*>(&client), clientLength);
            ++forwarding_;
            std::thread(&DnsServer::forward, this, std::move(replySocket), std::move(query),
                        std::move(clientAddress))
                .detach();
            continue;
        }
        (void)::sendto(socketFd, reply.data(), reply.size(), 0,
                       reinterpret_cast<sockaddr*>(&client), clientLength);
    }
}

// Runs on a thread of its own: asks each upstream in turn and relays the first reply.
void DnsServer::forward(UniqueFd replySocket, std::string query, std::string client) {
    std::optional<std::string> reply;
    for (Ipv4Address upstream : upstreams_) {
        reply = askUpstream(upstream, query);
        if (reply) {
            break;
        }
    }
    if (!reply) {
        if (auto question = parseDnsQuery(query)) {
            reply = buildDnsReply(query, *question, kDnsServerFailure, {});
        }
    }
    if (reply && replySocket) {
        (void)::sendto(replySocket.get(), reply->data(), reply->size(), 0,
                       reinterpret_cast<const sockaddr*>(client.data()), socklen_t(client.size()));
    }
    std::lock_guard lock(mutex_);
    --forwarding_;
    forwardsDone_.notify_all();
}

} // namespace berth::network

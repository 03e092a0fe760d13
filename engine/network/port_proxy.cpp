#include "network/port_proxy.h"

#include "common/unique_fd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace berth::network {
namespace {

constexpr size_t kSpliceChunk = 1 << 20;
constexpr auto kUdpIdleTimeout = std::chrono::seconds(90);

sockaddr_in socketAddress(Ipv4Address address, uint16_t port) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    result.sin_addr.s_addr = htonl(address.value);
    result.sin_port = htons(port);
    return result;
}

uint16_t boundPort(int fd) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
}

// The host ports that this daemon's proxies have bound, like Docker's port allocator. When a
// bind fails with EADDRINUSE, this distinguishes a port that another container publishes
// ("port is already allocated") from one that another program uses ("address already in
// use").
class PortClaims {
public:
    using Key = std::tuple<std::string, uint32_t, uint16_t>; // protocol, address, port
    using Iterator = std::multiset<Key>::iterator;

    static PortClaims& instance() {
        static PortClaims claims;
        return claims;
    }

    std::mutex& mutex() { return mutex_; }

    // 0.0.0.0 overlaps every address. Called with mutex() held.
    bool claimed(const std::string& protocol, Ipv4Address address, uint16_t port) const {
        return std::ranges::any_of(claims_, [&](const Key& key) {
            const auto& [keyProtocol, keyAddress, keyPort] = key;
            return keyProtocol == protocol && keyPort == port &&
                   (keyAddress == address.value || keyAddress == 0 || address.value == 0);
        });
    }

    // Called with mutex() held.
    Iterator add(const std::string& protocol, Ipv4Address address, uint16_t port) {
        return claims_.emplace(protocol, address.value, port);
    }

    void remove(Iterator claim) {
        std::lock_guard lock(mutex_);
        claims_.erase(claim);
    }

private:
    std::mutex mutex_;
    std::multiset<Key> claims_; // guarded by mutex_
};

// A bound proxy socket and its entry in PortClaims, which goes when the socket does.
struct ClaimedSocket {
    ClaimedSocket(UniqueFd socket, PortClaims::Iterator claim)
        : fd(std::move(socket))
        , claim(claim) {}
    ClaimedSocket(ClaimedSocket&& other) noexcept
        : fd(std::move(other.fd))
        , claim(other.claim)
        , owned(std::exchange(other.owned, false)) {}
    ClaimedSocket(const ClaimedSocket&) = delete;
    ClaimedSocket& operator=(const ClaimedSocket&) = delete;
    ClaimedSocket& operator=(ClaimedSocket&&) = delete;
    ~ClaimedSocket() {
        fd.reset();
        if (owned) {
            PortClaims::instance().remove(claim);
        }
    }

    UniqueFd fd;
    PortClaims::Iterator claim;
    bool owned = true;
};

// Binds one port; returns the errno of bind() as the error's errnum.
Result<UniqueFd> bindPort(const ProxyRequest& request, uint16_t port) {
    bool tcp = request.protocol == "tcp";
    UniqueFd fd(::socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0));
    if (!fd) {
        return failSys("create a proxy socket");
    }
    if (tcp) {
        // Lets a restarted container take its port back while old connections linger in
        // TIME_WAIT; bind() still fails while another socket listens on the port.
        int on = 1;
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    }
    sockaddr_in address = socketAddress(request.hostIp, port);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        return failSys(fmt::format("bind {}:{}", formatIpv4(request.hostIp), port));
    }
    if (tcp && ::listen(fd.get(), SOMAXCONN) != 0) {
        return failSys(fmt::format("listen on {}:{}", formatIpv4(request.hostIp), port));
    }
    return fd;
}

// The error for a single host port in use, worded as moby's port allocator words it
// (daemon/libnetwork/portallocator).
Error portInUseError(const ProxyRequest& request, const PortClaims& claims, int errnum) {
    std::string address = formatIpv4(request.hostIp);
    if (claims.claimed(request.protocol, request.hostIp, request.hostPortFirst)) {
        return Error{ErrorKind::Conflict,
                     fmt::format("Bind for {}:{} failed: port is already allocated", address,
                                 request.hostPortFirst),
                     errnum};
    }
    return Error{ErrorKind::Conflict,
                 fmt::format("failed to bind host port {}:{}/{}: address already in use", address,
                             request.hostPortFirst, request.protocol),
                 errnum};
}

Result<ClaimedSocket> bindFirstFree(const ProxyRequest& request) {
    PortClaims& claims = PortClaims::instance();
    // Locked from the bind to the claim, so that a concurrent start finds the claim of
    // every port this process has bound.
    std::lock_guard lock(claims.mutex());
    if (request.hostPortFirst == 0 || request.hostPortLast <= request.hostPortFirst) {
        auto bound = bindPort(request, request.hostPortFirst);
        if (!bound && bound.error().errnum == EADDRINUSE) {
            return std::unexpected(portInUseError(request, claims, EADDRINUSE));
        }
        if (!bound) {
            return std::unexpected(bound.error());
        }
        uint16_t port = boundPort(bound->get());
        return ClaimedSocket(std::move(*bound), claims.add(request.protocol, request.hostIp, port));
    }
    for (unsigned port = request.hostPortFirst; port <= request.hostPortLast; ++port) {
        auto bound = bindPort(request, uint16_t(port));
        if (bound) {
            return ClaimedSocket(std::move(*bound),
                                 claims.add(request.protocol, request.hostIp, uint16_t(port)));
        }
        if (bound.error().errnum != EADDRINUSE) {
            return std::unexpected(bound.error());
        }
    }
    return fail(ErrorKind::Conflict,
                fmt::format("Bind for {}:{}-{} failed: all ports are allocated",
                            formatIpv4(request.hostIp), request.hostPortFirst,
                            request.hostPortLast));
}

void signalStop(int eventFd) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(eventFd, &one, sizeof one);
}

// Moves bytes from one socket to the other until end of file or an error. On end of file
// the peer's write side is shut down, so a half-close travels through the proxy.
void pump(int from, int to) {
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        ::shutdown(from, SHUT_RDWR);
        ::shutdown(to, SHUT_RDWR);
        return;
    }
    UniqueFd pipeRead(pipeFds[0]);
    UniqueFd pipeWrite(pipeFds[1]);
    for (;;) {
        ssize_t received =
            ::splice(from, nullptr, pipeWrite.get(), nullptr, kSpliceChunk, SPLICE_F_MOVE);
        if (received < 0 && errno == EINTR) {
            continue;
        }
        if (received <= 0) {
            if (received < 0) {
                ::shutdown(from, SHUT_RDWR);
                ::shutdown(to, SHUT_RDWR);
            } else {
                ::shutdown(to, SHUT_WR);
            }
            return;
        }
        while (received > 0) {
            ssize_t sent =
                ::splice(pipeRead.get(), nullptr, to, nullptr, size_t(received), SPLICE_F_MOVE);
            if (sent < 0 && errno == EINTR) {
                continue;
            }
            if (sent <= 0) {
                ::shutdown(from, SHUT_RDWR);
                ::shutdown(to, SHUT_RDWR);
                return;
            }
            received -= sent;
        }
    }
}

class TcpProxy final : public PortProxy {
public:
    TcpProxy(UniqueFd listener, UniqueFd stop, sockaddr_in target)
        : listener_(std::move(listener))
        , stop_(std::move(stop))
        , target_(target)
        , port_(boundPort(listener_.get())) {
        acceptThread_ = std::thread([this] { acceptLoop(); });
    }

    ~TcpProxy() override {
        signalStop(stop_.get());
        acceptThread_.join();
        std::lock_guard lock(mutex_);
        for (auto& connection : connections_) {
            ::shutdown(connection->client.get(), SHUT_RDWR);
            ::shutdown(connection->upstream.get(), SHUT_RDWR);
        }
        for (auto& connection : connections_) {
            connection->thread.join();
        }
    }

    uint16_t hostPort() const override { return port_; }

private:
    struct Connection {
        UniqueFd client;
        UniqueFd upstream;
        std::thread thread;
        std::atomic<bool> finished = false;
    };

    void acceptLoop() {
        for (;;) {
            pollfd fds[2] = {{stop_.get(), POLLIN, 0}, {listener_.get(), POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0 && errno != EINTR) {
                return;
            }
            if (fds[0].revents != 0) {
                return;
            }
            if (fds[1].revents == 0) {
                continue;
            }
            UniqueFd client(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
            if (!client) {
                continue;
            }
            UniqueFd upstream(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
            if (!upstream) {
                continue;
            }
            startConnection(std::move(client), std::move(upstream));
        }
    }

    void startConnection(UniqueFd client, UniqueFd upstream) {
        std::lock_guard lock(mutex_);
        std::erase_if(connections_, [](const std::unique_ptr<Connection>& connection) {
            if (!connection->finished) {
                return false;
            }
            connection->thread.join();
            return true;
        });
        auto connection = std::make_unique<Connection>();
        connection->client = std::move(client);
        connection->upstream = std::move(upstream);
        Connection* raw = connection.get();
        connection->thread = std::thread([this, raw] { relay(*raw); });
        connections_.push_back(std::move(connection));
    }

    void relay(Connection& connection) {
        int client = connection.client.get();
        int upstream = connection.upstream.get();
        if (::connect(upstream, reinterpret_cast<const sockaddr*>(&target_), sizeof target_) == 0) {
            std::thread toContainer([client, upstream] { pump(client, upstream); });
            pump(upstream, client);
            toContainer.join();
        }
        // The descriptors stay open until the connection is reaped, so the destructor
        // never shuts down a number that was closed and reused.
        connection.finished = true;
    }

    UniqueFd listener_;
    UniqueFd stop_;
    sockaddr_in target_;
    uint16_t port_;
    std::thread acceptThread_;
    std::mutex mutex_;
    std::list<std::unique_ptr<Connection>> connections_; // guarded by mutex_
};

class UdpProxy final : public PortProxy {
public:
    UdpProxy(UniqueFd socket, UniqueFd stop, sockaddr_in target)
        : socket_(std::move(socket))
        , stop_(std::move(stop))
        , target_(target)
        , port_(boundPort(socket_.get())) {
        thread_ = std::thread([this] { relayLoop(); });
    }

    ~UdpProxy() override {
        signalStop(stop_.get());
        thread_.join();
    }

    uint16_t hostPort() const override { return port_; }

private:
    struct Flow {
        sockaddr_in client{};
        UniqueFd upstream;
        std::chrono::steady_clock::time_point lastUsed;
    };
    using FlowKey = std::pair<uint32_t, uint16_t>;

    void relayLoop() {
        std::map<FlowKey, Flow> flows;
        std::vector<char> buffer(65536);
        for (;;) {
            std::vector<pollfd> fds = {{stop_.get(), POLLIN, 0}, {socket_.get(), POLLIN, 0}};
            std::vector<FlowKey> keys;
            for (auto& [key, flow] : flows) {
                fds.push_back({flow.upstream.get(), POLLIN, 0});
                keys.push_back(key);
            }
            if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) {
                return;
            }
            if (fds[0].revents != 0) {
                return;
            }
            auto now = std::chrono::steady_clock::now();
            if (fds[1].revents != 0) {
                fromClient(flows, buffer, now);
            }
            for (size_t i = 0; i < keys.size(); ++i) {
                if (fds[i + 2].revents == 0) {
                    continue;
                }
                Flow& flow = flows.at(keys[i]);
                ssize_t n = ::recv(flow.upstream.get(), buffer.data(), buffer.size(), 0);
                if (n >= 0) {
                    ::sendto(socket_.get(), buffer.data(), size_t(n), 0,
                             reinterpret_cast<const sockaddr*>(&flow.client), sizeof flow.client);
                    flow.lastUsed = now;
                }
            }
            std::erase_if(flows, [now](const auto& entry) {
                return now - entry.second.lastUsed > kUdpIdleTimeout;
            });
        }
    }

    void fromClient(std::map<FlowKey, Flow>& flows, std::vector<char>& buffer,
                    std::chrono::steady_clock::time_point now) {
        sockaddr_in client{};
        socklen_t length = sizeof client;
        ssize_t n = ::recvfrom(socket_.get(), buffer.data(), buffer.size(), 0,
                               reinterpret_cast<sockaddr*>(&client), &length);
        if (n < 0) {
            return;
        }
        FlowKey key{client.sin_addr.s_addr, client.sin_port};
        auto found = flows.find(key);
        if (found == flows.end()) {
            UniqueFd upstream(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
            if (!upstream || ::connect(upstream.get(), reinterpret_cast<const sockaddr*>(&target_),
                                       sizeof target_) != 0) {
                return;
            }
            found = flows.emplace(key, Flow{client, std::move(upstream), now}).first;
        }
        ::send(found->second.upstream.get(), buffer.data(), size_t(n), 0);
        found->second.lastUsed = now;
    }

    UniqueFd socket_;
    UniqueFd stop_;
    sockaddr_in target_;
    uint16_t port_;
    std::thread thread_;
};

// A proxy and the claim on its host port. The members go in reverse order: the proxy
// closes its socket before the claim is released.
class ClaimingProxy final : public PortProxy {
public:
    ClaimingProxy(ClaimedSocket claim, std::unique_ptr<PortProxy> proxy)
        : claim_(std::move(claim))
        , proxy_(std::move(proxy)) {}

    uint16_t hostPort() const override { return proxy_->hostPort(); }

private:
    ClaimedSocket claim_;
    std::unique_ptr<PortProxy> proxy_;
};

} // namespace

Result<std::unique_ptr<PortProxy>> PortProxy::start(const ProxyRequest& request) {
    if (request.protocol != "tcp" && request.protocol != "udp") {
        return fail(ErrorKind::Unsupported,
                    fmt::format("publishing {} ports is not supported", request.protocol));
    }
    auto socket = bindFirstFree(request);
    if (!socket) {
        return std::unexpected(socket.error());
    }
    UniqueFd stop(::eventfd(0, EFD_CLOEXEC));
    if (!stop) {
        return failSys("create the proxy's stop eventfd");
    }
    sockaddr_in target = socketAddress(request.containerAddress, request.containerPort);
    std::unique_ptr<PortProxy> proxy;
    if (request.protocol == "tcp") {
        proxy = std::make_unique<TcpProxy>(std::move(socket->fd), std::move(stop), target);
    } else {
        proxy = std::make_unique<UdpProxy>(std::move(socket->fd), std::move(stop), target);
    }
    return std::make_unique<ClaimingProxy>(std::move(*socket), std::move(proxy));
}

} // namespace berth::network

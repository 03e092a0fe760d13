#pragma once

// The embedded DNS answerer of user-defined networks.
//
// Design: the daemon opens a UDP socket and a listening TCP socket per running container,
// bound to 127.0.0.11:53 inside the container's network namespace (a socket keeps the
// namespace it was created in, so a short-lived thread enters the namespace, creates them
// and leaves). One daemon thread waits on all of them with epoll. A container thus costs
// two file descriptors: no process, no thread and no nftables rule. A TCP connection gets
// a thread of its own while it lasts, as a forwarded UDP query does. Docker binds a random port and
// redirects port 53 to it with iptables rules in every container; binding port 53 itself needs no
// redirect, because the daemon runs as root. The socket a query arrives on tells which container
// asked, so names resolve only among the networks that container is on.
//
// Queries for names the resolver does not know are forwarded over UDP from the daemon's
// own (host) namespace. They go to the container's --dns servers, or without them to the
// nameservers of the host's /etc/resolv.conf, loopback ones included. The first reply is
// relayed. With no nameserver, or none replying, the container gets SERVFAIL.
//
// NOTE: a forwarded reply that the upstream truncated reaches a TCP client truncated too:
// the answerer does not retry upstream over TCP.

#include "common/error.h"
#include "common/unique_fd.h"
#include "network/address.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace berth::network {

inline constexpr std::string_view kEmbeddedDnsAddress = "127.0.0.11";

// The addresses a query for name from the container resolves to; empty when unknown.
using DnsResolver =
    std::function<std::vector<Ipv4Address>(const std::string& containerId, std::string_view name)>;

// The IPv4 nameservers of a resolv.conf text, in order.
[[nodiscard]] std::vector<Ipv4Address> nameserversOf(std::string_view resolvConf);

class DnsServer final {
public:
    // Starts the answering thread. upstreams receive the queries resolver does not answer.
    [[nodiscard]] static Result<std::unique_ptr<DnsServer>>
    start(DnsResolver resolver, std::vector<Ipv4Address> upstreams);
    ~DnsServer();

    // Opens the container's sockets in the namespace at namespacePath (/proc/PID/ns/net),
    // whose lo must be up. Unknown names go to upstreams, or to the daemon's upstreams
    // when that list is empty. Replaces earlier sockets of the same container.
    [[nodiscard]] Result<void> listen(const std::string& containerId,
                                      const std::filesystem::path& namespacePath,
                                      std::vector<Ipv4Address> upstreams = {});

    // Closes the container's sockets; one that has none is not an error.
    void stopListening(const std::string& containerId);

private:
    struct Listener {
        std::string containerId;
        UniqueFd socket;
        bool tcp = false;
        std::vector<Ipv4Address> upstreams;
    };

    DnsServer(DnsResolver resolver, std::vector<Ipv4Address> upstreams);
    void run();
    void answer(int socketFd, const std::string& containerId,
                const std::vector<Ipv4Address>& upstreams);
    void accept(int socketFd, const std::string& containerId,
                const std::vector<Ipv4Address>& upstreams);
    [[nodiscard]] std::optional<std::string> localReply(const std::string& containerId,
                                                        const std::string& query);
    [[nodiscard]] std::string forwardedReply(const std::vector<Ipv4Address>& upstreams,
                                             const std::string& query);
    void forward(UniqueFd replySocket, std::string query, std::string client,
                 std::vector<Ipv4Address> upstreams);
    void serveConnection(UniqueFd connection, std::string containerId,
                         std::vector<Ipv4Address> upstreams);
    void finishWorker();

    DnsResolver resolver_;
    std::vector<Ipv4Address> upstreams_;
    UniqueFd epoll_;
    UniqueFd wakeup_; // an eventfd that stops the thread
    std::mutex mutex_;
    std::map<int, Listener> sockets_; // by fd
    std::map<std::string, std::vector<int>> byContainer_;
    std::atomic<int> forwarding_{0}; // threads of forwarded queries and TCP connections
    std::condition_variable forwardsDone_;
    std::thread thread_;
};

} // namespace berth::network

#pragma once

// The embedded DNS answerer of user-defined networks.
//
// Design: the daemon opens one UDP socket per running container, bound to 127.0.0.11:53
// inside the container's network namespace (a socket keeps the namespace it was created
// in, so a short-lived thread enters the namespace, creates it and leaves). One daemon
// thread waits on all of them with epoll. A container thus costs one file descriptor: no
// process, no thread and no nftables rule. Docker binds a random port and redirects port 53
// to it with iptables rules in every container; binding port 53 itself needs no redirect,
// because the daemon runs as root. The socket a query arrives on tells which container
// asked, so names resolve only among the networks that container is on.
//
// Queries for names the resolver does not know are forwarded, from the daemon's own
// (host) namespace, to the nameservers of the host's /etc/resolv.conf, loopback ones
// included, and the first reply is relayed. With no nameserver, or none answering, the
// container gets SERVFAIL.
//
// NOTE: only UDP is served; a client that retries a truncated reply over TCP gets no
// answer (replies with a handful of A records are never truncated).

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

    // Opens the container's socket in the namespace at namespacePath (/proc/PID/ns/net),
    // whose lo must be up. Replaces an earlier socket of the same container.
    [[nodiscard]] Result<void> listen(const std::string& containerId,
                                      const std::filesystem::path& namespacePath);

    // Closes the container's socket; one that has none is not an error.
    void stopListening(const std::string& containerId);

private:
    DnsServer(DnsResolver resolver, std::vector<Ipv4Address> upstreams);
    void run();
    void answer(int socketFd, const std::string& containerId);
    void forward(UniqueFd replySocket, std::string query, std::string client);

    DnsResolver resolver_;
    std::vector<Ipv4Address> upstreams_;
    UniqueFd epoll_;
    UniqueFd wakeup_; // an eventfd that stops the thread
    std::mutex mutex_;
    std::map<int, std::pair<std::string, UniqueFd>> sockets_; // fd -> container id, socket
    std::map<std::string, int> byContainer_;
    std::atomic<int> forwarding_{0};
    std::condition_variable forwardsDone_;
    std::thread thread_;
};

} // namespace berth::network

// The embedded DNS answerer on its own: the wire format, answers from the resolver over UDP
// and TCP, and forwarding of other names to an upstream. The test enters a network namespace of its
// own and plays both the container (queries to 127.0.0.11:53) and the upstream (a fake server on
// 127.0.0.1:53), so every packet stays on that namespace's loopback.

#include <QTest>

#include "common/unique_fd.h"
#include "network/dns_message.h"
#include "network/dns_server.h"
#include "network/netlink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

using namespace berth;
using namespace berth::network;

namespace {

sockaddr_in loopback(std::string_view address, uint16_t port) {
    sockaddr_in result{};
    result.sin_family = AF_INET;
    result.sin_port = htons(port);
    ::inet_pton(AF_INET, std::string(address).c_str(), &result.sin_addr);
    return result;
}

// Sends query to 127.0.0.11:53 and returns the reply, or nullopt after two seconds.
std::optional<std::string> ask(const std::string& query) {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in server = loopback("127.0.0.11", 53);
    if (::sendto(fd.get(), query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&server),
                 sizeof server) < 0) {
        return std::nullopt;
    }
    pollfd ready{fd.get(), POLLIN, 0};
    if (::poll(&ready, 1, 2000) != 1) {
        return std::nullopt;
    }
    std::string reply(4096, '\0');
    ssize_t received = ::recv(fd.get(), reply.data(), reply.size(), 0);
    if (received < 0) {
        return std::nullopt;
    }
    reply.resize(size_t(received));
    return reply;
}

// Sends query over TCP to 127.0.0.11:53, with the two-byte length prefix, and returns the
// reply, or nullopt after two seconds.
std::optional<std::string> askTcp(const std::string& query) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in server = loopback("127.0.0.11", 53);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
        return std::nullopt;
    }
    std::string framed{char(query.size() >> 8), char(query.size() & 0xff)};
    framed += query;
    if (::send(fd.get(), framed.data(), framed.size(), MSG_NOSIGNAL) != ssize_t(framed.size())) {
        return std::nullopt;
    }
    std::string received;
    char buffer[4096];
    while (received.size() < 2 ||
           received.size() < 2 + (size_t(uint8_t(received[0])) << 8 | uint8_t(received[1]))) {
        pollfd ready{fd.get(), POLLIN, 0};
        if (::poll(&ready, 1, 2000) != 1) {
            return std::nullopt;
        }
        ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
        if (count <= 0) {
            return std::nullopt;
        }
        received.append(buffer, size_t(count));
    }
    return received.substr(2);
}

uint8_t rcodeOf(const std::string& reply) {
    return uint8_t(reply[3]) & 0x0f;
}

} // namespace

class TestNetworkDns : public QObject {
    Q_OBJECT

private slots:
    void queryRoundTrip() {
        std::string query = buildDnsQuery(0x1234, "db.example", kDnsTypeA);
        auto question = parseDnsQuery(query);
        QVERIFY(question.has_value());
        QCOMPARE(question->id, uint16_t(0x1234));
        QCOMPARE(question->name, std::string("db.example"));
        QCOMPARE(question->type, kDnsTypeA);
        QCOMPARE(question->questionEnd, query.size());

        std::vector<Ipv4Address> addresses{*parseIpv4("10.1.2.3"), *parseIpv4("10.1.2.4")};
        std::string reply = buildDnsReply(query, *question, kDnsNoError, addresses);
        QCOMPARE(reply.substr(0, 2), query.substr(0, 2));
        QCOMPARE(rcodeOf(reply), kDnsNoError);
        auto parsed = parseDnsReplyAddresses(reply);
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, addresses);
    }

    void malformedQueriesRejected() {
        QVERIFY(!parseDnsQuery("short").has_value());
        std::string reply = buildDnsQuery(1, "x", kDnsTypeA);
        reply[2] = char(0x80); // the response flag
        QVERIFY(!parseDnsQuery(reply).has_value());
        std::string truncated = buildDnsQuery(1, "name", kDnsTypeA);
        truncated.resize(truncated.size() - 6);
        QVERIFY(!parseDnsQuery(truncated).has_value());
    }

    void nameserversReadFromResolvConf() {
        auto servers = nameserversOf("# comment\nsearch lan\nnameserver 192.0.2.1\nnameserver ::1\n"
                                     "nameserver 127.0.0.53\noptions ndots:2\n");
        QCOMPARE(servers.size(), size_t(2));
        QCOMPARE(formatIpv4(servers[0]), std::string("192.0.2.1"));
        QCOMPARE(formatIpv4(servers[1]), std::string("127.0.0.53"));
    }

    // Known names are answered for the asking container only; unknown ones go upstream.
    void answersAndForwards() {
        QVERIFY2(::unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET) failed");
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        QVERIFY(socket->setUp("lo").has_value());

        // The fake upstream answers every query with 192.0.2.99.
        UniqueFd upstream(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
        sockaddr_in upstreamAddress = loopback("127.0.0.1", 53);
        QCOMPARE(::bind(upstream.get(), reinterpret_cast<sockaddr*>(&upstreamAddress),
                        sizeof upstreamAddress),
                 0);
        std::atomic<int> forwarded{0};
        std::thread upstreamThread([&] {
            pollfd ready{upstream.get(), POLLIN, 0};
            while (::poll(&ready, 1, 3000) == 1) {
                std::string query(512, '\0');
                sockaddr_in client{};
                socklen_t length = sizeof client;
                ssize_t received = ::recvfrom(upstream.get(), query.data(), query.size(), 0,
                                              reinterpret_cast<sockaddr*>(&client), &length);
                query.resize(size_t(std::max<ssize_t>(received, 0)));
                auto question = parseDnsQuery(query);
                if (!question) {
                    continue;
                }
                ++forwarded;
                std::string reply =
                    buildDnsReply(query, *question, kDnsNoError, {*parseIpv4("192.0.2.99")});
                ::sendto(upstream.get(), reply.data(), reply.size(), 0,
                         reinterpret_cast<sockaddr*>(&client), length);
                if (question->name == "last.example") {
                    return;
                }
            }
        });

        auto resolver = [](const std::string& containerId, std::string_view name) {
            std::vector<Ipv4Address> result;
            if (containerId == "asker" && name == "db") {
                result.push_back(*parseIpv4("10.9.0.2"));
            }
            return result;
        };
        auto server = DnsServer::start(resolver, {*parseIpv4("127.0.0.1")});
        QVERIFY(server.has_value());
        auto listening = (*server)->listen("asker", "/proc/self/ns/net");
        QVERIFY2(listening.has_value(), listening ? "" : listening.error().message.c_str());

        auto known = ask(buildDnsQuery(7, "db", kDnsTypeA));
        QVERIFY(known.has_value());
        QCOMPARE(rcodeOf(*known), kDnsNoError);
        QCOMPARE(parseDnsReplyAddresses(*known).value_or(std::vector<Ipv4Address>{}),
                 std::vector<Ipv4Address>{*parseIpv4("10.9.0.2")});
        QCOMPARE(forwarded.load(), 0);

        auto knownOtherType = ask(buildDnsQuery(8, "db", 28)); // AAAA
        QVERIFY(knownOtherType.has_value());
        QCOMPARE(rcodeOf(*knownOtherType), kDnsNoError);
        QVERIFY(
            parseDnsReplyAddresses(*knownOtherType).value_or(std::vector<Ipv4Address>{1}).empty());

        auto knownOverTcp = askTcp(buildDnsQuery(11, "db", kDnsTypeA));
        QVERIFY(knownOverTcp.has_value());
        QCOMPARE(parseDnsReplyAddresses(*knownOverTcp).value_or(std::vector<Ipv4Address>{}),
                 std::vector<Ipv4Address>{*parseIpv4("10.9.0.2")});
        auto forwardedOverTcp = askTcp(buildDnsQuery(12, "tcp.example", kDnsTypeA));
        QVERIFY(forwardedOverTcp.has_value());
        QCOMPARE(parseDnsReplyAddresses(*forwardedOverTcp).value_or(std::vector<Ipv4Address>{}),
                 std::vector<Ipv4Address>{*parseIpv4("192.0.2.99")});
        QCOMPARE(forwarded.load(), 1);

        auto other = ask(buildDnsQuery(9, "last.example", kDnsTypeA));
        QVERIFY(other.has_value());
        QCOMPARE(parseDnsReplyAddresses(*other).value_or(std::vector<Ipv4Address>{}),
                 std::vector<Ipv4Address>{*parseIpv4("192.0.2.99")});
        QCOMPARE(forwarded.load(), 2);
        upstreamThread.join();

        (*server)->stopListening("asker");
        QVERIFY(!ask(buildDnsQuery(10, "db", kDnsTypeA)).has_value());
        QVERIFY(!askTcp(buildDnsQuery(13, "db", kDnsTypeA)).has_value());
    }
};

QTEST_GUILESS_MAIN(TestNetworkDns)
#include "tst_network_dns.moc"

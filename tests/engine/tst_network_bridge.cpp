// Engine tests of bridge networking. The test process first moves into a network namespace
// of its own, so its bridges, veths, nftables tables and ip_forward never touch the host's.
// "Containers" are forked children in namespaces of their own, each running a small TCP and
// UDP echo server. An "outside" child plays another machine behind a host link. Every test
// removes what it made in cleanup(), even when it fails.

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "common/unique_fd.h"
#include "network/bridge_network.h"
#include "network/netlink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <memory>
#include <random>

using namespace berth;
using namespace berth::network;

namespace {

constexpr uint16_t kEchoPort = 7777;

std::string randomSuffix() {
    std::random_device device;
    return QString::number(device() & 0xffffff, 16).rightJustified(6, '0').toStdString();
}

// Sends each TCP client its own address and a newline, then echoes what it reads until end
// of file. Echoes each UDP datagram. Exits when watchFd hangs up.
[[noreturn]] void runEchoServer(int watchFd, int readyFd) {
    int tcp = ::socket(AF_INET, SOCK_STREAM, 0);
    int udp = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(kEchoPort);
    int on = 1;
    ::setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(tcp, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(tcp, 16) != 0 ||
        ::bind(udp, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::_exit(2);
    }
    char ready = 'r';
    if (::write(readyFd, &ready, 1) != 1) {
        ::_exit(2);
    }
    ::close(readyFd);
    char buffer[4096];
    for (;;) {
        pollfd fds[3] = {{watchFd, POLLIN, 0}, {tcp, POLLIN, 0}, {udp, POLLIN, 0}};
        ::poll(fds, 3, -1);
        if (fds[0].revents != 0) {
            ::_exit(0);
        }
        if (fds[1].revents != 0) {
            sockaddr_in peer{};
            socklen_t length = sizeof peer;
            int connection = ::accept(tcp, reinterpret_cast<sockaddr*>(&peer), &length);
            char text[INET_ADDRSTRLEN] = {};
            ::inet_ntop(AF_INET, &peer.sin_addr, text, sizeof text);
            std::string greeting = std::string(text) + "\n";
            [[maybe_unused]] ssize_t w = ::write(connection, greeting.data(), greeting.size());
            ssize_t n = 0;
            while ((n = ::read(connection, buffer, sizeof buffer)) > 0) {
                w = ::write(connection, buffer, size_t(n));
            }
            ::close(connection);
        }
        if (fds[2].revents != 0) {
            sockaddr_in peer{};
            socklen_t length = sizeof peer;
            ssize_t n = ::recvfrom(udp, buffer, sizeof buffer, 0,
                                   reinterpret_cast<sockaddr*>(&peer), &length);
            if (n > 0) {
                ::sendto(udp, buffer, size_t(n), 0, reinterpret_cast<sockaddr*>(&peer), length);
            }
        }
    }
}

// A process in a network namespace of its own, running the echo server. The destructor
// kills and reaps it; its namespace, and the veth end inside, go with it.
class FakeContainer {
public:
    explicit FakeContainer(std::string id)
        : id_(std::move(id)) {
        int toChild[2];
        int fromChild[2];
        if (::pipe2(toChild, O_CLOEXEC) != 0 || ::pipe2(fromChild, O_CLOEXEC) != 0) {
            return;
        }
        pid_ = ::fork();
        if (pid_ == 0) {
            ::close(toChild[1]);
            ::close(fromChild[0]);
            if (::unshare(CLONE_NEWNET) != 0) {
                ::_exit(3);
            }
            runEchoServer(toChild[0], fromChild[1]);
        }
        ::close(toChild[0]);
        ::close(fromChild[1]);
        keepAlive_.reset(toChild[1]);
        UniqueFd readyPipe(fromChild[0]);
        char byte = 0;
        ready_ = pid_ > 0 && ::read(readyPipe.get(), &byte, 1) == 1;
    }

    ~FakeContainer() {
        keepAlive_.reset();
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }

    [[nodiscard]] bool ready() const { return ready_; }
    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] std::string namespacePath() const {
        return "/proc/" + std::to_string(pid_) + "/ns/net";
    }

private:
    std::string id_;
    pid_t pid_ = -1;
    UniqueFd keepAlive_;
    bool ready_ = false;
};

// Runs a program inside a fake container's network namespace; returns its exit code.
int runInNamespace(const std::string& namespacePath, const QStringList& command,
                   QByteArray* output = nullptr) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments{QString::fromStdString("--net=" + namespacePath)};
    arguments << command;
    process.start("nsenter", arguments);
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (output) {
        *output = process.readAll();
    }
    return process.exitCode();
}

UniqueFd connectTcp(Ipv4Address address, uint16_t port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_addr.s_addr = htonl(address.value);
    target.sin_port = htons(port);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
        return UniqueFd();
    }
    return fd;
}

// Sends text over a new connection, half-closes, and returns all the server sent back.
// An empty result means the connection failed.
std::string tcpExchange(Ipv4Address address, uint16_t port, std::string_view text) {
    UniqueFd fd = connectTcp(address, port);
    if (!fd) {
        return {};
    }
    if (::write(fd.get(), text.data(), text.size()) != ssize_t(text.size())) {
        return {};
    }
    ::shutdown(fd.get(), SHUT_WR);
    std::string received;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd.get(), buffer, sizeof buffer)) > 0) {
        received.append(buffer, size_t(n));
    }
    return received;
}

std::string udpExchange(Ipv4Address address, uint16_t port, std::string_view text) {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    timeval timeout{5, 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_addr.s_addr = htonl(address.value);
    target.sin_port = htons(port);
    ::sendto(fd.get(), text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&target),
             sizeof target);
    char buffer[4096];
    ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, size_t(n)) : std::string();
}

// A TCP listener on 0.0.0.0 and an ephemeral port: a host port that is taken.
UniqueFd listenOnEphemeralPort(uint16_t& port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd.get(), 1);
    socklen_t length = sizeof address;
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    return fd;
}

bool portIsFree(uint16_t port) {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    int on = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    return ::bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

Ipv4Address ip(const char* text) {
    return parseIpv4(text).value();
}

} // namespace

class TestNetworkBridge : public QObject {
    Q_OBJECT

private:
    QTemporaryDir stateRoot_;
    std::string bridgeName_;
    std::string tableName_;
    std::vector<std::string> extraLinks_; // other links a test made, deleted in cleanup()
    std::vector<std::unique_ptr<FakeContainer>> containers_;
    std::unique_ptr<BridgeNetwork> network_;

    std::filesystem::path stateDir() const {
        return std::filesystem::path(stateRoot_.path().toStdString()) / bridgeName_;
    }

    BridgeConfig config(std::optional<Ipv4Subnet> subnet = parseSubnet("10.213.0.0/24").value()) {
        BridgeConfig result;
        result.bridgeName = bridgeName_;
        result.tableName = tableName_;
        result.stateDir = stateDir();
        result.subnet = subnet;
        return result;
    }

    FakeContainer& startContainer() {
        std::string id = randomSuffix() + randomSuffix() + "0000000000000000";
        containers_.push_back(std::make_unique<FakeContainer>(id));
        return *containers_.back();
    }

    static bool linkExists(const std::string& name) {
        auto socket = NetlinkSocket::open();
        return socket && socket->link(name).has_value();
    }

    std::string natListing() {
        QProcess nft;
        nft.start("nft", {"list", "table", "ip", QString::fromStdString(tableName_)});
        nft.waitForFinished(10000);
        return nft.readAllStandardOutput().toStdString();
    }

private slots:
    void initTestCase() {
        if (::geteuid() != 0) {
            QSKIP("bridge tests need root");
        }
        QVERIFY2(::unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET) failed");
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        QVERIFY(socket->setUp("lo").has_value());
        QVERIFY(stateRoot_.isValid());
    }

    void init() {
        std::string suffix = randomSuffix();
        bridgeName_ = "bt" + suffix;
        tableName_ = "berth-test-" + suffix;
    }

    void cleanup() {
        network_.reset();
        containers_.clear();
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        for (const std::string& link : extraLinks_) {
            QVERIFY(socket->deleteLink(link).has_value());
        }
        extraLinks_.clear();
        auto cleaned = cleanupNetworking(stateDir(), tableName_);
        QVERIFY2(cleaned.has_value(), cleaned ? "" : cleaned.error().message.c_str());
        QVERIFY(!linkExists(bridgeName_));
        QCOMPARE(natTableExists(tableName_).value_or(true), false);
    }

    void containersPingEachOther() {
        auto network = BridgeNetwork::open(config());
        QVERIFY2(network.has_value(), network ? "" : network.error().message.c_str());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        FakeContainer& b = startContainer();
        QVERIFY(a.ready() && b.ready());

        auto endpointA = network_->connect(a.id(), a.namespacePath());
        QVERIFY2(endpointA.has_value(), endpointA ? "" : endpointA.error().message.c_str());
        auto endpointB = network_->connect(b.id(), b.namespacePath());
        QVERIFY(endpointB.has_value());
        QCOMPARE(formatIpv4(endpointA->address), std::string("10.213.0.2"));
        QCOMPARE(formatIpv4(endpointB->address), std::string("10.213.0.3"));
        QCOMPARE(endpointA->hostInterface, "vb" + a.id().substr(0, 12));
        QVERIFY(linkExists(endpointA->hostInterface));

        QByteArray output;
        int code = runInNamespace(a.namespacePath(),
                                  {"busybox", "ping", "-c1", "-W5", "10.213.0.3"}, &output);
        QVERIFY2(code == 0, output.constData());
        code =
            runInNamespace(b.namespacePath(), {"busybox", "ip", "link", "show", "eth0"}, &output);
        QCOMPARE(code, 0);
        QVERIFY2(output.contains("02:42:0a:d5:00:03"), output.constData());
        code = runInNamespace(b.namespacePath(), {"busybox", "ip", "route"}, &output);
        QVERIFY2(output.contains("default via 10.213.0.1 dev eth0"), output.constData());

        // The bridge's own address replies too.
        code = runInNamespace(b.namespacePath(), {"busybox", "ping", "-c1", "-W5", "10.213.0.1"},
                              &output);
        QVERIFY2(code == 0, output.constData());
    }

    void releasedAddressIsReused() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        FakeContainer& b = startContainer();
        QVERIFY(a.ready() && b.ready());

        auto first = network_->connect(a.id(), a.namespacePath());
        QVERIFY(first.has_value());
        QVERIFY(network_->disconnect(a.id()).has_value());
        QVERIFY(!linkExists(first->hostInterface));
        QVERIFY(!network_->addressOf(a.id()).has_value());
        QVERIFY(network_->disconnect(a.id()).has_value()); // a second time is harmless

        auto second = network_->connect(b.id(), b.namespacePath());
        QVERIFY(second.has_value());
        QCOMPARE(second->address, first->address);
    }

    void teardownAfterExitRunsInBackground() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        FakeContainer& b = startContainer();
        QVERIFY(a.ready() && b.ready());

        auto first = network_->connect(a.id(), a.namespacePath());
        QVERIFY(first.has_value());
        auto published = network_->publish(a.id(), {PortMapping{"", 0, 0, kEchoPort, "tcp"}});
        QVERIFY(published.has_value());
        uint16_t port = published->front().hostPort;

        // The ports go before disconnect() returns; the link may still be there.
        QVERIFY(network_->disconnect(a.id(), Teardown::AfterExit).has_value());
        QVERIFY(portIsFree(port));

        // Connecting again finishes the queued teardown first: the old pair is gone, so
        // the new one can take the same names, and the address is the same.
        auto again = network_->connect(a.id(), a.namespacePath());
        QVERIFY2(again.has_value(), again ? "" : again.error().message.c_str());
        QCOMPARE(again->address, first->address);
        QVERIFY(linkExists(again->hostInterface));
        QByteArray output;
        int code = runInNamespace(a.namespacePath(),
                                  {"busybox", "ping", "-c1", "-W5", "10.213.0.1"}, &output);
        QVERIFY2(code == 0, output.constData());

        QVERIFY(network_->disconnect(a.id(), Teardown::AfterExit).has_value());
        network_->finishTeardowns();
        QVERIFY(!linkExists(first->hostInterface));
        QVERIFY(!network_->addressOf(a.id()).has_value());

        auto second = network_->connect(b.id(), b.namespacePath());
        QVERIFY(second.has_value());
        QCOMPARE(second->address, first->address);
    }

    void destroyFinishesQueuedTeardowns() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        QVERIFY(a.ready());
        auto endpoint = network_->connect(a.id(), a.namespacePath());
        QVERIFY(endpoint.has_value());

        QVERIFY(network_->disconnect(a.id(), Teardown::AfterExit).has_value());
        auto destroyed = network_->destroy();
        QVERIFY2(destroyed.has_value(), destroyed ? "" : destroyed.error().message.c_str());
        QVERIFY(!linkExists(endpoint->hostInterface));
        QVERIFY(!linkExists(bridgeName_));
    }

    void addressesSurviveReopen() {
        FakeContainer& a = startContainer();
        FakeContainer& b = startContainer();
        QVERIFY(a.ready() && b.ready());
        {
            auto network = BridgeNetwork::open(config());
            QVERIFY(network.has_value());
            QVERIFY((*network)->connect(a.id(), a.namespacePath()).has_value());
        }
        // A restarted daemon opens the same state and keeps the bridge.
        QVERIFY(linkExists(bridgeName_));
        auto network = BridgeNetwork::open(config(std::nullopt));
        QVERIFY2(network.has_value(), network ? "" : network.error().message.c_str());
        network_ = std::move(*network);
        QCOMPARE(formatSubnet(network_->subnet()), std::string("10.213.0.0/24"));
        QCOMPARE(formatIpv4(network_->addressOf(a.id()).value()), std::string("10.213.0.2"));
        auto endpointB = network_->connect(b.id(), b.namespacePath());
        QVERIFY(endpointB.has_value());
        QCOMPARE(formatIpv4(endpointB->address), std::string("10.213.0.3"));
    }

    void defaultSubnetAvoidsHostRoutes() {
        // Another bridge takes 172.17.0.0/16, as docker0 would.
        std::string other = "bo" + randomSuffix();
        extraLinks_.push_back(other);
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        QVERIFY(socket->ensureBridge(other, ip("172.17.0.1"), 16).has_value());

        auto network = BridgeNetwork::open(config(std::nullopt));
        QVERIFY2(network.has_value(), network ? "" : network.error().message.c_str());
        network_ = std::move(*network);
        QCOMPARE(formatSubnet(network_->subnet()), std::string("172.18.0.0/16"));
        network_.reset();

        // A configured subnet that overlaps a route is refused, and nothing is made.
        std::string refused = bridgeName_;
        bridgeName_ = "bx" + randomSuffix();
        auto overlapping = BridgeNetwork::open(config(parseSubnet("172.17.5.0/24").value()));
        QVERIFY(!overlapping.has_value());
        QCOMPARE(overlapping.error().kind, ErrorKind::Conflict);
        QVERIFY2(QString::fromStdString(overlapping.error().message)
                     .contains("overlaps the host route to 172.17.0.0/16 on " +
                               QString::fromStdString(other)),
                 overlapping.error().message.c_str());
        QVERIFY(!linkExists(bridgeName_));
        bridgeName_ = refused;
    }

    void publishedTcpPortAnswers() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        QVERIFY(a.ready());
        QVERIFY(network_->connect(a.id(), a.namespacePath()).has_value());

        auto published = network_->publish(a.id(), {PortMapping{"", 0, 0, kEchoPort, "tcp"}});
        QVERIFY2(published.has_value(), published ? "" : published.error().message.c_str());
        QCOMPARE(published->size(), size_t(1));
        uint16_t port = published->front().hostPort;
        QVERIFY(port != 0);
        QCOMPARE(published->front().hostIp, std::string("0.0.0.0"));
        QVERIFY(natListing().find(std::to_string(port) + " : 10.213.0.2 . 7777") !=
                std::string::npos);

        // Through the proxy on loopback; through DNAT on the bridge's address.
        QCOMPARE(tcpExchange(ip("127.0.0.1"), port, "hello"), std::string("10.213.0.1\nhello"));
        QCOMPARE(tcpExchange(ip("10.213.0.1"), port, "bridge"), std::string("10.213.0.1\nbridge"));

        QVERIFY(network_->unpublish(a.id()).has_value());
        QVERIFY(portIsFree(port));
        QVERIFY(natListing().find(" : 10.213.0.2 . 7777") == std::string::npos);
    }

    void publishedPortReachableFromOutside() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        FakeContainer& outside = startContainer();
        QVERIFY(a.ready() && outside.ready());
        QVERIFY(network_->connect(a.id(), a.namespacePath()).has_value());

        // A host link 10.214.0.1/30 to a machine at 10.214.0.2.
        std::string hostEnd = "bh" + randomSuffix();
        extraLinks_.push_back(hostEnd);
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        UniqueFd outsideNs(::open(outside.namespacePath().c_str(), O_RDONLY | O_CLOEXEC));
        QVERIFY(socket->createVeth({hostEnd, 0, "eth0", outsideNs.get(), "", 1500}).has_value());
        QVERIFY(socket->addAddress(hostEnd, ip("10.214.0.1"), 30).has_value());
        QVERIFY(socket->setUp(hostEnd).has_value());
        auto remote = NetlinkSocket::openInNamespace(outsideNs.get());
        QVERIFY(remote.has_value());
        QVERIFY(remote->addAddress("eth0", ip("10.214.0.2"), 30).has_value());
        QVERIFY(remote->setUp("eth0").has_value());
        QVERIFY(remote->setUp("lo").has_value());

        auto everywhere = network_->publish(a.id(), {PortMapping{"", 0, 0, kEchoPort, "tcp"}});
        QVERIFY(everywhere.has_value());
        auto loopbackOnly =
            network_->publish(a.id(), {PortMapping{"127.0.0.1", 0, 0, kEchoPort, "tcp"}});
        QVERIFY(loopbackOnly.has_value());
        QVERIFY(ipForwardingEnabled().value_or(false));

        // DNAT in prerouting keeps the source: the server reports the outside machine's address.
        QByteArray output;
        QString request =
            QString("echo out | busybox nc 10.214.0.1 %1").arg(everywhere->front().hostPort);
        int code = runInNamespace(outside.namespacePath(), {"sh", "-c", request}, &output);
        QVERIFY2(code == 0 && output.startsWith("10.214.0.2\nout"), output.constData());

        // A publication on 127.0.0.1 is reachable locally but not from the host link.
        uint16_t loopbackPort = loopbackOnly->front().hostPort;
        QCOMPARE(tcpExchange(ip("127.0.0.1"), loopbackPort, "x"), std::string("10.213.0.1\nx"));
        request = QString("echo out | busybox nc -w 3 10.214.0.1 %1").arg(loopbackPort);
        code = runInNamespace(outside.namespacePath(), {"sh", "-c", request}, &output);
        QVERIFY2(!output.contains("out"), output.constData());
    }

    void takenHostPortFailsCleanly() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        QVERIFY(a.ready());
        auto endpoint = network_->connect(a.id(), a.namespacePath());
        QVERIFY(endpoint.has_value());

        uint16_t taken = 0;
        UniqueFd occupier = listenOnEphemeralPort(taken);
        uint16_t freePort = 0;
        { UniqueFd probe = listenOnEphemeralPort(freePort); }
        // The first mapping succeeds and must be undone when the second fails.
        auto published = network_->publish(a.id(), {PortMapping{"", freePort, freePort, 80, "tcp"},
                                                    PortMapping{"", taken, taken, 80, "tcp"}});
        QVERIFY(!published.has_value());
        QCOMPARE(published.error().kind, ErrorKind::Conflict);
        QCOMPARE(published.error().message,
                 "failed to bind host port 0.0.0.0:" + std::to_string(taken) +
                     "/tcp: address already in use");
        QVERIFY(portIsFree(freePort));
        std::string listing = natListing();
        QVERIFY2(listing.find("10.213.0.2 . 80") == std::string::npos, listing.c_str());

        QVERIFY(network_->disconnect(a.id()).has_value());
        QVERIFY(!linkExists(endpoint->hostInterface));
        auto socket = NetlinkSocket::open();
        QVERIFY(socket.has_value());
        auto links = socket->links();
        QVERIFY(links.has_value());
        for (const LinkInfo& link : *links) {
            QVERIFY2(!link.name.starts_with("vb"), link.name.c_str());
        }
    }

    void publishedUdpPortAnswers() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        QVERIFY(a.ready());
        QVERIFY(network_->connect(a.id(), a.namespacePath()).has_value());

        auto published = network_->publish(a.id(), {PortMapping{"", 0, 0, kEchoPort, "udp"}});
        QVERIFY(published.has_value());
        uint16_t port = published->front().hostPort;
        QCOMPARE(udpExchange(ip("127.0.0.1"), port, "datagram"), std::string("datagram"));
        QCOMPARE(udpExchange(ip("10.213.0.1"), port, "dnat"), std::string("dnat"));
    }

    void cleanupRemovesEverything() {
        auto network = BridgeNetwork::open(config());
        QVERIFY(network.has_value());
        network_ = std::move(*network);
        FakeContainer& a = startContainer();
        QVERIFY(a.ready());
        auto endpoint = network_->connect(a.id(), a.namespacePath());
        QVERIFY(endpoint.has_value());
        QVERIFY(natTableExists(tableName_).value_or(false));

        QVERIFY(cleanupNetworking(stateDir(), tableName_).has_value());
        QVERIFY(!linkExists(bridgeName_));
        QVERIFY(!linkExists(endpoint->hostInterface));
        QCOMPARE(natTableExists(tableName_).value_or(true), false);
    }
};

QTEST_GUILESS_MAIN(TestNetworkBridge)
#include "tst_network_bridge.moc"

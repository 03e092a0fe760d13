// berthd's listening flags: -H fd:// and --group on the command line, and the LISTEN_PID
// and LISTEN_FDS variables by which systemd passes a socket.

#include "daemon/listen_socket.h"
#include "daemon/options.h"

#include <QTest>

using namespace berth;
using namespace berth::daemon;

class DaemonListenTest : public QObject {
    Q_OBJECT

private slots:
    void listenFdsForThisProcess();
    void listenFdsForAnotherProcess();
    void listenFdsUnset();
    void listenFdsInvalid();
    void hostFdTakesOnlySocket();
    void hostFdNamesDescriptor();
    void hostFdInvalidNumber();
    void groupOption();
    void insecureRegistryOption();
    void groupWithFdHostRejected();
    void numericGroupLookup();
    void unknownGroupLookup();
};

void DaemonListenTest::listenFdsForThisProcess() {
    auto fds = parseListenFds("1234", "2", 1234);
    QVERIFY(fds.has_value());
    QCOMPARE(*fds, (std::vector<int>{3, 4}));
}

// A child that inherited the variables must not take its parent's sockets.
void DaemonListenTest::listenFdsForAnotherProcess() {
    auto fds = parseListenFds("99", "1", 1234);
    QVERIFY(fds.has_value());
    QVERIFY(fds->empty());
}

void DaemonListenTest::listenFdsUnset() {
    auto fds = parseListenFds(nullptr, nullptr, 1234);
    QVERIFY(fds.has_value());
    QVERIFY(fds->empty());
}

void DaemonListenTest::listenFdsInvalid() {
    QVERIFY(!parseListenFds("12x", "1", 12).has_value());
    auto fds = parseListenFds("12", "-1", 12);
    QVERIFY(!fds.has_value());
    QVERIFY(fds.error().message.find("LISTEN_FDS") != std::string::npos);
}

void DaemonListenTest::hostFdTakesOnlySocket() {
    auto options = parseOptions({"-H", "fd://"});
    QVERIFY(options.has_value());
    QVERIFY(options->socketActivation);
    QCOMPARE(options->activationFd, -1);
}

void DaemonListenTest::hostFdNamesDescriptor() {
    auto options = parseOptions({"--host=fd://4"});
    QVERIFY(options.has_value());
    QVERIFY(options->socketActivation);
    QCOMPARE(options->activationFd, 4);
}

void DaemonListenTest::hostFdInvalidNumber() {
    auto options = parseOptions({"-H", "fd://three"});
    QVERIFY(!options.has_value());
    QVERIFY(options.error().message.find("fd://three") != std::string::npos);
}

void DaemonListenTest::groupOption() {
    auto options = parseOptions({"-H", "unix:///tmp/b.sock", "--group", "berth"});
    QVERIFY(options.has_value());
    QCOMPARE(options->socketGroup, std::string("berth"));
    QVERIFY(!options->socketActivation);
    QVERIFY(!parseOptions({"--group="}).has_value());
}

void DaemonListenTest::insecureRegistryOption() {
    auto options = parseOptions(
        {"--insecure-registry", "registry.lan:5000", "--insecure-registry=mirror.lan"});
    QVERIFY(options.has_value());
    QCOMPARE(options->insecureRegistries,
             (std::vector<std::string>{"registry.lan:5000", "mirror.lan"}));
    auto url = parseOptions({"--insecure-registry", "http://registry.lan/"});
    QVERIFY(!url.has_value());
    QVERIFY(url.error().message.find("http://registry.lan/") != std::string::npos);
}

// The socket unit sets the group of a passed socket; a --group there would be ignored.
void DaemonListenTest::groupWithFdHostRejected() {
    auto options = parseOptions({"-H", "fd://", "-G", "berth"});
    QVERIFY(!options.has_value());
    QVERIFY(options.error().message.find("SocketGroup") != std::string::npos);
}

void DaemonListenTest::numericGroupLookup() {
    auto gid = lookupGroup("4242");
    QVERIFY(gid.has_value());
    QCOMPARE(*gid, gid_t(4242));
}

void DaemonListenTest::unknownGroupLookup() {
    auto gid = lookupGroup("no-such-group-berth-test");
    QVERIFY(!gid.has_value());
    QCOMPARE(gid.error().kind, ErrorKind::NotFound);
    QVERIFY(gid.error().message.find("no-such-group-berth-test") != std::string::npos);
}

QTEST_GUILESS_MAIN(DaemonListenTest)
#include "tst_daemon_listen.moc"

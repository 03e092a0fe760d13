// Port forwards of the Run dialog: the -p value, the checks before a container is created,
// the docker run line and the create request body.

#include "common/unique_fd.h"
#include "createrequest.h"
#include "portforward.h"
#include "runline.h"

#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

using namespace berth;
using namespace berth::studio;

namespace {

// A probe that reports the listed ports as in use and records every call.
struct FakeProbe {
    std::vector<uint16_t> busy;
    std::vector<uint16_t> probed;

    HostPortProbe function() {
        return [this](const std::string&, uint16_t port, const std::string&) -> Result<bool> {
            probed.push_back(port);
            return std::find(busy.begin(), busy.end(), port) == busy.end();
        };
    }
};

bool hasProblem(const std::vector<PortProblem>& problems, size_t row, PortProblemKind kind) {
    return std::any_of(problems.begin(), problems.end(), [&](const PortProblem& problem) {
        return problem.row == row && problem.kind == kind;
    });
}

} // namespace

class PortForwardsTest final : public QObject {
    Q_OBJECT

private slots:
    void publishOptionParses();
    void publishOptionParses_data();
    void publishOptionRejectsBadValues();
    void publishOptionRoundTrips();
    void checkAcceptsValidRows();
    void checkRejectsPortsOutOfRange();
    void checkRejectsDifferentRangeLengths();
    void checkAllowsHostRangeForOnePort();
    void checkFindsDuplicates();
    void checkReportsPortInUse();
    void probeFindsBoundLoopbackPort();
    void checkReportsAddressNotLocal();
    void ownPortsCountAsFree();
    void privilegedPortsFound();
    void runLineParsesAndWritesPublish();
    void createRequestCarriesPortBindings();
    void createRequestPairsRanges();
    void publishAllRoundTrips();
};

void PortForwardsTest::publishOptionParses_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("hostIp");
    QTest::addColumn<QString>("hostPort");
    QTest::addColumn<QString>("containerPort");
    QTest::addColumn<QString>("protocol");
    QTest::newRow("container only") << "80"
                                    << ""
                                    << ""
                                    << "80"
                                    << "tcp";
    QTest::newRow("host and container") << "8080:80"
                                        << ""
                                        << "8080"
                                        << "80"
                                        << "tcp";
    QTest::newRow("address") << "127.0.0.1:8080:80"
                             << "127.0.0.1"
                             << "8080"
                             << "80"
                             << "tcp";
    QTest::newRow("address, no host port") << "127.0.0.1::80"
                                           << "127.0.0.1"
                                           << ""
                                           << "80"
                                           << "tcp";
    QTest::newRow("udp range") << "5000-5001:6000-6001/udp"
                               << ""
                               << "5000-5001"
                               << "6000-6001"
                               << "udp";
    QTest::newRow("ipv6") << "[::1]:8080:80"
                          << "::1"
                          << "8080"
                          << "80"
                          << "tcp";
}

void PortForwardsTest::publishOptionParses() {
    QFETCH(QString, value);
    const Result<PortForward> forward = parsePublishOption(value.toStdString());
    QVERIFY(forward.has_value());
    QFETCH(QString, hostIp);
    QFETCH(QString, hostPort);
    QFETCH(QString, containerPort);
    QFETCH(QString, protocol);
    QCOMPARE(QString::fromStdString(forward->hostIp), hostIp);
    QCOMPARE(QString::fromStdString(forward->hostPort), hostPort);
    QCOMPARE(QString::fromStdString(forward->containerPort), containerPort);
    QCOMPARE(QString::fromStdString(forward->protocol), protocol);
}

void PortForwardsTest::publishOptionRejectsBadValues() {
    QVERIFY(!parsePublishOption("8080:").has_value());
    QVERIFY(!parsePublishOption("80/icmp").has_value());
    QVERIFY(!parsePublishOption("").has_value());
}

void PortForwardsTest::publishOptionRoundTrips() {
    for (const char* value : {"80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80",
                              "5000-5001:6000-6001/udp", "[::1]:8080:80"}) {
        const Result<PortForward> forward = parsePublishOption(value);
        QVERIFY(forward.has_value());
        QCOMPARE(formatPublishOption(*forward), std::string(value));
    }
}

void PortForwardsTest::checkAcceptsValidRows() {
    FakeProbe probe;
    const std::vector<PortForward> rows = {{"", "8080", "80", "tcp"},
                                           {"127.0.0.1", "9000-9001", "90-91", "udp"},
                                           {"", "", "443", "tcp"}};
    QVERIFY(checkPortForwards(rows, probe.function()).empty());
    QCOMPARE(probe.probed, (std::vector<uint16_t>{8080, 9000, 9001}));
}

void PortForwardsTest::checkRejectsPortsOutOfRange() {
    FakeProbe probe;
    const std::vector<PortForward> rows = {{"", "0", "80", "tcp"},
                                           {"", "8080", "65536", "tcp"},
                                           {"", "http", "80", "tcp"},
                                           {"", "8080", "", "tcp"}};
    const auto problems = checkPortForwards(rows, probe.function());
    QVERIFY(hasProblem(problems, 0, PortProblemKind::InvalidPort));
    QVERIFY(hasProblem(problems, 1, PortProblemKind::InvalidPort));
    QVERIFY(hasProblem(problems, 2, PortProblemKind::InvalidPort));
    QVERIFY(hasProblem(problems, 3, PortProblemKind::MissingContainerPort));
    QVERIFY(probe.probed.empty());
}

void PortForwardsTest::checkRejectsDifferentRangeLengths() {
    FakeProbe probe;
    const auto problems = checkPortForwards({{"", "8080-8082", "80-81", "tcp"}}, probe.function());
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems[0].kind, PortProblemKind::RangeLengthsDiffer);
}

void PortForwardsTest::checkAllowsHostRangeForOnePort() {
    FakeProbe probe;
    QVERIFY(checkPortForwards({{"", "8080-8082", "80", "tcp"}}, probe.function()).empty());
}

void PortForwardsTest::checkFindsDuplicates() {
    FakeProbe probe;
    const std::vector<PortForward> rows = {
        {"", "8080", "80", "tcp"}, {"", "8080", "81", "udp"}, {"", "8079-8080", "90-91", "tcp"}};
    const auto problems = checkPortForwards(rows, probe.function());
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems[0].row, size_t(2));
    QCOMPARE(problems[0].kind, PortProblemKind::Duplicate);
    QCOMPARE(problems[0].detail, std::string("8080"));
}

void PortForwardsTest::checkReportsPortInUse() {
    FakeProbe probe{{8081}, {}};
    const auto problems = checkPortForwards({{"", "8080-8082", "80-82", "tcp"}}, probe.function());
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems[0].kind, PortProblemKind::HostPortInUse);
    QCOMPARE(problems[0].detail, std::string("8081"));
}

void PortForwardsTest::probeFindsBoundLoopbackPort() {
    // This test binds a loopback port that the kernel chooses and listens on it.
    UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    QVERIFY(listener.valid());
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(listener.get(), 1), 0);
    socklen_t length = sizeof(address);
    QCOMPARE(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);
    const uint16_t port = ntohs(address.sin_port);

    const Result<bool> loopback = probeHostPort("127.0.0.1", port, "tcp");
    QVERIFY(loopback.has_value());
    QVERIFY(!*loopback);
    const auto problems = checkPortForwards({{"127.0.0.1", std::to_string(port), "80", "tcp"}});
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems[0].kind, PortProblemKind::HostPortInUse);

    listener.reset();
    const Result<bool> released = probeHostPort("127.0.0.1", port, "tcp");
    QVERIFY(released.has_value());
    QVERIFY(*released);
}

// A recreated container releases its ports, so they are free for its new rows on every
// address. The same port with another protocol, and other ports, are still probed.
void PortForwardsTest::ownPortsCountAsFree() {
    FakeProbe probe{{8080, 8081}, {}};
    const HostPortProbe ignoring =
        probeIgnoringOwnPorts({HostPortUse{8080, "tcp", "web"}}, probe.function());
    const auto problems = checkPortForwards({{"", "8080", "80", "tcp"},
                                             {"127.0.0.1", "8080", "81", "tcp"},
                                             {"", "8080", "80", "udp"},
                                             {"", "8081", "82", "tcp"}},
                                            ignoring);
    QCOMPARE(problems.size(), size_t(2));
    QCOMPARE(problems[0].row, size_t(2));
    QCOMPARE(problems[0].kind, PortProblemKind::HostPortInUse);
    QCOMPARE(problems[1].row, size_t(3));
    QCOMPARE(problems[1].kind, PortProblemKind::HostPortInUse);
    QCOMPARE(probe.probed, (std::vector<uint16_t>{8080, 8081}));
}

void PortForwardsTest::privilegedPortsFound() {
    const std::vector<PortForward> rows = {
        {"", "80", "80", "tcp"}, {"", "8080", "80", "tcp"},  {"", "1000-1100", "1000-1100", "tcp"},
        {"", "", "443", "tcp"},  {"", "70000", "80", "tcp"}, {"127.0.0.1", "1023", "53", "udp"}};
    const std::vector<PrivilegedPort> expected = {{0, 80}, {2, 1000}, {5, 1023}};
    QCOMPARE(findPrivilegedPorts(rows, 1024), expected);
    // A machine that lowered the kernel's limit has fewer privileged ports, none at 0.
    QCOMPARE(findPrivilegedPorts(rows, 1000), (std::vector<PrivilegedPort>{{0, 80}}));
    QVERIFY(findPrivilegedPorts(rows, 0).empty());
}

void PortForwardsTest::checkReportsAddressNotLocal() {
    // 192.0.2.1 is in TEST-NET-1 (RFC 5737), which no interface here has; bind() only
    // checks the address and sends nothing.
    const auto problems = checkPortForwards({{"192.0.2.1", "18090", "80", "tcp"}});
    QCOMPARE(problems.size(), size_t(1));
    QCOMPARE(problems[0].kind, PortProblemKind::HostIpNotLocal);
    QCOMPARE(problems[0].detail, std::string("192.0.2.1"));
}

void PortForwardsTest::runLineParsesAndWritesPublish() {
    const auto parsed =
        parseRunLine("docker run -d -p 8080:80 --publish=127.0.0.1:53:53/udp nginx");
    QVERIFY(parsed.has_value());
    QVERIFY(parsed->unplaced.empty());
    QCOMPARE(parsed->spec.ports.size(), size_t(2));
    QCOMPARE(parsed->spec.ports[0], (PortForward{"", "8080", "80", "tcp"}));
    QCOMPARE(parsed->spec.ports[1], (PortForward{"127.0.0.1", "53", "53", "udp"}));
    QCOMPARE(formatRunLine(parsed->spec),
             std::string("docker run -d -p 8080:80 -p 127.0.0.1:53:53/udp nginx"));
}

void PortForwardsTest::createRequestCarriesPortBindings() {
    RunSpec spec;
    spec.image = "nginx";
    spec.ports = {{"", "8080", "80", "tcp"}};
    const client::Json body = createRequestBody(spec);
    QVERIFY(body["ExposedPorts"] == client::Json::parse(R"({"80/tcp": {}})"));
    QVERIFY(body["HostConfig"]["PortBindings"] ==
            client::Json::parse(R"({"80/tcp": [{"HostIp": "", "HostPort": "8080"}]})"));

    spec.ports.clear();
    const client::Json bare = createRequestBody(spec);
    QVERIFY(!bare.contains("ExposedPorts"));
    QVERIFY(!bare["HostConfig"].contains("PortBindings"));
}

void PortForwardsTest::createRequestPairsRanges() {
    RunSpec spec;
    spec.image = "nginx";
    spec.ports = {{"127.0.0.1", "9000-9001", "90-91", "udp"}, {"", "7000-7010", "70", "tcp"}};
    const client::Json body = createRequestBody(spec);
    QVERIFY(body["ExposedPorts"] ==
            client::Json::parse(R"({"90/udp": {}, "91/udp": {}, "70/tcp": {}})"));
    QVERIFY(body["HostConfig"]["PortBindings"] == client::Json::parse(R"({
        "90/udp": [{"HostIp": "127.0.0.1", "HostPort": "9000"}],
        "91/udp": [{"HostIp": "127.0.0.1", "HostPort": "9001"}],
        "70/tcp": [{"HostIp": "", "HostPort": "7000-7010"}]})"));
}

void PortForwardsTest::publishAllRoundTrips() {
    const auto parsed = parseRunLine("docker run -dP -p 8080:80 nginx");
    QVERIFY(parsed.has_value());
    QVERIFY(parsed->unplaced.empty());
    QVERIFY(parsed->spec.publishAll);
    QCOMPARE(formatRunLine(parsed->spec), std::string("docker run -d -P -p 8080:80 nginx"));
    const client::Json body = createRequestBody(parsed->spec);
    QVERIFY(body["HostConfig"]["PublishAllPorts"] == true);

    RunSpec plain;
    plain.image = "nginx";
    QVERIFY(!createRequestBody(plain)["HostConfig"].contains("PublishAllPorts"));
}

QTEST_GUILESS_MAIN(PortForwardsTest)
#include "tst_port_forwards.moc"

// Unit tests of the container model: name rules, decoding of the create request, Docker's
// rules for merging the image config, restart policies, resolv.conf and the runtime spec.

#include "container/config.h"
#include "container/merge.h"
#include "container/name.h"
#include "container/signals.h"
#include "container/spec_builder.h"
#include "volume/mount_parse.h"

#include <QTest>

using namespace berth;
using namespace berth::container;
using nlohmann::json;

using StringList = std::vector<std::string>;
Q_DECLARE_METATYPE(StringList)
Q_DECLARE_METATYPE(nlohmann::json)

namespace {

std::optional<StringList> listOrNone(const json& value) {
    if (value.is_null()) {
        return std::nullopt;
    }
    return value.get<StringList>();
}

} // namespace

class TestContainerConfig : public QObject {
    Q_OBJECT

private slots:
    void names_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "web" << true;
        QTest::newRow("leading slash") << "/web" << true;
        QTest::newRow("dots dashes underscores") << "a.b-c_d" << true;
        QTest::newRow("one character") << "a" << false;
        QTest::newRow("starts with dash") << "-web" << false;
        QTest::newRow("contains space") << "my web" << false;
        QTest::newRow("contains colon") << "web:1" << false;
        QTest::newRow("empty") << "" << false;
    }
    void names() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        auto checked = validateName(name.toStdString());
        QCOMPARE(checked.has_value(), valid);
        if (!valid) {
            QCOMPARE(checked.error().kind, ErrorKind::InvalidArgument);
            QCOMPARE(QString::fromStdString(checked.error().message),
                     QString("Invalid container name (%1), only [a-zA-Z0-9][a-zA-Z0-9_.-] are "
                             "allowed")
                         .arg(name));
        }
    }

    void nameWithoutSlash() { QCOMPARE(*validateName("/web"), std::string("web")); }

    void generatedNamesAreValid() {
        for (int attempt = 0; attempt < 20; ++attempt) {
            std::string name = generateName(attempt % 3);
            QVERIFY2(validateName(name).has_value(), name.c_str());
        }
    }

    void decodeCliBody() {
        // What docker run -itd --name x IMG sh sends, with fields newer than 1.43.
        json body = json::parse(R"({
            "Hostname":"","User":"","AttachStdin":false,"Tty":true,"OpenStdin":true,
            "Env":["A=1"],"Cmd":["sh"],"Image":"busybox","Entrypoint":null,
            "Labels":{"k":"v"},"ExposedPorts":{"80/tcp":{}},
            "HostConfig":{"NetworkMode":"default","ConsoleSize":[30,120],"AutoRemove":true,
                          "RestartPolicy":{"Name":"no","MaximumRetryCount":0},
                          "Binds":["/srv:/data:ro"],"Annotations":{"new":"field"}},
            "NetworkingConfig":{"EndpointsConfig":{"default":{"GwPriority":0,
                                                               "DNSNames":null}}},
            "SomeFutureField":42})");
        auto request = decodeCreateRequest(body);
        QVERIFY2(request.has_value(), request ? "" : request.error().message.c_str());
        QCOMPARE(request->config.tty, true);
        QCOMPARE(request->config.openStdin, true);
        QCOMPARE(*request->config.cmd, StringList{"sh"});
        QVERIFY(!request->config.entrypoint.has_value());
        QCOMPARE(request->config.exposedPorts, StringList{"80/tcp"});
        QCOMPARE(request->hostConfig.consoleSize, (std::vector<unsigned>{30, 120}));
        QCOMPARE(request->hostConfig.autoRemove, true);
        QCOMPARE(request->hostConfig.binds, StringList{"/srv:/data:ro"});
    }

    void decodeStringCommand() {
        auto request = decodeCreateRequest(json{{"Image", "x"}, {"Cmd", "echo hi"}});
        QVERIFY(request.has_value());
        QCOMPARE(*request->config.cmd, StringList{"echo hi"});
    }

    void decodeWrongTypeNamesField() {
        auto request = decodeCreateRequest(json{{"Image", "x"}, {"Tty", "yes"}});
        QVERIFY(!request.has_value());
        QCOMPARE(request.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(request.error().message.find("Tty") != std::string::npos,
                 request.error().message.c_str());
        auto host = decodeCreateRequest(json{{"HostConfig", {{"Memory", "lots"}}}});
        QVERIFY(!host.has_value());
        QVERIFY(host.error().message.find("HostConfig.Memory") != std::string::npos);
    }

    // Docker's rules: an empty request Cmd takes the image's only when the request has no
    // Entrypoint. An absent Entrypoint takes the image's, and --entrypoint "" clears it.
    void commandMerge_data() {
        QTest::addColumn<json>("requestEntrypoint");
        QTest::addColumn<json>("requestCmd");
        QTest::addColumn<json>("imageEntrypoint");
        QTest::addColumn<json>("imageCmd");
        QTest::addColumn<QString>("path");
        QTest::addColumn<StringList>("args");
        json none;
        QTest::newRow("image cmd when request has none")
            << none << none << none << json{"sh"} << "sh" << StringList{};
        QTest::newRow("request cmd replaces image cmd")
            << none << json{"echo", "hi"} << none << json{"sh"} << "echo" << StringList{"hi"};
        QTest::newRow("image entrypoint with request cmd")
            << none << json{"-l"} << json{"/init"} << json{"default"} << "/init"
            << StringList{"-l"};
        QTest::newRow("image entrypoint with image cmd")
            << none << none << json{"/init"} << json{"default"} << "/init" << StringList{"default"};
        QTest::newRow("request entrypoint drops image cmd")
            << json{"/bin/echo"} << none << json{"/init"} << json{"default"} << "/bin/echo"
            << StringList{};
        QTest::newRow("request entrypoint and cmd")
            << json{"/bin/echo"} << json{"a", "b"} << none << json{"sh"} << "/bin/echo"
            << StringList{"a", "b"};
        QTest::newRow("cleared entrypoint runs the cmd")
            << json{""} << json{"ls", "/"} << json{"/init"} << json{"default"} << "ls"
            << StringList{"/"};
    }
    void commandMerge() {
        QFETCH(json, requestEntrypoint);
        QFETCH(json, requestCmd);
        QFETCH(json, imageEntrypoint);
        QFETCH(json, imageCmd);
        QFETCH(QString, path);
        QFETCH(StringList, args);
        ContainerConfig request;
        request.entrypoint = listOrNone(requestEntrypoint);
        request.cmd = listOrNone(requestCmd);
        image::RunConfig image;
        image.entrypoint = listOrNone(imageEntrypoint);
        image.cmd = listOrNone(imageCmd);
        auto merged = mergeImageConfig(request, image);
        QVERIFY2(merged.has_value(), merged ? "" : merged.error().message.c_str());
        Command command = commandOf(*merged);
        QCOMPARE(QString::fromStdString(command.path), path);
        QCOMPARE(command.args, args);
    }

    void noCommandIsRejected() {
        auto merged = mergeImageConfig(ContainerConfig{}, image::RunConfig{});
        QVERIFY(!merged.has_value());
        QCOMPARE(merged.error().message, std::string("No command specified"));
        QCOMPARE(merged.error().kind, ErrorKind::InvalidArgument);
    }

    void envMerge() {
        ContainerConfig request;
        request.cmd = StringList{"sh"};
        request.env = {"A=request", "C=3"};
        image::RunConfig image;
        image.env = {"PATH=/usr/bin:/bin", "A=image"};
        auto merged = mergeImageConfig(request, image);
        QVERIFY(merged.has_value());
        QCOMPARE(merged->env, (StringList{"A=request", "C=3", "PATH=/usr/bin:/bin"}));
    }

    void otherFieldsMerge() {
        ContainerConfig request;
        request.cmd = StringList{"sh"};
        request.labels = {{"shared", "request"}};
        image::RunConfig image;
        image.workingDir = "/app";
        image.user = "nobody";
        image.stopSignal = "SIGQUIT";
        image.labels = {{"shared", "image"}, {"only", "image"}};
        auto merged = mergeImageConfig(request, image);
        QVERIFY(merged.has_value());
        QCOMPARE(merged->workingDir, std::string("/app"));
        QCOMPARE(merged->user, std::string("nobody"));
        QCOMPARE(merged->stopSignal, std::string("SIGQUIT"));
        QCOMPARE(merged->labels.at("shared"), std::string("request"));
        QCOMPARE(merged->labels.at("only"), std::string("image"));

        request.workingDir = "/tmp";
        request.user = "1000:1000";
        auto kept = mergeImageConfig(request, image);
        QCOMPARE(kept->workingDir, std::string("/tmp"));
        QCOMPARE(kept->user, std::string("1000:1000"));
    }

    void restartPolicies_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("autoRemove");
        QTest::addColumn<bool>("valid");
        QTest::newRow("none") << "" << 0 << false << true;
        QTest::newRow("no") << "no" << 0 << true << true;
        QTest::newRow("always") << "always" << 0 << false << true;
        QTest::newRow("on-failure with count") << "on-failure" << 2 << false << true;
        QTest::newRow("unless-stopped") << "unless-stopped" << 0 << false << true;
        QTest::newRow("unknown name") << "sometimes" << 0 << false << false;
        QTest::newRow("count with always") << "always" << 3 << false << false;
        QTest::newRow("restart with --rm") << "always" << 0 << true << false;
    }
    void restartPolicies() {
        QFETCH(QString, name);
        QFETCH(int, count);
        QFETCH(bool, autoRemove);
        QFETCH(bool, valid);
        RestartPolicy policy{name.toStdString(), count};
        QCOMPARE(validateRestartPolicy(policy, autoRemove).has_value(), valid);
    }

    void createSettings_data() {
        QTest::addColumn<QString>("workingDir");
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<qint64>("nanoCpus");
        QTest::addColumn<QString>("error");
        QTest::newRow("defaults") << "" << qint64(0) << qint64(0) << "";
        QTest::newRow("absolute working dir") << "/tmp" << qint64(0) << qint64(0) << "";
        QTest::newRow("relative working dir")
            << "tmp" << qint64(0) << qint64(0)
            << "the working directory 'tmp' is invalid, it needs to be an absolute path";
        QTest::newRow("memory 6 MiB") << "" << qint64(6 << 20) << qint64(0) << "";
        QTest::newRow("memory 1 KiB")
            << "" << qint64(1024) << qint64(0) << "Minimum memory limit allowed is 6MB";
        QTest::newRow("all 4 CPUs") << "" << qint64(0) << qint64(4'000'000'000) << "";
        QTest::newRow("5 of 4 CPUs")
            << "" << qint64(0) << qint64(5'000'000'000)
            << "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available";
        QTest::newRow("negative CPUs")
            << "" << qint64(0) << qint64(-1)
            << "Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available";
    }

    void createSettings() {
        QFETCH(QString, workingDir);
        QFETCH(qint64, memory);
        QFETCH(qint64, nanoCpus);
        QFETCH(QString, error);
        CreateRequest request;
        request.config.workingDir = workingDir.toStdString();
        request.hostConfig.memory = memory;
        request.hostConfig.nanoCpus = nanoCpus;
        auto valid = validateCreateSettings(request, 4);
        QCOMPARE(valid.has_value(), error.isEmpty());
        if (!valid) {
            QCOMPARE(QString::fromStdString(valid.error().message), error);
            QCOMPARE(valid.error().kind, ErrorKind::InvalidArgument);
        }
    }

    void createSwapLimits_data() {
        QTest::addColumn<qint64>("memory");
        QTest::addColumn<qint64>("memorySwap");
        QTest::addColumn<QString>("error");
        QTest::newRow("swap above memory") << qint64(20 << 20) << qint64(40 << 20) << "";
        QTest::newRow("swap equal to memory") << qint64(20 << 20) << qint64(20 << 20) << "";
        QTest::newRow("unlimited swap") << qint64(20 << 20) << qint64(-1) << "";
        QTest::newRow("swap below memory")
            << qint64(20 << 20) << qint64(10 << 20)
            << "Minimum memoryswap limit should be larger than memory limit, see usage";
        QTest::newRow("swap without memory")
            << qint64(0) << qint64(10 << 20)
            << "You should always set the Memory limit when using Memoryswap limit, see usage";
    }

    void createSwapLimits() {
        QFETCH(qint64, memory);
        QFETCH(qint64, memorySwap);
        QFETCH(QString, error);
        CreateRequest request;
        request.hostConfig.memory = memory;
        request.hostConfig.memorySwap = memorySwap;
        auto valid = validateCreateSettings(request, 4);
        QCOMPARE(valid.has_value(), error.isEmpty());
        if (!valid) {
            QCOMPARE(QString::fromStdString(valid.error().message), error);
        }
    }

    void cgroupnsModes_data() {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("error");
        QTest::newRow("unset") << ""
                               << "";
        QTest::newRow("host") << "host"
                              << "";
        QTest::newRow("private") << "private"
                                 << "";
        QTest::newRow("unknown word") << "shared"
                                      << "invalid cgroup namespace mode: shared";
        QTest::newRow("upper case") << "Private"
                                    << "invalid cgroup namespace mode: Private";
        QTest::newRow("container reference") << "container:web"
                                             << "invalid cgroup namespace mode: container:web";
    }

    void cgroupnsModes() {
        QFETCH(QString, mode);
        QFETCH(QString, error);
        CreateRequest request;
        request.hostConfig.cgroupnsMode = mode.toStdString();
        auto valid = validateCreateSettings(request, 4);
        QCOMPARE(valid.has_value(), error.isEmpty());
        if (!valid) {
            QCOMPARE(QString::fromStdString(valid.error().message), error);
            QCOMPARE(valid.error().kind, ErrorKind::InvalidArgument);
        }
    }

    void restartDecisions() {
        RestartPolicy onFailure{"on-failure", 2};
        QVERIFY(shouldRestart(onFailure, 1, 0, false));
        QVERIFY(shouldRestart(onFailure, 1, 1, false));
        QVERIFY(!shouldRestart(onFailure, 1, 2, false));
        QVERIFY(!shouldRestart(onFailure, 0, 0, false));
        QVERIFY(shouldRestart({"always", 0}, 0, 10, false));
        QVERIFY(!shouldRestart({"always", 0}, 0, 0, true));
        QVERIFY(!shouldRestart({"no", 0}, 1, 0, false));
    }

    void signalNames_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("number");
        QTest::newRow("full name") << "SIGTERM" << 15;
        QTest::newRow("short name") << "KILL" << 9;
        QTest::newRow("lower case") << "sigquit" << 3;
        QTest::newRow("number") << "10" << 10;
    }
    void signalNames() {
        QFETCH(QString, text);
        QFETCH(int, number);
        auto parsed = parseSignal(text.toStdString());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, number);
    }

    void badSignal() { QVERIFY(!parseSignal("SIGNOPE").has_value()); }

    void specFromContainer() {
        Container c;
        c.id = std::string(64, 'c');
        c.path = "sh";
        c.args = {"-c", "true"};
        c.config.env = {"A=1"};
        c.config.tty = true;
        c.config.workingDir = "/work";
        c.hostConfig.consoleSize = {40, 100};
        c.hostConfig.binds = {"/srv/data:/data:ro"};
        c.mountPoints = {*volume::parseBind("/srv/data:/data:ro")};
        c.directory = "/data-root/containers/" + c.id;
        auto spec = buildSpec(c, {"/layers/top", "/layers/bottom"}, "berth-test");
        QVERIFY(spec.has_value());
        QCOMPARE(spec->hostname, std::string(12, 'c'));
        QCOMPARE(spec->cgroupPath, "berth-test/" + c.id);
        QCOMPARE(spec->process.args, (StringList{"sh", "-c", "true"}));
        QCOMPARE(spec->process.cwd, std::string("/work"));
        QCOMPARE(spec->process.terminal, true);
        QCOMPARE(int(spec->process.rows), 40);
        QCOMPARE(int(spec->process.columns), 100);
        QCOMPARE(spec->upperDir, c.directory / "upper");
        QCOMPARE(spec->mounts.size(), size_t(1));
        QCOMPARE(spec->mounts[0].destination, std::string("/data"));
        QVERIFY(std::find(spec->mounts[0].options.begin(), spec->mounts[0].options.end(), "ro") !=
                spec->mounts[0].options.end());
        QCOMPARE(spec->lowerDirs.front(), std::filesystem::path("/layers/top"));
    }

    // A record stored before create filled in the daemon's default has "". Those
    // containers ran in the host's cgroup namespace.
    void specCgroupNamespace() {
        Container c;
        c.id = std::string(64, 'f');
        c.path = "true";
        const std::pair<std::string, bool> cases[] = {
            {"private", true}, {"host", false}, {"", false}};
        for (const auto& [mode, expected] : cases) {
            c.hostConfig.cgroupnsMode = mode;
            auto spec = buildSpec(c, {}, "berth");
            QVERIFY(spec.has_value());
            QVERIFY2(spec->privateCgroupNamespace == expected, mode.c_str());
        }
    }

    void seccompUnconfinedOption() {
        Container c;
        c.id = std::string(64, 'e');
        c.path = "true";
        auto confined = buildSpec(c, {}, "berth");
        QVERIFY(confined.has_value());
        QCOMPARE(confined->seccomp, std::string());
        c.hostConfig.securityOpt = {"seccomp=unconfined"};
        auto unconfined = buildSpec(c, {}, "berth");
        QVERIFY(unconfined.has_value());
        QCOMPARE(unconfined->seccomp, std::string("unconfined"));
    }

    void hostnameFromConfig() {
        Container c;
        c.id = std::string(64, 'd');
        c.config.hostname = "box";
        QCOMPARE(hostnameOf(c), std::string("box"));
    }
};

QTEST_GUILESS_MAIN(TestContainerConfig)
#include "tst_container_config.moc"

// The image config is what an image id hashes, so its serialisation must be canonical and
// lossless; --change lines must act as the same Dockerfile lines do in Docker.

#include "common/sha256.h"
#include "image/config.h"

#include <QTest>

using namespace berth;
using namespace berth::image;

namespace {

ImageConfig sampleConfig() {
    ImageConfig config;
    config.created = 1796417368123456789;
    config.author = "Admin";
    config.comment = "Added httpd";
    config.dockerVersion = "berth";
    config.parent = "sha256:" + std::string(64, 'c');
    config.config.user = "www-data";
    config.config.env = {"PATH=/usr/bin:/bin", "A=b"};
    config.config.cmd = std::vector<std::string>{"httpd", "-f"};
    config.config.entrypoint = std::vector<std::string>{"/init"};
    config.config.workingDir = "/srv";
    config.config.labels = {{"maintainer", "devops"}, {"a", "b"}};
    config.config.exposedPorts = {"80/tcp", "53/udp"};
    config.config.volumes = {"/data"};
    config.config.stopSignal = "SIGQUIT";
    config.config.onBuild = {"RUN echo hi"};
    config.config.shell = std::vector<std::string>{"/bin/ash", "-c"};
    config.config.healthcheck = HealthConfig{{"CMD", "true"}, 30'000'000'000, 5'000'000'000, 0, 3};
    config.diffIds = {"sha256:" + std::string(64, 'a'), "sha256:" + std::string(64, 'b')};
    config.history = {{1796417368000000000, "", "", "imported", false},
                      {1796417368123456789, "/bin/sh -c #(nop) ENV A=b", "Admin", "", true}};
    return config;
}

// Ports and volumes are sets in the JSON, so they come back sorted.
void sortSets(ImageConfig& config) {
    std::ranges::sort(config.config.exposedPorts);
    std::ranges::sort(config.config.volumes);
}

} // namespace

class TestImageConfig : public QObject {
    Q_OBJECT

private slots:
    void configSurvivesRoundTrip() {
        ImageConfig config = sampleConfig();
        std::string json = serialize(config);
        auto parsed = parseImageConfig(json);
        QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(serialize(*parsed), json);

        sortSets(config);
        QCOMPARE(parsed->created, config.created);
        QCOMPARE(parsed->author, config.author);
        QCOMPARE(parsed->comment, config.comment);
        QCOMPARE(parsed->parent, config.parent);
        QCOMPARE(parsed->config.env, config.config.env);
        QCOMPARE(parsed->config.cmd, config.config.cmd);
        QCOMPARE(parsed->config.entrypoint, config.config.entrypoint);
        QCOMPARE(parsed->config.labels, config.config.labels);
        QCOMPARE(parsed->config.exposedPorts, config.config.exposedPorts);
        QCOMPARE(parsed->config.volumes, config.config.volumes);
        QCOMPARE(parsed->config.stopSignal, config.config.stopSignal);
        QCOMPARE(parsed->config.shell, config.config.shell);
        QVERIFY(parsed->config.healthcheck.has_value());
        QCOMPARE(parsed->config.healthcheck->interval, int64_t(30'000'000'000));
        QCOMPARE(parsed->config.healthcheck->retries, 3);
        QCOMPARE(parsed->diffIds, config.diffIds);
        QCOMPARE(parsed->history.size(), size_t(2));
        QCOMPARE(parsed->history[1].createdBy, config.history[1].createdBy);
        QVERIFY(parsed->history[1].emptyLayer);
        QCOMPARE(parsed->history[0].comment, std::string("imported"));
    }

    void serialisationIsCanonical() {
        std::string json = serialize(sampleConfig());
        QVERIFY(json.find(": ") == std::string::npos);
        QVERIFY(json.find('\n') == std::string::npos);
        // Keys are sorted: "architecture" comes first, "rootfs" last.
        QVERIFY(json.starts_with("{\"architecture\":"));
        QVERIFY(json.find("\"rootfs\":") > json.find("\"os\":"));

        // The same config built in another order hashes the same.
        ImageConfig reordered = sampleConfig();
        reordered.config.labels = {{"a", "b"}, {"maintainer", "devops"}};
        QCOMPARE(sha256Hex(serialize(reordered)), sha256Hex(json));

        ImageConfig changed = sampleConfig();
        changed.config.user = "root";
        QVERIFY(sha256Hex(serialize(changed)) != sha256Hex(json));
    }

    void createdKeepsNanoseconds() {
        std::string json = serialize(sampleConfig());
        QVERIFY(json.find("\"created\":\"2026-12-04T") != std::string::npos);
        QVERIFY(json.find(".123456789Z\"") != std::string::npos);
    }

    void parseRejectsBrokenConfig_data() {
        QTest::addColumn<QString>("json");
        QTest::newRow("not json") << "{";
        QTest::newRow("array instead of object") << "[]";
        QTest::newRow("no rootfs") << R"({"architecture":"amd64","os":"linux"})";
        QTest::newRow("cmd of numbers")
            << R"({"config":{"Cmd":[1,2]},"rootfs":{"type":"layers","diff_ids":[]}})";
        QTest::newRow("bad created time")
            << R"({"created":"yesterday","rootfs":{"type":"layers","diff_ids":[]}})";
    }
    void parseRejectsBrokenConfig() {
        QFETCH(QString, json);
        auto parsed = parseImageConfig(json.toStdString());
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
    }

    void parseAcceptsDockerStringCmd() {
        auto parsed = parseImageConfig(
            R"({"config":{"Cmd":"sh","Env":null},"rootfs":{"type":"layers","diff_ids":null}})");
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->config.cmd, std::optional(std::vector<std::string>{"sh"}));
        QVERIFY(parsed->config.env.empty());
    }

    void applyChangesSetsConfig_data() {
        QTest::addColumn<QStringList>("changes");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");

        QTest::newRow("CMD json form") << QStringList{R"(CMD ["httpd", "-f"])"} << "Cmd"
                                       << R"(["httpd","-f"])";
        QTest::newRow("CMD shell form") << QStringList{"CMD echo hello world"} << "Cmd"
                                        << R"(["/bin/sh","-c","echo hello world"])";
        QTest::newRow("lower case instruction") << QStringList{"cmd [\"sh\"]"} << "Cmd"
                                                << R"(["sh"])";
        QTest::newRow("ENTRYPOINT json form")
            << QStringList{R"(ENTRYPOINT ["/init"])"} << "Entrypoint"
            << R"(["/init"])";
        QTest::newRow("ENTRYPOINT shell form")
            << QStringList{"ENTRYPOINT exec top -b"} << "Entrypoint"
            << R"(["/bin/sh","-c","exec top -b"])";
        QTest::newRow("ENTRYPOINT drops an inherited CMD")
            << QStringList{R"(ENTRYPOINT ["/init"])"} << "Cmd"
            << "null";
        QTest::newRow("ENTRYPOINT keeps a CMD set before it")
            << QStringList{R"(CMD ["x"])", R"(ENTRYPOINT ["/init"])"} << "Cmd"
            << R"(["x"])";
        QTest::newRow("ENV key=value pairs") << QStringList{R"(ENV A=b C="d e" F=g\ h)"} << "Env"
                                             << R"(["PATH=/bin","A=b","C=d e","F=g h"])";
        QTest::newRow("ENV legacy form") << QStringList{"ENV GREETING hello world"} << "Env"
                                         << R"(["PATH=/bin","GREETING=hello world"])";
        QTest::newRow("ENV replaces a value") << QStringList{"ENV PATH=/usr/bin"} << "Env"
                                              << R"(["PATH=/usr/bin"])";
        QTest::newRow("EXPOSE defaults to tcp") << QStringList{"EXPOSE 80 53/udp"} << "ExposedPorts"
                                                << R"({"53/udp":{},"80/tcp":{}})";
        QTest::newRow("EXPOSE range") << QStringList{"EXPOSE 8000-8002"} << "ExposedPorts"
                                      << R"({"8000/tcp":{},"8001/tcp":{},"8002/tcp":{}})";
        QTest::newRow("LABEL pairs") << QStringList{R"(LABEL a=b "c d"="e f")"} << "Labels"
                                     << R"({"a":"b","c d":"e f"})";
        QTest::newRow("USER") << QStringList{"USER www-data:www-data"} << "User"
                              << R"("www-data:www-data")";
        QTest::newRow("WORKDIR absolute") << QStringList{"WORKDIR /srv"} << "WorkingDir"
                                          << R"("/srv")";
        QTest::newRow("WORKDIR relative joins")
            << QStringList{"WORKDIR /srv", "WORKDIR app"} << "WorkingDir"
            << R"("/srv/app")";
        QTest::newRow("VOLUME json form")
            << QStringList{R"(VOLUME ["/data", "/logs"])"} << "Volumes"
            << R"({"/data":{},"/logs":{}})";
        QTest::newRow("VOLUME words") << QStringList{"VOLUME /data /logs"} << "Volumes"
                                      << R"({"/data":{},"/logs":{}})";
        QTest::newRow("STOPSIGNAL") << QStringList{"STOPSIGNAL SIGQUIT"} << "StopSignal"
                                    << R"("SIGQUIT")";
        QTest::newRow("ONBUILD") << QStringList{"ONBUILD RUN echo hi"} << "OnBuild"
                                 << R"(["RUN echo hi"])";
        QTest::newRow("HEALTHCHECK")
            << QStringList{"HEALTHCHECK --interval=5s --retries=2 CMD true"} << "Healthcheck"
            << R"({"Interval":5000000000,"Retries":2,"Test":["CMD-SHELL","true"]})";
        QTest::newRow("empty change is ignored") << QStringList{"", "USER u"} << "User"
                                                 << R"("u")";
    }
    void applyChangesSetsConfig() {
        QFETCH(QStringList, changes);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        RunConfig config;
        config.env = {"PATH=/bin"};
        config.cmd = std::vector<std::string>{"inherited"};
        std::vector<std::string> lines;
        for (const auto& change : changes) {
            lines.push_back(change.toStdString());
        }
        auto applied = applyChanges(config, lines);
        QVERIFY2(applied.has_value(), applied ? "" : applied.error().message.c_str());
        auto json = toJson(config);
        QCOMPARE(QString::fromStdString(json[field.toStdString()].dump()), expected);
    }

    void applyChangesRejectsInvalid_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown instruction")
            << "FOO bar"
            << "dockerfile parse error on line 1: unknown instruction: FOO (a change may use "
               "CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, "
               "VOLUME, WORKDIR)";
        QTest::newRow("build-only instruction")
            << "RUN echo hi"
            << "run is not a valid change command (allowed: CMD, ENTRYPOINT, ENV, EXPOSE, "
               "HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)";
        QTest::newRow("FROM is build-only") << "FROM busybox"
                                            << "from is not a valid change";
        QTest::newRow("ENV without value") << "ENV A"
                                           << "ENV must have two arguments";
        QTest::newRow("EXPOSE bad port") << "EXPOSE http"
                                         << "invalid containerPort: http";
        QTest::newRow("EXPOSE bad protocol") << "EXPOSE 80/xyz"
                                             << "invalid proto";
        QTest::newRow("USER without argument") << "USER"
                                               << "USER requires exactly one argument";
        QTest::newRow("unmatched quote") << "ENV A=\"b"
                                         << "unmatched quote";
    }
    void applyChangesRejectsInvalid() {
        QFETCH(QString, change);
        QFETCH(QString, message);
        RunConfig config;
        auto applied = applyChanges(config, {change.toStdString()});
        QVERIFY(!applied.has_value());
        QCOMPARE(applied.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(QString::fromStdString(applied.error().message).contains(message),
                 applied.error().message.c_str());
    }

    void changeErrorNamesLine() {
        RunConfig config;
        auto applied = applyChanges(config, {"USER u", "EXPOSE nope"});
        QVERIFY(!applied.has_value());
        QVERIFY(applied.error().message.starts_with("dockerfile parse error on line 2: "));
    }
};

QTEST_GUILESS_MAIN(TestImageConfig)
#include "tst_image_config.moc"

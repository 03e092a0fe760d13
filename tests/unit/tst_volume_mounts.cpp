// Unit tests of the mount syntaxes: -v (HostConfig.Binds), --mount (HostConfig.Mounts),
// --volumes-from, volume names, and the volume list and prune filters. Each bad input
// must be rejected with Docker's wording, because the CLI prints the message as it is.

#include "api/volume_json.h"
#include "container/spec_builder.h"
#include "volume/mount_parse.h"
#include "volume/mount_point.h"

#include <QTest>

using namespace berth;
using namespace berth::volume;
using nlohmann::json;

class TestVolumeMounts : public QObject {
    Q_OBJECT

private slots:
    void cleanPathRules_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("cleaned");
        QTest::newRow("trailing slash") << "/data/"
                                        << "/data";
        QTest::newRow("double slash and dot") << "/a//./b"
                                              << "/a/b";
        QTest::newRow("parent inside") << "/a/b/../c"
                                       << "/a/c";
        QTest::newRow("parent above root") << "/../x"
                                           << "/x";
        QTest::newRow("root") << "/"
                              << "/";
        QTest::newRow("relative") << "a/../b"
                                  << "b";
    }
    void cleanPathRules() {
        QFETCH(QString, input);
        QFETCH(QString, cleaned);
        QCOMPARE(QString::fromStdString(cleanPath(input.toStdString())), cleaned);
    }

    void bindForms_data() {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<bool>("rw");
        QTest::addColumn<QString>("propagation");
        QTest::newRow("host dir") << "/srv/webapp:/app_data" << int(MountType::Bind)
                                  << "/srv/webapp"
                                  << ""
                                  << "/app_data" << true << "rprivate";
        QTest::newRow("host file read-only")
            << "/srv/c.yaml:/app/c.yaml:ro" << int(MountType::Bind) << "/srv/c.yaml"
            << ""
            << "/app/c.yaml" << false << "rprivate";
        QTest::newRow("propagation and rw")
            << "/srv:/x:rw,rshared" << int(MountType::Bind) << "/srv"
            << ""
            << "/x" << true << "rshared";
        QTest::newRow("selinux label accepted") << "/srv:/x:z" << int(MountType::Bind) << "/srv"
                                                << ""
                                                << "/x" << true << "rprivate";
        QTest::newRow("named volume") << "data:/data" << int(MountType::Volume) << ""
                                      << "data"
                                      << "/data" << true << "";
        QTest::newRow("named volume read-only") << "data:/data/:ro" << int(MountType::Volume) << ""
                                                << "data"
                                                << "/data" << false << "";
        QTest::newRow("anonymous volume") << "/storage_one" << int(MountType::Volume) << ""
                                          << ""
                                          << "/storage_one" << true << "";
    }
    void bindForms() {
        QFETCH(QString, raw);
        QFETCH(int, type);
        QFETCH(QString, source);
        QFETCH(QString, name);
        QFETCH(QString, destination);
        QFETCH(bool, rw);
        QFETCH(QString, propagation);
        auto mount = parseBind(raw.toStdString());
        QVERIFY2(mount.has_value(), mount ? "" : mount.error().message.c_str());
        QCOMPARE(int(mount->type), type);
        QCOMPARE(QString::fromStdString(mount->source), source);
        QCOMPARE(QString::fromStdString(mount->name), name);
        QCOMPARE(QString::fromStdString(mount->destination), destination);
        QCOMPARE(mount->rw, rw);
        QCOMPARE(QString::fromStdString(mount->propagation), propagation);
        QCOMPARE(mount->anonymous, type == int(MountType::Volume) && name.isEmpty());
    }

    // Bad -v values, each with the message Docker's daemon returns.
    void badBinds_data() {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty source") << ":/x"
                                      << "invalid volume specification: ':/x'";
        QTest::newRow("relative container path")
            << "/srv:data"
            << "invalid volume specification: '/srv:data': invalid mount config "
               "for type \"bind\": invalid mount path: 'data' mount path must "
               "be absolute";
        QTest::newRow("root as container path")
            << "/srv:/"
            << "invalid volume specification: '/srv:/': invalid mount config for "
               "type \"bind\": invalid specification: destination can't be '/'";
        QTest::newRow("root alone") << "/"
                                    << "invalid volume specification: '/': invalid mount "
                                       "config for type \"volume\": invalid "
                                       "specification: destination can't be '/'";
        QTest::newRow("unknown mode") << "/srv:/x:rx"
                                      << "invalid mode: rx";
        QTest::newRow("two rw modes") << "/srv:/x:ro,rw"
                                      << "invalid mode: ro,rw";
        QTest::newRow("mode without source") << "/x:ro"
                                             << "invalid volume specification: '/x:ro'";
        QTest::newRow("too many fields") << "/a:/b:ro:x"
                                         << "invalid volume specification: "
                                            "'/a:/b:ro:x'";
        QTest::newRow("relative host path")
            << "foo/bar:/x"
            << "create foo/bar: \"foo/bar\" includes invalid characters for a "
               "local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are "
               "allowed. If you intended to pass a host directory, use "
               "absolute path";
        QTest::newRow("volume with propagation")
            << "data:/x:rshared"
            << "invalid volume specification: 'data:/x:rshared': invalid "
               "mount config for type \"volume\": field BindOptions must "
               "not be specified";
    }
    void badBinds() {
        QFETCH(QString, raw);
        QFETCH(QString, message);
        auto mount = parseBind(raw.toStdString());
        QVERIFY(!mount.has_value());
        QCOMPARE(int(mount.error().kind), int(ErrorKind::InvalidArgument));
        QCOMPARE(QString::fromStdString(mount.error().message), message);
    }

    void volumeNames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "data" << true;
        QTest::newRow("dots dashes underscores") << "my_vol-1.x" << true;
        QTest::newRow("one character") << "a" << false;
        QTest::newRow("leading dot") << ".data" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("space") << "my vol" << false;
        QTest::newRow("empty") << "" << false;
    }
    void volumeNames() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(validateVolumeName(name.toStdString()).has_value(), valid);
    }

    void anonymousNames() {
        QVERIFY(isAnonymousVolumeName(std::string(64, 'a')));
        QVERIFY(!isAnonymousVolumeName(std::string(63, 'a')));
        QVERIFY(!isAnonymousVolumeName(std::string(64, 'A')));
    }

    void mountSpecs_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("destination");
        QTest::addColumn<bool>("rw");
        QTest::addColumn<QString>("detail");
        QTest::newRow("bind read-only")
            << R"({"Type":"bind","Source":"/srv","Target":"/x/","ReadOnly":true})"
            << int(MountType::Bind) << "/x" << false << "rprivate";
        QTest::newRow("bind propagation") << R"({"Type":"bind","Source":"/srv","Target":"/x",
                  "BindOptions":{"Propagation":"rslave"}})"
                                          << int(MountType::Bind) << "/x" << true << "rslave";
        QTest::newRow("named volume with label")
            << R"({"Type":"volume","Source":"data","Target":"/d",
                  "VolumeOptions":{"Labels":{"a":"b"}}})"
            << int(MountType::Volume) << "/d" << true << "data";
        QTest::newRow("tmpfs size and mode")
            << R"({"Type":"tmpfs","Target":"/t","TmpfsOptions":{"SizeBytes":67108864,
                  "Mode":1023}})"
            << int(MountType::Tmpfs) << "/t" << true << "mode=1777,size=64m";
    }
    void mountSpecs() {
        QFETCH(QString, spec);
        QFETCH(int, type);
        QFETCH(QString, destination);
        QFETCH(bool, rw);
        QFETCH(QString, detail);
        auto mount = parseMount(json::parse(spec.toStdString()));
        QVERIFY2(mount.has_value(), mount ? "" : mount.error().message.c_str());
        QCOMPARE(int(mount->type), type);
        QCOMPARE(QString::fromStdString(mount->destination), destination);
        QCOMPARE(mount->rw, rw);
        std::string actual = type == int(MountType::Bind)     ? mount->propagation
                             : type == int(MountType::Volume) ? mount->name
                                                              : mount->tmpfsOptions;
        QCOMPARE(QString::fromStdString(actual), detail);
        QVERIFY(!mount->createSource);
    }

    void badMountSpecs_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown type") << R"({"Type":"disk","Target":"/x"})"
                                      << "invalid mount config for type \"disk\": mount type "
                                         "unknown";
        QTest::newRow("no target") << R"({"Type":"bind","Source":"/srv"})"
                                   << "invalid mount config for type \"bind\": field Target "
                                      "must not be empty";
        QTest::newRow("bind without source") << R"({"Type":"bind","Target":"/x"})"
                                             << "invalid mount config for type \"bind\": field "
                                                "Source must not be empty";
        QTest::newRow("relative bind source")
            << R"({"Type":"bind","Source":"srv","Target":"/x"})"
            << "invalid mount config for type \"bind\": invalid mount path: 'srv' mount path "
               "must be absolute";
        QTest::newRow("bad propagation")
            << R"({"Type":"bind","Source":"/srv","Target":"/x",
                  "BindOptions":{"Propagation":"up"}})"
            << "invalid mount config for type \"bind\": invalid propagation mode: up";
        QTest::newRow("tmpfs with source") << R"({"Type":"tmpfs","Source":"/a","Target":"/x"})"
                                           << "invalid mount config for type \"tmpfs\": field "
                                              "Source must not be specified";
        QTest::newRow("read-only anonymous volume")
            << R"({"Type":"volume","Target":"/x","ReadOnly":true})"
            << "invalid mount config for type \"volume\": must not set ReadOnly mode when "
               "using anonymous volumes";
        QTest::newRow("volume with bind options")
            << R"({"Type":"volume","Source":"v1","Target":"/x",
                  "BindOptions":{"Propagation":"rshared"}})"
            << "invalid mount config for type \"volume\": field BindOptions must not be "
               "specified";
        QTest::newRow("root target") << R"({"Type":"tmpfs","Target":"/"})"
                                     << "invalid mount config for type \"tmpfs\": invalid "
                                        "specification: destination can't be '/'";
    }
    void badMountSpecs() {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        auto mount = parseMount(json::parse(spec.toStdString()));
        QVERIFY(!mount.has_value());
        QCOMPARE(QString::fromStdString(mount.error().message), message);
    }

    void volumesFromSpecs() {
        auto plain = parseVolumesFrom("data_hub");
        QVERIFY(plain.has_value());
        QCOMPARE(plain->container, std::string("data_hub"));
        QCOMPARE(plain->mode, std::string());
        auto readOnly = parseVolumesFrom("data_hub:ro");
        QVERIFY(readOnly.has_value());
        QCOMPARE(readOnly->mode, std::string("ro"));
        auto bad = parseVolumesFrom("data_hub:rshared");
        QVERIFY(!bad.has_value());
        QCOMPARE(bad.error().message, std::string("invalid mode: rshared"));
        QVERIFY(!parseVolumesFrom("").has_value());
    }

    void mountPointDiskRoundTrip() {
        auto mount = parseBind("/srv:/data:ro");
        QVERIFY(mount.has_value());
        auto back = mountPointFromDiskJson(toDiskJson(*mount));
        QVERIFY(back.has_value());
        QCOMPARE(back->source, mount->source);
        QCOMPARE(back->destination, mount->destination);
        QCOMPARE(back->rw, false);
        QCOMPARE(back->mode, std::string("ro"));
    }

    // Docker's inspect shows Name and Driver only for volumes.
    void inspectJsonShape() {
        MountPoint bind = *parseBind("/srv:/data:ro");
        json bindJson = toInspectJson(bind);
        QVERIFY(!bindJson.contains("Name"));
        QCOMPARE(bindJson["Type"].get<std::string>(), std::string("bind"));
        QCOMPARE(bindJson["Mode"].get<std::string>(), std::string("ro"));
        QCOMPARE(bindJson["RW"].get<bool>(), false);
        QCOMPARE(bindJson["Propagation"].get<std::string>(), std::string("rprivate"));
        MountPoint named = *parseBind("data:/d");
        named.source = "/root/volumes/data/_data";
        json volumeJson = toInspectJson(named);
        QCOMPARE(volumeJson["Name"].get<std::string>(), std::string("data"));
        QCOMPARE(volumeJson["Driver"].get<std::string>(), std::string("local"));
        QCOMPARE(volumeJson["Propagation"].get<std::string>(), std::string());
        QCOMPARE(volumeJson["Mode"].get<std::string>(), std::string("z"));
        QCOMPARE(toInspectJson(*parseBind("/anon"))["Mode"].get<std::string>(), std::string());
    }

    void mountOrderParentsFirst() {
        std::vector<MountPoint> mounts = {*parseBind("/a:/x/y/z"), *parseBind("/b:/x"),
                                          *parseBind("/c:/x/y")};
        sortForMounting(mounts);
        QCOMPARE(mounts[0].destination, std::string("/x"));
        QCOMPARE(mounts[1].destination, std::string("/x/y"));
        QCOMPARE(mounts[2].destination, std::string("/x/y/z"));
    }

    void runtimeMountsOfMountPoints() {
        MountPoint anonymous = *parseBind("/data");
        anonymous.source = "/root/volumes/abc/_data";
        MountPoint tmpfs =
            *parseMount(json::parse(R"({"Type":"tmpfs","Target":"/t","ReadOnly":true})"));
        auto specs = container::mountSpecsOf({*parseBind("/srv:/x:ro"), anonymous, tmpfs});
        QCOMPARE(specs.size(), size_t(3));
        QCOMPARE(specs[0].options, (std::vector<std::string>{"rbind", "ro"}));
        QCOMPARE(specs[0].copyUp, false);
        QCOMPARE(specs[1].source, anonymous.source);
        QCOMPARE(specs[1].copyUp, true);
        QCOMPARE(specs[2].type, std::string("tmpfs"));
        QVERIFY(std::ranges::find(specs[2].options, "ro") != specs[2].options.end());
    }

    void listFilters() {
        Volume named;
        named.name = "web-data";
        named.labels = {{"team", "a"}};
        Volume anonymous;
        anonymous.name = std::string(64, 'f');
        anonymous.labels = {{std::string(kAnonymousLabel), ""}};
        auto filters = [](const char* text) { return *api::parseFilters(text); };
        QVERIFY(api::volumeMatches(named, false, filters(R"({"name":{"web":true}})")));
        QVERIFY(!api::volumeMatches(anonymous, false, filters(R"({"name":{"web":true}})")));
        QVERIFY(api::volumeMatches(named, false, filters(R"({"dangling":{"true":true}})")));
        QVERIFY(!api::volumeMatches(named, true, filters(R"({"dangling":{"true":true}})")));
        QVERIFY(api::volumeMatches(named, true, filters(R"({"dangling":{"false":true}})")));
        QVERIFY(api::volumeMatches(named, false, filters(R"({"label":{"team=a":true}})")));
        QVERIFY(!api::volumeMatches(named, false, filters(R"({"label":{"team=b":true}})")));
        QVERIFY(!api::validateVolumeListFilters(filters(R"({"colour":{"red":true}})")));
        QVERIFY(!api::validateVolumeListFilters(filters(R"({"dangling":{"maybe":true}})")));
    }

    void pruneTakesAnonymousUnlessAll() {
        Volume named;
        named.name = "keep";
        Volume anonymous;
        anonymous.name = std::string(64, 'e');
        anonymous.labels = {{std::string(kAnonymousLabel), ""}};
        api::Filters none;
        QVERIFY(!api::volumePrunable(named, none));
        QVERIFY(api::volumePrunable(anonymous, none));
        api::Filters all = {{"all", {"true"}}};
        QVERIFY(api::volumePrunable(named, all));
        api::Filters notAnonymous = {{"all", {"1"}}, {"label!", {std::string(kAnonymousLabel)}}};
        QVERIFY(api::volumePrunable(named, notAnonymous));
        QVERIFY(!api::volumePrunable(anonymous, notAnonymous));
    }
};

QTEST_GUILESS_MAIN(TestVolumeMounts)
#include "tst_volume_mounts.moc"

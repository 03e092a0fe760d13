// Volume mappings of the Run dialog: reading and writing -v and --volumes-from values, the
// checks shown before anything is created, and the create request they become.

#include "createrequest.h"
#include "volumemapping.h"

#include <QTest>

#include <map>

using namespace berth;
using namespace berth::studio;

using Issues = std::vector<MappingIssue>;
using Mappings = std::vector<VolumeMapping>;
Q_DECLARE_METATYPE(VolumeMapping)
Q_DECLARE_METATYPE(Issues)
Q_DECLARE_METATYPE(Mappings)

namespace {

// A file system with /srv/app.conf as the only file and /srv as the only directory.
HostPathKind fakeProbe(const std::string& path) {
    if (path == "/srv/app.conf") {
        return HostPathKind::File;
    }
    return path == "/srv" ? HostPathKind::Directory : HostPathKind::Missing;
}

VolumeMapping mapping(std::string source, std::string target, bool readOnly = false,
                      bool singleFile = false) {
    return {std::move(source), std::move(target), readOnly, singleFile};
}

} // namespace

class VolumeMappingTest : public QObject {
    Q_OBJECT

private slots:
    void classifySource_data();
    void classifySource();
    void parseVolumeOption_data();
    void parseVolumeOption();
    void parseVolumeOptionRejects_data();
    void parseVolumeOptionRejects();
    void volumesFromRoundTrips();
    void volumesFromRejectsUnknownMode();
    void validate_data();
    void validate();
    void createRequestCarriesVolumes();
    void createRequestWithoutVolumesHasNoKeys();
};

void VolumeMappingTest::classifySource_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("kind");
    QTest::newRow("empty is anonymous") << "" << int(MappingSource::Anonymous);
    QTest::newRow("absolute path is a bind") << "/srv/data" << int(MappingSource::HostPath);
    QTest::newRow("a name is a volume") << "db-data_1.v" << int(MappingSource::Volume);
    QTest::newRow("dot-relative path") << "./data" << int(MappingSource::Invalid);
    QTest::newRow("relative path with a slash") << "data/sub" << int(MappingSource::Invalid);
    QTest::newRow("home-relative path") << "~/data" << int(MappingSource::Invalid);
    QTest::newRow("one-letter name") << "a" << int(MappingSource::Invalid);
}

void VolumeMappingTest::classifySource() {
    QFETCH(QString, source);
    QFETCH(int, kind);
    QCOMPARE(int(berth::studio::classifySource(source.toStdString())), kind);
}

void VolumeMappingTest::parseVolumeOption_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<VolumeMapping>("expected");
    QTest::newRow("anonymous") << "/cache" << mapping("", "/cache");
    QTest::newRow("bind") << "/srv:/app" << mapping("/srv", "/app");
    QTest::newRow("read-only named volume") << "data:/db:ro" << mapping("data", "/db", true);
    QTest::newRow("explicit rw") << "/srv:/app:rw" << mapping("/srv", "/app");
}

void VolumeMappingTest::parseVolumeOption() {
    QFETCH(QString, value);
    QFETCH(VolumeMapping, expected);
    auto parsed = berth::studio::parseVolumeOption(value.toStdString());
    QVERIFY2(parsed.has_value(), parsed ? "" : parsed.error().message.c_str());
    QVERIFY(*parsed == expected);
    QCOMPARE(QString::fromStdString(formatVolumeOption(*parsed)), value.remove(":rw"));
}

void VolumeMappingTest::parseVolumeOptionRejects_data() {
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("SELinux label mode") << "/srv:/app:z"
                                        << "invalid volume mode \"z\"";
    QTest::newRow("empty source") << ":/app"
                                  << "expected [SOURCE:]TARGET";
    QTest::newRow("empty target") << "/srv:"
                                  << "expected [SOURCE:]TARGET";
}

void VolumeMappingTest::parseVolumeOptionRejects() {
    QFETCH(QString, value);
    QFETCH(QString, messagePart);
    auto parsed = berth::studio::parseVolumeOption(value.toStdString());
    QVERIFY(!parsed.has_value());
    QCOMPARE(parsed.error().kind, ErrorKind::InvalidArgument);
    QVERIFY2(QString::fromStdString(parsed.error().message).contains(messagePart),
             parsed.error().message.c_str());
}

void VolumeMappingTest::volumesFromRoundTrips() {
    for (const std::string value : {"store", "store:ro", "store:rw"}) {
        auto parsed = parseVolumesFrom(value);
        QVERIFY2(parsed.has_value(), value.c_str());
        QCOMPARE(parsed->container, std::string("store"));
        QCOMPARE(formatVolumesFrom(*parsed), value);
    }
}

void VolumeMappingTest::volumesFromRejectsUnknownMode() {
    QVERIFY(!parseVolumesFrom("store:z").has_value());
    QVERIFY(!parseVolumesFrom(":ro").has_value());
}

void VolumeMappingTest::validate_data() {
    QTest::addColumn<Mappings>("mappings");
    QTest::addColumn<Issues>("issues");
    using P = MappingProblem;
    QTest::newRow("good bind, volume, anonymous and file")
        << std::vector{mapping("/srv", "/app"), mapping("data", "/db", true), mapping("", "/cache"),
                       mapping("/srv/app.conf", "/etc/app.conf", true, true)}
        << Issues{};
    QTest::newRow("an empty row is skipped") << std::vector{mapping("", "")} << Issues{};
    QTest::newRow("relative host path")
        << std::vector{mapping("./data", "/data")} << Issues{{0, P::RelativeHostPath}};
    QTest::newRow("missing file for a single-file mount")
        << std::vector{mapping("/srv/missing.conf", "/etc/app.conf", false, true)}
        << Issues{{0, P::MissingHostFile}};
    QTest::newRow("a directory picked as a single file")
        << std::vector{mapping("/srv", "/etc/app.conf", false, true)}
        << Issues{{0, P::MissingHostFile}};
    QTest::newRow("missing directory is fine, the engine creates it")
        << std::vector{mapping("/srv/new", "/data")} << Issues{};
    QTest::newRow("duplicate container path, even with a trailing slash")
        << std::vector{mapping("/srv", "/data"), mapping("vol", "/data/")}
        << Issues{{1, P::DuplicateTarget}};
    QTest::newRow("container path not absolute")
        << std::vector{mapping("/srv", "data")} << Issues{{0, P::RelativeTarget}};
    QTest::newRow("container path is the root")
        << std::vector{mapping("/srv", "//")} << Issues{{0, P::RootTarget}};
    QTest::newRow("source without container path")
        << std::vector{mapping("/srv", "")} << Issues{{0, P::EmptyTarget}};
    QTest::newRow("two problems in one row")
        << std::vector{mapping("rel/path", "data")}
        << Issues{{0, P::RelativeTarget}, {0, P::RelativeHostPath}};
}

void VolumeMappingTest::validate() {
    QFETCH(Mappings, mappings);
    QFETCH(Issues, issues);
    const Issues found = validateMappings(mappings, fakeProbe);
    QCOMPARE(found.size(), issues.size());
    for (size_t i = 0; i < issues.size(); ++i) {
        QCOMPARE(found[i].row, issues[i].row);
        QCOMPARE(int(found[i].problem), int(issues[i].problem));
    }
}

void VolumeMappingTest::createRequestCarriesVolumes() {
    RunSpec spec;
    spec.image = "busybox";
    spec.volumes = {mapping("/srv", "/app"), mapping("data", "/db", true), mapping("", "/cache")};
    spec.volumesFrom = {{"store", ""}, {"logs", "ro"}};
    const client::Json body = createRequestBody(spec);
    const std::string text = body.dump();
    QVERIFY2(body["HostConfig"]["Binds"] == client::Json({"/srv:/app", "data:/db:ro"}),
             text.c_str());
    QVERIFY2(body["Volumes"] == client::Json({{"/cache", client::Json::object()}}), text.c_str());
    QVERIFY2(body["HostConfig"]["VolumesFrom"] == client::Json({"store", "logs:ro"}), text.c_str());
}

void VolumeMappingTest::createRequestWithoutVolumesHasNoKeys() {
    RunSpec spec;
    spec.image = "busybox";
    const client::Json body = createRequestBody(spec);
    QVERIFY(!body.contains("Volumes"));
    QVERIFY(!body["HostConfig"].contains("Binds"));
    QVERIFY(!body["HostConfig"].contains("VolumesFrom"));
}

QTEST_GUILESS_MAIN(VolumeMappingTest)
#include "tst_volume_mapping.moc"

// docker save, docker load and docker export through the stock docker CLI against a
// private berthd: archives in Docker's and the OCI layout, round trips that keep image ids
// and layer digests, bad archives that leave the store as it was, and container exports.

#include "berthd_fixture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <utility>
#include <vector>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// Runs tar with args and returns its standard output, or "" when it fails.
QByteArray runTar(const QStringList& args) {
    QProcess tar;
    tar.start("tar", args);
    if (!tar.waitForFinished(30000) || tar.exitCode() != 0) {
        qWarning("tar %s failed: %s", qPrintable(args.join(' ')),
                 tar.readAllStandardError().data());
        return {};
    }
    return tar.readAllStandardOutput();
}

QStringList tarNames(const QString& archive) {
    return text(runTar({"-tf", archive})).split('\n');
}

QByteArray tarMember(const QString& archive, const QString& member) {
    return runTar({"-xOf", archive, member});
}

QString sha256Of(const QByteArray& data) {
    return "sha256:" + QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// Writes a tar of (entry name, content) pairs, in order, with libarchive, so names such as
// "../evil" go in exactly as given.
bool writeTar(const QString& path, const std::vector<std::pair<QByteArray, QByteArray>>& files) {
    std::unique_ptr<archive, int (*)(archive*)> writer(archive_write_new(), archive_write_free);
    archive_write_set_format_pax_restricted(writer.get());
    if (archive_write_open_filename(writer.get(), QFile::encodeName(path).constData()) !=
        ARCHIVE_OK) {
        return false;
    }
    for (const auto& [name, content] : files) {
        std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                       archive_entry_free);
        archive_entry_set_pathname(entry.get(), name.constData());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), content.size());
        if (archive_write_header(writer.get(), entry.get()) != ARCHIVE_OK ||
            archive_write_data(writer.get(), content.constData(), size_t(content.size())) !=
                content.size()) {
            return false;
        }
    }
    return archive_write_close(writer.get()) == ARCHIVE_OK;
}

// A layer tar with one file, and an image config listing it.
struct HandMadeImage {
    QByteArray layer;
    QByteArray config;
};

// The layer's content is unique to scratch, so the store never has the layer already.
HandMadeImage makeImage(const QString& scratch) {
    QString layerPath = scratch + "/layer.tar";
    writeTar(layerPath, {{"hand-made.txt", "made by hand in " + scratch.toUtf8() + "\n"}});
    QFile file(layerPath);
    file.open(QIODevice::ReadOnly);
    HandMadeImage image;
    image.layer = file.readAll();
    QJsonObject rootfs{{"type", "layers"}, {"diff_ids", QJsonArray{sha256Of(image.layer)}}};
    QJsonObject config{{"architecture", "amd64"},
                       {"os", "linux"},
                       {"config", QJsonObject{{"Cmd", QJsonArray{"sh"}}}},
                       {"rootfs", rootfs}};
    image.config = QJsonDocument(config).toJson(QJsonDocument::Compact);
    return image;
}

QByteArray hexOf(const QByteArray& data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray manifestFor(const QByteArray& configName, const QByteArray& layerName) {
    QJsonArray list{QJsonObject{{"Config", QString(configName)},
                                {"RepoTags", QJsonArray{"hand-made:bad"}},
                                {"Layers", QJsonArray{QString(layerName)}}}};
    return QJsonDocument(list).toJson(QJsonDocument::Compact);
}

} // namespace

class TestApiImageArchive : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    QTemporaryDir scratch_;

    QString path(const QString& name) const { return scratch_.filePath(name); }

    QString imageId(const QString& image) const {
        CommandResult result = daemon_.docker({"image", "inspect", "-f", "{{.Id}}", image});
        return result.exitCode == 0 ? text(result.out) : "exit " + describe(result);
    }

    QStringList layersOf(const QString& image) const {
        CommandResult result =
            daemon_.docker({"image", "inspect", "-f", "{{json .RootFS.Layers}}", image});
        QStringList layers;
        for (const QJsonValue& layer : QJsonDocument::fromJson(result.out).array()) {
            layers << layer.toString();
        }
        return layers;
    }

    QString imageList() const {
        return text(daemon_
                        .docker({"images", "-a", "--no-trunc", "--format",
                                 "{{.Repository}}:{{.Tag}} {{.ID}}"})
                        .out);
    }

    QStringList stagingLeftovers() const {
        return QDir(daemon_.dataRoot() + "/image/tmp")
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    }

    // Commits a two-layer image NAME whose second layer contains /saved.txt.
    bool commitImage(const QString& name, const QString& content) {
        CommandResult run =
            daemon_.docker({"run", "--name", "maker", "busybox", "sh", "-c",
                            "echo " + content +
                                " > /saved.txt && mkdir -p /deep/dir && ln -s /saved.txt "
                                "/deep/link && echo hard > /deep/a && ln /deep/a /deep/b"});
        CommandResult commit = daemon_.docker({"commit", "maker", name});
        CommandResult removed = daemon_.docker({"rm", "maker"});
        return run.exitCode == 0 && commit.exitCode == 0 && removed.exitCode == 0;
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        QVERIFY(scratch_.isValid());
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // The archive is Docker's format and an OCI layout at once, and each layer blob is
    // named by its content digest, which is the diff id in the image config.
    void saveWritesDockerAndOciLayout() {
        QVERIFY(commitImage("saved:v1", "first"));
        QString archive = path("saved.tar");
        CommandResult save = daemon_.docker({"save", "-o", archive, "saved:v1"});
        QVERIFY2(save.exitCode == 0, describe(save));

        QStringList names = tarNames(archive);
        for (const char* name : {"manifest.json", "index.json", "oci-layout", "repositories"}) {
            QVERIFY2(names.contains(name), qPrintable(names.join(' ')));
        }
        QJsonArray manifest = QJsonDocument::fromJson(tarMember(archive, "manifest.json")).array();
        QCOMPARE(manifest.size(), 1);
        QJsonObject entry = manifest.first().toObject();
        QCOMPARE(entry["RepoTags"].toArray(), QJsonArray{"saved:v1"});
        QString id = imageId("saved:v1");
        QCOMPARE(entry["Config"].toString(), "blobs/sha256/" + id.mid(7));
        QCOMPARE(sha256Of(tarMember(archive, entry["Config"].toString())), id);

        QStringList layers = layersOf("saved:v1");
        QJsonArray layerPaths = entry["Layers"].toArray();
        QCOMPARE(layerPaths.size(), layers.size());
        QCOMPARE(layers.size(), 2);
        for (int i = 0; i < layers.size(); ++i) {
            QCOMPARE(layerPaths[i].toString(), "blobs/sha256/" + layers[i].mid(7));
            QCOMPARE(sha256Of(tarMember(archive, layerPaths[i].toString())), layers[i]);
        }

        QJsonObject index = QJsonDocument::fromJson(tarMember(archive, "index.json")).object();
        QJsonObject annotations =
            index["manifests"].toArray().first().toObject()["annotations"].toObject();
        QCOMPARE(annotations["io.containerd.image.name"].toString(), "docker.io/library/saved:v1");
    }

    // save, rmi, load, run: the same id, the same layers, the same files.
    void saveRemoveLoadRunKeepsImage() {
        QVERIFY(commitImage("round:trip", "round-trip-content"));
        QString id = imageId("round:trip");
        QStringList layers = layersOf("round:trip");
        QString archive = path("round.tar");
        CommandResult save = daemon_.docker({"save", "-o", archive, "round:trip"});
        QVERIFY2(save.exitCode == 0, describe(save));
        CommandResult removed = daemon_.docker({"rmi", "round:trip"});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY(imageId("round:trip").startsWith("exit"));

        CommandResult load = daemon_.docker({"load", "-i", archive});
        QVERIFY2(load.exitCode == 0, describe(load));
        QVERIFY2(text(load.out).contains("Loaded image: round:trip"), describe(load));
        QCOMPARE(imageId("round:trip"), id);
        QCOMPARE(layersOf("round:trip"), layers);
        QCOMPARE(daemon_.runOutput({"round:trip", "cat", "/saved.txt", "/deep/link", "/deep/b"}),
                 QString("round-trip-content\nround-trip-content\nhard"));
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));
    }

    // Several images in one archive, one of them by id: both load, the untagged one is
    // reported by its id.
    void saveSeveralImagesLoadsAll() {
        QVERIFY(commitImage("several:one", "one"));
        QVERIFY(commitImage("several:two", "two"));
        QString untaggedId = imageId("several:two");
        QString archive = path("several.tar");
        CommandResult save =
            daemon_.docker({"save", "-o", archive, "several:one", untaggedId.mid(7, 12)});
        QVERIFY2(save.exitCode == 0, describe(save));
        QCOMPARE(QJsonDocument::fromJson(tarMember(archive, "manifest.json")).array().size(), 2);

        QVERIFY(daemon_.docker({"rmi", "several:one", "several:two"}).exitCode == 0);
        CommandResult load = daemon_.docker({"load", "-i", archive});
        QVERIFY2(load.exitCode == 0, describe(load));
        QVERIFY2(text(load.out).contains("Loaded image: several:one"), describe(load));
        QVERIFY2(text(load.out).contains("Loaded image ID: " + untaggedId), describe(load));
        QCOMPARE(daemon_.runOutput({untaggedId.mid(7, 12), "cat", "/saved.txt"}), QString("two"));
    }

    // An OCI layout without manifest.json (as skopeo and podman write it) loads too.
    void loadReadsOciLayoutAlone() {
        QString scratch = path("oci");
        QVERIFY(QDir().mkpath(scratch));
        HandMadeImage image = makeImage(scratch);
        QJsonObject manifest{
            {"schemaVersion", 2},
            {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
            {"config", QJsonObject{{"mediaType", "application/vnd.oci.image.config.v1+json"},
                                   {"digest", sha256Of(image.config)},
                                   {"size", image.config.size()}}},
            {"layers",
             QJsonArray{QJsonObject{{"mediaType", "application/vnd.oci.image.layer.v1.tar"},
                                    {"digest", sha256Of(image.layer)},
                                    {"size", image.layer.size()}}}}};
        QByteArray manifestJson = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
        QJsonObject index{
            {"schemaVersion", 2},
            {"manifests", QJsonArray{QJsonObject{
                              {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                              {"digest", sha256Of(manifestJson)},
                              {"size", manifestJson.size()},
                              {"annotations", QJsonObject{{"org.opencontainers.image.ref.name",
                                                           "oci-made:v1"}}}}}}};
        QString archive = path("oci.tar");
        QVERIFY(writeTar(archive,
                         {{"oci-layout", R"({"imageLayoutVersion":"1.0.0"})"},
                          {"blobs/sha256/" + hexOf(image.layer), image.layer},
                          {"blobs/sha256/" + hexOf(image.config), image.config},
                          {"blobs/sha256/" + hexOf(manifestJson), manifestJson},
                          {"index.json", QJsonDocument(index).toJson(QJsonDocument::Compact)}}));
        CommandResult load = daemon_.docker({"load", "-i", archive});
        QVERIFY2(load.exitCode == 0, describe(load));
        QVERIFY2(text(load.out).contains("Loaded image: oci-made:v1"), describe(load));
        QCOMPARE(imageId("oci-made:v1"), sha256Of(image.config));
    }

    void loadRejectsBadArchive_data() {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("message");
        QTest::newRow("entry path with ../") << "dotdot"
                                             << "would leave the archive";
        QTest::newRow("absolute entry path") << "absolute"
                                             << "is an absolute path";
        QTest::newRow("layer file missing") << "missing-layer"
                                            << "is missing";
        QTest::newRow("manifest not a list") << "bad-manifest"
                                             << "malformed manifest.json";
        QTest::newRow("layer does not match diff id") << "wrong-layer"
                                                      << "does not match";
        QTest::newRow("config does not match name") << "wrong-config"
                                                    << "does not match";
        QTest::newRow("no manifest at all") << "no-manifest"
                                            << "neither manifest.json";
    }

    // A bad archive is rejected with a message naming the problem, and nothing is stored
    // or tagged: the image list is unchanged and no staging directory is left.
    void loadRejectsBadArchive() {
        QFETCH(QString, problem);
        QFETCH(QString, message);
        QString scratch = path("bad-" + problem);
        QVERIFY(QDir().mkpath(scratch));
        HandMadeImage image = makeImage(scratch);
        HandMadeImage other = makeImage(scratch);
        other.layer.replace("made by hand", "made by HAND");

        QByteArray configName = hexOf(image.config) + ".json";
        QByteArray layerName = "layer/layer.tar";
        std::vector<std::pair<QByteArray, QByteArray>> files = {
            {configName, image.config},
            {layerName, image.layer},
            {"manifest.json", manifestFor(configName, layerName)}};
        if (problem == "dotdot") {
            files.insert(files.begin(), {"../escaped.txt", "out"});
        } else if (problem == "absolute") {
            files.insert(files.begin(), {"/etc/escaped.txt", "out"});
        } else if (problem == "missing-layer") {
            files.erase(files.begin() + 1);
        } else if (problem == "bad-manifest") {
            files.back().second = R"({"Config": 1})";
        } else if (problem == "wrong-layer") {
            files[1].second = other.layer;
        } else if (problem == "wrong-config") {
            files[0].first = QByteArray(64, 'a') + ".json";
            files.back().second = manifestFor(files[0].first, layerName);
        } else if (problem == "no-manifest") {
            files.pop_back();
        }
        QString archive = scratch + "/bad.tar";
        QVERIFY(writeTar(archive, files));

        QString before = imageList();
        CommandResult load = daemon_.docker({"load", "-i", archive});
        QVERIFY2(load.exitCode != 0, describe(load));
        QVERIFY2(text(load.err).contains(message), describe(load));
        QCOMPARE(imageList(), before);
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));
        QVERIFY(!QFile::exists(daemon_.dataRoot() + "/image/escaped.txt"));
    }

    // export contains the files of the container and its image, but not its volumes.
    void exportContainsFilesWithoutVolumes() {
        CommandResult run =
            daemon_.docker({"run", "--name", "exported", "-v", "/data", "busybox", "sh", "-c",
                            "echo mine > /written.txt && echo vol > /data/in-volume"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString archive = path("export.tar");
        CommandResult exported = daemon_.docker({"export", "-o", archive, "exported"});
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QStringList names = tarNames(archive);
        QVERIFY2(names.contains("written.txt"), qPrintable(names.join(' ')));
        QVERIFY2(names.contains("bin/busybox"), qPrintable(names.join(' ')));
        QVERIFY2(!names.contains("data/in-volume"), qPrintable(names.join(' ')));
        QCOMPARE(tarMember(archive, "written.txt"), QByteArray("mine\n"));
    }

    // A running container exports too, with what it has written so far.
    void exportOfRunningContainer() {
        CommandResult run = daemon_.docker({"run", "-d", "--name", "running", "busybox", "sh", "-c",
                                            "echo live > /live.txt && sleep 600"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString archive = path("running.tar");
        CommandResult exported;
        for (int attempt = 0; attempt < 50; ++attempt) {
            exported = daemon_.docker({"export", "-o", archive, "running"});
            if (exported.exitCode != 0 || tarNames(archive).contains("live.txt")) {
                break;
            }
            QTest::qWait(100);
        }
        QVERIFY2(exported.exitCode == 0, describe(exported));
        QCOMPARE(tarMember(archive, "live.txt"), QByteArray("live\n"));
    }

    void exportOfUnknownContainerFails() {
        CommandResult exported = daemon_.docker({"export", "-o", path("none.tar"), "no-such"});
        QVERIFY(exported.exitCode != 0);
        QVERIFY2(text(exported.err).contains("No such container"), describe(exported));
    }
};

QTEST_GUILESS_MAIN(TestApiImageArchive)
#include "tst_api_image_archive.moc"

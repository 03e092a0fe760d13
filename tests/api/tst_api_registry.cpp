// docker push, pull, login and run-with-pull through the stock docker CLI against a private
// berthd and Debian's docker-registry, which the test starts on a free loopback port with
// its own storage, once open and once with basic auth. Nothing else is contacted: every
// reference names 127.0.0.1:PORT.

#include "berthd_fixture.h"
#include "loopback_registry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

QString digestIn(const QString& output) {
    QRegularExpressionMatch match =
        QRegularExpression("sha256:[0-9a-f]{64}").match(output.section("digest", -1));
    return match.hasMatch() ? match.captured(0) : QString();
}

QByteArray compact(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestApiRegistry : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    LoopbackRegistry open_;

    QString imageId(const QString& image) const {
        CommandResult result = daemon_.docker({"image", "inspect", "-f", "{{.Id}}", image});
        return result.exitCode == 0 ? text(result.out) : "exit " + describe(result);
    }

    QString imageList() const {
        return text(daemon_
                        .docker({"images", "-a", "--no-trunc", "--format",
                                 "{{.Repository}}:{{.Tag}} {{.ID}}"})
                        .out);
    }

    // The RepoDigests of image, or "exit ..." when inspect fails.
    QStringList repoDigests(const QString& image) const {
        CommandResult inspect = daemon_.docker(
            {"image", "inspect", "-f", "{{range .RepoDigests}}{{.}} {{end}}", image});
        if (inspect.exitCode != 0) {
            return {"exit " + describe(inspect)};
        }
        return text(inspect.out).split(' ', Qt::SkipEmptyParts);
    }

    QStringList layersOf(const QString& image) const {
        CommandResult inspect = daemon_.docker(
            {"image", "inspect", "-f", "{{range .RootFS.Layers}}{{.}} {{end}}", image});
        return text(inspect.out).split(' ', Qt::SkipEmptyParts);
    }

    QStringList stagingLeftovers() const {
        return QDir(daemon_.dataRoot() + "/image/tmp")
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    }

    // Commits a two-layer image and tags it as name.
    bool makeImage(const QString& name, const QString& content) {
        CommandResult run = daemon_.docker(
            {"run", "--name", "maker", "busybox", "sh", "-c", "echo " + content + " > /saved.txt"});
        CommandResult commit = daemon_.docker({"commit", "maker", name});
        CommandResult removed = daemon_.docker({"rm", "maker"});
        if (run.exitCode != 0 || commit.exitCode != 0 || removed.exitCode != 0) {
            qWarning("%s\n%s", describe(run).constData(), describe(commit).constData());
            return false;
        }
        return true;
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty() ||
            QStandardPaths::findExecutable("htpasswd").isEmpty()) {
            QSKIP("docker-registry or htpasswd is missing: run packaging/setup.sh deps");
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = open_.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        open_.stop();
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // push, rmi, pull, run: the same manifest digest, image id and files.
    void pushRemovePullRunKeepsImage() {
        QString name = open_.host() + "/berth/round:v1";
        QVERIFY(makeImage(name, "through-the-registry"));
        QString id = imageId(name);
        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QString pushed = digestIn(text(push.out));
        QVERIFY2(!pushed.isEmpty(), describe(push));

        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QVERIFY2(text(pull.out).contains("Digest: " + pushed), describe(pull));
        QVERIFY2(text(pull.out).contains("Downloaded newer image for " + name), describe(pull));
        QCOMPARE(imageId(name), id);
        QCOMPARE(daemon_.runOutput({name, "cat", "/saved.txt"}), QString("through-the-registry"));
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));

        // By digest as well.
        CommandResult byDigest =
            daemon_.docker({"pull", open_.host() + "/berth/round@" + pushed}, {}, 120000);
        QVERIFY2(byDigest.exitCode == 0, describe(byDigest));
    }

    // docker push --all-tags of a repository pushes each of its tags.
    void pushWithoutTagPushesEveryTag() {
        QString repository = open_.host() + "/berth/alltags";
        QVERIFY(makeImage(repository + ":one", "all-tags"));
        QVERIFY(daemon_.docker({"tag", repository + ":one", repository + ":two"}).exitCode == 0);
        CommandResult push = daemon_.docker({"push", "--all-tags", repository}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QVERIFY2(text(push.out).contains("one: digest: sha256:"), describe(push));
        QVERIFY2(text(push.out).contains("two: digest: sha256:"), describe(push));
        QVERIFY(daemon_.docker({"rmi", repository + ":two"}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", repository + ":two"}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
    }

    // docker build pulls a FROM image that is not present.
    void buildPullsMissingBaseImage() {
        QString base = open_.host() + "/berth/base:v1";
        QVERIFY(makeImage(base, "base-content"));
        QVERIFY(daemon_.docker({"push", base}, {}, 120000).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", base}).exitCode == 0);
        auto context = makeFileTree(
            {{"Dockerfile", "FROM " + base.toUtf8() + "\nRUN cp /saved.txt /copied.txt\n"}});
        QVERIFY(context);
        CommandResult build =
            daemon_.docker({"build", "-t", "built-on-pulled:v1", context->path()}, {}, 180000);
        QVERIFY2(build.exitCode == 0, describe(build));
        QCOMPARE(daemon_.runOutput({"built-on-pulled:v1", "cat", "/copied.txt"}),
                 QString("base-content"));
        QVERIFY(!imageId(base).startsWith("exit"));
    }

    // A second push of the same layers uploads nothing again.
    void pushSkipsLayersTheRegistryHas() {
        QString first = open_.host() + "/berth/skip:one";
        QString second = open_.host() + "/berth/skip:two";
        QVERIFY(makeImage(first, "skip"));
        QVERIFY(daemon_.docker({"tag", first, second}).exitCode == 0);
        QVERIFY(daemon_.docker({"push", first}, {}, 120000).exitCode == 0);
        CommandResult push = daemon_.docker({"push", second}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QVERIFY2(text(push.out).contains("Layer already exists"), describe(push));
        QVERIFY2(!text(push.out).contains("Pushed"), describe(push));
    }

    // A layer larger than one upload chunk (16 MiB) goes up in several PATCH requests with
    // their Content-Range, then a PUT with its digest. Progress counts its bytes.
    void pushSendsLargeLayerInChunks() {
        RegistryProxy proxy;
        QString error = proxy.start(open_.host(), {});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString name = proxy.host() + "/berth/chunked:v1";
        CommandResult run = daemon_.docker({"run", "--name", "maker", "busybox", "sh", "-c",
                                            "head -c 20000000 /dev/urandom > /big.bin"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(daemon_.docker({"commit", "maker", name}).exitCode == 0);
        QString id = imageId(name);

        HttpResult push = daemon_.request(
            "POST",
            "/v1.43/images/" + QUrl::toPercentEncoding(name.section(':', 0, -2)) + "/push?tag=v1");
        QCOMPARE(push.status, 200);
        QVERIFY2(!push.body.contains("\"error\""), push.body.constData());
        QVERIFY2(push.body.contains("\"status\":\"Pushing\""), push.body.constData());
        QVERIFY2(push.body.contains("\"current\":20"), push.body.constData());
        QStringList patches =
            proxy.requests().filter(QRegularExpression("^PATCH /v2/berth/chunked/blobs/uploads/"));
        QCOMPARE(patches.size(), 2);
        QString bigBlob =
            layerBlobDigests(registryManifest("http://" + open_.host(), "berth/chunked", "v1"))
                .value(1);
        QVERIFY(!bigBlob.isEmpty());
        QStringList puts = proxy.requests().filter(QRegularExpression(
            "^PUT /v2/berth/chunked/blobs/uploads/.*digest=" + bigBlob.replace(":", "(:|%3A)")));
        QCOMPARE(puts.size(), 1);

        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(imageId(name), id);
        QCOMPARE(daemon_.runOutput({name, "sh", "-c", "wc -c < /big.bin"}), QString("20000000"));
    }

    // Layers go up compressed with gzip, as Docker pushes them. The manifest names the gzip
    // blobs' digests and sizes, and each blob decompresses to the tar whose digest the
    // config lists as its diff id. No temporary file of a blob is left afterwards.
    void pushCompressesLayersWithGzip() {
        QString name = open_.host() + "/berth/gzip:v1";
        QVERIFY(makeImage(name, "compressed"));
        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));

        QString base = "http://" + open_.host();
        QJsonObject manifest = registryManifest(base, "berth/gzip", "v1");
        QJsonArray layers = manifest["layers"].toArray();
        QStringList diffIds = layersOf(name);
        QCOMPARE(layers.size(), diffIds.size());
        for (qsizetype i = 0; i < layers.size(); ++i) {
            QJsonObject layer = layers[i].toObject();
            QCOMPARE(layer["mediaType"].toString(),
                     QString("application/vnd.oci.image.layer.v1.tar+gzip"));
            QString digest = layer["digest"].toString();
            QByteArray blob;
            QCOMPARE(registryRequest("GET", base + "/v2/berth/gzip/blobs/" + digest, {}, {}, &blob),
                     200);
            QCOMPARE(sha256Of(blob), digest);
            QCOMPARE(qint64(layer["size"].toInteger()), qint64(blob.size()));
            QVERIFY2(blob.startsWith("\x1f\x8b"), qPrintable(digest));

            QProcess gunzip;
            gunzip.start("gzip", {"-dc"});
            QVERIFY(gunzip.waitForStarted(10000));
            gunzip.write(blob);
            gunzip.closeWriteChannel();
            QVERIFY(gunzip.waitForFinished(60000));
            QCOMPARE(gunzip.exitCode(), 0);
            QCOMPARE(sha256Of(gunzip.readAllStandardOutput()), diffIds[i]);
        }
        QStringList uploadsLeft = QDir(daemon_.dataRoot() + "/image/uploads")
                                      .entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
        QVERIFY2(uploadsLeft.isEmpty(), qPrintable(uploadsLeft.join(' ')));
    }

    // A layer that another repository of the registry contains is mounted from there, not
    // uploaded. Under token auth the token names both repositories.
    void pushMountsBlobFromOtherRepository() {
        RegistryProxy proxy;
        QString error =
            proxy.start(open_.host(), {"--token-user", "berth", "--token-password", "m0unt-pass"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        CommandResult login = daemon_.docker(
            {"login", "-u", "berth", "--password-stdin", proxy.host()}, "m0unt-pass\n");
        QVERIFY2(login.exitCode == 0, describe(login));
        QString first = proxy.host() + "/berth/mount-from:v1";
        QString second = proxy.host() + "/berth/mount-to:v1";
        QVERIFY(makeImage(first, "mounted"));
        QVERIFY(daemon_.docker({"tag", first, second}).exitCode == 0);
        CommandResult pushFirst = daemon_.docker({"push", first}, {}, 120000);
        QVERIFY2(pushFirst.exitCode == 0, describe(pushFirst));

        CommandResult pushSecond = daemon_.docker({"push", second}, {}, 120000);
        QVERIFY2(pushSecond.exitCode == 0, describe(pushSecond));
        QVERIFY2(text(pushSecond.out).contains("Mounted from berth/mount-from"),
                 describe(pushSecond));
        QVERIFY2(!text(pushSecond.out).contains("Pushed"), describe(pushSecond));
        QCOMPARE(text(pushSecond.out).count("Mounted from berth/mount-from"),
                 layersOf(second).size());
        // The first token already covers the source repository, so no mount meets a 401.
        QStringList mounts = proxy.requests().filter(QRegularExpression(
            "^POST /v2/berth/mount-to/blobs/uploads/\\?mount=sha256:[0-9a-f]{64}&from="));
        QCOMPARE(mounts.size(), layersOf(second).size());
        QVERIFY2(!proxy.requests().filter("scope=repository%3Aberth%2Fmount-from%3Apull").isEmpty(),
                 qPrintable(proxy.requests().join('\n')));

        QVERIFY(daemon_.docker({"rmi", first, second}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", second}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(daemon_.runOutput({second, "cat", "/saved.txt"}), QString("mounted"));
        QVERIFY(daemon_.docker({"logout", proxy.host()}).exitCode == 0);
    }

    // A pull streams Docker's per-layer statuses: the layer the store has is "Already
    // exists", the new one goes from "Pulling fs layer" to "Pull complete".
    void pullStreamsLayerProgress() {
        QString name = open_.host() + "/berth/progress:v1";
        QVERIFY(makeImage(name, "progress"));
        QVERIFY(daemon_.docker({"push", name}, {}, 120000).exitCode == 0);
        // Pull progress names a layer by its blob's digest, which is the gzip blob's.
        QString topLayer =
            layerBlobDigests(registryManifest("http://" + open_.host(), "berth/progress", "v1"))
                .value(1)
                .mid(7, 12);
        QCOMPARE(topLayer.size(), 12);
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);

        HttpResult pull = daemon_.request(
            "POST", "/v1.43/images/create?fromImage=" +
                        QUrl::toPercentEncoding(open_.host() + "/berth/progress") + "&tag=v1");
        QCOMPARE(pull.status, 200);
        QStringList statuses;
        for (const QByteArray& line : pull.body.split('\n')) {
            QJsonObject object = QJsonDocument::fromJson(line.trimmed()).object();
            if (object["id"].toString() == topLayer) {
                statuses << object["status"].toString();
            }
        }
        QCOMPARE(statuses.count("Download complete"), 1);
        statuses.removeDuplicates();
        QCOMPARE(statuses, (QStringList{"Pulling fs layer", "Downloading", "Verifying Checksum",
                                        "Download complete", "Extracting", "Pull complete"}));
        QVERIFY2(pull.body.contains("\"status\":\"Already exists\""), pull.body.constData());
        QVERIFY2(pull.body.contains("Downloaded newer image for " + name.toUtf8()),
                 pull.body.constData());
    }

    // docker run of an image that is not present pulls it first.
    void runOfMissingImagePulls() {
        QString name = open_.host() + "/berth/run:v1";
        QVERIFY(makeImage(name, "pulled-by-run"));
        QVERIFY(daemon_.docker({"push", name}, {}, 120000).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult run = daemon_.docker({"run", "--rm", name, "cat", "/saved.txt"}, {}, 120000);
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(text(run.out), QString("pulled-by-run"));
    }

    void pullOfUnknownTagFails() {
        QString before = imageList();
        CommandResult pull = daemon_.docker({"pull", open_.host() + "/berth/round:nope"});
        QVERIFY(pull.exitCode != 0);
        QVERIFY2(text(pull.err).contains("not found"), describe(pull));
        QCOMPARE(imageList(), before);
    }

    // A blob the registry serves with other content is rejected and nothing is stored.
    void pullRejectsCorruptBlob() {
        QString name = open_.host() + "/berth/corrupt:v1";
        QVERIFY(makeImage(name, "to-be-corrupted"));
        QVERIFY(daemon_.docker({"push", name}, {}, 120000).exitCode == 0);
        // The top layer is the one this test wrote.
        QString topLayer =
            layerBlobDigests(registryManifest("http://" + open_.host(), "berth/corrupt", "v1"))
                .value(1)
                .mid(7);
        QCOMPARE(topLayer.size(), 64);
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        QFile blob(QString("%1/docker/registry/v2/blobs/sha256/%2/%3/data")
                       .arg(open_.storage(), topLayer.left(2), topLayer));
        QVERIFY2(blob.open(QIODevice::ReadWrite), qPrintable(blob.fileName()));
        QByteArray content = blob.readAll();
        QVERIFY(content.size() > 64);
        content[content.size() / 2] = char(content[content.size() / 2] ^ 1);
        QVERIFY(blob.seek(0));
        QCOMPARE(blob.write(content), content.size());
        blob.close();
        QString before = imageList();
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY(pull.exitCode != 0);
        QVERIFY2(text(pull.out + pull.err).contains("corrupt"), describe(pull));
        QCOMPARE(imageList(), before);
        QVERIFY(imageId(name).startsWith("exit"));
        QVERIFY2(stagingLeftovers().isEmpty(), qPrintable(stagingLeftovers().join(' ')));
    }

    // Push and pull record NAME@<manifest digest> in RepoDigests. That reference finds the
    // image for inspect, run and rmi, and it survives a restart of the daemon.
    void pushAndPullRecordRepoDigests() {
        QString repository = open_.host() + "/berth/digests";
        QString name = repository + ":v1";
        QVERIFY(makeImage(name, "pinned"));
        QString id = imageId(name);
        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QString digest = digestIn(text(push.out));
        QVERIFY2(!digest.isEmpty(), describe(push));
        QString pinned = repository + "@" + digest;
        QCOMPARE(repoDigests(name), QStringList{pinned});

        // Removing the repository's last tag removes its digest reference too.
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        QVERIFY(imageId(pinned).startsWith("exit"));
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(repoDigests(name), QStringList{pinned});
        QCOMPARE(imageId(pinned), id);

        CommandResult listed = daemon_.docker(
            {"images", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"});
        QVERIFY2(text(listed.out).split('\n').contains(repository + " v1 " + digest),
                 describe(listed));
        HttpResult list = daemon_.request("GET", "/v1.43/images/json");
        QCOMPARE(list.status, 200);
        QJsonArray summaries = QJsonDocument::fromJson(list.body).array();
        auto summary = std::ranges::find_if(summaries, [&](const QJsonValue& entry) {
            return entry.toObject()["Id"].toString() == id;
        });
        QVERIFY(summary != summaries.end());
        QCOMPARE((*summary).toObject()["RepoDigests"].toArray(), QJsonArray{pinned});

        QString restarted = daemon_.killAndRestart();
        QVERIFY2(restarted.isEmpty(), qPrintable(restarted));
        QCOMPARE(repoDigests(name), QStringList{pinned});
        CommandResult run = daemon_.docker({"run", "--rm", pinned, "cat", "/saved.txt"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QCOMPARE(text(run.out), QString("pinned"));
        QVERIFY2(!text(run.err).contains("Unable to find image"), describe(run));

        // rmi of the digest reference keeps the image under its tag.
        CommandResult untag = daemon_.docker({"rmi", pinned});
        QVERIFY2(untag.exitCode == 0, describe(untag));
        QCOMPARE(text(untag.out), "Untagged: " + pinned);
        QCOMPARE(imageId(name), id);
        QCOMPARE(repoDigests(name), QStringList());

        // Pull by digest records the digest and no tag, and rmi by digest removes the image.
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult byDigest = daemon_.docker({"pull", pinned}, {}, 120000);
        QVERIFY2(byDigest.exitCode == 0, describe(byDigest));
        QCOMPARE(repoDigests(id), QStringList{pinned});
        QCOMPARE(text(daemon_.docker({"image", "inspect", "-f", "{{len .RepoTags}}", id}).out),
                 QString("0"));
        CommandResult removed = daemon_.docker({"rmi", pinned});
        QVERIFY2(removed.exitCode == 0, describe(removed));
        QVERIFY2(text(removed.out).contains("Untagged: " + pinned), describe(removed));
        QVERIFY2(text(removed.out).contains("Deleted: " + id), describe(removed));
        QVERIFY(imageId(id).startsWith("exit"));
    }

    // Pull reports "Downloaded newer image" when the tag was new or named another image,
    // even with the image stored under another tag, and "Image is up to date" only when the
    // tag already named the image.
    void pullStatusFollowsTheTag() {
        QString repository = open_.host() + "/berth/status";
        QVERIFY(makeImage(repository + ":one", "status"));
        QVERIFY(daemon_.docker({"tag", repository + ":one", repository + ":two"}).exitCode == 0);
        QVERIFY(daemon_.docker({"push", "--all-tags", repository}, {}, 120000).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", repository + ":two"}).exitCode == 0);

        CommandResult newTag = daemon_.docker({"pull", repository + ":two"}, {}, 120000);
        QVERIFY2(newTag.exitCode == 0, describe(newTag));
        QVERIFY2(
            text(newTag.out).contains("Status: Downloaded newer image for " + repository + ":two"),
            describe(newTag));

        CommandResult again = daemon_.docker({"pull", repository + ":two"}, {}, 120000);
        QVERIFY2(again.exitCode == 0, describe(again));
        QVERIFY2(text(again.out).contains("Status: Image is up to date for " + repository + ":two"),
                 describe(again));

        QVERIFY(daemon_.docker({"tag", "busybox", repository + ":two"}).exitCode == 0);
        CommandResult moved = daemon_.docker({"pull", repository + ":two"}, {}, 120000);
        QVERIFY2(moved.exitCode == 0, describe(moved));
        QVERIFY2(
            text(moved.out).contains("Status: Downloaded newer image for " + repository + ":two"),
            describe(moved));
        QCOMPARE(imageId(repository + ":two"), imageId(repository + ":one"));
        QVERIFY(daemon_.docker({"rmi", repository + ":one", repository + ":two"}).exitCode == 0);
    }

    // docker push of a name the store lacks fails with Docker's two messages: one for a
    // repository without any tag, one for a missing tag of a repository that has others.
    void pushOfMissingTagFails() {
        QString repository = open_.host() + "/berth/absent";
        CommandResult none = daemon_.docker({"push", repository + ":v1"});
        QVERIFY(none.exitCode != 0);
        QVERIFY2(
            text(none.err).contains("An image does not exist locally with the tag: " + repository),
            describe(none));

        QVERIFY(daemon_.docker({"tag", "busybox", repository + ":v1"}).exitCode == 0);
        CommandResult otherTag = daemon_.docker({"push", repository + ":v2"});
        QVERIFY(otherTag.exitCode != 0);
        QVERIFY2(text(otherTag.err).contains("tag does not exist: " + repository + ":v2"),
                 describe(otherTag));
        QVERIFY(daemon_.docker({"rmi", repository + ":v1"}).exitCode == 0);
    }

    // An image whose config names another architecture than the host's runs with Docker's
    // warning, which the create response carries. An image of the host's platform has none.
    void runWarnsOfForeignPlatform() {
        QString name = open_.host() + "/berth/foreign";
        QVERIFY(makeImage(name + ":native", "foreign"));
        QVERIFY(daemon_.docker({"push", name + ":native"}, {}, 120000).exitCode == 0);
        QString base = "http://" + open_.host();
        QJsonObject manifest = registryManifest(base, "berth/foreign", "native");
        QVERIFY(!manifest.isEmpty());

        QString foreign = QSysInfo::currentCpuArchitecture() == "arm64" ? "amd64" : "arm64";
        QByteArray configJson;
        QString configDigest = manifest["config"].toObject()["digest"].toString();
        QCOMPARE(registryRequest("GET", base + "/v2/berth/foreign/blobs/" + configDigest, {}, {},
                                 &configJson),
                 200);
        QJsonObject config = QJsonDocument::fromJson(configJson).object();
        config["architecture"] = foreign;
        QByteArray foreignConfig = compact(config);
        QVERIFY(uploadBlob(base, "berth/foreign", foreignConfig));
        QJsonObject descriptor = manifest["config"].toObject();
        descriptor["digest"] = sha256Of(foreignConfig);
        descriptor["size"] = foreignConfig.size();
        manifest["config"] = descriptor;
        QCOMPARE(registryRequest("PUT", base + "/v2/berth/foreign/manifests/other",
                                 compact(manifest), "application/vnd.oci.image.manifest.v1+json"),
                 201);
        QVERIFY(daemon_.docker({"pull", name + ":other"}, {}, 120000).exitCode == 0);

        CommandResult run = daemon_.docker({"run", "--rm", name + ":other", "cat", "/saved.txt"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QString warning = QString("WARNING: The requested image's platform (linux/%1) does not "
                                  "match the detected host platform (linux/")
                              .arg(foreign);
        QVERIFY2(text(run.err).contains(warning), describe(run));
        QVERIFY2(text(run.err).contains(") and no specific platform was requested"), describe(run));

        HttpResult created = daemon_.request(
            "POST", "/v1.43/containers/create",
            compact(QJsonObject{{"Image", name + ":other"}, {"Cmd", QJsonArray{"true"}}}),
            {"Content-Type: application/json"});
        QCOMPARE(created.status, 201);
        QJsonObject response = QJsonDocument::fromJson(created.body).object();
        QJsonArray warnings = response["Warnings"].toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].toString().startsWith(warning.mid(QString("WARNING: ").size())));
        QVERIFY(daemon_.docker({"rm", response["Id"].toString()}).exitCode == 0);

        CommandResult native = daemon_.docker({"run", "--rm", name + ":native", "true"});
        QVERIFY2(native.exitCode == 0, describe(native));
        QVERIFY2(!text(native.err).contains("WARNING"), describe(native));
        QVERIFY(daemon_.docker({"rmi", name + ":native", name + ":other"}).exitCode == 0);
    }

    // docker system prune -af removes an unused parent image in the same run as its child,
    // because prune goes on until nothing more is unused. The label filter keeps the
    // images of the other tests.
    void systemPruneRemovesParentInOneRun() {
        CommandResult base = daemon_.docker({"run", "--name", "maker", "busybox", "true"});
        QVERIFY2(base.exitCode == 0, describe(base));
        QVERIFY(daemon_
                    .docker({"commit", "--change", "LABEL berth.test=prune-chain", "maker",
                             "prune-parent:v1"})
                    .exitCode == 0);
        QVERIFY(daemon_.docker({"rm", "maker"}).exitCode == 0);
        CommandResult child = daemon_.docker(
            {"run", "--name", "maker", "prune-parent:v1", "sh", "-c", "echo child > /child.txt"});
        QVERIFY2(child.exitCode == 0, describe(child));
        QVERIFY(daemon_.docker({"commit", "maker", "prune-child:v1"}).exitCode == 0);
        QVERIFY(daemon_.docker({"rm", "maker"}).exitCode == 0);
        QString parentId = imageId("prune-parent:v1");

        CommandResult prune = daemon_.docker(
            {"system", "prune", "-af", "--filter", "label=berth.test=prune-chain"}, {}, 120000);
        QVERIFY2(prune.exitCode == 0, describe(prune));
        QVERIFY2(text(prune.out).contains("deleted: " + parentId), describe(prune));
        QVERIFY(imageId("prune-child:v1").startsWith("exit"));
        QVERIFY(imageId(parentId).startsWith("exit"));
        QVERIFY(!imageId("busybox").startsWith("exit"));
    }

    // A registry that does not respond is an error that names its address.
    void pullFromStoppedRegistryFails() {
        LoopbackRegistry gone;
        QVERIFY(gone.start().isEmpty());
        QString host = gone.host();
        gone.stop();
        CommandResult pull = daemon_.docker({"pull", host + "/berth/any:v1"}, {}, 120000);
        QVERIFY(pull.exitCode != 0);
        // Docker's wording, which Go's HTTP client gives it.
        QString expected =
            QString("Get \"http://%1/v2/\": dial tcp %1: connect: connection refused").arg(host);
        QVERIFY2(text(pull.err).contains(expected), describe(pull));
        QVERIFY2(!text(pull.err).contains("Couldn't connect"), describe(pull));
    }

    // From an OCI index with an amd64 and an arm64 image, pull takes the host's platform
    // (amd64 on the test machines) and --platform the other one.
    void pullChoosesPlatformFromIndex() {
        QString name = open_.host() + "/berth/multi";
        QVERIFY(makeImage(name + ":amd64", "amd64-image"));
        QVERIFY(daemon_.docker({"push", name + ":amd64"}, {}, 120000).exitCode == 0);
        QString base = "http://" + open_.host();
        QByteArray amd64Manifest;
        QCOMPARE(registryRequest("GET", base + "/v2/berth/multi/manifests/amd64", {}, {},
                                 &amd64Manifest),
                 200);
        QJsonObject manifest = QJsonDocument::fromJson(amd64Manifest).object();

        // The arm64 image: the same layers under a config that names arm64.
        QByteArray configJson;
        QString configDigest = manifest["config"].toObject()["digest"].toString();
        QCOMPARE(registryRequest("GET", base + "/v2/berth/multi/blobs/" + configDigest, {}, {},
                                 &configJson),
                 200);
        QJsonObject config = QJsonDocument::fromJson(configJson).object();
        config["architecture"] = "arm64";
        QByteArray armConfig = compact(config);
        QVERIFY(uploadBlob(base, "berth/multi", armConfig));
        QJsonObject armManifest = manifest;
        QJsonObject armConfigDescriptor = manifest["config"].toObject();
        armConfigDescriptor["digest"] = sha256Of(armConfig);
        armConfigDescriptor["size"] = armConfig.size();
        armManifest["config"] = armConfigDescriptor;
        QByteArray armManifestJson = compact(armManifest);
        QString manifestType = "application/vnd.oci.image.manifest.v1+json";
        QCOMPARE(registryRequest("PUT", base + "/v2/berth/multi/manifests/arm64", armManifestJson,
                                 manifestType.toUtf8()),
                 201);

        auto entry = [&](const QByteArray& body, const QString& architecture) {
            return QJsonObject{
                {"mediaType", manifestType},
                {"digest", sha256Of(body)},
                {"size", body.size()},
                {"platform", QJsonObject{{"os", "linux"}, {"architecture", architecture}}}};
        };
        QJsonObject index{{"schemaVersion", 2},
                          {"mediaType", "application/vnd.oci.image.index.v1+json"},
                          {"manifests", QJsonArray{entry(armManifestJson, "arm64"),
                                                   entry(amd64Manifest, "amd64")}}};
        QCOMPARE(registryRequest("PUT", base + "/v2/berth/multi/manifests/both", compact(index),
                                 "application/vnd.oci.image.index.v1+json"),
                 201);

        CommandResult pull = daemon_.docker({"pull", name + ":both"}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(imageId(name + ":both"), imageId(name + ":amd64"));
        QCOMPARE(daemon_.runOutput({name + ":both", "cat", "/saved.txt"}), QString("amd64-image"));

        CommandResult arm =
            daemon_.docker({"pull", "--platform", "linux/arm64", name + ":both"}, {}, 120000);
        QVERIFY2(arm.exitCode == 0, describe(arm));
        QCOMPARE(imageId(name + ":both"), sha256Of(armConfig));
    }

    // With basic auth over TLS (a self-signed certificate): push without login is refused,
    // a wrong password does not log in, and after docker login push and pull work.
    void basicAuthNeedsLogin() {
        LoopbackRegistry secured;
        QString error = secured.start("berth", "s3cret-pass", true);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString name = secured.host() + "/berth/private:v1";
        QVERIFY(makeImage(name, "private-content"));

        CommandResult anonymous = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY(anonymous.exitCode != 0);
        // As dockerd 20.10 words it, with HTTP 500, so the CLI prints it instead of asking
        // for a login.
        CommandResult anonymousPull = daemon_.docker({"pull", name}, {}, 120000);
        QCOMPARE(anonymousPull.exitCode, 1);
        QByteArray noCredentials = "Head \"https://" + secured.host().toUtf8() +
                                   "/v2/berth/private/manifests/v1\": no basic auth credentials";
        QVERIFY2(anonymousPull.err.contains(noCredentials), describe(anonymousPull));
        HttpResult anonymousRequest = daemon_.request(
            "POST", "/v1.43/images/create?fromImage=" +
                        QUrl::toPercentEncoding(secured.host() + "/berth/private") + "&tag=v1");
        QCOMPARE(anonymousRequest.status, 500);

        CommandResult wrong =
            daemon_.docker({"login", "-u", "berth", "--password-stdin", secured.host()}, "wrong\n");
        QVERIFY(wrong.exitCode != 0);
        QVERIFY2(!daemon_.logText().contains("wrong"), "the password reached the daemon log");

        CommandResult login = daemon_.docker(
            {"login", "-u", "berth", "--password-stdin", secured.host()}, "s3cret-pass\n");
        QVERIFY2(login.exitCode == 0, describe(login));
        QVERIFY2(text(login.out).contains("Login Succeeded"), describe(login));

        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(daemon_.runOutput({name, "cat", "/saved.txt"}), QString("private-content"));
        QVERIFY2(!daemon_.logText().contains("s3cret-pass"), "the password reached the daemon log");
        QVERIFY(daemon_.docker({"logout", secured.host()}).exitCode == 0);
    }
};

QTEST_GUILESS_MAIN(TestApiRegistry)
#include "tst_api_registry.moc"

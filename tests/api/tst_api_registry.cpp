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
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

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

    // A registry that does not respond is an error that names its address.
    void pullFromStoppedRegistryFails() {
        LoopbackRegistry gone;
        QVERIFY(gone.start().isEmpty());
        QString host = gone.host();
        gone.stop();
        CommandResult pull = daemon_.docker({"pull", host + "/berth/any:v1"}, {}, 120000);
        QVERIFY(pull.exitCode != 0);
        QVERIFY2(text(pull.err).contains(host), describe(pull));
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

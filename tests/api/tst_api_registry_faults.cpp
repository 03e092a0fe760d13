// Pull and push through tests/support/registry_proxy.py in front of Debian's
// docker-registry, both started by the test on loopback: the bearer-token flow, blob
// storage behind a redirect, a blob cut off midway and the pull that resumes it, malformed
// manifests; and a registry that accepts connections but never responds. Every reference
// names 127.0.0.1:PORT.

#include "berthd_fixture.h"
#include "loopback_registry.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <QUrl>

#include <sys/file.h>

namespace {

QString text(const QByteArray& bytes) {
    return QString::fromUtf8(bytes).trimmed();
}

// The requests of lines whose method and path start with prefix.
QStringList matching(const QStringList& requests, const QString& prefix) {
    QStringList found;
    for (const QString& line : requests) {
        if (line.startsWith(prefix)) {
            found << line;
        }
    }
    return found;
}

} // namespace

class TestApiRegistryFaults : public QObject {
    Q_OBJECT

private:
    BerthdFixture daemon_;
    LoopbackRegistry registry_;

    QString imageId(const QString& image) const {
        CommandResult result = daemon_.docker({"image", "inspect", "-f", "{{.Id}}", image});
        return result.exitCode == 0 ? text(result.out) : "exit " + describe(result);
    }

    // Sorted, because the order of several tags of one image is not fixed.
    QStringList imageList() const {
        QStringList images = text(daemon_
                                      .docker({"images", "-a", "--no-trunc", "--format",
                                               "{{.Repository}}:{{.Tag}} {{.ID}}"})
                                      .out)
                                 .split('\n');
        images.sort();
        return images;
    }

    QStringList downloadsLeft() const {
        return QDir(daemon_.dataRoot() + "/image/downloads")
            .entryList(QDir::NoDotAndDotDot | QDir::AllEntries);
    }

    // LayersSize of GET /system/df, or -1 when the request fails.
    qint64 layersSize() const {
        HttpResult df = daemon_.request("GET", "/v1.43/system/df");
        return df.status == 200
                   ? QJsonDocument::fromJson(df.body).object()["LayersSize"].toInteger()
                   : -1;
    }

    // The diff ids of image, bottom first: the digests of the uncompressed layer tars.
    QStringList layers(const QString& image) const {
        CommandResult inspect = daemon_.docker(
            {"image", "inspect", "-f", "{{range .RootFS.Layers}}{{.}} {{end}}", image});
        return text(inspect.out).split(' ', Qt::SkipEmptyParts);
    }

    // Builds name from busybox with a small layer and a layer of bigBytes random bytes,
    // pushes it to the plain registry and removes it, so that a pull needs both blobs.
    bool pushTwoLayerImage(const QString& name, int bigBytes) {
        auto context =
            makeFileTree({{"Dockerfile", QString("FROM busybox\nRUN echo small > /small.txt\n"
                                                 "RUN head -c %1 /dev/urandom > /big.bin\n")
                                             .arg(bigBytes)
                                             .toUtf8()}});
        if (!context) {
            return false;
        }
        CommandResult build = daemon_.docker({"build", "-t", name, context->path()}, {}, 180000);
        CommandResult push = daemon_.docker({"push", name}, {}, 180000);
        CommandResult removed = daemon_.docker({"rmi", name});
        if (build.exitCode != 0 || push.exitCode != 0 || removed.exitCode != 0) {
            qWarning("%s\n%s\n%s", describe(build).constData(), describe(push).constData(),
                     describe(removed).constData());
            return false;
        }
        return true;
    }

private slots:
    void initTestCase() {
        if (QString missing = BerthdFixture::missingPrerequisite(); !missing.isEmpty()) {
            QSKIP(qPrintable(missing));
        }
        if (QStandardPaths::findExecutable("docker-registry").isEmpty()) {
            QSKIP("docker-registry is missing: run packaging/setup.sh deps");
        }
        if (QStandardPaths::findExecutable("python3").isEmpty()) {
            QSKIP("python3 is missing: run packaging/setup.sh deps");
        }
        QString error = daemon_.startWithBusybox();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        error = registry_.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void cleanup() {
        QStringList problems = daemon_.removeAllContainers();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void cleanupTestCase() {
        registry_.stop();
        QStringList problems = daemon_.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    // Login, push and pull get bearer tokens from the realm of the challenge, with basic
    // credentials and a scope for the repository: pull for a pull, pull and push for a push.
    void bearerTokenFlow() {
        RegistryProxy proxy;
        QString error = proxy.start(registry_.host(),
                                    {"--token-user", "berth", "--token-password", "t0ken-pass"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString name = proxy.host() + "/berth/token:v1";
        QVERIFY(daemon_.docker({"tag", "busybox", name}).exitCode == 0);

        CommandResult anonymous = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY(anonymous.exitCode != 0);
        QVERIFY2(text(anonymous.out + anonymous.err).contains("invalid username or password"),
                 describe(anonymous));

        CommandResult wrong =
            daemon_.docker({"login", "-u", "berth", "--password-stdin", proxy.host()}, "nope\n");
        QVERIFY(wrong.exitCode != 0);
        QVERIFY2(text(wrong.err).contains("invalid username or password"), describe(wrong));
        HttpResult auth = daemon_.request(
            "POST", "/v1.43/auth",
            QString(R"({"username":"berth","password":"nope","serveraddress":"%1"})")
                .arg(proxy.host())
                .toUtf8());
        QCOMPARE(auth.status, 401);
        QVERIFY2(auth.body.contains("invalid username or password"), auth.body.constData());

        CommandResult login = daemon_.docker(
            {"login", "-u", "berth", "--password-stdin", proxy.host()}, "t0ken-pass\n");
        QVERIFY2(login.exitCode == 0, describe(login));
        CommandResult push = daemon_.docker({"push", name}, {}, 120000);
        QVERIFY2(push.exitCode == 0, describe(push));
        QStringList tokens = matching(proxy.requests(), "GET /token?");
        QVERIFY2(!tokens.filter("scope=repository%3Aberth%2Ftoken%3Apull%2Cpush").isEmpty(),
                 qPrintable(tokens.join('\n')));
        QVERIFY2(!tokens.filter("service=berth-test-registry").isEmpty(),
                 qPrintable(tokens.join('\n')));

        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        int tokensBeforePull = tokens.size();
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        tokens = matching(proxy.requests(), "GET /token?").mid(tokensBeforePull);
        QVERIFY2(!tokens.filter("scope=repository%3Aberth%2Ftoken%3Apull ").isEmpty(),
                 qPrintable(tokens.join('\n')));
        QCOMPARE(daemon_.runOutput({name, "echo", "pulled with a token"}),
                 QString("pulled with a token"));
        QVERIFY2(!daemon_.logText().contains("t0ken-pass"), "the password reached the daemon log");
        QVERIFY(daemon_.docker({"logout", proxy.host()}).exitCode == 0);
    }

    // A wrong password is a 401 with the registry's reason, as Docker returns it, from
    // POST /auth and from a pull, which fail before any progress. A push has streamed its
    // first line with status 200 by then, so the reason is its stream's error.
    void wrongPasswordIsUnauthorized_data() {
        QTest::addColumn<bool>("bearer");
        QTest::addColumn<QString>("reason");
        QTest::newRow("basic auth over TLS") << false << "unauthorized: authentication required";
        QTest::newRow("bearer token") << true << "unauthorized: invalid username or password";
    }

    void wrongPasswordIsUnauthorized() {
        QFETCH(bool, bearer);
        QFETCH(QString, reason);
        LoopbackRegistry secured;
        RegistryProxy proxy;
        QString error = bearer ? proxy.start(registry_.host(), {"--token-user", "berth",
                                                                "--token-password", "right-pass"})
                               : secured.start("berth", "right-pass", true);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString host = bearer ? proxy.host() : secured.host();
        QByteArray credentials = QJsonDocument(QJsonObject{{"username", "berth"},
                                                           {"password", "wrong-pass"},
                                                           {"serveraddress", host}})
                                     .toJson(QJsonDocument::Compact);
        QByteArray registryAuth =
            "X-Registry-Auth: " + credentials.toBase64(QByteArray::Base64UrlEncoding);
        QByteArray repository = QUrl::toPercentEncoding(host + "/berth/private");

        HttpResult auth = daemon_.request("POST", "/v1.43/auth", credentials);
        QCOMPARE(auth.status, 401);
        QVERIFY2(auth.body.contains(reason.toUtf8()), auth.body.constData());

        HttpResult pull = daemon_.request(
            "POST", "/v1.43/images/create?fromImage=" + repository + "&tag=v1", {}, {registryAuth});
        QCOMPARE(pull.status, 401);
        QVERIFY2(pull.body.contains(reason.toUtf8()), pull.body.constData());

        QVERIFY(daemon_.docker({"tag", "busybox", host + "/berth/private:v1"}).exitCode == 0);
        HttpResult push = daemon_.request("POST", "/v1.43/images/" + repository + "/push?tag=v1",
                                          {}, {registryAuth});
        QCOMPARE(push.status, 200);
        QVERIFY2(push.body.contains("\"error\""), push.body.constData());
        QVERIFY2(push.body.contains(reason.toUtf8()), push.body.constData());
        QVERIFY(daemon_.docker({"rmi", host + "/berth/private:v1"}).exitCode == 0);
        QVERIFY2(!daemon_.logText().contains("wrong-pass"), "the password reached the daemon log");
    }

    // A chunk of a chunked upload that fails is sent again, not the whole push failed. When
    // the registry never saw the chunk, the upload resumes at the offset that a GET of the
    // upload URL reports. When part of it arrived, docker-registry 2.8 drops the session,
    // and the blob starts over in a new one from byte 0.
    void pushRetriesFailedChunk_data() {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("resumedAt");
        QTest::addColumn<QString>("afterStatusCheck");
        QTest::newRow("chunk rejected") << "--fail-patch"
                                        << "16777216"
                                        << "PATCH";
        QTest::newRow("chunk cut off midway") << "--cut-patch"
                                              << "0"
                                              << "POST";
    }

    void pushRetriesFailedChunk() {
        QFETCH(QString, fault);
        QFETCH(QString, resumedAt);
        QFETCH(QString, afterStatusCheck);
        RegistryProxy proxy;
        QString error = proxy.start(registry_.host(), {fault, "2"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString repository = "berth/retried" + QString(QTest::currentDataTag()).remove(' ');
        QString name = proxy.host() + "/" + repository + ":v1";
        CommandResult run = daemon_.docker({"run", "--name", "maker", "busybox", "sh", "-c",
                                            "head -c 20000000 /dev/urandom > /big.bin"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(daemon_.docker({"commit", "maker", name}).exitCode == 0);
        QString id = imageId(name);

        HttpResult push = daemon_.request(
            "POST", "/v1.43/images/" + QUrl::toPercentEncoding(proxy.host() + "/" + repository) +
                        "/push?tag=v1");
        QCOMPARE(push.status, 200);
        QVERIFY2(!push.body.contains("\"error\""), push.body.constData());
        QVERIFY2(push.body.contains("\"status\":\"Retrying from byte " + resumedAt.toUtf8() + "\""),
                 push.body.constData());
        QString uploads = "/v2/" + repository + "/blobs/uploads/";
        QStringList patches = matching(proxy.requests(), "PATCH " + uploads);
        // Two chunks of the 20 MB layer, and the one sent again or both sent again.
        QCOMPARE(patches.size(), resumedAt == "0" ? 4 : 3);
        QStringList requests = proxy.requests();
        QStringList statusChecks = matching(requests, "GET " + uploads);
        QCOMPARE(statusChecks.size(), 1);
        // The upload goes on in the same session (PATCH) or in a new one (POST).
        qsizetype statusCheck = requests.indexOf(statusChecks.first());
        QVERIFY(statusCheck + 1 < requests.size());
        QVERIFY2(requests[statusCheck + 1].startsWith(afterStatusCheck + " " + uploads),
                 qPrintable(requests.mid(statusCheck - 1, 3).join('\n')));
        QVERIFY2(daemon_.logText().contains("retrying"), daemon_.logText().right(2000).constData());

        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QCOMPARE(imageId(name), id);
        QCOMPARE(daemon_.runOutput({name, "sh", "-c", "wc -c < /big.bin"}), QString("20000000"));
        QVERIFY(daemon_.docker({"rm", "maker"}).exitCode == 0);
    }

    // A push whose client goes away (docker push interrupted, the studio's Cancel) stops
    // before the manifest, so the registry gets no tag. The proxy delays every upload by
    // 2 s, so a push that went on would send its manifest a few seconds after the kill.
    void interruptedPushSendsNoManifest() {
        RegistryProxy proxy;
        QString error = proxy.start(registry_.host(), {"--stall-uploads", "2"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString repository = "berth/interrupted";
        QString name = proxy.host() + "/" + repository + ":v1";
        CommandResult run = daemon_.docker({"run", "--name", "maker", "busybox", "sh", "-c",
                                            "head -c 3000000 /dev/urandom > /big.bin"});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY(daemon_.docker({"commit", "maker", name}).exitCode == 0);

        QProcess push;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("DOCKER_HOST", "unix://" + daemon_.socketPath());
        push.setProcessEnvironment(environment);
        push.start("docker", {"push", name});
        QVERIFY(push.waitForStarted());
        QString uploads = "/v2/" + repository + "/blobs/uploads/";
        auto uploading = [&] {
            return !matching(proxy.requests(), "PATCH " + uploads).isEmpty() ||
                   !matching(proxy.requests(), "PUT " + uploads).isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(uploading(), 60000);
        push.kill();
        QVERIFY(push.waitForFinished(10000));

        QTRY_VERIFY_WITH_TIMEOUT(daemon_.logText().contains("push cancelled"), 20000);
        // The upload in flight when the client went away returns after 2 s, and nothing follows.
        QTest::qWait(3000);
        QStringList manifests = matching(proxy.requests(), "PUT /v2/" + repository + "/manifests/");
        QVERIFY2(manifests.isEmpty(), qPrintable(proxy.requests().join('\n')));
        QCOMPARE(registryRequest(
                     "GET", "http://" + registry_.host() + "/v2/" + repository + "/manifests/v1",
                     {}, {}),
                 404);
        // Compressed layers are unnamed files, gone with their descriptors.
        QVERIFY(QDir(daemon_.dataRoot() + "/image/uploads")
                    .entryList(QDir::NoDotAndDotDot | QDir::AllEntries)
                    .isEmpty());
        QVERIFY(daemon_.docker({"rm", "maker"}).exitCode == 0);
        QVERIFY(daemon_.docker({"rmi", name}).exitCode == 0);
    }

    // A registry that sends blobs from other storage (307 to another loopback port): the
    // pull follows the redirect and checks the blob as usual.
    void pullFollowsBlobRedirect() {
        QString pushed = registry_.host() + "/berth/redirected:v1";
        QVERIFY(pushTwoLayerImage(pushed, 100000));
        RegistryProxy proxy;
        QString error = proxy.start(registry_.host(), {"--redirect-blobs"});
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QString name = proxy.host() + "/berth/redirected:v1";
        CommandResult pull = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(pull.exitCode == 0, describe(pull));
        QVERIFY2(!matching(proxy.requests(), "GET /v2/berth/redirected/blobs/").isEmpty(),
                 qPrintable(proxy.requests().join('\n')));
        QCOMPARE(daemon_.runOutput({name, "cat", "/small.txt"}), QString("small"));
    }

    // A blob cut off midway fails the pull and stores and tags nothing. The next pull requests
    // only the rest of that blob (a ranged GET) and does not fetch the complete blobs again.
    void interruptedPullResumes() {
        QString pushed = registry_.host() + "/berth/resumed:v1";
        QVERIFY(pushTwoLayerImage(pushed, 3000000));
        QVERIFY(daemon_.docker({"pull", pushed}, {}, 120000).exitCode == 0);
        QStringList diffIds = layers(pushed);
        QStringList blobs =
            layerBlobDigests(registryManifest("http://" + registry_.host(), "berth/resumed", "v1"));
        QCOMPARE(blobs.size(), 3);
        QVERIFY(daemon_.docker({"rmi", pushed}).exitCode == 0);
        QString small = blobs[1];
        QString big = blobs[2];

        RegistryProxy proxy;
        QString error =
            proxy.start(registry_.host(), {"--truncate-blob", big, "--truncate-after", "1000000"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString name = proxy.host() + "/berth/resumed:v1";
        QStringList before = imageList();
        CommandResult cut = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY(cut.exitCode != 0);
        QVERIFY2(text(cut.out + cut.err).contains("partial"), describe(cut));
        QVERIFY2(text(cut.out + cut.err).contains(big), describe(cut));
        QCOMPARE(imageList(), before);

        CommandResult resumed = daemon_.docker({"pull", name}, {}, 120000);
        QVERIFY2(resumed.exitCode == 0, describe(resumed));
        QStringList bigRequests = matching(proxy.requests(), "GET /v2/berth/resumed/blobs/" + big);
        QCOMPARE(bigRequests.size(), 2);
        QVERIFY2(bigRequests[1].contains(" bytes=1000000- "), qPrintable(bigRequests[1]));
        // The small layer may be in the store already from an earlier test of this file, so
        // it is fetched once or not at all, but never again on the resumed pull.
        QVERIFY(matching(proxy.requests(), "GET /v2/berth/resumed/blobs/" + small).size() <= 1);
        QCOMPARE(layers(name), diffIds);
        QCOMPARE(daemon_.runOutput({name, "sh", "-c", "wc -c < /big.bin"}), QString("3000000"));
        QVERIFY2(downloadsLeft().isEmpty(), qPrintable(downloadsLeft().join(' ')));
    }

    // Manifests that cannot describe an image are rejected before any blob is fetched.
    void malformedManifestsAreRejected() {
        QString pushed = registry_.host() + "/berth/malformed:v1";
        QVERIFY(pushTwoLayerImage(pushed, 1000));
        struct Case {
            QString tag;
            QByteArray manifest;
            QString expected;
        };
        QString type = "application/vnd.oci.image.manifest.v1+json";
        QList<Case> cases = {
            {"not-json", "{\"schemaVersion\": 2, \"layers\": [", "is not a JSON object"},
            {"no-layers", QString(R"({"schemaVersion":2,"mediaType":"%1"})").arg(type).toUtf8(),
             "malformed manifest"},
            {"bad-digest",
             QString(R"({"schemaVersion":2,"mediaType":"%1","config":{"digest":"sha256:zz"},)"
                     R"("layers":[]})")
                 .arg(type)
                 .toUtf8(),
             "invalid config digest"},
        };
        QStringList options;
        RegistryProxy proxy;
        for (const Case& entry : cases) {
            QString path = proxy.filePath(entry.tag + ".json");
            QVERIFY(writeTestFile(path, entry.manifest));
            options << "--manifest" << entry.tag << path;
        }
        QString error = proxy.start(registry_.host(), options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList before = imageList();
        for (const Case& entry : cases) {
            CommandResult pull =
                daemon_.docker({"pull", proxy.host() + "/berth/malformed:" + entry.tag});
            QVERIFY2(pull.exitCode != 0, qPrintable(entry.tag));
            QVERIFY2(text(pull.err).contains(entry.expected), describe(pull));
        }
        QCOMPARE(imageList(), before);
        QVERIFY2(matching(proxy.requests(), "GET /v2/berth/malformed/blobs/").isEmpty(),
                 qPrintable(proxy.requests().join('\n')));
    }

    // A registry that denies the manifest (403, DENIED) fails the pull with Docker's message,
    // which names the registry host, and with status 404, so the CLI shows no login prompt.
    void deniedPullNamesRegistryHost() {
        RegistryProxy proxy;
        QString error = proxy.start(registry_.host(), {"--deny-manifests"});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QString repository = proxy.host() + "/berth/denied";
        CommandResult pull = daemon_.docker({"pull", repository + ":v1"}, {}, 60000);
        QVERIFY(!pull.timedOut);
        QVERIFY(pull.exitCode != 0);
        QString expected = "Error response from daemon: pull access denied for " + repository +
                           ", repository does not exist or may require 'docker login': denied: "
                           "requested access to the resource is denied";
        QCOMPARE(text(pull.err), expected);

        HttpResult raw = daemon_.request(
            "POST",
            "/v1.43/images/create?fromImage=" + QUrl::toPercentEncoding(repository) + "&tag=v1");
        QCOMPARE(raw.status, 404);
    }

    // A registry that accepts the connection and never responds: the pull times out with
    // an error that names its address, instead of hanging.
    void silentRegistryTimesOut() {
        QTcpServer silent; // the kernel accepts connections, but nothing replies
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QString host = "127.0.0.1:" + QString::number(silent.serverPort());
        QElapsedTimer timer;
        timer.start();
        CommandResult pull = daemon_.docker({"pull", host + "/berth/silent:v1"}, {}, 180000);
        QVERIFY(!pull.timedOut);
        QVERIFY(pull.exitCode != 0);
        QVERIFY2(text(pull.err).contains("timed out"), describe(pull));
        QVERIFY2(text(pull.err).contains(host), describe(pull));
        QVERIFY2(timer.elapsed() < 100000, qPrintable(QString::number(timer.elapsed())));
    }

    // A cancelled pull's downloads count in system df's LayersSize (the CLI's Images line),
    // and docker image prune -a removes them, except a .partial file whose lock a pull
    // holds. Last in this file, because prune -a removes every image; busybox comes back.
    void pruneRemovesUnusedDownloads() {
        QString pushed = registry_.host() + "/berth/abandoned:v1";
        QVERIFY(pushTwoLayerImage(pushed, 2000000));
        QString big = layerBlobDigests(
                          registryManifest("http://" + registry_.host(), "berth/abandoned", "v1"))
                          .value(2);
        QVERIFY(!big.isEmpty());
        RegistryProxy proxy;
        QString error =
            proxy.start(registry_.host(), {"--truncate-blob", big, "--truncate-after", "500000"});
        QVERIFY2(error.isEmpty(), qPrintable(error));

        qint64 layersBefore = layersSize();
        CommandResult cut =
            daemon_.docker({"pull", proxy.host() + "/berth/abandoned:v1"}, {}, 120000);
        QVERIFY(cut.exitCode != 0);
        QString partial = daemon_.dataRoot() + "/image/downloads/" + big.mid(7) + ".partial";
        QCOMPARE(QFileInfo(partial).size(), qint64(500000));
        qint64 downloaded = 0;
        for (const QString& file : downloadsLeft()) {
            downloaded += QFileInfo(daemon_.dataRoot() + "/image/downloads/" + file).size();
        }
        QCOMPARE(layersSize() - layersBefore, downloaded);

        // A pull resuming the blob holds the lock of its .partial file, so prune keeps it.
        {
            QFile held(partial);
            QVERIFY(held.open(QIODevice::ReadWrite));
            QCOMPARE(::flock(held.handle(), LOCK_EX | LOCK_NB), 0);
            CommandResult prune = daemon_.docker({"image", "prune", "-af"}, {}, 120000);
            QVERIFY2(prune.exitCode == 0, describe(prune));
            QVERIFY2(downloadsLeft().contains(big.mid(7) + ".partial"),
                     qPrintable(downloadsLeft().join(' ')));
        }

        CommandResult prune = daemon_.docker({"image", "prune", "-af"}, {}, 120000);
        QVERIFY2(prune.exitCode == 0, describe(prune));
        QVERIFY2(downloadsLeft().isEmpty(), qPrintable(downloadsLeft().join(' ')));
        QCOMPARE(layersSize(), qint64(0));

        CommandResult imported =
            daemon_.docker({"import", daemon_.busyboxTar(), "--", "busybox:latest"});
        QVERIFY2(imported.exitCode == 0, describe(imported));
    }
};

QTEST_GUILESS_MAIN(TestApiRegistryFaults)
#include "tst_api_registry_faults.moc"

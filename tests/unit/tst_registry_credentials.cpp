// The studio's registry credentials: the X-Registry-Auth encoding, server names, Docker's
// config.json fallback (format and file mode), the store's session and file paths, the
// detection of a registry's refusal, and the reading of pull and push progress.

#include "credentialstore.h"
#include "registryauth.h"
#include "transferprogress.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace berth;
using namespace berth::studio;

namespace {

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QJsonDocument::fromJson(file.readAll()).object();
}

unsigned modeOf(const QString& path) {
    struct stat status {};
    return ::stat(path.toLocal8Bit().constData(), &status) == 0 ? status.st_mode & 07777 : 0;
}

} // namespace

class TestRegistryCredentials : public QObject {
    Q_OBJECT

private slots:
    void authHeaderIsBase64UrlJson() {
        const RegistryCredential credential{"127.0.0.1:5000", "tester", "p?ss>word~"};
        const std::string header = encodeRegistryAuth(credential);
        QVERIFY(header.find('+') == std::string::npos);
        QVERIFY(header.find('/') == std::string::npos);
        const QByteArray json = QByteArray::fromBase64(QByteArray::fromStdString(header),
                                                       QByteArray::Base64UrlEncoding);
        const QJsonObject auth = QJsonDocument::fromJson(json).object();
        QCOMPARE(auth.value("username").toString(), QString("tester"));
        QCOMPARE(auth.value("password").toString(), QString("p?ss>word~"));
        QCOMPARE(auth.value("serveraddress").toString(), QString("127.0.0.1:5000"));
    }

    void serverOfAddress_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("server");
        QTest::newRow("host and port") << "127.0.0.1:5000"
                                       << "127.0.0.1:5000";
        QTest::newRow("URL with path") << "https://127.0.0.1:5000/v2/"
                                       << "127.0.0.1:5000";
        QTest::newRow("empty is Docker Hub") << "" << kDockerHubServer;
        QTest::newRow("docker.io is Docker Hub") << "docker.io" << kDockerHubServer;
        QTest::newRow("Hub's v1 address") << "https://index.docker.io/v1/" << kDockerHubServer;
    }

    void serverOfAddress() {
        QFETCH(QString, address);
        QFETCH(QString, server);
        QCOMPARE(registryServer(address), server);
    }

    void serverOfReference_data() {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("server");
        QTest::newRow("official image") << "busybox:latest" << kDockerHubServer;
        QTest::newRow("user image on Hub") << "team/app:v1" << kDockerHubServer;
        QTest::newRow("registry with port") << "127.0.0.1:5000/team/app:v1"
                                            << "127.0.0.1:5000";
        QTest::newRow("registry with domain") << "registry.example.com/app"
                                              << "registry.example.com";
        QTest::newRow("localhost") << "localhost/app"
                                   << "localhost";
    }

    void serverOfReference() {
        QFETCH(QString, reference);
        QFETCH(QString, server);
        QCOMPARE(registryServerOf(reference), server);
    }

    void qualifiedReferenceAsDockerResolves_data() {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("qualified");
        QTest::newRow("official image") << "app:1"
                                        << "docker.io/library/app:1";
        QTest::newRow("no tag") << "app"
                                << "docker.io/library/app:latest";
        QTest::newRow("user image on Hub") << "team/app"
                                           << "docker.io/team/app:latest";
        QTest::newRow("Hub spelled out") << "docker.io/library/app:1"
                                         << "docker.io/library/app:1";
        QTest::newRow("registry with port") << "127.0.0.1:5000/app"
                                            << "127.0.0.1:5000/app:latest";
        QTest::newRow("registry and tag") << "localhost/team/app:v2"
                                          << "localhost/team/app:v2";
        QTest::newRow("digest") << "app@sha256:abc"
                                << "docker.io/library/app@sha256:abc";
    }

    void qualifiedReferenceAsDockerResolves() {
        QFETCH(QString, reference);
        QFETCH(QString, qualified);
        QCOMPARE(qualifiedReference(reference), qualified);
    }

    void dockerHubReferences() {
        QVERIFY(isDockerHubReference("app:1"));
        QVERIFY(isDockerHubReference("team/app"));
        QVERIFY(isDockerHubReference("docker.io/team/app"));
        QVERIFY(!isDockerHubReference("127.0.0.1:5000/app"));
        QVERIFY(isRegistryHost("127.0.0.1:1543"));
        QVERIFY(isRegistryHost("registry.example"));
        QVERIFY(isRegistryHost("localhost"));
        QVERIFY(!isRegistryHost("team"));
    }

    void configJsonStoresDockerFormatWithMode0600() {
        QTemporaryDir dir;
        const QString path = dir.filePath("studio/config.json");
        ConfigJsonCredentials file(path);
        QVERIFY(file.store({"127.0.0.1:5000", "tester", "secret"}).has_value());
        QCOMPARE(modeOf(path), 0600u);
        const QJsonObject auths = readJson(path).value("auths").toObject();
        QCOMPARE(auths.value("127.0.0.1:5000").toObject().value("auth").toString(),
                 QString::fromLatin1(QByteArray("tester:secret").toBase64()));
        auto found = file.find("127.0.0.1:5000");
        QVERIFY(found.has_value());
        QCOMPARE(found->username, QString("tester"));
        QCOMPARE(found->password, QString("secret"));
    }

    void configJsonKeepsOtherKeys() {
        QTemporaryDir dir;
        const QString path = dir.filePath("config.json");
        QFile seed(path);
        QVERIFY(seed.open(QIODevice::WriteOnly));
        seed.write(R"({"psFormat": "table", "auths": {"other:1": {"auth": "eDp5"}}})");
        seed.close();
        ConfigJsonCredentials file(path);
        QVERIFY(file.store({"127.0.0.1:5000", "a", "b:c"}).has_value());
        const QJsonObject config = readJson(path);
        QCOMPARE(config.value("psFormat").toString(), QString("table"));
        QCOMPARE(file.servers(), QStringList({"127.0.0.1:5000", "other:1"}));
        QCOMPARE(file.find("127.0.0.1:5000")->password, QString("b:c"));
    }

    void configJsonRemoveForgetsServer() {
        QTemporaryDir dir;
        ConfigJsonCredentials file(dir.filePath("config.json"));
        QVERIFY(file.store({"one:1", "u", "p"}).has_value());
        QVERIFY(file.store({"two:2", "u", "p"}).has_value());
        QVERIFY(file.remove("one:1").has_value());
        QCOMPARE(file.servers(), QStringList({"two:2"}));
        QVERIFY(!file.find("one:1").has_value());
        QCOMPARE(modeOf(file.path()), 0600u);
    }

    void configJsonRejectsInvalidFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("config.json");
        QFile seed(path);
        QVERIFY(seed.open(QIODevice::WriteOnly));
        seed.write("not json");
        seed.close();
        auto stored = ConfigJsonCredentials(path).store({"a:1", "u", "p"});
        QVERIFY(!stored.has_value());
        QVERIFY(stored.error().message.find(path.toStdString()) != std::string::npos);
    }

    void storeRemembersInFileOnly() {
        QTemporaryDir dir;
        CredentialStore store(dir.filePath("config.json"), CredentialStore::Backend::File);
        QString error = "not called";
        store.save({"session:1", "u", "p"}, false, [&](const QString& e) { error = e; });
        QCOMPARE(error, QString());
        QVERIFY(!QFile::exists(dir.filePath("config.json")));
        store.save({"kept:2", "u", "p"}, true, [&](const QString& e) { error = e; });
        QCOMPARE(error, QString());
        QCOMPARE(store.file().servers(), QStringList({"kept:2"}));
        QCOMPARE(store.servers(), QStringList({"kept:2", "session:1"}));

        std::optional<RegistryCredential> found;
        store.lookup("session:1", [&](auto credential) { found = credential; });
        QVERIFY(found.has_value());
        QCOMPARE(found->password, QString("p"));
    }

    void storeRemoveForgetsEverywhere() {
        QTemporaryDir dir;
        CredentialStore store(dir.filePath("config.json"), CredentialStore::Backend::File);
        store.save({"kept:2", "u", "p"}, true, [](const QString&) {});
        QSignalSpy changed(&store, &CredentialStore::serversChanged);
        QString error = "not called";
        store.remove("kept:2", [&](const QString& e) { error = e; });
        QCOMPARE(error, QString());
        QCOMPARE(changed.count(), 1);
        QVERIFY(store.servers().isEmpty());
        bool called = false;
        store.lookup("kept:2", [&](auto credential) {
            called = true;
            QVERIFY(!credential.has_value());
        });
        QVERIFY(called);
    }

    void storeFallsBackToFileWithoutKeyring() {
        QTemporaryDir dir;
        // A session bus address that leads nowhere, so that no keyring of the machine's
        // user is touched and none is started.
        qputenv("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + dir.filePath("no-bus")).toLocal8Bit());
        CredentialStore store(dir.filePath("config.json"), CredentialStore::Backend::Keyring);
        QString error = "not called";
        store.save({"kept:2", "u", "p"}, true, [&](const QString& e) { error = e; });
        QTRY_VERIFY_WITH_TIMEOUT(error != QLatin1String("not called"), 30000);
        QCOMPARE(error, QString());
        QCOMPARE(store.backend(), CredentialStore::Backend::File);
        QCOMPARE(store.file().find("kept:2")->password, QString("p"));
        QCOMPARE(modeOf(store.file().path()), 0600u);
    }

    void refusalIsAuthenticationError_data() {
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("refusal");
        QTest::newRow("Berth") << "upload blob: authentication required" << true;
        QTest::newRow("Docker") << "unauthorized: authentication required" << true;
        QTest::newRow("denied") << "denied: requested access to the resource is denied" << true;
        QTest::newRow("status 401") << "get the manifest: HTTP status 401" << true;
        QTest::newRow("unknown tag") << "manifest unknown: manifest unknown" << false;
        QTest::newRow("timeout") << "GET https://10.0.0.1/v2/: Timeout was reached" << false;
    }

    void refusalIsAuthenticationError() {
        QFETCH(QString, message);
        QFETCH(bool, refusal);
        QCOMPARE(isAuthenticationError(message), refusal);
    }

    void progressTracksLayers() {
        TransferProgress progress;
        QCOMPARE(progress.apply({{"status", "Pulling from team/app"}, {"id", "v1"}}), -1);
        QCOMPARE(progress.apply({{"status", "Pulling fs layer"}, {"id", "aaa"}}), 0);
        QCOMPARE(progress.apply({{"status", "Already exists"}, {"id", "bbb"}}), 1);
        QCOMPARE(progress.apply({{"status", "Downloading"},
                                 {"id", "aaa"},
                                 {"progressDetail", {{"current", 25}, {"total", 100}}}}),
                 0);
        QCOMPARE(progress.layers().size(), size_t(2));
        QCOMPARE(progress.layers()[0].percent(), 25);
        QCOMPARE(progress.layers()[1].percent(), 100);
        QCOMPARE(progress.finishedLayers(), 1);
        QCOMPARE(progress.permille(), 625);
        progress.apply({{"status", "Pull complete"}, {"id", "aaa"}, {"progressDetail", {}}});
        QCOMPARE(progress.permille(), 1000);
        progress.apply({{"status", "Digest: sha256:abc"}});
        QCOMPARE(progress.lines(),
                 QStringList({"v1: Pulling from team/app", "Digest: sha256:abc"}));
    }

    void progressFinishesPushedLayers() {
        TransferProgress progress;
        progress.apply({{"status", "Preparing"}, {"id", "aaa"}});
        progress.apply({{"status", "Layer already exists"}, {"id", "bbb"}});
        progress.apply({{"status", "Pushed"}, {"id", "aaa"}});
        QCOMPARE(progress.finishedLayers(), 2);
    }

    void progressWeighsBytesAndMarksStopped() {
        TransferProgress progress;
        progress.apply({{"status", "Downloading"},
                        {"id", "aaa"},
                        {"progressDetail", {{"current", 300}, {"total", 300}}}});
        progress.apply({{"status", "Downloading"},
                        {"id", "bbb"},
                        {"progressDetail", {{"current", 0}, {"total", 2700}}}});
        QCOMPARE(progress.permille(), 100);
        progress.markUnfinished("Cancelled");
        QCOMPARE(progress.layers()[0].status, QString("Cancelled"));
        QVERIFY(progress.layers()[1].stopped);
        QVERIFY(!progress.layers()[1].finished);
    }
};

QTEST_GUILESS_MAIN(TestRegistryCredentials)
#include "tst_registry_credentials.moc"

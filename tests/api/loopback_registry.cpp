#include "loopback_registry.h"

#include "berthd_fixture.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrl>

QString LoopbackRegistry::start(const QString& user, const QString& password, bool tls) {
    if (!dir_.isValid()) {
        return "no temporary directory";
    }
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0)) {
        return "no free loopback port";
    }
    port_ = probe.serverPort();
    probe.close();
    QString config = QString("version: 0.1\n"
                             "log:\n  level: warn\n"
                             "storage:\n  filesystem:\n    rootdirectory: %1\n"
                             "http:\n  addr: 127.0.0.1:%2\n")
                         .arg(storage())
                         .arg(port_);
    if (!user.isEmpty()) {
        QProcess htpasswd;
        htpasswd.start("htpasswd", {"-Bbn", user, password});
        if (!htpasswd.waitForFinished(30000) || htpasswd.exitCode() != 0) {
            return "htpasswd failed";
        }
        if (!writeTestFile(dir_.filePath("htpasswd"), htpasswd.readAllStandardOutput())) {
            return "cannot write htpasswd";
        }
        config += QString("auth:\n  htpasswd:\n    realm: berth-test\n    path: %1\n")
                      .arg(dir_.filePath("htpasswd"));
    }
    if (tls) {
        QProcess openssl;
        openssl.start("openssl",
                      {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                       dir_.filePath("key.pem"), "-out", dir_.filePath("cert.pem")});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            return "openssl could not make a certificate: " + openssl.readAllStandardError();
        }
        QString addr = QString("  addr: 127.0.0.1:%1\n").arg(port_);
        config.replace(addr, addr + QString("  tls:\n    certificate: %1\n    key: %2\n")
                                        .arg(dir_.filePath("cert.pem"), dir_.filePath("key.pem")));
    }
    if (!writeTestFile(dir_.filePath("config.yml"), config.toUtf8())) {
        return "cannot write the registry config";
    }
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.setStandardOutputFile(dir_.filePath("registry.log"));
    process_.start("docker-registry", {"serve", dir_.filePath("config.yml")});
    if (!process_.waitForStarted(10000)) {
        return "docker-registry did not start: " + process_.errorString();
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port_);
        if (socket.waitForConnected(100)) {
            return {};
        }
        QTest::qWait(50);
    }
    return "docker-registry does not listen on port " + QString::number(port_);
}

void LoopbackRegistry::stop() {
    if (process_.state() != QProcess::NotRunning) {
        process_.terminate(); // SIGTERM to this process's pid
        if (!process_.waitForFinished(10000)) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }
}

QString RegistryProxy::start(const QString& upstream, const QStringList& options) {
    if (!dir_.isValid()) {
        return "no temporary directory";
    }
    QString script = qEnvironmentVariable("BERTH_TEST_SUPPORT") + "/registry_proxy.py";
    QString portFile = dir_.filePath("port");
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.setStandardOutputFile(dir_.filePath("proxy.log"));
    process_.start("python3", QStringList{script, "--upstream", upstream, "--port-file", portFile,
                                          "--log", dir_.filePath("requests.log")} +
                                  options);
    if (!process_.waitForStarted(10000)) {
        return "registry_proxy.py did not start: " + process_.errorString();
    }
    for (int attempt = 0; attempt < 200; ++attempt) {
        QFile file(portFile);
        if (file.open(QIODevice::ReadOnly)) {
            port_ = quint16(file.readAll().toUInt());
            return port_ != 0 ? QString() : "registry_proxy.py wrote no port";
        }
        if (process_.state() == QProcess::NotRunning) {
            break;
        }
        QTest::qWait(50);
    }
    QFile log(dir_.filePath("proxy.log"));
    (void)log.open(QIODevice::ReadOnly);
    return "registry_proxy.py did not start listening: " + QString::fromUtf8(log.readAll());
}

void RegistryProxy::stop() {
    if (process_.state() != QProcess::NotRunning) {
        process_.terminate(); // SIGTERM to this process's pid
        if (!process_.waitForFinished(10000)) {
            process_.kill();
            process_.waitForFinished(5000);
        }
    }
}

QStringList RegistryProxy::requests() const {
    QFile file(dir_.filePath("requests.log"));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

// One HTTP request to the test's registry; returns the status, 0 when it failed.
int registryRequest(const QByteArray& method, const QString& url, const QByteArray& body,
                    const QByteArray& contentType, QByteArray* reply, QString* location) {
    QNetworkAccessManager network;
    QNetworkRequest request{QUrl(url)};
    if (!contentType.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    }
    // The registry hides OCI manifests from clients that do not accept them.
    request.setRawHeader("Accept", "application/vnd.oci.image.manifest.v1+json, "
                                   "application/vnd.oci.image.index.v1+json");
    QNetworkReply* answer = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(answer, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    int status = answer->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply != nullptr) {
        *reply = answer->readAll();
    }
    if (location != nullptr) {
        *location = QString::fromUtf8(answer->rawHeader("Location"));
    }
    answer->deleteLater();
    return status;
}

QString sha256Of(const QByteArray& data) {
    return "sha256:" + QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// Uploads blob to repository in one PUT; true on 201.
bool uploadBlob(const QString& base, const QString& repository, const QByteArray& blob) {
    QString location;
    int started = registryRequest("POST", base + "/v2/" + repository + "/blobs/uploads/", {}, {},
                                  nullptr, &location);
    if (started != 202 || location.isEmpty()) {
        return false;
    }
    QString url = location.startsWith("http") ? location : base + location;
    url += (url.contains('?') ? "&digest=" : "?digest=") + sha256Of(blob);
    return registryRequest("PUT", url, blob, "application/octet-stream") == 201;
}

QJsonObject registryManifest(const QString& base, const QString& repository,
                             const QString& reference) {
    QByteArray body;
    if (registryRequest("GET", base + "/v2/" + repository + "/manifests/" + reference, {}, {},
                        &body) != 200) {
        return {};
    }
    return QJsonDocument::fromJson(body).object();
}

QStringList layerBlobDigests(const QJsonObject& manifest) {
    QStringList digests;
    for (const QJsonValue& layer : manifest["layers"].toArray()) {
        digests << layer.toObject()["digest"].toString();
    }
    return digests;
}

#pragma once

// Registries for the registry tests, all on 127.0.0.1 and stopped by their pids: Debian's
// docker-registry with its own storage, and tests/support/registry_proxy.py in front of it
// (a bearer-token server, redirects to blob storage, cut-off blobs, replaced manifests).

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// A docker-registry process on 127.0.0.1 with its own storage; stopped by its pid.
class LoopbackRegistry final {
public:
    ~LoopbackRegistry() { stop(); }

    // Starts the registry, with basic auth for user:password when user is not empty, and
    // with TLS under a new self-signed certificate when tls is set. Returns an error text,
    // empty on success.
    QString start(const QString& user = {}, const QString& password = {}, bool tls = false);

    void stop();

    [[nodiscard]] QString host() const { return "127.0.0.1:" + QString::number(port_); }
    [[nodiscard]] QString storage() const { return dir_.filePath("storage"); }

private:
    QTemporaryDir dir_;
    QProcess process_;
    quint16 port_ = 0;
};

// registry_proxy.py in front of a registry; stopped by its pid.
class RegistryProxy final {
public:
    ~RegistryProxy() { stop(); }

    // Starts the proxy for upstream ("127.0.0.1:PORT") with the script's options, such as
    // {"--redirect-blobs"}. Returns an error text, empty on success.
    QString start(const QString& upstream, const QStringList& options);

    void stop();

    [[nodiscard]] QString host() const { return "127.0.0.1:" + QString::number(port_); }

    // The requests so far, one "METHOD PATH RANGE AUTH" line each.
    [[nodiscard]] QStringList requests() const;

    // A file under the proxy's directory, for --manifest.
    [[nodiscard]] QString filePath(const QString& name) const { return dir_.filePath(name); }

private:
    QTemporaryDir dir_;
    QProcess process_;
    quint16 port_ = 0;
};

// One HTTP request to a test registry; returns the status, 0 when it failed.
int registryRequest(const QByteArray& method, const QString& url, const QByteArray& body,
                    const QByteArray& contentType, QByteArray* reply = nullptr,
                    QString* location = nullptr);

QString sha256Of(const QByteArray& data);

// The manifest that reference (a tag or digest) names in repository on the registry at base
// ("http://127.0.0.1:PORT"), or an empty object when it cannot be read.
QJsonObject registryManifest(const QString& base, const QString& repository,
                             const QString& reference);

// The digests of a manifest's layer blobs, bottom first.
QStringList layerBlobDigests(const QJsonObject& manifest);

// Uploads blob to repository in one PUT; true on 201.
bool uploadBlob(const QString& base, const QString& repository, const QByteArray& blob);

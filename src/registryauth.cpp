#include "registryauth.h"

#include "common/fs.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <fmt/format.h>

namespace berth::studio {

namespace {

bool isDockerHub(const QString& host) {
    return host.isEmpty() || host == QLatin1String("docker.io") ||
           host == QLatin1String("index.docker.io") ||
           host == QLatin1String("registry-1.docker.io");
}

// The file's JSON object; an absent file is an empty object, an unreadable one an error.
Result<QJsonObject> readConfig(const QString& path) {
    QFile file(path);
    if (!file.exists()) {
        return QJsonObject();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(ErrorKind::System, fmt::format("read {}: {}", path.toStdString(),
                                                   file.errorString().toStdString()));
    }
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (!document.isObject()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read {}: not a JSON object ({})", path.toStdString(),
                                error.errorString().toStdString()));
    }
    return document.object();
}

Result<void> writeConfig(const QString& path, const QJsonObject& config) {
    const std::filesystem::path target = path.toStdString();
    if (auto made = fs::makeDirectories(target.parent_path(), 0700); !made) {
        return made;
    }
    const QByteArray bytes = QJsonDocument(config).toJson(QJsonDocument::Indented);
    return fs::writeFileAtomic(target, std::string_view(bytes.constData(), size_t(bytes.size())),
                               0600);
}

} // namespace

QString registryServer(const QString& address) {
    QString host = address.trimmed();
    for (const QLatin1String scheme : {QLatin1String("https://"), QLatin1String("http://")}) {
        if (host.startsWith(scheme)) {
            host.remove(0, scheme.size());
        }
    }
    host = host.section(QLatin1Char('/'), 0, 0);
    return isDockerHub(host) ? QString::fromLatin1(kDockerHubServer) : host;
}

QString registryServerOf(const QString& reference) {
    const int slash = reference.indexOf(QLatin1Char('/'));
    if (slash < 0) {
        return QString::fromLatin1(kDockerHubServer);
    }
    const QString first = reference.left(slash);
    return isRegistryHost(first) ? registryServer(first) : QString::fromLatin1(kDockerHubServer);
}

bool isRegistryHost(const QString& component) {
    return component.contains(QLatin1Char('.')) || component.contains(QLatin1Char(':')) ||
           component == QLatin1String("localhost");
}

QString qualifiedReference(const QString& reference) {
    QString name = reference.trimmed();
    if (name.isEmpty()) {
        return name;
    }
    const int at = name.indexOf(QLatin1Char('@'));
    const QString digest = at < 0 ? QString() : name.mid(at);
    if (at >= 0) {
        name.truncate(at);
    }
    const int slash = name.indexOf(QLatin1Char('/'));
    if (slash < 0) {
        name.prepend(QStringLiteral("docker.io/library/"));
    } else if (!isRegistryHost(name.left(slash))) {
        name.prepend(QStringLiteral("docker.io/"));
    }
    const int colon = name.lastIndexOf(QLatin1Char(':'));
    if (digest.isEmpty() && colon < name.lastIndexOf(QLatin1Char('/'))) {
        name += QStringLiteral(":latest");
    }
    return name + digest;
}

bool isDockerHubReference(const QString& reference) {
    return registryServerOf(reference) == QLatin1String(kDockerHubServer);
}

std::string encodeRegistryAuth(const RegistryCredential& credential) {
    const QJsonObject auth{{QStringLiteral("username"), credential.username},
                           {QStringLiteral("password"), credential.password},
                           {QStringLiteral("serveraddress"), credential.server}};
    return QJsonDocument(auth)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding)
        .toStdString();
}

bool isAuthenticationError(const QString& message) {
    for (const char* word : {"unauthorized", "authentication required", "status 401", "denied",
                             "no basic auth credentials"}) {
        if (message.contains(QLatin1String(word), Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

QStringList ConfigJsonCredentials::servers() const {
    auto config = readConfig(path_);
    return config ? config->value(QStringLiteral("auths")).toObject().keys() : QStringList();
}

std::optional<RegistryCredential> ConfigJsonCredentials::find(const QString& server) const {
    auto config = readConfig(path_);
    if (!config) {
        return std::nullopt;
    }
    const QJsonObject entry =
        config->value(QStringLiteral("auths")).toObject().value(server).toObject();
    const QByteArray pair =
        QByteArray::fromBase64(entry.value(QStringLiteral("auth")).toString().toLatin1());
    const int colon = pair.indexOf(':');
    if (colon <= 0) {
        return std::nullopt;
    }
    return RegistryCredential{server, QString::fromUtf8(pair.left(colon)),
                              QString::fromUtf8(pair.mid(colon + 1))};
}

Result<void> ConfigJsonCredentials::store(const RegistryCredential& credential) {
    auto config = readConfig(path_);
    if (!config) {
        return std::unexpected(config.error());
    }
    QJsonObject auths = config->value(QStringLiteral("auths")).toObject();
    const QByteArray pair = (credential.username + QLatin1Char(':') + credential.password).toUtf8();
    auths.insert(credential.server,
                 QJsonObject{{QStringLiteral("auth"), QString::fromLatin1(pair.toBase64())}});
    config->insert(QStringLiteral("auths"), auths);
    return writeConfig(path_, *config);
}

Result<void> ConfigJsonCredentials::remove(const QString& server) {
    auto config = readConfig(path_);
    if (!config) {
        return std::unexpected(config.error());
    }
    QJsonObject auths = config->value(QStringLiteral("auths")).toObject();
    if (!auths.contains(server)) {
        return {};
    }
    auths.remove(server);
    config->insert(QStringLiteral("auths"), auths);
    return writeConfig(path_, *config);
}

} // namespace berth::studio

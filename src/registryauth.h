#pragma once

// Registry credentials on the studio's side: the X-Registry-Auth header that pull, push
// and the tag list send, the registry server an image reference names, and Docker's
// config.json format, which keeps credentials when no desktop keyring runs.

#include "common/error.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace berth::studio {

struct RegistryCredential {
    QString server; // as registryServer() spells it: "127.0.0.1:5000"
    QString username;
    QString password;
};

// Docker Hub's key in config.json, as the docker CLI writes it.
inline constexpr char kDockerHubServer[] = "https://index.docker.io/v1/";

// The server key of an address: "https://127.0.0.1:5000/v2/" is "127.0.0.1:5000"; Docker
// Hub's names and an empty address are kDockerHubServer.
[[nodiscard]] QString registryServer(const QString& address);

// The registry server of an image reference: "127.0.0.1:5000/team/app:v1" is
// "127.0.0.1:5000", "busybox" is Docker Hub.
[[nodiscard]] QString registryServerOf(const QString& reference);

// Whether the first component of a name is a registry host. Docker treats it as one when it
// contains a '.' or a ':' or is "localhost".
[[nodiscard]] bool isRegistryHost(const QString& component);

// A reference spelled out as Docker resolves it: "app:1" is "docker.io/library/app:1",
// "team/app" is "docker.io/team/app:latest", "127.0.0.1:5000/app" is
// "127.0.0.1:5000/app:latest". A digest reference keeps its digest.
[[nodiscard]] QString qualifiedReference(const QString& reference);

// Whether a reference names an image on Docker Hub.
[[nodiscard]] bool isDockerHubReference(const QString& reference);

// The X-Registry-Auth value: base64url of {"username", "password", "serveraddress"}.
[[nodiscard]] std::string encodeRegistryAuth(const RegistryCredential& credential);

// Whether an engine's error message is a registry's refusal of missing or wrong
// credentials (HTTP 401, "unauthorized: authentication required", "denied: ..."), after
// which the studio prompts the user to log in. Docker, Podman and Berth word it differently,
// so this matches their common words.
[[nodiscard]] bool isAuthenticationError(const QString& message);

// Credentials in Docker's config.json format: {"auths": {server: {"auth": base64 of
// "user:password"}}}. Other keys of the file are kept. The file is written with mode 0600
// through a temporary file and rename.
class ConfigJsonCredentials final {
public:
    explicit ConfigJsonCredentials(QString path)
        : path_(std::move(path)) {}

    [[nodiscard]] const QString& path() const { return path_; }
    [[nodiscard]] QStringList servers() const;
    [[nodiscard]] std::optional<RegistryCredential> find(const QString& server) const;
    [[nodiscard]] Result<void> store(const RegistryCredential& credential);
    [[nodiscard]] Result<void> remove(const QString& server);

private:
    QString path_;
};

} // namespace berth::studio

#pragma once

// Where the studio keeps registry credentials: the desktop keyring (Secret Service or
// KWallet through QtKeychain) when one runs, else Docker's config.json format under the
// studio's config directory with mode 0600. Never in QSettings: QSettings holds only the
// names of the servers whose credentials are in the keyring, because a keyring cannot
// list its entries. Credentials the user did not ask to remember live in memory until the
// studio quits.

#include "registryauth.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <optional>

namespace berth::studio {

class CredentialStore final : public QObject {
    Q_OBJECT

public:
    enum class Backend { Keyring, File };

    // Uses the keyring unless BERTH_CREDENTIAL_STORE=file is set. The store falls back to
    // the file when the keyring turns out to have no backend.
    CredentialStore(QString configFile, Backend preferred, QObject* parent = nullptr);

    // <config dir>/config.json, beside the studio's settings.
    [[nodiscard]] static QString defaultConfigFile();
    [[nodiscard]] static Backend defaultBackend();

    [[nodiscard]] Backend backend() const { return backend_; }
    [[nodiscard]] const ConfigJsonCredentials& file() const { return file_; }

    // Servers with remembered or session credentials, sorted.
    [[nodiscard]] QStringList servers() const;

    using LookupDone = std::function<void(std::optional<RegistryCredential>)>;
    using ChangeDone = std::function<void(const QString& error)>; // empty on success

    // Finds the credential for server: from this session, the keyring or the file.
    void lookup(const QString& server, LookupDone done);
    // Keeps credential for the session, and on disk (keyring or file) when remember is set.
    // A keyring save also removes the server from the file.
    void save(const RegistryCredential& credential, bool remember, ChangeDone done);
    // Forgets server's credential everywhere it is kept (log out).
    void remove(const QString& server, ChangeDone done);

signals:
    void serversChanged();

private:
    void saveToFile(const RegistryCredential& credential, const ChangeDone& done);
    // Removes server from the file after a keyring save, because lookup() reads the file
    // first and would return a copy kept there while no keyring ran. Returns an empty string
    // on success, else the error message.
    [[nodiscard]] QString dropFileCopy(const QString& server);
    [[nodiscard]] QStringList keyringServers() const;
    void setKeyringServer(const QString& server, bool present);

    ConfigJsonCredentials file_;
    Backend backend_;
    QHash<QString, RegistryCredential> session_;
};

} // namespace berth::studio

#include "credentialstore.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSettings>
#include <QStandardPaths>

namespace berth::studio {

namespace {

Q_LOGGING_CATEGORY(lcCredentials, "berth.studio.credentials", QtWarningMsg)

// The keyring service under which every registry's entry is kept, keyed by server.
const QString kKeyringService = QStringLiteral("berth-studio-registry");
const QString kKeyringServersKey = QStringLiteral("registry/keyringServers");

// QtKeychain 0.13 reports a missing session bus or Secret Service as OtherError, so that
// error also falls back to the file. NOTE: a keyring that fails for another reason falls
// back as well.
bool keyringMissing(QKeychain::Error error) {
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError;
}

} // namespace

CredentialStore::CredentialStore(QString configFile, Backend preferred, QObject* parent)
    : QObject(parent)
    , file_(std::move(configFile))
    , backend_(preferred) {}

QString CredentialStore::defaultConfigFile() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("config.json"));
}

CredentialStore::Backend CredentialStore::defaultBackend() {
    return qEnvironmentVariable("BERTH_CREDENTIAL_STORE") == QLatin1String("file")
               ? Backend::File
               : Backend::Keyring;
}

QStringList CredentialStore::servers() const {
    QStringList servers = file_.servers() + keyringServers() + session_.keys();
    servers.sort();
    servers.removeDuplicates();
    return servers;
}

QStringList CredentialStore::keyringServers() const {
    return QSettings().value(kKeyringServersKey).toStringList();
}

void CredentialStore::setKeyringServer(const QString& server, bool present) {
    QStringList servers = keyringServers();
    servers.removeAll(server);
    if (present) {
        servers << server;
    }
    QSettings().setValue(kKeyringServersKey, servers);
}

void CredentialStore::lookup(const QString& server, LookupDone done) {
    if (auto found = session_.constFind(server); found != session_.constEnd()) {
        done(*found);
        return;
    }
    if (auto stored = file_.find(server); stored || !keyringServers().contains(server)) {
        done(stored);
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kKeyringService, this);
    job->setKey(server);
    connect(job, &QKeychain::Job::finished, this, [this, job, server, done] {
        if (job->error() == QKeychain::EntryNotFound) {
            // Deleted outside the studio, for example in the desktop's keyring manager.
            qCWarning(lcCredentials) << "the keyring has no entry for" << server
                                     << "- removing it from the list of logged-in servers";
            setKeyringServer(server, false);
            emit serversChanged();
            done(std::nullopt);
            return;
        }
        if (job->error() != QKeychain::NoError) {
            qCWarning(lcCredentials)
                << "reading the keyring entry of" << server << "failed:" << job->errorString();
            done(std::nullopt);
            return;
        }
        const QJsonObject entry = QJsonDocument::fromJson(job->textData().toUtf8()).object();
        RegistryCredential credential{server, entry.value(QStringLiteral("username")).toString(),
                                      entry.value(QStringLiteral("password")).toString()};
        session_.insert(server, credential);
        done(credential);
    });
    job->start();
}

void CredentialStore::save(const RegistryCredential& credential, bool remember, ChangeDone done) {
    session_.insert(credential.server, credential);
    if (!remember) {
        emit serversChanged();
        done({});
        return;
    }
    if (backend_ == Backend::File) {
        saveToFile(credential, done);
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(kKeyringService, this);
    job->setKey(credential.server);
    const QJsonObject entry{{QStringLiteral("username"), credential.username},
                            {QStringLiteral("password"), credential.password}};
    job->setTextData(QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact)));
    connect(job, &QKeychain::Job::finished, this, [this, job, credential, done] {
        if (job->error() == QKeychain::NoError) {
            setKeyringServer(credential.server, true);
            const QString error = dropFileCopy(credential.server);
            emit serversChanged();
            done(error);
            return;
        }
        if (!keyringMissing(job->error())) {
            done(tr("Could not store the password in the keyring: %1").arg(job->errorString()));
            return;
        }
        qCWarning(lcCredentials) << "no desktop keyring:" << job->errorString()
                                 << "- keeping registry credentials in" << file_.path();
        backend_ = Backend::File;
        saveToFile(credential, done);
    });
    job->start();
}

QString CredentialStore::dropFileCopy(const QString& server) {
    if (!file_.find(server)) {
        return {};
    }
    auto removed = file_.remove(server);
    if (removed) {
        return {};
    }
    return tr("The password is in the keyring, but an older one for %1 is still in %2: %3")
        .arg(server, file_.path(), QString::fromStdString(removed.error().message));
}

void CredentialStore::saveToFile(const RegistryCredential& credential, const ChangeDone& done) {
    auto stored = file_.store(credential);
    emit serversChanged();
    done(stored ? QString() : QString::fromStdString(stored.error().message));
}

void CredentialStore::remove(const QString& server, ChangeDone done) {
    session_.remove(server);
    auto removed = file_.remove(server);
    const QString fileError = removed ? QString() : QString::fromStdString(removed.error().message);
    if (!keyringServers().contains(server)) {
        emit serversChanged();
        done(fileError);
        return;
    }
    auto* job = new QKeychain::DeletePasswordJob(kKeyringService, this);
    job->setKey(server);
    connect(job, &QKeychain::Job::finished, this, [this, job, server, fileError, done] {
        const bool gone =
            job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        if (gone) {
            setKeyringServer(server, false);
        }
        emit serversChanged();
        done(gone ? fileError
                  : tr("Could not remove the password for %1 from the keyring: %2")
                        .arg(server, job->errorString()));
    });
    job->start();
}

} // namespace berth::studio

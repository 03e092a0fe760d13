// The studio's registry credentials in a real Secret Service: gnome-keyring-daemon on a
// private D-Bus session bus that this test starts. Every keyring, settings and config file
// is in a temporary directory, so no bus or keyring of the machine's user is touched.
// tst_registry_credentials tests the fallback to config.json without a bus. It runs in
// another process because GLib shares one session bus connection per process
// (g_bus_get), so libsecret would stay on the first bus it reached.

#include "credentialstore.h"
#include "registryauth.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace berth::studio;

namespace {

// The QtKeychain service name under which CredentialStore keeps every registry.
constexpr char kKeyringService[] = "berth-studio-registry";
// The password of the test's login keyring, read by gnome-keyring-daemon --unlock.
constexpr char kLoginPassword[] = "berth-keyring-test";
constexpr int kTimeoutMs = 15000;

// A dbus-daemon configuration with its own socket, no service activation and a policy that
// lets every local client own and call names. Only processes that this test starts use it.
constexpr char kBusConfig[] = "<busconfig>\n"
                              "  <type>session</type>\n"
                              "  <listen>unix:path=%1</listen>\n"
                              "  <policy context=\"default\">\n"
                              "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                              "    <allow eavesdrop=\"true\"/>\n"
                              "    <allow own=\"*\"/>\n"
                              "  </policy>\n"
                              "</busconfig>\n";

// Stops a process this test started with SIGTERM to its pid, and with SIGKILL if it is
// still running 5 s later.
void stopProcess(QProcess& process) {
    if (process.state() == QProcess::NotRunning) {
        return;
    }
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

// A private session bus with gnome-keyring-daemon's Secret Service on it, started with an
// unlocked "login" collection as the default one, so that writes need no prompt.
class PrivateKeyring final {
public:
    PrivateKeyring() = default;
    PrivateKeyring(const PrivateKeyring&) = delete;
    PrivateKeyring& operator=(const PrivateKeyring&) = delete;

    ~PrivateKeyring() {
        if (!connectionName_.isEmpty()) {
            QDBusConnection::disconnectFromBus(connectionName_);
        }
        stopProcess(keyring_);
        stopProcess(bus_);
    }

    // Starts both daemons. Returns an empty string on success, else what failed.
    QString start(const QString& keyringDaemon, const QString& busDaemon) {
        if (!dir_.isValid()) {
            return QStringLiteral("creating a temporary directory failed: ") + dir_.errorString();
        }
        if (QString error = startBus(busDaemon); !error.isEmpty()) {
            return error;
        }
        return startKeyring(keyringDaemon);
    }

    [[nodiscard]] const QString& busAddress() const { return busAddress_; }
    [[nodiscard]] QString filePath(const QString& name) const { return dir_.filePath(name); }

private:
    QString startBus(const QString& busDaemon) {
        QFile config(dir_.filePath(QStringLiteral("bus.conf")));
        if (!config.open(QIODevice::WriteOnly)) {
            return QStringLiteral("writing %1 failed: %2")
                .arg(config.fileName(), config.errorString());
        }
        config.write(QString::fromLatin1(kBusConfig).arg(dir_.filePath("bus")).toUtf8());
        config.close();

        bus_.start(busDaemon, {QStringLiteral("--config-file=") + config.fileName(),
                               QStringLiteral("--nofork"), QStringLiteral("--print-address")});
        if (!bus_.waitForStarted(kTimeoutMs)) {
            return QStringLiteral("starting %1 failed: %2").arg(busDaemon, bus_.errorString());
        }
        // dbus-daemon prints the address once it listens on the socket.
        const QDeadlineTimer deadline(kTimeoutMs);
        while (!bus_.canReadLine() && bus_.state() == QProcess::Running && !deadline.hasExpired()) {
            bus_.waitForReadyRead(100);
        }
        busAddress_ = QString::fromUtf8(bus_.readLine()).trimmed();
        if (busAddress_.isEmpty()) {
            return QStringLiteral("dbus-daemon printed no address: ") +
                   QString::fromUtf8(bus_.readAllStandardError());
        }
        return {};
    }

    QString startKeyring(const QString& keyringDaemon) {
        // gnome-keyring-daemon keeps its files under these directories and finds a running
        // daemon through $XDG_RUNTIME_DIR/keyring/control.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        const char* const homes[][2] = {{"HOME", "home"},
                                        {"XDG_DATA_HOME", "data"},
                                        {"XDG_CONFIG_HOME", "config"},
                                        {"XDG_CACHE_HOME", "cache"},
                                        {"XDG_RUNTIME_DIR", "runtime"}};
        for (const auto& [variable, name] : homes) {
            const QString path = dir_.filePath(QString::fromLatin1(name));
            if (!QDir().mkpath(path) ||
                !QFile::setPermissions(path,
                                       QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
                return QStringLiteral("creating %1 failed").arg(path);
            }
            environment.insert(QString::fromLatin1(variable), path);
        }
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress_);
        environment.remove(QStringLiteral("GNOME_KEYRING_CONTROL"));
        keyring_.setProcessEnvironment(environment);

        // --unlock reads the login password from standard input until end of file. With a
        // non-empty one, gnome-keyring 42.1 creates the "login" collection that the
        // "default" alias points at. With an empty one it creates none.
        keyring_.start(keyringDaemon, {QStringLiteral("--foreground"), QStringLiteral("--unlock"),
                                       QStringLiteral("--components=secrets")});
        if (!keyring_.waitForStarted(kTimeoutMs)) {
            return QStringLiteral("starting %1 failed: %2")
                .arg(keyringDaemon, keyring_.errorString());
        }
        keyring_.write(kLoginPassword);
        // QProcess writes from its buffer in the event loop, which this start-up does not
        // run, so wait for the write before closing the channel.
        if (!keyring_.waitForBytesWritten(kTimeoutMs)) {
            return QStringLiteral("writing the login password to gnome-keyring-daemon failed: ") +
                   keyring_.errorString();
        }
        keyring_.closeWriteChannel();
        return waitForSecretService();
    }

    QString waitForSecretService() {
        connectionName_ = QStringLiteral("berth-test-private-bus");
        QDBusConnection bus = QDBusConnection::connectToBus(busAddress_, connectionName_);
        if (!bus.isConnected()) {
            return QStringLiteral("connecting to %1 failed: %2")
                .arg(busAddress_, bus.lastError().message());
        }
        const QString loginKeyring = dir_.filePath(QStringLiteral("data/keyrings/login.keyring"));
        const QDeadlineTimer deadline(kTimeoutMs);
        while (!deadline.hasExpired()) {
            if (keyring_.state() != QProcess::Running) {
                return QStringLiteral("gnome-keyring-daemon exited: ") +
                       QString::fromUtf8(keyring_.readAllStandardError());
            }
            if (bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")) &&
                QFile::exists(loginKeyring)) {
                return {};
            }
            QThread::msleep(100);
        }
        return QStringLiteral("gnome-keyring-daemon registered no Secret Service within %1 ms")
            .arg(kTimeoutMs);
    }

    QTemporaryDir dir_;
    QProcess bus_;
    QProcess keyring_;
    QString busAddress_;
    QString connectionName_;
};

struct ToolResult {
    int exitCode = -1;
    QByteArray output;
};

} // namespace

class TestRegistryKeyring : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const QString keyringDaemon = QStandardPaths::findExecutable("gnome-keyring-daemon");
        if (keyringDaemon.isEmpty()) {
            QSKIP("gnome-keyring-daemon not found: install Debian's gnome-keyring package "
                  "(packaging/setup.sh deps) to test the keyring path");
        }
        const QString busDaemon = QStandardPaths::findExecutable("dbus-daemon");
        QVERIFY2(!busDaemon.isEmpty(), "dbus-daemon not found: install Debian's dbus-daemon");
        secretTool_ = QStandardPaths::findExecutable("secret-tool");
        QVERIFY2(!secretTool_.isEmpty(), "secret-tool not found: install libsecret-tools");

        keyring_ = std::make_unique<PrivateKeyring>();
        const QString error = keyring_->start(keyringDaemon, busDaemon);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // libsecret, which QtKeychain loads, connects to the session bus named here on its
        // first job, and secret-tool inherits the variable.
        qputenv("DBUS_SESSION_BUS_ADDRESS", keyring_->busAddress().toUtf8());
        // CredentialStore lists keyring servers in QSettings, so that file goes to the
        // temporary directory too.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           keyring_->filePath(QStringLiteral("settings")));
    }

    void cleanupTestCase() {
        keyring_.reset();
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    }

    void init() {
        QSettings().clear();
        configFile_ = keyring_->filePath(QStringLiteral("config.json"));
        QFile::remove(configFile_);
    }

    void saveKeepsPasswordInKeyring() {
        const RegistryCredential credential{"127.0.0.1:5001", "tester", "p:ss \"word\""};
        CredentialStore store(configFile_, CredentialStore::Backend::Keyring);
        QSignalSpy changed(&store, &CredentialStore::serversChanged);
        QCOMPARE(save(store, credential), QString());
        QCOMPARE(store.backend(), CredentialStore::Backend::Keyring);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(store.servers(), QStringList({"127.0.0.1:5001"}));

        const QJsonObject entry = keyringEntry("127.0.0.1:5001");
        QCOMPARE(entry.value("username").toString(), QString("tester"));
        QCOMPARE(entry.value("password").toString(), QString("p:ss \"word\""));

        QVERIFY(!QFile::exists(configFile_));
    }

    void lookupReadsKeyringInNewStore() {
        CredentialStore first(configFile_, CredentialStore::Backend::Keyring);
        QCOMPARE(save(first, {"127.0.0.1:5002", "reader", "s3cret"}), QString());

        // A new store has no session copy, so it reads the keyring entry.
        CredentialStore second(configFile_, CredentialStore::Backend::Keyring);
        QCOMPARE(second.servers(), QStringList({"127.0.0.1:5002"}));
        const auto found = lookup(second, "127.0.0.1:5002");
        QVERIFY(found.has_value());
        QCOMPARE(found->server, QString("127.0.0.1:5002"));
        QCOMPARE(found->username, QString("reader"));
        QCOMPARE(found->password, QString("s3cret"));
    }

    void removeDeletesKeyringEntry() {
        CredentialStore first(configFile_, CredentialStore::Backend::Keyring);
        QCOMPARE(save(first, {"127.0.0.1:5003", "u", "p"}), QString());
        QCOMPARE(
            runSecretTool({"lookup", "server", kKeyringService, "user", "127.0.0.1:5003"}).exitCode,
            0);

        CredentialStore second(configFile_, CredentialStore::Backend::Keyring);
        QSignalSpy changed(&second, &CredentialStore::serversChanged);
        QString error = "not called";
        second.remove("127.0.0.1:5003", [&](const QString& message) { error = message; });
        QTRY_VERIFY_WITH_TIMEOUT(error != QLatin1String("not called"), kTimeoutMs);
        QCOMPARE(error, QString());
        QCOMPARE(changed.count(), 1);
        QVERIFY(second.servers().isEmpty());

        const ToolResult gone =
            runSecretTool({"lookup", "server", kKeyringService, "user", "127.0.0.1:5003"});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY(gone.output.isEmpty());
        QVERIFY(!lookup(second, "127.0.0.1:5003").has_value());
    }

    void saveReplacesOlderFileCredential() {
        // A credential kept in config.json while no keyring ran.
        QVERIFY(
            ConfigJsonCredentials(configFile_).store({"127.0.0.1:5004", "old", "old"}).has_value());

        CredentialStore first(configFile_, CredentialStore::Backend::Keyring);
        QCOMPARE(save(first, {"127.0.0.1:5004", "new", "new"}), QString());
        QCOMPARE(keyringEntry("127.0.0.1:5004").value("password").toString(), QString("new"));
        QVERIFY(!ConfigJsonCredentials(configFile_).find("127.0.0.1:5004").has_value());

        CredentialStore second(configFile_, CredentialStore::Backend::Keyring);
        const auto found = lookup(second, "127.0.0.1:5004");
        QVERIFY(found.has_value());
        QCOMPARE(found->username, QString("new"));
        QCOMPARE(found->password, QString("new"));
    }

    void lookupForgetsMissingKeyringEntry() {
        CredentialStore first(configFile_, CredentialStore::Backend::Keyring);
        QCOMPARE(save(first, {"127.0.0.1:5005", "u", "p"}), QString());
        // Deleted outside the studio, for example in a keyring manager.
        QCOMPARE(
            runSecretTool({"clear", "server", kKeyringService, "user", "127.0.0.1:5005"}).exitCode,
            0);

        CredentialStore second(configFile_, CredentialStore::Backend::Keyring);
        QSignalSpy changed(&second, &CredentialStore::serversChanged);
        QVERIFY(!lookup(second, "127.0.0.1:5005").has_value());
        QVERIFY(second.servers().isEmpty());
        QCOMPARE(changed.count(), 1);
    }

private:
    QString save(CredentialStore& store, const RegistryCredential& credential) {
        QString error = "not called";
        store.save(credential, true, [&](const QString& message) { error = message; });
        QDeadlineTimer deadline(kTimeoutMs);
        while (error == QLatin1String("not called") && !deadline.hasExpired()) {
            QTest::qWait(20);
        }
        return error;
    }

    // Returns the credential found, or nullopt when none is or the lookup timed out.
    std::optional<RegistryCredential> lookup(CredentialStore& store, const QString& server) {
        bool done = false;
        std::optional<RegistryCredential> found;
        store.lookup(server, [&](std::optional<RegistryCredential> credential) {
            found = std::move(credential);
            done = true;
        });
        QDeadlineTimer deadline(kTimeoutMs);
        while (!done && !deadline.hasExpired()) {
            QTest::qWait(20);
        }
        return done ? found : std::nullopt;
    }

    ToolResult runSecretTool(const QStringList& arguments) {
        QProcess tool;
        tool.start(secretTool_, arguments);
        if (!tool.waitForFinished(kTimeoutMs)) {
            stopProcess(tool);
            return {};
        }
        return {tool.exitStatus() == QProcess::NormalExit ? tool.exitCode() : -1,
                tool.readAllStandardOutput()};
    }

    // The secret that QtKeychain stored for server, read with secret-tool, not QtKeychain.
    QJsonObject keyringEntry(const QString& server) {
        const ToolResult result =
            runSecretTool({"lookup", "server", kKeyringService, "user", server});
        return result.exitCode == 0 ? QJsonDocument::fromJson(result.output).object()
                                    : QJsonObject();
    }

    std::unique_ptr<PrivateKeyring> keyring_;
    QString secretTool_;
    QString configFile_;
};

QTEST_GUILESS_MAIN(TestRegistryKeyring)
#include "tst_registry_keyring.moc"

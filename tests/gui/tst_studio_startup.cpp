// The studio's start-up. Without a configured endpoint it picks the system socket when this
// account may open it, the bundled engine as root, and otherwise the first-run page. The
// tests also cover the engine sockets Settings offers and that the choice made there is
// remembered. Every socket is a file of this test whose listener was closed, so a
// connection attempt is refused at once. No test connects to another engine.

#include "engineconnection.h"
#include "enginediscovery.h"
#include "firstrunpage.h"
#include "mainwindow.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace berth::studio;

namespace {

const QString kEndpointKey = QStringLiteral("engine/endpoint");

// Creates a socket file at `path` with no listener behind it.
bool makeDeadSocket(const QString& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s",
                  QFile::encodeName(path).constData());
    bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

} // namespace

class StudioStartupTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void firstRunPageForMissingSocket();
    void systemSocketUsedWhenOpen();
    void startupChoiceOrder();
    void presentEndpointsOnly();
    void settingsChoiceRemembered();

private:
    [[nodiscard]] StartupOptions withoutEngine() const;

    QTemporaryDir dir_{QStringLiteral("/tmp/bst-XXXXXX")};
};

void StudioStartupTest::initTestCase() {
    QVERIFY(dir_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-startup"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       dir_.filePath(QStringLiteral("settings")));
}

void StudioStartupTest::init() {
    QSettings().remove(kEndpointKey);
}

// No system socket and no root: the studio must neither start berthd nor fail silently.
StartupOptions StudioStartupTest::withoutEngine() const {
    StartupOptions options;
    options.systemSocket = dir_.filePath(QStringLiteral("missing/berth.sock"));
    options.mayStartBundled = false;
    return options;
}

void StudioStartupTest::firstRunPageForMissingSocket() {
    MainWindow window;
    window.setStartupOptions(withoutEngine());
    window.resize(1000, 640);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.connectToEngine();
    QTest::qWait(100); // the page must stay when the window gets focus

    QVERIFY(window.isFirstRunPageShown());
    QVERIFY(window.firstRunPage()->isVisible());
    QVERIFY(window.connection() == nullptr);
    const QString text = window.firstRunPage()->text();
    QVERIFY2(text.contains(QStringLiteral("systemctl enable --now berth.socket")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("adduser $USER berth")), qPrintable(text));
    QVERIFY2(text.contains(withoutEngine().systemSocket), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("as powerful as root")), qPrintable(text));

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QVERIFY(window.grab().save(shots + QStringLiteral("/studio-first-run.png")));
    }
}

void StudioStartupTest::systemSocketUsedWhenOpen() {
    const QString socket = dir_.filePath(QStringLiteral("system.sock"));
    QVERIFY(makeDeadSocket(socket));
    StartupOptions options = withoutEngine();
    options.systemSocket = socket;

    MainWindow window;
    window.setStartupOptions(options);
    window.connectToEngine();

    QVERIFY(!window.isFirstRunPageShown());
    QVERIFY(window.connection() != nullptr);
    QCOMPARE(window.connection()->endpointText(), QStringLiteral("unix://") + socket);
    QVERIFY(QFile::remove(socket));
}

void StudioStartupTest::startupChoiceOrder() {
    const QString socket = dir_.filePath(QStringLiteral("order.sock"));
    QVERIFY(makeDeadSocket(socket));
    StartupOptions options = withoutEngine();
    options.mayStartBundled = true;

    QCOMPARE(chooseStartupEngine(QStringLiteral("unix:///x.sock"), options),
             StartupEngine::Configured);
    QCOMPARE(chooseStartupEngine(QString(), options), StartupEngine::Bundled);
    options.systemSocket = socket;
    QCOMPARE(chooseStartupEngine(QString(), options), StartupEngine::System);
    options.systemSocket = dir_.filePath(QStringLiteral("missing/berth.sock"));
    options.mayStartBundled = false;
    QCOMPARE(chooseStartupEngine(QString(), options), StartupEngine::FirstRun);
    QVERIFY(QFile::remove(socket));
}

void StudioStartupTest::presentEndpointsOnly() {
    const QString socket = dir_.filePath(QStringLiteral("docker.sock"));
    QVERIFY(makeDeadSocket(socket));
    const QString plainFile = dir_.filePath(QStringLiteral("podman.sock"));
    QFile file(plainFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    const QList<FoundEndpoint> present = presentEndpoints({
        {QStringLiteral("unix://") + socket, QStringLiteral("Docker")},
        {QStringLiteral("unix://") + plainFile, QStringLiteral("Podman")},
        {QStringLiteral("unix://") + dir_.filePath(QStringLiteral("none.sock")),
         QStringLiteral("Berth")},
    });
    QCOMPARE(present.size(), 1);
    QCOMPARE(present.first().endpoint, QStringLiteral("unix://") + socket);
    QVERIFY(QFile::remove(socket));
}

void StudioStartupTest::settingsChoiceRemembered() {
    const QString socket = dir_.filePath(QStringLiteral("chosen.sock"));
    QVERIFY(makeDeadSocket(socket));
    const QString endpoint = QStringLiteral("unix://") + socket;
    {
        MainWindow window;
        window.setStartupOptions(withoutEngine());
        window.show();
        window.connectToEngine();
        QVERIFY(window.isFirstRunPageShown());

        window.showSettings();
        auto* dialog = window.findChild<SettingsDialog*>();
        QVERIFY(dialog != nullptr);
        QCOMPARE(dialog->endpoint(), QString());
        dialog->setFoundEndpoints({{endpoint, QStringLiteral("Docker")}});
        auto* found = dialog->findChild<QComboBox*>(QStringLiteral("foundCombo"));
        QVERIFY(found != nullptr);
        QCOMPARE(found->count(), 2);
        found->setCurrentIndex(1);
        emit found->activated(1);
        QCOMPARE(dialog->endpoint(), endpoint);
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        buttons->button(QDialogButtonBox::Ok)->click();

        QCOMPARE(QSettings().value(kEndpointKey).toString(), endpoint);
        QVERIFY(!window.isFirstRunPageShown());
        QVERIFY(window.connection() != nullptr);
        QCOMPARE(window.connection()->endpointText(), endpoint);
    }

    // A new start uses the remembered endpoint, and Settings shows it.
    MainWindow again;
    again.setStartupOptions(withoutEngine());
    again.connectToEngine();
    QVERIFY(!again.isFirstRunPageShown());
    QVERIFY(again.connection() != nullptr);
    QCOMPARE(again.connection()->endpointText(), endpoint);
    again.showSettings();
    auto* dialog = again.findChild<SettingsDialog*>();
    QVERIFY(dialog != nullptr);
    QCOMPARE(dialog->endpoint(), endpoint);
    QVERIFY(QFile::remove(socket));
}

QTEST_MAIN(StudioStartupTest)
#include "tst_studio_startup.moc"

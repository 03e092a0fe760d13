// The studio's engine connection against a scripted server: it reports the connection,
// passes events on, runs calls off the GUI thread, and reconnects after the engine goes.

#include "containersmodel.h"
#include "engineconnection.h"
#include "fake_engine_server.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace berth;
using namespace berth::studio;
using berth::test::FakeEngineServer;
using berth::test::FakeRequest;
using berth::test::FakeResponse;

namespace {

constexpr int kDeadlineMs = 10000;

FakeResponse answer(const FakeRequest& request) {
    if (request.target == "/_ping") {
        return FakeResponse::raw(200, "text/plain", "OK", "Api-Version: 1.43\r\n");
    }
    if (request.target.ends_with("/version")) {
        return FakeResponse::json(200, R"({"Version":"9.9","Platform":{"Name":"Fake Engine"}})");
    }
    if (request.target.find("/events") != std::string::npos) {
        return FakeResponse::chunked(
            "application/json",
            {R"({"Type":"container","Action":"start","Actor":{"ID":"abc"}})"
             "\n"},
            true);
    }
    return FakeResponse::json(200, "[]");
}

} // namespace

class StudioConnectionTest : public QObject {
    Q_OBJECT

private slots:
    void connectsIdentifiesAndForwardsEvents();
    void runDeliversOnGuiThread();
    void reconnectsAfterEngineRestart();
    void modelWaitsForStartingEngine();
};

void StudioConnectionTest::connectsIdentifiesAndForwardsEvents() {
    QTemporaryDir dir;
    const std::string socket = dir.filePath("engine.sock").toStdString();
    FakeEngineServer server(socket, answer);
    EngineConnection connection(client::Endpoint::unixSocket(socket));
    QSignalSpy events(&connection, &EngineConnection::engineEvent);

    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), kDeadlineMs);
    QTRY_COMPARE_WITH_TIMEOUT(connection.engineName(), QStringLiteral("Fake Engine"), kDeadlineMs);
    QCOMPARE(connection.engineVersion(), QStringLiteral("9.9"));
    QTRY_COMPARE_WITH_TIMEOUT(events.size(), 1, kDeadlineMs);
    QCOMPARE(events[0][0].toString(), QStringLiteral("container"));
    QCOMPARE(events[0][1].toString(), QStringLiteral("start"));
    QCOMPARE(events[0][2].toString(), QStringLiteral("abc"));
}

void StudioConnectionTest::runDeliversOnGuiThread() {
    QTemporaryDir dir;
    const std::string socket = dir.filePath("engine.sock").toStdString();
    FakeEngineServer server(socket, answer);
    EngineConnection connection(client::Endpoint::unixSocket(socket));

    QThread* workThread = nullptr;
    QThread* doneThread = nullptr;
    bool listed = false;
    connection.run(
        this,
        [&](client::Client& client) {
            workThread = QThread::currentThread();
            return client.listContainers();
        },
        [&](Result<std::vector<client::ContainerSummary>> containers) {
            doneThread = QThread::currentThread();
            listed = containers.has_value();
        });
    QTRY_VERIFY_WITH_TIMEOUT(doneThread != nullptr, kDeadlineMs);
    QVERIFY(listed);
    QCOMPARE(doneThread, QThread::currentThread());
    QVERIFY(workThread != QThread::currentThread());
}

// The status bar's dot turns red while the engine is gone and green when it is back.
void StudioConnectionTest::reconnectsAfterEngineRestart() {
    QTemporaryDir dir;
    const std::string socket = dir.filePath("engine.sock").toStdString();
    auto server = std::make_unique<FakeEngineServer>(socket, answer);
    EngineConnection connection(client::Endpoint::unixSocket(socket));
    QSignalSpy changes(&connection, &EngineConnection::connectedChanged);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), kDeadlineMs);

    server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!connection.isConnected(), kDeadlineMs);

    QFile::remove(QString::fromStdString(socket));
    server = std::make_unique<FakeEngineServer>(socket, answer);
    QVERIFY(server->listening());
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), kDeadlineMs);
    QCOMPARE(changes.size(), 3);
    QCOMPARE(changes[0][0].toBool(), true);
    QCOMPARE(changes[1][0].toBool(), false);
    QCOMPARE(changes[2][0].toBool(), true);
}

// A bundled engine takes a moment to open its socket; the container list must not report
// that moment as a failure, and must load once the engine answers.
void StudioConnectionTest::modelWaitsForStartingEngine() {
    QTemporaryDir dir;
    const std::string socket = dir.filePath("engine.sock").toStdString();
    EngineConnection connection(client::Endpoint::unixSocket(socket));
    ContainersModel model;
    QSignalSpy failures(&model, &ContainersModel::loadFailed);
    QSignalSpy loads(&model, &ContainersModel::loaded);
    connection.start();
    model.setConnection(&connection);
    QTest::qWait(300);
    QCOMPARE(failures.size(), 0);

    FakeEngineServer server(socket, answer);
    QVERIFY(server.listening());
    QTRY_VERIFY_WITH_TIMEOUT(connection.isConnected(), kDeadlineMs);
    model.reload();
    QTRY_COMPARE_WITH_TIMEOUT(loads.size(), 1, kDeadlineMs);
    QCOMPARE(failures.size(), 0);
    QVERIFY(model.hasLoaded());
}

QTEST_GUILESS_MAIN(StudioConnectionTest)
#include "tst_studio_connection.moc"

// Relative times in the Containers table: Docker's steps and English plurals, the status
// text read back from the engine's words, and rows that change when the clock moves.
// The model's clock is injected; only the timer test waits, for one tick of the real timer.

#include "containersmodel.h"
#include "formatting.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace berth;
using namespace berth::studio;

namespace {

constexpr int64_t kListedAt = 1'800'000'000;

client::ContainerSummary container(const std::string& id, int64_t created,
                                   const std::string& status) {
    client::ContainerSummary summary;
    summary.id = id;
    summary.names = {"/" + id};
    summary.created = created;
    summary.state = "running";
    summary.status = status;
    return summary;
}

} // namespace

class StudioTimesTest : public QObject {
    Q_OBJECT

private slots:
    void durationSteps_data() {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << "Less than a second";
        QTest::newRow("one second") << qint64(1) << "1 second";
        QTest::newRow("seconds") << qint64(26) << "26 seconds";
        QTest::newRow("one minute") << qint64(119) << "About a minute";
        QTest::newRow("two minutes") << qint64(120) << "2 minutes";
        QTest::newRow("one hour") << qint64(3600) << "About an hour";
        QTest::newRow("hours") << qint64(47 * 3600) << "47 hours";
        QTest::newRow("days") << qint64(3 * 86400) << "3 days";
        QTest::newRow("weeks") << qint64(20 * 86400) << "2 weeks";
        QTest::newRow("months") << qint64(90 * 86400) << "3 months";
        QTest::newRow("years") << qint64(800 * 86400) << "2 years";
    }

    void durationSteps() {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(formatDuration(seconds), text);
    }

    void ageHasNoPluralMarker() {
        QCOMPARE(formatAge(kListedAt - 150, kListedAt), QStringLiteral("2 minutes ago"));
        QCOMPARE(formatAge(kListedAt - 3 * 3600, kListedAt), QStringLiteral("3 hours ago"));
        QCOMPARE(formatAge(kListedAt - 60, kListedAt), QStringLiteral("About a minute ago"));
        QCOMPARE(formatAge(0, kListedAt), QString());
    }

    void statusFollowsClock_data() {
        QTest::addColumn<QString>("listed");
        QTest::addColumn<qint64>("later");
        QTest::addColumn<QString>("expected");
        QTest::newRow("up seconds") << "Up 26 seconds" << qint64(100) << "Up 2 minutes";
        QTest::newRow("up with health")
            << "Up 3 minutes (healthy)" << qint64(3600) << "Up About an hour (healthy)";
        QTest::newRow("paused") << "Up About a minute (Paused)" << qint64(60)
                                << "Up 2 minutes (Paused)";
        QTest::newRow("exited") << "Exited (137) Less than a second ago" << qint64(300)
                                << "Exited (137) 5 minutes ago";
        QTest::newRow("restarting")
            << "Restarting (1) 2 seconds ago" << qint64(1) << "Restarting (1) 3 seconds ago";
        QTest::newRow("created") << "Created" << qint64(500) << "Created";
        QTest::newRow("unknown words") << "Up for a while" << qint64(500) << "Up for a while";
    }

    void statusFollowsClock() {
        QFETCH(QString, listed);
        QFETCH(qint64, later);
        QFETCH(QString, expected);
        const ContainerStatusTime status = parseContainerStatus(listed.toStdString(), kListedAt);
        QCOMPARE(formatContainerStatus(status, kListedAt + later), expected);
    }

    void modelRowFollowsClock() {
        int64_t now = kListedAt;
        ContainersModel model;
        model.setClock([&now] { return now; });
        model.setContainers({container("web", kListedAt - 5, "Up 5 seconds")});
        const QModelIndex created = model.index(0, ContainersModel::Created);
        const QModelIndex status = model.index(0, ContainersModel::Status);
        QCOMPARE(created.data().toString(), QStringLiteral("5 seconds ago"));
        QCOMPARE(status.data().toString(), QStringLiteral("Up 5 seconds"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        now += 180;
        model.refreshTimes();
        QCOMPARE(changed.count(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), created);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>(), status);
        QCOMPARE(created.data().toString(), QStringLiteral("3 minutes ago"));
        QCOMPARE(status.data().toString(), QStringLiteral("Up 3 minutes"));
    }

    void modelTimerRefreshesTimes() {
        ContainersModel model;
        model.setContainers({container("web", kListedAt, "Up 5 seconds")});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // The model's own timer, not a reload, sends the change.
        QVERIFY(changed.wait());
        const QModelIndex first = changed.at(0).at(0).value<QModelIndex>();
        QCOMPARE(first.column(), int(ContainersModel::Created));
    }

    void reloadKeepsStatusInStep() {
        int64_t now = kListedAt;
        ContainersModel model;
        model.setClock([&now] { return now; });
        model.setContainers({container("a", kListedAt, "Up 1 second"),
                             container("b", kListedAt, "Exited (0) 2 minutes ago")});
        model.setContainers({container("b", kListedAt, "Exited (0) 2 minutes ago")});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.statusText(0), QStringLiteral("Exited (0) 2 minutes ago"));
        now += 60;
        QCOMPARE(model.statusText(0), QStringLiteral("Exited (0) 3 minutes ago"));
    }

    void screenshotOfTable() {
        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (shots.isEmpty()) {
            QSKIP("BERTH_SCREENSHOT_DIR is not set");
        }
        int64_t now = kListedAt;
        ContainersModel model;
        model.setClock([&now] { return now; });
        model.setContainers({container("web", kListedAt - 26, "Up 26 seconds"),
                             container("db", kListedAt - 7200, "Exited (0) 2 hours ago")});
        QTableView view;
        view.setModel(&model);
        view.resize(900, 160);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        now += 150;
        model.refreshTimes();
        QVERIFY(view.grab().save(shots + QStringLiteral("/containers-times.png")));
    }
};

QTEST_MAIN(StudioTimesTest)
#include "tst_studio_times.moc"

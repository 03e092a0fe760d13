// The Rename and Update Resources dialogs without an engine: Docker's name rule, and the
// update that the dialog builds from a container's inspect data and the user's changes.

#include "renamedialog.h"
#include "resourcelimitseditor.h"
#include "updatedialog.h"

#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

const char* kInspect = R"({
  "Name": "/web",
  "HostConfig": {"Memory": 134217728, "MemorySwap": 268435456, "NanoCpus": 1500000000,
                 "PidsLimit": 100, "RestartPolicy": {"Name": "always", "MaximumRetryCount": 0}}
})";

} // namespace

class LifecycleDialogsTest : public QObject {
    Q_OBJECT

private slots:
    void containerNameRule_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("letters and digits") << "web2" << true;
        QTest::newRow("underscore, dot and dash inside") << "my_web.app-1" << true;
        QTest::newRow("leading slash as the API allows") << "/web" << true;
        QTest::newRow("one character") << "w" << false;
        QTest::newRow("leading dash") << "-web" << false;
        QTest::newRow("leading underscore") << "_web" << false;
        QTest::newRow("space") << "my web" << false;
        QTest::newRow("colon") << "web:1" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("name of another container") << "db" << false;
    }

    void containerNameRule() {
        QFETCH(QString, name);
        QFETCH(bool, accepted);
        const QString problem = containerNameProblem(name, {QStringLiteral("db")});
        QCOMPARE(problem.isEmpty(), accepted);
    }

    // The limit fields are the Run dialog's, without the two that an update cannot change.
    void updateShowsSharedLimitFields() {
        UpdateDialog dialog(QStringLiteral("web"), Json::parse(kInspect), 2);
        auto* editor = dialog.findChild<ResourceLimitsEditor*>(QStringLiteral("limitsEditor"));
        QVERIFY(editor);
        QCOMPARE(editor->memorySpin()->value(), 128);
        QCOMPARE(editor->cpusSpin()->value(), 1.5);
        // More CPUs than the host's 2 are a problem, not a value lowered without a word.
        editor->cpusSpin()->setValue(3);
        QVERIFY2(editor->problemText().contains(QStringLiteral("between 0.01 and 2")),
                 qPrintable(editor->problemText()));
        editor->cpusSpin()->setValue(1.5);
        QVERIFY(editor->problemText().isEmpty());
        QCOMPARE(editor->pidsSpin()->value(), 100);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(editor->memorySpin()->isVisible());
        QVERIFY(!editor->swapSpin()->isVisible());
        QVERIFY(!editor->sharesSpin()->isVisible());

        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QVERIFY(dialog.grab().save(shots + QStringLiteral("/studio-update-dialog.png")));
        }
    }

    void updateUnchangedIsEmpty() {
        UpdateDialog dialog(QStringLiteral("web"), Json::parse(kInspect), 2);
        const client::ContainerUpdate update = dialog.update();
        QVERIFY(!update.memoryBytes);
        QVERIFY(!update.memorySwapBytes);
        QVERIFY(!update.nanoCpus);
        QVERIFY(!update.pidsLimit);
        QVERIFY(!update.restartPolicy);
        QVERIFY(dialog.problem().isEmpty());
    }

    void updateSendsChangedFields() {
        UpdateDialog dialog(QStringLiteral("web"), Json::parse(kInspect), 2);
        dialog.setMemoryMiB(256);
        dialog.setPidsLimit(0);
        dialog.setRestartPolicy(QStringLiteral("on-failure"), 5);
        const client::ContainerUpdate update = dialog.update();
        QCOMPARE(update.memoryBytes.value_or(0), int64_t(256) * 1024 * 1024);
        // The container had a swap limit, which must stay above the new memory limit.
        QCOMPARE(update.memorySwapBytes.value_or(0), int64_t(512) * 1024 * 1024);
        QVERIFY(!update.nanoCpus);
        QCOMPARE(update.pidsLimit.value_or(0), int64_t(-1));
        QCOMPARE(update.restartPolicy.value_or(""), std::string("on-failure"));
        QCOMPARE(update.maximumRetryCount, 5);
    }

    void updateCpusFromQuota() {
        const Json inspect = Json::parse(R"({"HostConfig": {"CpuQuota": 50000,
                                                            "CpuPeriod": 100000}})");
        UpdateDialog dialog(QStringLiteral("web"), inspect, 4);
        dialog.setCpus(0.5);
        QVERIFY(!dialog.update().nanoCpus);
        dialog.setCpus(2);
        QCOMPARE(dialog.update().nanoCpus.value_or(0), int64_t(2'000'000'000));
    }

    // Docker reads zero in an update as "unchanged", so clearing a limit is reported.
    void updateRejectsRemovingLimits() {
        UpdateDialog dialog(QStringLiteral("web"), Json::parse(kInspect), 2);
        dialog.setMemoryMiB(0);
        QVERIFY(dialog.problem().contains(QStringLiteral("memory")));
        dialog.setMemoryMiB(128);
        dialog.setCpus(0);
        QVERIFY(dialog.problem().contains(QStringLiteral("CPU")));
        dialog.setCpus(1.5);
        QVERIFY(dialog.problem().isEmpty());
        dialog.setMemoryMiB(4);
        QVERIFY(dialog.problem().contains(QStringLiteral("6 MiB")));
    }
};

QTEST_MAIN(LifecycleDialogsTest)
#include "tst_lifecycle_dialogs.moc"

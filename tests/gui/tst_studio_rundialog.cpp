// The Run dialog without an engine: its typed getters and setters, the live docker run
// line, inline problems that disable Run, and pasting a line with flags it cannot place.

#include "rundialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTest>

using namespace berth::studio;

class RunDialogTest : public QObject {
    Q_OBJECT

private slots:
    void specRoundTrips();
    void runLineFollowsTyping();
    void emptyImageDisablesRun();
    void badNameShowsInline();
    void unterminatedQuoteInCommand();
    void pasteListsUnplacedFlags();
    void pasteReportsParseError();
    void laterTabsDisabledWithTooltip();
};

void RunDialogTest::specRoundTrips() {
    RunDialog dialog;
    RunSpec spec;
    spec.image = "busybox:latest";
    spec.name = "web";
    spec.command = {"sh", "-c", "echo hi"};
    spec.entrypoint = "/bin/env";
    spec.interactive = true;
    spec.tty = true;
    spec.detach = false;
    spec.remove = true;
    spec.env = {"A=b", "EMPTY=", "PASSED"};
    spec.restartPolicy = "on-failure";
    spec.maxRetries = 4;
    dialog.setSpec(spec);
    const RunSpec back = dialog.spec();
    QCOMPARE(back.image, spec.image);
    QCOMPARE(back.name, spec.name);
    QCOMPARE(back.command, spec.command);
    QCOMPARE(back.entrypoint, spec.entrypoint);
    QCOMPARE(back.env, spec.env);
    QCOMPARE(back.restartPolicy, spec.restartPolicy);
    QCOMPARE(back.maxRetries, spec.maxRetries);
    QVERIFY(back == spec);
}

void RunDialogTest::runLineFollowsTyping() {
    RunDialog dialog;
    auto* image = dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"));
    auto* command = dialog.findChild<QLineEdit*>(QStringLiteral("commandEdit"));
    auto* detach = dialog.findChild<QCheckBox*>(QStringLiteral("detachCheck"));
    QVERIFY(image && command && detach);
    detach->setChecked(true);
    QTest::keyClicks(image, QStringLiteral("busybox"));
    QTest::keyClicks(command, QStringLiteral("echo 'a b'"));
    QCOMPARE(dialog.runLine(), QStringLiteral("docker run -d busybox echo 'a b'"));
}

void RunDialogTest::emptyImageDisablesRun() {
    RunDialog dialog;
    QVERIFY(!dialog.runButton()->isEnabled());
    QVERIFY(dialog.runButton()->toolTip().contains(QStringLiteral("image")));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("imageProblem"));
    QVERIFY(!problem->text().isEmpty());
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("busybox"));
    QVERIFY(dialog.runButton()->isEnabled());
    QVERIFY(problem->text().isEmpty());
}

void RunDialogTest::badNameShowsInline() {
    RunDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("busybox"));
    auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"));
    name->setText(QStringLiteral("my web"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("nameProblem"));
    QVERIFY(!problem->text().isEmpty());
    QVERIFY(!dialog.runButton()->isEnabled());
    QCOMPARE(dialog.runButton()->toolTip(), problem->text());
    name->setText(QStringLiteral("my-web"));
    QVERIFY(problem->text().isEmpty());
    QVERIFY(dialog.runButton()->isEnabled());
}

void RunDialogTest::unterminatedQuoteInCommand() {
    RunDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("busybox"));
    dialog.findChild<QLineEdit*>(QStringLiteral("commandEdit"))
        ->setText(QStringLiteral("echo 'hi"));
    QCOMPARE(dialog.problems().size(), 1);
    QVERIFY(!dialog.runButton()->isEnabled());
}

void RunDialogTest::pasteListsUnplacedFlags() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(
        QStringLiteral("docker run -itd --rm --name db -e A=1 -p 5432:5432 -v data:/var/lib "
                       "--restart=always busybox sh")));
    const RunSpec spec = dialog.spec();
    QCOMPARE(spec.name, std::string("db"));
    QVERIFY(spec.interactive && spec.tty && spec.detach && spec.remove);
    QCOMPARE(spec.env, std::vector<std::string>{"A=1"});
    QCOMPARE(spec.restartPolicy, std::string("always"));
    QCOMPARE(spec.command, std::vector<std::string>{"sh"});
    QVERIFY(dialog.pasteResult().contains(QStringLiteral("-p 5432:5432")));
    QVERIFY(!dialog.pasteResult().contains(QStringLiteral("-v data:/var/lib")));
    QCOMPARE(spec.volumes.size(), size_t(1));
    QCOMPARE(spec.volumes[0].source, std::string("data"));
    QVERIFY(dialog.runButton()->isEnabled());

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/studio-run-dialog.png")));
    }
}

void RunDialogTest::pasteReportsParseError() {
    RunDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("keep"));
    QVERIFY(!dialog.applyRunLine(QStringLiteral("docker run --name")));
    QVERIFY(dialog.pasteResult().contains(QStringLiteral("--name")));
    QCOMPARE(dialog.spec().image, std::string("keep"));
}

void RunDialogTest::laterTabsDisabledWithTooltip() {
    RunDialog dialog;
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
    QVERIFY(tabs);
    for (const char* name : {"portsTab", "linksTab", "resourcesTab"}) {
        const int index = tabs->indexOf(dialog.findChild<QWidget*>(QLatin1String(name)));
        QVERIFY(index >= 0);
        QVERIFY(!tabs->isTabEnabled(index));
        QVERIFY(!tabs->tabToolTip(index).isEmpty());
    }
    QVERIFY(tabs->isTabEnabled(tabs->indexOf(dialog.findChild<QWidget*>("restartTab"))));
}

QTEST_MAIN(RunDialogTest)
#include "tst_studio_rundialog.moc"

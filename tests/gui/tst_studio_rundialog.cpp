// The Run dialog without an engine: its typed getters and setters, the live docker run
// line, inline problems that disable Run, pasting a line with flags it cannot place, and
// the port forward table with its checks.

#include "common/unique_fd.h"
#include "createrequest.h"
#include "imageports.h"
#include "portforwardeditor.h"
#include "resourcelimitseditor.h"
#include "rundialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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
    void everyTabEnabled();
    void resourcesFillRunLineAndRequest();
    void pastedLimitsFillResourcesTab();
    void pastedFineMemoryStaysUnplaced();
    void resourceProblemsDisableRun();
    void pastedPublishFillsPortTable();
    void portTableChecksRows();
    void portInUseOnLoopbackShows();
    void privilegedPortGetsNote();
    void exposedPortsFillTable();
    void linkTableFillsRunLine();
    void linkTableChecksAliases();
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
        QStringLiteral("docker run -itd --rm --name db -e A=1 --dns 10.0.0.1 -v data:/var/lib "
                       "--restart=always busybox sh")));
    const RunSpec spec = dialog.spec();
    QCOMPARE(spec.name, std::string("db"));
    QVERIFY(spec.interactive && spec.tty && spec.detach && spec.remove);
    QCOMPARE(spec.env, std::vector<std::string>{"A=1"});
    QCOMPARE(spec.restartPolicy, std::string("always"));
    QCOMPARE(spec.command, std::vector<std::string>{"sh"});
    QVERIFY(dialog.pasteResult().contains(QStringLiteral("--dns 10.0.0.1")));
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

void RunDialogTest::everyTabEnabled() {
    RunDialog dialog;
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
    QVERIFY(tabs);
    for (int index = 0; index < tabs->count(); ++index) {
        QVERIFY2(tabs->isTabEnabled(index), qPrintable(tabs->tabText(index)));
    }
}

void RunDialogTest::resourcesFillRunLineAndRequest() {
    RunDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("busybox"));
    auto* editor = dialog.findChild<ResourceLimitsEditor*>(QStringLiteral("resourcesEditor"));
    QVERIFY(editor);
    auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
    tabs->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("resourcesTab")));

    // Typed as a user would: select the field's text and replace it.
    QSpinBox* memory = editor->memorySpin();
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("512"));
    QDoubleSpinBox* cpus = editor->cpusSpin();
    cpus->selectAll();
    QTest::keyClicks(cpus, QStringLiteral("1.5"));
    editor->pidsSpin()->setValue(100);
    editor->sharesSpin()->setValue(512);
    // The swap field shows words for -1 and 0, and still takes a typed number.
    QCOMPARE(editor->swapSpin()->text(), QStringLiteral("Twice the memory"));
    editor->swapSpin()->selectAll();
    QTest::keyClicks(editor->swapSpin(), QStringLiteral("1024"));
    QCOMPARE(editor->swapSpin()->value(), 1024);
    editor->swapSpin()->setValue(-1);
    QCOMPARE(editor->swapSpin()->text(), QStringLiteral("Unlimited"));
    editor->swapSpin()->setValue(1024);
    QCOMPARE(editor->swapSpin()->text(), QStringLiteral("1024 MiB"));

    QCOMPARE(dialog.runLine(),
             QStringLiteral("docker run -d --memory 512m --memory-swap 1g --cpus 1.5 "
                            "--cpu-shares 512 --pids-limit 100 busybox"));
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
    QVERIFY(dialog.runButton()->isEnabled());

    const berth::client::Json body = createRequestBody(dialog.spec());
    const berth::client::Json& host = body["HostConfig"];
    QCOMPARE(host["Memory"].get<int64_t>(), int64_t(512) * 1024 * 1024);
    QCOMPARE(host["MemorySwap"].get<int64_t>(), int64_t(1024) * 1024 * 1024);
    QCOMPARE(host["NanoCpus"].get<int64_t>(), int64_t(1'500'000'000));
    QCOMPARE(host["CpuShares"].get<int64_t>(), int64_t(512));
    QCOMPARE(host["PidsLimit"].get<int64_t>(), int64_t(100));

    // Unlimited swap is -1 on the line and in the request.
    editor->swapSpin()->setValue(-1);
    QVERIFY(dialog.runLine().contains(QStringLiteral("--memory-swap -1")));
    QCOMPARE(createRequestBody(dialog.spec())["HostConfig"]["MemorySwap"].get<int64_t>(),
             int64_t(-1));

    // Limits left at "No limit" stay out of the request.
    editor->setLimits({});
    const berth::client::Json plain = createRequestBody(dialog.spec())["HostConfig"];
    for (const char* key : {"Memory", "MemorySwap", "NanoCpus", "CpuShares", "PidsLimit"}) {
        QVERIFY2(!plain.contains(key), key);
    }
    QCOMPARE(dialog.runLine(), QStringLiteral("docker run -d busybox"));
}

void RunDialogTest::pastedLimitsFillResourcesTab() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(QStringLiteral(
        "docker run -m 1.5g --memory-swap=-1 --cpus 0.25 -c 2048 --pids-limit 64 alpine")));
    QCOMPARE(dialog.pasteResult(), QStringLiteral("Every flag was placed."));
    auto* editor = dialog.findChild<ResourceLimitsEditor*>(QStringLiteral("resourcesEditor"));
    QVERIFY(editor);
    QCOMPARE(editor->memorySpin()->value(), 1536);
    QCOMPARE(editor->swapSpin()->value(), -1);
    QCOMPARE(editor->swapSpin()->text(), QStringLiteral("Unlimited"));
    QCOMPARE(editor->cpusSpin()->value(), 0.25);
    QCOMPARE(editor->sharesSpin()->value(), 2048);
    QCOMPARE(editor->pidsSpin()->value(), 64);
    QCOMPARE(dialog.runLine(), QStringLiteral("docker run --memory 1536m --memory-swap -1 "
                                              "--cpus 0.25 --cpu-shares 2048 --pids-limit 64 "
                                              "alpine"));

    // A second paste without limits clears them.
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run alpine")));
    QCOMPARE(editor->memorySpin()->value(), 0);
    QCOMPARE(editor->memorySpin()->text(), QStringLiteral("No limit"));
    QCOMPARE(editor->swapSpin()->value(), 0);
    QCOMPARE(dialog.spec().resources, ResourceLimits{});

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QVERIFY(dialog.applyRunLine(
            QStringLiteral("docker run --memory 512m --cpus 1.5 --pids-limit 100 -m 4m busybox")));
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
        tabs->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("resourcesTab")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/studio-run-resources.png")));
    }
}

void RunDialogTest::pastedFineMemoryStaysUnplaced() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run --memory 100k --cpus 0.125 busybox")));
    QVERIFY2(dialog.pasteResult().contains(QStringLiteral("--memory 100k")),
             qPrintable(dialog.pasteResult()));
    QVERIFY2(dialog.pasteResult().contains(QStringLiteral("--cpus 0.125")),
             qPrintable(dialog.pasteResult()));
    QVERIFY2(dialog.pasteResult().contains(QStringLiteral("whole MiB")),
             qPrintable(dialog.pasteResult()));
    QVERIFY2(!dialog.pasteResult().contains(QStringLiteral("no field")),
             qPrintable(dialog.pasteResult()));
    QCOMPARE(dialog.spec().resources, ResourceLimits{});

    QVERIFY(!dialog.applyRunLine(QStringLiteral("docker run --memory lots busybox")));
    QVERIFY2(dialog.pasteResult().contains(QStringLiteral("lots")),
             qPrintable(dialog.pasteResult()));
}

void RunDialogTest::resourceProblemsDisableRun() {
    RunDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))->setText(QStringLiteral("busybox"));
    auto* editor = dialog.findChild<ResourceLimitsEditor*>(QStringLiteral("resourcesEditor"));
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("resourceProblem"));
    QVERIFY(editor && problem);
    QVERIFY(dialog.runButton()->isEnabled());

    // Docker rejects memory limits below 6 MiB.
    editor->memorySpin()->setValue(4);
    QVERIFY2(problem->toolTip().contains(QStringLiteral("6 MiB")), qPrintable(problem->toolTip()));
    QVERIFY(!dialog.runButton()->isEnabled());
    QVERIFY(dialog.runButton()->toolTip().contains(QStringLiteral("6 MiB")));
    editor->memorySpin()->setValue(6);
    QVERIFY(problem->text().isEmpty());
    QVERIFY(dialog.runButton()->isEnabled());

    editor->swapSpin()->setValue(5);
    QVERIFY2(problem->toolTip().contains(QStringLiteral("at least the memory limit")),
             qPrintable(problem->toolTip()));
    QVERIFY(!dialog.runButton()->isEnabled());

    editor->memorySpin()->setValue(0);
    QVERIFY2(problem->toolTip().contains(QStringLiteral("needs a memory limit")),
             qPrintable(problem->toolTip()));
    QVERIFY(!dialog.runButton()->isEnabled());

    editor->swapSpin()->setValue(0);
    editor->sharesSpin()->setValue(1);
    QVERIFY2(problem->toolTip().contains(QStringLiteral("between 2 and 262144")),
             qPrintable(problem->toolTip()));
    QVERIFY(!dialog.runButton()->isEnabled());
    editor->sharesSpin()->setValue(2);
    QVERIFY(dialog.runButton()->isEnabled());

    // More CPUs than the engine's host has: a problem, and the value stays as typed.
    editor->cpusSpin()->setValue(64);
    dialog.setOnlineCpus(2);
    QCOMPARE(editor->cpusSpin()->value(), 64.0);
    QVERIFY2(problem->toolTip().contains(QStringLiteral("between 0.01 and 2")),
             qPrintable(problem->toolTip()));
    QVERIFY(!dialog.runButton()->isEnabled());
    editor->cpusSpin()->setValue(1.5);
    QVERIFY(dialog.runButton()->isEnabled());
}

void RunDialogTest::pastedPublishFillsPortTable() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(
        QStringLiteral("docker run -d -p 127.0.0.1:18081:80 -p 5300-5301:53-54/udp busybox")));
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("portTable"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("18081"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("80"));
    QCOMPARE(table->item(1, 3)->text(), QStringLiteral("udp"));
    QVERIFY2(dialog.runLine().contains(QStringLiteral("-p 127.0.0.1:18081:80 "
                                                      "-p 5300-5301:53-54/udp")),
             qPrintable(dialog.runLine()));

    // A row typed into the table shows in the run line as the user types.
    dialog.findChild<QPushButton*>(QStringLiteral("addPortButton"))->click();
    table->item(2, 1)->setText(QStringLiteral("18082"));
    table->item(2, 2)->setText(QStringLiteral("8080"));
    QVERIFY2(dialog.runLine().contains(QStringLiteral("-p 18082:8080 busybox")),
             qPrintable(dialog.runLine()));

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("tabs"));
        tabs->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("portsTab")));
        table->item(2, 1)->setText(QStringLiteral("18081"));
        table->item(2, 0)->setText(QStringLiteral("127.0.0.1"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/studio-run-ports.png")));
    }
}

void RunDialogTest::portTableChecksRows() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run -p 70000:80 -p 9000-9002:90-91 "
                                               "-p 18083:83 -p 18083:84 busybox")));
    const QString problems = dialog.problems().join(QLatin1Char('\n'));
    QVERIFY2(problems.contains(QStringLiteral("Row 1:")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("Row 2:")), qPrintable(problems));
    QVERIFY2(problems.contains(QStringLiteral("Row 4:")), qPrintable(problems));
    QVERIFY2(!problems.contains(QStringLiteral("Row 3:")), qPrintable(problems));
    QVERIFY(!dialog.runButton()->isEnabled());

    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("portTable"));
    table->item(0, 1)->setText(QStringLiteral("18085"));
    table->item(1, 1)->setText(QStringLiteral("9000-9001"));
    table->item(3, 1)->setText(QStringLiteral("18084"));
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
    QVERIFY(dialog.runButton()->isEnabled());
}

void RunDialogTest::portInUseOnLoopbackShows() {
    // This test binds a loopback port that the kernel chooses and listens on it.
    berth::UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    QVERIFY(listener.valid());
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    QCOMPARE(::listen(listener.get(), 1), 0);
    socklen_t length = sizeof(address);
    QCOMPARE(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length), 0);
    const QString port = QString::number(ntohs(address.sin_port));
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run -p 127.0.0.1:%1:80 busybox").arg(port)));
    const QString problems = dialog.problems().join(QLatin1Char('\n'));
    QVERIFY2(problems.contains(QStringLiteral("in use")), qPrintable(problems));
    QVERIFY2(problems.contains(port), qPrintable(problems));

    listener.reset();
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("portTable"));
    table->item(0, 2)->setText(QStringLiteral("81"));
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
}

void RunDialogTest::privilegedPortGetsNote() {
    RunDialog dialog;
    auto* editor = dialog.findChild<PortForwardEditor*>();
    QVERIFY(editor);
    // Every port counts as free, so the check does not depend on this machine's port 80.
    editor->setProbe([](const std::string&, uint16_t, const std::string&) -> berth::Result<bool> {
        return true;
    });
    editor->setUnprivilegedPortStart(1024);
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run -p 80:80 -p 18086:80 busybox")));

    const QString note = editor->noteText();
    QVERIFY2(note.contains(QStringLiteral("Row 1: host port 80 is privileged")), qPrintable(note));
    QVERIFY2(!note.contains(QStringLiteral("Row 2")), qPrintable(note));
    auto* label = dialog.findChild<QLabel*>(QStringLiteral("portNote"));
    QVERIFY(label);
    QVERIFY(!label->isHidden()); // isVisible() is false while the Ports tab is not current
    // A note does not keep the container from running.
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
    QVERIFY(dialog.runButton()->isEnabled());

    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("portTable"));
    table->item(0, 1)->setText(QStringLiteral("18080"));
    QVERIFY(editor->noteText().isEmpty());
    QVERIFY(label->isHidden());
}

void RunDialogTest::exposedPortsFillTable() {
    RunDialog dialog;
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("exposedPortsButton"));
    QVERIFY(button);
    QVERIFY(!button->isEnabled());
    dialog.setImagePorts(imageExposedPorts(berth::client::Json::parse(
        R"({"Config": {"ExposedPorts": {"8080/tcp": {}, "53/udp": {}}}})")));
    QVERIFY(button->isEnabled());
    button->click();
    button->click(); // a second click adds no duplicate rows
    const RunSpec spec = dialog.spec();
    QCOMPARE(spec.ports.size(), size_t(2));
    QCOMPARE(spec.ports[0], (PortForward{"", "8080", "8080", "tcp"}));
    QCOMPARE(spec.ports[1], (PortForward{"", "53", "53", "udp"}));

    auto* publishAll = dialog.findChild<QCheckBox*>(QStringLiteral("publishAllCheck"));
    QVERIFY(publishAll);
    publishAll->setChecked(true);
    QVERIFY(dialog.spec().publishAll);
    QVERIFY2(dialog.runLine().contains(QStringLiteral(" -P ")), qPrintable(dialog.runLine()));
    QVERIFY(dialog.applyRunLine(QStringLiteral("docker run busybox")));
    QVERIFY(!publishAll->isChecked());
}

// A pasted --link fills the table, an edited alias reaches the spec and the line, and a
// link under the container's own name is written without an alias, as Docker writes it.
void RunDialogTest::linkTableFillsRunLine() {
    RunDialog dialog;
    QVERIFY(dialog.applyRunLine(
        QStringLiteral("docker run -d --link db_service:database_alias busybox sleep 60")));
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("linkTable"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("db_service"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("database_alias"));
    QCOMPARE(dialog.pasteResult(), QStringLiteral("Every flag was placed."));

    table->item(0, 1)->setText(QStringLiteral("db"));
    QCOMPARE(dialog.spec().links, std::vector<std::string>{"db_service:db"});
    QVERIFY2(dialog.runLine().contains(QStringLiteral("--link db_service:db ")),
             qPrintable(dialog.runLine()));
    table->item(0, 1)->setText(QStringLiteral("db_service"));
    QCOMPARE(dialog.spec().links, std::vector<std::string>{"db_service"});
    QVERIFY(dialog.runButton()->isEnabled());
}

void RunDialogTest::linkTableChecksAliases() {
    RunDialog dialog;
    RunSpec spec;
    spec.image = "busybox";
    spec.links = {"db:store", "cache:store"};
    dialog.setSpec(spec);
    QCOMPARE(dialog.problems().size(), 1);
    QVERIFY2(dialog.problems().first().contains(QStringLiteral("\"store\" is used")),
             qPrintable(dialog.problems().first()));
    QVERIFY(!dialog.runButton()->isEnabled());

    spec.links = {"db:-bad"};
    dialog.setSpec(spec);
    QCOMPARE(dialog.problems().size(), 1);
    QVERIFY2(dialog.problems().first().contains(QStringLiteral("not a valid alias")),
             qPrintable(dialog.problems().first()));

    spec.links = {":orphan"};
    dialog.setSpec(spec);
    QCOMPARE(dialog.problems().size(), 1);
    QVERIFY2(dialog.problems().first().contains(QStringLiteral("choose the container")),
             qPrintable(dialog.problems().first()));

    spec.links = {"db:store"};
    dialog.setSpec(spec);
    QVERIFY2(dialog.problems().isEmpty(), qPrintable(dialog.problems().join('\n')));
    QVERIFY(dialog.runButton()->isEnabled());
}

QTEST_MAIN(RunDialogTest)
#include "tst_studio_rundialog.moc"

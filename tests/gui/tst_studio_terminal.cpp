// "Import a tarball, click Run, get a shell" against a real berthd: the Run dialog turns a
// shell command into -i -t, running it opens the Terminal tab, keys typed there reach the
// shell, a resize of the view reaches its pty, and `exit` ends in the exit line. The berthd
// is the test's own (BerthdFixture: socket, data root and cgroup parent under a temporary
// directory); teardown removes its containers, stops it by pid and checks nothing is left.

#include "api/berthd_fixture.h"
#include "containersmodel.h"
#include "containerspage.h"
#include "containerterminal.h"
#include "engineconnection.h"
#include "errorbanner.h"
#include "imagesmodel.h"
#include "imagespage.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "rundialog.h"
#include "terminal/terminalsession.h"
#include "terminal/terminalview.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <unistd.h>

using namespace berth::studio;

namespace {

constexpr int kEngineStartMs = 20000;
constexpr int kStepMs = 30000;

QString randomSuffix() {
    return QString::number(QRandomGenerator::global()->generate(), 16);
}

// Every line of the terminal, scrollback included.
QStringList screenLines(const TerminalView* view) {
    QStringList lines;
    const TerminalSurface* surface = view->surface();
    for (int line = 0; line < surface->totalLines(); ++line) {
        lines << surface->lineText(line);
    }
    return lines;
}

QString screenText(const TerminalView* view) {
    return screenLines(view).join(QLatin1Char('\n'));
}

} // namespace

class StudioTerminalTest : public QObject {
    Q_OBJECT

private:
    BerthdFixture berthd_;
    std::unique_ptr<MainWindow> window_;
    QString containerId_;

    [[nodiscard]] TerminalView* terminalView() const {
        return window_->containersPage()->terminal()->view();
    }
    void typeLine(const QString& text);

private slots:
    void initTestCase();
    void cleanupTestCase();
    void importsBusybox();
    void runDialogMakesShellInteractive();
    void runOpensTerminal();
    void shellAnswersTypedCommand();
    void resizeReachesPty();
    void reattachesAfterTabSwitch();
    void exitEndsSession();
    void withoutTtyShowsOutputReadOnly();
    void shellRunsInRunningContainer();
    void shellResizeReachesPty();
    void shellExitKeepsContainerRunning();
};

void StudioTerminalTest::typeLine(const QString& text) {
    QTest::keyClicks(terminalView(), text);
    QTest::keyClick(terminalView(), Qt::Key_Return);
}

void StudioTerminalTest::initTestCase() {
    if (::geteuid() != 0) {
        QSKIP("berthd runs containers, which needs root");
    }
    if (!QFile::exists(qEnvironmentVariable("BERTH_BIN_DIR") + QStringLiteral("/berthd"))) {
        QSKIP("berthd is not built");
    }
    const QString error = berthd_.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QStandardPaths::setTestModeEnabled(true);
    QApplication::setOrganizationName(QStringLiteral("BerthTest"));
    QApplication::setApplicationName(QStringLiteral("studio-terminal-") + randomSuffix());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       berthd_.dataRoot() + QStringLiteral("-settings"));
    QSettings().setValue(QStringLiteral("engine/endpoint"),
                         QStringLiteral("unix://") + berthd_.socketPath());

    window_ = std::make_unique<MainWindow>();
    window_->resize(1100, 720);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->connectToEngine();
    QTRY_VERIFY_WITH_TIMEOUT(window_->connection()->isConnected(), kEngineStartMs);
}

void StudioTerminalTest::cleanupTestCase() {
    window_.reset();
    const QStringList leftovers = berthd_.stop();
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(QLatin1Char('\n'))));
}

void StudioTerminalTest::importsBusybox() {
    window_->setCurrentPage(MainWindow::ImagesIndex);
    ImagesPage* page = window_->imagesPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->importAction()->isEnabled(), kStepMs);
    page->importAction()->trigger();
    auto* dialog = page->findChild<ImportDialog*>();
    QVERIFY(dialog);
    dialog->setFilePath(berthd_.busyboxTar());
    dialog->setReference(QStringLiteral("busybox:latest"));
    QVERIFY(dialog->canImport());
    auto* importButton = dialog->findChild<QPushButton*>(QStringLiteral("importButton"));
    QVERIFY(importButton);
    importButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        window_->imagesModel()->rowOfReference(QStringLiteral("busybox:latest")) >= 0, kStepMs);
}

// Typing a shell as the command ticks -i and -t, as `docker run -it busybox sh` is written.
void StudioTerminalTest::runDialogMakesShellInteractive() {
    window_->setCurrentPage(MainWindow::ContainersIndex);
    RunDialog* dialog = window_->containersPage()->showRunDialog();
    auto* command = dialog->findChild<QLineEdit*>(QStringLiteral("commandEdit"));
    QVERIFY(command);
    QTest::keyClicks(command, QStringLiteral("sh"));
    QVERIFY(dialog->spec().interactive);
    QVERIFY(dialog->spec().tty);
    QTest::keyClicks(command, QStringLiteral(" -c true"));
    QVERIFY(!dialog->spec().interactive);
    QVERIFY(!dialog->spec().tty);

    // A choice made by hand wins over the default.
    command->clear();
    auto* tty = dialog->findChild<QCheckBox*>(QStringLiteral("ttyCheck"));
    QVERIFY(tty);
    tty->click();
    QVERIFY(dialog->spec().tty);
    QTest::keyClicks(command, QStringLiteral("sleep 1"));
    QVERIFY(dialog->spec().tty);
    dialog->reject();
}

void StudioTerminalTest::runOpensTerminal() {
    ContainersPage* page = window_->containersPage();
    QTRY_VERIFY_WITH_TIMEOUT(page->runAction()->isEnabled(), kStepMs);
    page->runAction()->trigger();
    auto* dialog = page->findChild<RunDialog*>();
    QVERIFY(dialog);
    auto* image = dialog->findChild<QLineEdit*>(QStringLiteral("imageEdit"));
    auto* command = dialog->findChild<QLineEdit*>(QStringLiteral("commandEdit"));
    QVERIFY(image);
    QVERIFY(command);
    QTest::keyClicks(image, QStringLiteral("busybox:latest"));
    QTest::keyClicks(command, QStringLiteral("sh"));
    QVERIFY2(dialog->runLine().contains(QStringLiteral(" -it ")) ||
                 dialog->runLine().contains(QStringLiteral(" -i -t ")),
             qPrintable(dialog->runLine()));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join('\n')));
    dialog->runButton()->click();

    ContainerTerminal* terminal = page->terminal();
    QTRY_VERIFY_WITH_TIMEOUT(
        page->details()->currentWidget() == terminal || page->banner()->isVisible(), kStepMs);
    QVERIFY2(!page->banner()->isVisible(), qPrintable(page->banner()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isAttached(), kStepMs);
    QVERIFY(terminal->session()->isInteractive());
    QVERIFY(!terminalView()->isReadOnly());
    // The window's focus widget, which takes the keys once the window is active again (the
    // offscreen platform does not reactivate it after the dialog).
    QTRY_COMPARE_WITH_TIMEOUT(window_->focusWidget(), terminalView(), kStepMs);
    containerId_ = terminal->containerId();
    QVERIFY(!containerId_.isEmpty());
    ContainersModel* model = window_->containersModel();
    QCOMPARE(
        model->index(model->rowOfId(containerId_), 0).data(ContainersModel::StateRole).toString(),
        QStringLiteral("running"));
}

void StudioTerminalTest::shellAnswersTypedCommand() {
    typeLine(QStringLiteral("echo $((6*7))"));
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(QStringLiteral("42")), kStepMs);
}

void StudioTerminalTest::resizeReachesPty() {
    TerminalSession* session = window_->containersPage()->terminal()->session();
    QVERIFY(session);
    QSignalSpy applied(session, &TerminalSession::sizeApplied);
    const TerminalSurface* surface = terminalView()->surface();
    const QSize before(surface->columns(), surface->rows());
    // The window shrinks, the layout shrinks the view, the view resizes the surface.
    window_->resize(window_->width() - 12 * terminalView()->cellSize().width(),
                    window_->height() - 4 * terminalView()->cellSize().height());
    QTRY_VERIFY_WITH_TIMEOUT(QSize(surface->columns(), surface->rows()) != before, kStepMs);
    const QSize after(surface->columns(), surface->rows());
    QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty() && applied.last().at(0).toInt() == after.height() &&
                                 applied.last().at(1).toInt() == after.width(),
                             kStepMs);
    typeLine(QStringLiteral("stty size"));
    const QString expected = QStringLiteral("%1 %2").arg(after.height()).arg(after.width());
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(expected), kStepMs);

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty() && QDir().mkpath(shots)) {
        QTest::qWait(300);
        QVERIFY(window_->grab().save(shots + QStringLiteral("/studio-terminal.png")));
    }
}

// Leaving the tab keeps the session; another container and back attaches again, and the
// replayed output brings back what the shell wrote.
void StudioTerminalTest::reattachesAfterTabSwitch() {
    ContainersPage* page = window_->containersPage();
    ContainerTerminal* terminal = page->terminal();
    TerminalSession* first = terminal->session();
    page->details()->setCurrentIndex(0);
    page->details()->setCurrentWidget(terminal);
    QCOMPARE(terminal->session(), first);

    page->view()->clearSelection();
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() == nullptr, kStepMs);
    page->openTerminal(containerId_);
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isAttached(), kStepMs);
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(QStringLiteral("42")), kStepMs);
    typeLine(QStringLiteral("echo again-$((2+3))"));
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(QStringLiteral("again-5")),
                             kStepMs);
}

void StudioTerminalTest::exitEndsSession() {
    typeLine(QStringLiteral("exit"));
    QTRY_VERIFY_WITH_TIMEOUT(
        screenText(terminalView()).contains(QStringLiteral("[process exited with code 0]")),
        kStepMs);
    QVERIFY(terminalView()->isReadOnly());
    ContainersModel* model = window_->containersModel();
    QTRY_COMPARE_WITH_TIMEOUT(
        model->index(model->rowOfId(containerId_), 0).data(ContainersModel::StateRole).toString(),
        QStringLiteral("exited"), kStepMs);
    QVERIFY(!window_->containersPage()->terminalAction()->isEnabled());
}

void StudioTerminalTest::withoutTtyShowsOutputReadOnly() {
    ContainersPage* page = window_->containersPage();
    ContainersModel* model = window_->containersModel();
    const QString name = QStringLiteral("no-tty-") + randomSuffix();
    RunSpec spec;
    spec.image = "busybox:latest";
    spec.name = name.toStdString();
    spec.detach = true;
    spec.command = {"sh", "-c", "echo plain output; sleep 300"};
    page->runContainer(spec);
    const auto rowOfName = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, ContainersModel::Name).data().toString() == name) {
                return row;
            }
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        rowOfName() >= 0 &&
            model->index(rowOfName(), 0).data(ContainersModel::StateRole).toString() ==
                QLatin1String("running"),
        kStepMs);
    const QString id = model->index(rowOfName(), 0).data(ContainersModel::IdRole).toString();
    page->openTerminal(id);

    ContainerTerminal* terminal = page->terminal();
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isAttached(), kStepMs);
    QVERIFY(!terminal->session()->isInteractive());
    QVERIFY(terminalView()->isReadOnly());
    QVERIFY(terminal->note()->isVisible());
    QVERIFY2(terminal->note()->text().contains(QStringLiteral("-i")),
             qPrintable(terminal->note()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(QStringLiteral("plain output")),
                             kStepMs);
    // Keys go nowhere: the view sends nothing for them.
    QSignalSpy sent(terminalView(), &TerminalView::bytesToSend);
    QTest::keyClicks(terminalView(), QStringLiteral("ls"));
    QVERIFY(sent.isEmpty());
}

// Open Shell runs `docker exec -it CONTAINER /bin/sh` in the container of the previous
// test, which has no tty itself: the shell's terminal is interactive all the same.
void StudioTerminalTest::shellRunsInRunningContainer() {
    ContainerTerminal* terminal = window_->containersPage()->terminal();
    QVERIFY(terminal->shellButton()->isEnabled());
    QVERIFY(!terminal->attachButton()->isEnabled());
    QCOMPARE(terminal->shellEdit()->text(), QStringLiteral("/bin/sh"));
    TerminalSession* attachSession = terminal->session();
    QVERIFY(attachSession && !attachSession->isExec());
    terminal->shellButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && terminal->session()->isExec() &&
                                 terminal->session()->isAttached(),
                             kStepMs);
    QVERIFY(terminal->session()->isInteractive());
    QVERIFY(!terminalView()->isReadOnly());
    QVERIFY(terminal->attachButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(screenText(terminalView()).contains(QStringLiteral("/ #")), kStepMs);
    typeLine(QStringLiteral("ls /"));
    QTRY_VERIFY_WITH_TIMEOUT(screenText(terminalView()).contains(QStringLiteral("proc")), kStepMs);
    const QString screen = screenText(terminalView());
    QVERIFY2(screen.contains(QStringLiteral("bin")) && screen.contains(QStringLiteral("etc")),
             qPrintable(screen));
    // The shell shares the container's pid namespace: its main process is pid 1.
    typeLine(QStringLiteral("cat /proc/1/cmdline | tr '\\0' ' '; echo"));
    QTRY_VERIFY_WITH_TIMEOUT(screenText(terminalView()).contains(QStringLiteral("sleep 300")),
                             kStepMs);

    const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
    if (!shots.isEmpty() && QDir().mkpath(shots)) {
        QTest::qWait(300);
        QVERIFY(window_->grab().save(shots + QStringLiteral("/studio-terminal-shell.png")));
    }
}

void StudioTerminalTest::shellResizeReachesPty() {
    TerminalSession* session = window_->containersPage()->terminal()->session();
    QVERIFY(session && session->isExec());
    QSignalSpy applied(session, &TerminalSession::sizeApplied);
    const TerminalSurface* surface = terminalView()->surface();
    const QSize before(surface->columns(), surface->rows());
    window_->resize(window_->width() + 10 * terminalView()->cellSize().width(),
                    window_->height() + 3 * terminalView()->cellSize().height());
    QTRY_VERIFY_WITH_TIMEOUT(QSize(surface->columns(), surface->rows()) != before, kStepMs);
    const QSize after(surface->columns(), surface->rows());
    QTRY_VERIFY_WITH_TIMEOUT(!applied.isEmpty() && applied.last().at(0).toInt() == after.height() &&
                                 applied.last().at(1).toInt() == after.width(),
                             kStepMs);
    typeLine(QStringLiteral("stty size"));
    const QString expected = QStringLiteral("%1 %2").arg(after.height()).arg(after.width());
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(expected), kStepMs);
}

void StudioTerminalTest::shellExitKeepsContainerRunning() {
    ContainerTerminal* terminal = window_->containersPage()->terminal();
    const QString id = terminal->containerId();
    typeLine(QStringLiteral("exit 3"));
    QTRY_VERIFY_WITH_TIMEOUT(
        screenText(terminalView()).contains(QStringLiteral("[shell exited with code 3]")), kStepMs);
    QVERIFY(terminalView()->isReadOnly());
    ContainersModel* model = window_->containersModel();
    model->reload();
    QTest::qWait(500);
    QCOMPARE(model->index(model->rowOfId(id), 0).data(ContainersModel::StateRole).toString(),
             QStringLiteral("running"));
    // The exit line stays through the reload; Attach goes back to the main process.
    QVERIFY(screenText(terminalView()).contains(QStringLiteral("[shell exited with code 3]")));
    terminal->attachButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(terminal->session() && !terminal->session()->isExec() &&
                                 terminal->session()->isAttached(),
                             kStepMs);
    QTRY_VERIFY_WITH_TIMEOUT(screenLines(terminalView()).contains(QStringLiteral("plain output")),
                             kStepMs);
}

QTEST_MAIN(StudioTerminalTest)
#include "tst_studio_terminal.moc"

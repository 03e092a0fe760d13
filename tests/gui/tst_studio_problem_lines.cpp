// Inline problem lines in the Run, Commit and Import dialogs keep their room while empty:
// when a problem appears under a field, the field below it stays where it was, so a click
// aimed at it still lands on it. Each dialog is shown, because only a shown dialog runs its
// layouts.

#include "commitdialog.h"
#include "importdialog.h"
#include "problemline.h"
#include "rundialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTest>

using namespace berth::studio;

namespace {

// Shows `dialog` and lets its layouts settle.
bool showLaidOut(QWidget& dialog) {
    dialog.show();
    const bool exposed = QTest::qWaitForWindowExposed(&dialog);
    QCoreApplication::processEvents();
    return exposed;
}

} // namespace

class StudioProblemLinesTest : public QObject {
    Q_OBJECT

private slots:
    void runNameProblemKeepsCommandField() {
        RunDialog dialog;
        auto* image = dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"));
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        auto* command = dialog.findChild<QLineEdit*>(QStringLiteral("commandEdit"));
        auto* problem = dialog.findChild<QLabel*>(QStringLiteral("nameProblem"));
        QVERIFY(image && name && command && problem);
        image->setText(QStringLiteral("busybox"));
        QVERIFY(showLaidOut(dialog));
        QVERIFY(problemText(problem).isEmpty());
        const QRect before = command->geometry();

        QTest::keyClicks(name, QStringLiteral("my web"));
        QCoreApplication::processEvents();
        QVERIFY(!problemText(problem).isEmpty());
        QVERIFY(problem->isVisible());
        QCOMPARE(command->geometry(), before);
    }

    void runImageProblemKeepsNameField() {
        RunDialog dialog;
        auto* image = dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"));
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        QVERIFY(image && name);
        image->setText(QStringLiteral("busybox"));
        QVERIFY(showLaidOut(dialog));
        const QRect before = name->geometry();

        image->clear();
        QTest::keyClicks(image, QStringLiteral("BusyBox"));
        QCoreApplication::processEvents();
        QVERIFY(!dialog.problems().isEmpty());
        QCOMPARE(name->geometry(), before);
    }

    void longProblemKeepsOneLine() {
        RunDialog dialog;
        dialog.resize(320, dialog.height());
        auto* image = dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"));
        auto* problem = dialog.findChild<QLabel*>(QStringLiteral("imageProblem"));
        QVERIFY(image && problem);
        image->setText(QStringLiteral("busybox"));
        QVERIFY(showLaidOut(dialog));
        const int height = problem->height();

        image->setText(QStringLiteral("Not A Reference"));
        QCoreApplication::processEvents();
        const QString whole = problemText(problem);
        QVERIFY(!whole.isEmpty());
        QCOMPARE(problem->height(), height);
        QCOMPARE(problem->toolTip(), whole);
        QVERIFY2(problem->text() != whole, qPrintable(problem->text()));
        QVERIFY(problem->text().endsWith(QChar(0x2026)));
    }

    void screenshotOfRunDialog() {
        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (shots.isEmpty()) {
            QSKIP("BERTH_SCREENSHOT_DIR is not set");
        }
        RunDialog dialog;
        dialog.findChild<QLineEdit*>(QStringLiteral("imageEdit"))
            ->setText(QStringLiteral("busybox"));
        dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(QStringLiteral("my web"));
        QVERIFY(showLaidOut(dialog));
        QVERIFY(dialog.grab().save(shots + QStringLiteral("/run-dialog-problem-line.png")));
    }

    void commitReferenceProblemKeepsMessageField() {
        CommitDialog dialog(QStringLiteral("base_node"));
        auto* reference = dialog.findChild<QLineEdit*>(QStringLiteral("referenceEdit"));
        auto* message = dialog.findChild<QLineEdit*>(QStringLiteral("messageEdit"));
        QVERIFY(reference && message);
        QVERIFY(showLaidOut(dialog));
        QVERIFY(dialog.problems().isEmpty());
        const QRect before = message->geometry();

        QTest::keyClicks(reference, QStringLiteral("Custom Httpd"));
        QCoreApplication::processEvents();
        QVERIFY(!dialog.problems().isEmpty());
        QCOMPARE(message->geometry(), before);
    }

    void commitChangeProblemKeepsPauseBox() {
        CommitDialog dialog(QStringLiteral("base_node"));
        auto* changes = dialog.findChild<QPlainTextEdit*>(QStringLiteral("changesEdit"));
        auto* pause = dialog.findChild<QWidget*>(QStringLiteral("pauseCheck"));
        QVERIFY(changes && pause);
        QVERIFY(showLaidOut(dialog));
        const QRect before = pause->geometry();

        changes->setPlainText(QStringLiteral("RUN make\nFROM scratch"));
        QCoreApplication::processEvents();
        QVERIFY(!dialog.problems().isEmpty());
        QCOMPARE(pause->geometry(), before);
    }

    void importFileProblemKeepsNameField() {
        ImportDialog dialog;
        auto* file = dialog.findChild<QLineEdit*>(QStringLiteral("fileEdit"));
        auto* reference = dialog.findChild<QLineEdit*>(QStringLiteral("referenceEdit"));
        auto* problem = dialog.findChild<QLabel*>(QStringLiteral("fileProblem"));
        QVERIFY(file && reference && problem);
        file->setText(QCoreApplication::applicationFilePath());
        QVERIFY(showLaidOut(dialog));
        QVERIFY(problemText(problem).isEmpty());
        const QRect before = reference->geometry();

        file->setText(QStringLiteral("/nonexistent/rootfs.tar"));
        QCoreApplication::processEvents();
        QVERIFY(!problemText(problem).isEmpty());
        QCOMPARE(reference->geometry(), before);
    }
};

QTEST_MAIN(StudioProblemLinesTest)
#include "tst_studio_problem_lines.moc"

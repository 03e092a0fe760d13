// The Dockerfile studio page without an engine. Typing shows diagnostics as squiggles and
// in the problems list, and the MAINTAINER quick fix rewrites the line as a LABEL. Files
// open and save through a temporary folder, with a prompt about unsaved changes. showLine()
// marks a line for the layer preview and the build panel. In the main window at the
// user guide's sizes, every control of the build panel shows its whole label.

#include "dockerfile/buildpanel.h"
#include "dockerfile/contexttree.h"
#include "dockerfile/dockerfileeditor.h"
#include "dockerfile/dockerfilelexer.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/dockerfilestudio.h"
#include "dockerfile/highlighting.h"
#include "mainwindow.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileSystemModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace berth::studio;

namespace {

// The problems list row of a rule, or -1.
int rowOfRule(const QTreeWidget* problems, const QString& rule) {
    for (int row = 0; row < problems->topLevelItemCount(); ++row) {
        if (problems->topLevelItem(row)->text(2) == rule) {
            return row;
        }
    }
    return -1;
}

void typeLine(QWidget* editor, const QString& line) {
    QTest::keyClicks(editor, line);
    QTest::keyClick(editor, Qt::Key_Escape); // closes a completion list, if one is open
    QTest::keyClick(editor, Qt::Key_Return);
}

bool writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class DockerfilePageTest final : public QObject {
    Q_OBJECT

private:
    // The settings of the test's windows, so that no saved splitter state applies.
    QTemporaryDir settings_;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(settings_.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings_.path());
    }

    void typedMaintainerGetsLabelFix() {
        DockerfilePage page;
        page.resize(1000, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        DockerfileEditor* editor = page.editor();
        editor->setFocus();
        QSignalSpy edited(&page, &DockerfilePage::textEdited);
        QSignalSpy analyzed(&page, &DockerfilePage::analyzed);

        typeLine(editor, QStringLiteral("FROM busybox:1.36"));
        typeLine(editor, QStringLiteral("MAINTAINER Jane Doe"));
        typeLine(editor, QStringLiteral("CMD [\"sh\"]"));
        QVERIFY(edited.count() > 0);
        QCOMPARE(page.text(),
                 QStringLiteral("FROM busybox:1.36\nMAINTAINER Jane Doe\nCMD [\"sh\"]\n"));

        // The diagnostics follow once the debounce interval has passed.
        QTRY_VERIFY_WITH_TIMEOUT(analyzed.count() > 0, 2000);
        const int row = rowOfRule(page.problemsList(), QStringLiteral("MaintainerDeprecated"));
        QVERIFY(row >= 0);
        QCOMPARE(page.problemsList()->topLevelItem(row)->text(1), QStringLiteral("2"));
        const int maintainer = editor->positionOf({2, 0});
        QCOMPARE(editor->indicatorAt(maintainer), int(DockerfileEditor::WarningIndicator));
        QCOMPARE(editor->indicatorAt(editor->positionOf({1, 0})), -1);

        QVERIFY(page.applyQuickFix(row));
        QCOMPARE(page.text(), QStringLiteral("FROM busybox:1.36\n"
                                             "LABEL org.opencontainers.image.authors=\"Jane Doe\"\n"
                                             "CMD [\"sh\"]\n"));
        QCOMPARE(rowOfRule(page.problemsList(), QStringLiteral("MaintainerDeprecated")), -1);
        QCOMPARE(editor->indicatorAt(editor->positionOf({2, 0})), -1);

        // The fix is one undoable edit.
        editor->undo();
        QVERIFY(page.text().contains(QStringLiteral("\nMAINTAINER Jane Doe\n")));
        editor->redo();
        QVERIFY(page.text().contains(QStringLiteral("\nLABEL org.opencontainers")));
    }

    void completionListInsertsStageName() {
        DockerfilePage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        DockerfileEditor* editor = page.editor();
        editor->setText(QStringLiteral("FROM busybox:1.36 AS build\nFROM scratch\n"));
        page.analyzeNow();
        editor->setCursorPosition(2, 0);
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral("COPY --from=bu"));
        QVERIFY(editor->SendScintilla(QsciScintillaBase::SCI_AUTOCACTIVE) != 0);
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(page.text(),
                 QStringLiteral("FROM busybox:1.36 AS build\nFROM scratch\nCOPY --from=build"));
    }

    void marginClickAppliesQuickFix() {
        DockerfilePage page;
        DockerfileEditor* editor = page.editor();
        editor->setText(QStringLiteral("FROM busybox:1.36\nRUN true\nMAINTAINER Jane\n"));
        page.analyzeNow();
        QVERIFY(!editor->hasQuickFixMarker(2));
        QVERIFY(editor->hasQuickFixMarker(3));
        emit editor->marginClicked(1, 2, Qt::NoModifier);
        QCOMPARE(page.text(), QStringLiteral("FROM busybox:1.36\nRUN true\n"
                                             "LABEL org.opencontainers.image.authors=\"Jane\"\n"));
        QVERIFY(!editor->hasQuickFixMarker(3));
    }

    void shellFormCmdGetsExecFormFix() {
        DockerfilePage page;
        page.editor()->setText(QStringLiteral("FROM busybox:1.36\nCMD httpd -f -p 80\n"));
        page.analyzeNow();
        const int row = rowOfRule(page.problemsList(), QStringLiteral("JSONArgsRecommended"));
        QVERIFY(row >= 0);
        page.editor()->setCursorPosition(1, 3);
        QVERIFY(page.applyQuickFixAtCursor());
        QCOMPARE(page.text(),
                 QStringLiteral("FROM busybox:1.36\nCMD [\"httpd\", \"-f\", \"-p\", \"80\"]\n"));
    }

    void lexerStylesTheEditorText() {
        DockerfilePage page;
        DockerfileEditor* editor = page.editor();
        editor->setText(QStringLiteral("FROM busybox AS base\nRUN echo $HOME\n"));
        editor->SendScintilla(QsciScintillaBase::SCI_COLOURISE, 0UL, -1L);
        auto styleAt = [&](int line, int column) {
            return static_cast<DockerfileStyle>(editor->SendScintilla(
                QsciScintillaBase::SCI_GETSTYLEAT,
                static_cast<unsigned long>(editor->positionOf({line, column}))));
        };
        QCOMPARE(styleAt(1, 0), DockerfileStyle::Instruction);
        QCOMPARE(styleAt(1, 13), DockerfileStyle::Keyword);
        QCOMPARE(styleAt(1, 16), DockerfileStyle::StageName);
        QCOMPARE(styleAt(2, 4), DockerfileStyle::ShellCommand);
        QCOMPARE(styleAt(2, 9), DockerfileStyle::Variable);
        const int fold =
            static_cast<int>(editor->SendScintilla(QsciScintillaBase::SCI_GETFOLDLEVEL, 0UL));
        QVERIFY(fold & QsciScintillaBase::SC_FOLDLEVELHEADERFLAG);
    }

    void openEditSaveRoundTrip() {
        QTemporaryDir context;
        QVERIFY(context.isValid());
        const QString dockerfile = context.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(dockerfile, "FROM busybox:1.36\nRUN true\n"));
        DockerfilePage page;
        QSignalSpy changed(&page, &DockerfilePage::dockerfileChanged);

        QVERIFY(page.openFolder(context.path()));
        QCOMPARE(page.text(), QStringLiteral("FROM busybox:1.36\nRUN true\n"));
        QCOMPARE(page.dockerfilePath(), QFileInfo(dockerfile).absoluteFilePath());
        QCOMPARE(page.contextDirectory(), QDir(context.path()).absolutePath());
        QCOMPARE(changed.count(), 1);
        QVERIFY(!page.isModified());
        QVERIFY(page.recentFiles().contains(page.dockerfilePath()));

        page.editor()->append(QStringLiteral("EXPOSE 80\n"));
        QVERIFY(page.isModified());
        QVERIFY(page.save());
        QVERIFY(!page.isModified());
        QCOMPARE(readFile(dockerfile), QByteArray("FROM busybox:1.36\nRUN true\nEXPOSE 80\n"));

        // Save As moves the page to the new file and its folder.
        QVERIFY(QDir(context.path()).mkpath(QStringLiteral("other")));
        const QString other = context.filePath(QStringLiteral("other/Dockerfile.dev"));
        QVERIFY(page.saveTo(other));
        QCOMPARE(page.dockerfilePath(), other);
        QCOMPARE(page.contextDirectory(), context.filePath(QStringLiteral("other")));
        QCOMPARE(readFile(other), readFile(dockerfile));
        QCOMPARE(page.recentFiles().first(), other);
    }

    void ignoredSourceIsReported() {
        QTemporaryDir context;
        QVERIFY(writeFile(context.filePath(QStringLiteral(".dockerignore")), "secrets\n*.log\n"));
        QVERIFY(writeFile(context.filePath(QStringLiteral("Dockerfile")),
                          "FROM busybox:1.36\nCOPY secrets /s\nCOPY app /app\n"));
        DockerfilePage page;
        QVERIFY(page.openFolder(context.path()));
        const int row = rowOfRule(page.problemsList(), QStringLiteral("CopyIgnoredFile"));
        QVERIFY(row >= 0);
        QCOMPARE(page.problemsList()->topLevelItem(row)->text(1), QStringLiteral("2"));
        QCOMPARE(page.problemsList()->topLevelItemCount(), 1);

        // The context tree greys what .dockerignore excludes.
        QVERIFY(writeFile(context.filePath(QStringLiteral("secrets")), "x"));
        QVERIFY(writeFile(context.filePath(QStringLiteral("app")), "y"));
        ContextTree* tree = page.contextTree();
        QVERIFY(!tree->isHidden());
        QFileSystemModel* files = tree->fileSystemModel();
        QTRY_VERIFY(files->index(context.filePath(QStringLiteral("app"))).isValid());
        auto proxyIndex = [&](const char* name) {
            return tree->proxy()->mapFromSource(
                files->index(context.filePath(QString::fromLatin1(name))));
        };
        QVERIFY(tree->proxy()->isIgnored(proxyIndex("secrets")));
        QVERIFY(!tree->proxy()->isIgnored(proxyIndex("app")));
        QVERIFY(!tree->proxy()->isIgnored(proxyIndex("Dockerfile")));
        QVERIFY(tree->proxy()->data(proxyIndex("secrets"), Qt::ForegroundRole).isValid());

        // An edit of .dockerignore elsewhere updates the findings and the tree.
        QVERIFY(writeFile(context.filePath(QStringLiteral(".dockerignore")), "app\n"));
        QTRY_COMPARE_WITH_TIMEOUT(
            rowOfRule(page.problemsList(), QStringLiteral("CopyIgnoredFile")) >= 0 &&
                page.problemsList()->topLevelItem(0)->text(1) == QStringLiteral("3"),
            true, 5000);
        QTRY_VERIFY(tree->proxy()->isIgnored(proxyIndex("app")));
        QVERIFY(!tree->proxy()->isIgnored(proxyIndex("secrets")));
    }

    void missingFileShowsErrorAndKeepsText() {
        DockerfilePage page;
        page.editor()->setText(QStringLiteral("FROM scratch\n"));
        QVERIFY(!page.openDockerfile(QStringLiteral("/nonexistent/berth-test/Dockerfile")));
        QCOMPARE(page.text(), QStringLiteral("FROM scratch\n"));
        QVERIFY(page.dockerfilePath().isEmpty());
    }

    void unsavedChangesPromptDecides() {
        QTemporaryDir context;
        const QString dockerfile = context.filePath(QStringLiteral("Dockerfile"));
        QVERIFY(writeFile(dockerfile, "FROM scratch\n"));
        DockerfilePage page;
        QVERIFY(page.openDockerfile(dockerfile));
        QVERIFY(page.maybeSaveChanges()); // nothing to ask about

        QStringList asked;
        QMessageBox::StandardButton answer = QMessageBox::Cancel;
        page.setUnsavedChangesPrompt([&](const QString& name) {
            asked << name;
            return answer;
        });
        page.editor()->append(QStringLiteral("LABEL a=b\n"));
        QVERIFY(!page.maybeSaveChanges());
        QCOMPARE(asked, QStringList{QStringLiteral("Dockerfile")});
        QVERIFY(page.isModified());

        answer = QMessageBox::Discard;
        QVERIFY(page.maybeSaveChanges());
        QCOMPARE(readFile(dockerfile), QByteArray("FROM scratch\n"));

        answer = QMessageBox::Save;
        QVERIFY(page.maybeSaveChanges());
        QCOMPARE(readFile(dockerfile), QByteArray("FROM scratch\nLABEL a=b\n"));
        QVERIFY(!page.isModified());
    }

    void showLineMarksUntilEdited() {
        DockerfilePage page;
        page.editor()->setText(QStringLiteral("FROM busybox:1.36\nRUN false\nRUN true\n"));
        QSignalSpy cursor(&page, &DockerfilePage::cursorLineChanged);
        page.showLine(2, QStringLiteral("The command '/bin/sh -c false' returned 1"));
        QCOMPARE(page.editor()->markedLine(), 2);
        int line = 0;
        int index = 0;
        page.editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 1);
        QVERIFY(!cursor.isEmpty());
        QCOMPARE(cursor.last().first().toInt(), 2);
        QVERIFY(page.editor()->annotation(1).contains(QStringLiteral("returned 1")));

        page.editor()->insert(QStringLiteral("# "));
        QCOMPARE(page.editor()->markedLine(), 0);
    }

    void findAndReplaceAll() {
        DockerfilePage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.editor()->setText(QStringLiteral("FROM busybox:1.36\nRUN echo a\nRUN echo A\n"));
        auto* findText = page.findChild<QLineEdit*>(QStringLiteral("findText"));
        auto* replaceText = page.findChild<QLineEdit*>(QStringLiteral("replaceText"));
        QVERIFY(findText != nullptr);
        QVERIFY(replaceText != nullptr);
        QVERIFY(!findText->isVisible());
        for (QAction* action : page.actions()) {
            if (action->shortcut() == QKeySequence(QKeySequence::Find)) {
                action->trigger();
            }
        }
        QVERIFY(findText->isVisible());

        findText->setText(QStringLiteral("echo"));
        QTest::keyClick(findText, Qt::Key_Return);
        QCOMPARE(page.editor()->selectedText(), QStringLiteral("echo"));

        // Replace All is case-insensitive unless "Match case" is checked, and one undo step.
        findText->setText(QStringLiteral("a"));
        replaceText->setText(QStringLiteral("b"));
        const auto buttons = page.findChildren<QToolButton*>();
        auto replaceAll = std::ranges::find_if(
            buttons, [](QToolButton* b) { return b->text() == QStringLiteral("Replace All"); });
        QVERIFY(replaceAll != buttons.end());
        (*replaceAll)->click();
        QCOMPARE(page.text(), QStringLiteral("FROM busybox:1.36\nRUN echo b\nRUN echo b\n"));
        page.editor()->undo();
        QCOMPARE(page.text(), QStringLiteral("FROM busybox:1.36\nRUN echo a\nRUN echo A\n"));
    }

    void problemActivationJumpsToLine() {
        DockerfilePage page;
        page.editor()->setText(QStringLiteral("FROM busybox:1.36\nRUN true\nMAINTAINER x\n"));
        page.analyzeNow();
        const int row = rowOfRule(page.problemsList(), QStringLiteral("MaintainerDeprecated"));
        QVERIFY(row >= 0);
        emit page.problemsList()->itemActivated(page.problemsList()->topLevelItem(row), 0);
        int line = 0;
        int index = 0;
        page.editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 2);
        QCOMPARE(index, 0);
    }

    void darkPaletteSwitchesColours() {
        DockerfileEditor editor;
        QVERIFY(!editor.dockerfileLexer()->isDark());
        const int instruction = static_cast<int>(DockerfileStyle::Instruction);
        const QColor light = editor.dockerfileLexer()->color(instruction);
        QPalette dark = editor.palette();
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xd4, 0xd4, 0xd4));
        editor.setPalette(dark);
        QVERIFY(editor.dockerfileLexer()->isDark());
        QVERIFY(editor.dockerfileLexer()->color(instruction) != light);
        QCOMPARE(editor.dockerfileLexer()->paper(instruction), QColor(0x1e, 0x1e, 0x1e));
    }

    // Each label, button, check box and field of the build panel is at least as wide as
    // its size hint in the main window at 1440×900 and 1280×800, on both of its tabs.
    void buildPanelFitsGuideSizes() {
        for (const QSize size : {QSize(1440, 900), QSize(1280, 800)}) {
            MainWindow window;
            window.resize(size);
            window.setCurrentPage(MainWindow::DockerfileIndex);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            BuildPanel* panel = window.dockerfileStudio()->buildPanel();
            // An ARG in the editor makes the build args table part of the form once the
            // text is parsed.
            window.dockerfilePage()->editor()->setText(
                QStringLiteral("FROM busybox\nARG VERSION=1\n"));
            QTRY_COMPARE(panel->buildArgsTable()->rowCount(), 1);
            panel->setContext(QStringLiteral("/home/user/projects/apache"), QString());

            for (int tab = 0; tab < panel->tabs()->count(); ++tab) {
                panel->tabs()->setCurrentIndex(tab);
                QCoreApplication::processEvents();
                const QString where = QStringLiteral("%1x%2, tab %3")
                                          .arg(size.width())
                                          .arg(size.height())
                                          .arg(panel->tabs()->tabText(tab));
                for (QWidget* widget : panel->findChildren<QWidget*>()) {
                    const bool checked =
                        qobject_cast<QLabel*>(widget) || qobject_cast<QPushButton*>(widget) ||
                        qobject_cast<QCheckBox*>(widget) || qobject_cast<QLineEdit*>(widget) ||
                        qobject_cast<QComboBox*>(widget);
                    if (!checked || !widget->isVisible() || widget->parent() == nullptr ||
                        qobject_cast<QComboBox*>(widget->parentWidget())) {
                        continue;
                    }
                    const QString name =
                        QStringLiteral("%1 %2 \"%3\" (%4)")
                            .arg(widget->metaObject()->className(), widget->accessibleName(),
                                 widget->property("text").toString(), where);
                    QVERIFY2(widget->width() >= widget->sizeHint().width(),
                             qPrintable(name + QStringLiteral(": %1 px wide, needs %2")
                                                   .arg(widget->width())
                                                   .arg(widget->sizeHint().width())));
                }
            }
            panel->tabs()->setCurrentIndex(0);
            QCoreApplication::processEvents();
            QVERIFY(panel->buildArgsTable()->isVisible());
            QVERIFY(panel->buildArgsTable()->height() >= panel->buildArgsTable()->minimumHeight());
        }
    }

    void previewAreaSitsRightOfEditor() {
        DockerfilePage page;
        QVERIFY(page.previewArea() != nullptr);
        QCOMPARE(page.splitter()->count(), 2);
        QCOMPARE(page.splitter()->widget(1), page.previewArea());
        QVERIFY(page.splitter()->widget(0)->isAncestorOf(page.editor()));
        QVERIFY(page.splitter()->widget(0)->isAncestorOf(page.problemsList()));
    }

    void screenshotOfEditor() {
        const QString shots = qEnvironmentVariable("BERTH_SCREENSHOT_DIR");
        if (shots.isEmpty()) {
            QSKIP("BERTH_SCREENSHOT_DIR is not set");
        }
        QTemporaryDir context;
        QVERIFY(QDir(context.path()).mkpath(QStringLiteral("src")));
        QVERIFY(writeFile(context.filePath(QStringLiteral(".dockerignore")), "*.log\n"));
        QVERIFY(writeFile(context.filePath(QStringLiteral("Makefile")), "all:\n"));
        QVERIFY(writeFile(context.filePath(QStringLiteral("build.log")), "old\n"));
        QVERIFY(writeFile(context.filePath(QStringLiteral("src/main.c")), "int main;\n"));
        const QString text = QStringLiteral("# syntax=docker/dockerfile:1\n"
                                            "ARG DEBIAN=12\n"
                                            "FROM debian:${DEBIAN} AS build\n"
                                            "MAINTAINER Jane Doe\n"
                                            "RUN apt-get update && \\\n"
                                            "    apt-get install -y gcc make # tools\n"
                                            "WORKDIR /src\n"
                                            "COPY --chown=app:app . .\n"
                                            "RUN <<EOF\n"
                                            "make all\n"
                                            "EOF\n"
                                            "\n"
                                            "FROM debian:${DEBIAN}\n"
                                            "ENV PORT=8080 HOME=/srv\n"
                                            "COPY --from=build /src/app /usr/local/bin/app\n"
                                            "EXPOSE ${PORT}/tcp\n"
                                            "CMD app --port $PORT\n");
        QVERIFY(writeFile(context.filePath(QStringLiteral("Dockerfile")), text.toUtf8()));
        DockerfilePage page;
        page.resize(1100, 640);
        QVERIFY(page.openFolder(context.path()));
        page.contextTree()->expandAll();
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTRY_VERIFY(page.contextTree()->model()->rowCount(page.contextTree()->rootIndex()) == 5);
        QTest::qWait(200);
        QVERIFY(page.grab().save(shots + QStringLiteral("/studio-dockerfile-editor.png")));
    }
};

QTEST_MAIN(DockerfilePageTest)
#include "tst_studio_dockerfile.moc"

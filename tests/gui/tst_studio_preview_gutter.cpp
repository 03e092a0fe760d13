// The layer preview's rows beside the editor: each row starts on the pixel row where its
// step's first line starts, and ends where its last line ends, after scrolling, zooming,
// wrapping and folding. No engine is needed: the rows come from parsing.

#include "dockerfile/dockerfileeditor.h"
#include "dockerfile/dockerfilepage.h"
#include "dockerfile/dockerfilestudio.h"
#include "dockerfile/layerpreview.h"
#include "dockerfile/layerpreviewmodel.h"
#include "dockerfile/previewgutter.h"
#include "dockerfile/previewplanner.h"

#include <QMessageBox>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace berth::studio;

namespace {

using Sci = QsciScintillaBase;

// FROM, then `count` steps, one per line.
QString longDockerfile(int count) {
    QString text = "FROM busybox\n";
    for (int i = 1; i <= count; ++i) {
        text +=
            i % 3 == 0 ? QString("RUN echo %1 > /f%1\n").arg(i) : QString("ENV V%1=%1\n").arg(i);
    }
    return text;
}

} // namespace

// A failed check in verifyAligned ends the test there.
#define VERIFY_ALIGNED(line)                                                                       \
    do {                                                                                           \
        verifyAligned(line);                                                                       \
        if (QTest::currentTestFailed()) {                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (false)

class StudioPreviewGutterTest final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<DockerfilePage> page_;
    DockerfileStudio* studio_ = nullptr;

    DockerfileEditor* editor() { return page_->editor(); }
    PreviewGutter* gutter() { return studio_->gutter(); }
    LayerPreviewModel* model() { return studio_->preview()->planner()->model(); }

    bool setText(const QString& text) {
        QSignalSpy parsed(studio_->preview()->planner(), &PreviewPlanner::parsed);
        editor()->setText(text);
        studio_->preview()->planner()->planNow();
        QCoreApplication::processEvents();
        return !parsed.isEmpty();
    }

    // Lets the editor repaint after a change of its view.
    void settle() {
        editor()->viewport()->repaint();
        QCoreApplication::processEvents();
    }

    int rowOfLine(int line) { return model()->rowOfLine(line); }

    // The top of a 0-based line in global coordinates, as the editor places it.
    int lineTopGlobal(int line) {
        const long position = editor()->SendScintilla(Sci::SCI_POSITIONFROMLINE, line);
        const int y = int(editor()->SendScintilla(Sci::SCI_POINTYFROMPOSITION, 0UL, position));
        return editor()->viewport()->mapToGlobal(QPoint(0, y)).y();
    }

    // The 0-based line that the editor shows at a global y, read back through the editor's
    // hit testing rather than its line positions.
    int lineAtGlobalY(int globalY) {
        const int x = int(editor()->SendScintilla(Sci::SCI_GETMARGINLEFT)) +
                      editor()->marginWidth(0) + editor()->marginWidth(1) +
                      editor()->marginWidth(2) + 2;
        const int y = editor()->viewport()->mapFromGlobal(QPoint(0, globalY)).y();
        const long position = editor()->SendScintilla(Sci::SCI_POSITIONFROMPOINT, x, y);
        return int(editor()->SendScintilla(Sci::SCI_LINEFROMPOSITION, position));
    }

    // Checks that the row of the step starting on the 1-based line starts and ends at the
    // pixel rows of its lines.
    void verifyAligned(int line) {
        const int row = rowOfLine(line);
        QVERIFY2(row >= 0, qPrintable(QString("no row for line %1").arg(line)));
        const QRect rect = gutter()->rowRect(row);
        QVERIFY2(!rect.isEmpty(), qPrintable(QString("the row of line %1 is empty").arg(line)));
        const int rowTop = gutter()->mapToGlobal(rect.topLeft()).y();
        QCOMPARE(rowTop, lineTopGlobal(line - 1));
        QCOMPARE(lineAtGlobalY(rowTop), line - 1);
        QCOMPARE(lineAtGlobalY(gutter()->mapToGlobal(rect.bottomLeft()).y()),
                 model()->step(row)->endLine - 1);
        if (line > 1) {
            QVERIFY(lineAtGlobalY(rowTop - 1) < line - 1);
        }
    }

private slots:
    void init() {
        page_ = std::make_unique<DockerfilePage>();
        studio_ = new DockerfileStudio(page_.get(), nullptr, page_.get());
        page_->resize(1100, 480);
        page_->show();
        QVERIFY(QTest::qWaitForWindowExposed(page_.get()));
    }

    void cleanup() {
        page_->setUnsavedChangesPrompt([](const QString&) { return QMessageBox::Discard; });
        page_.reset();
        studio_ = nullptr;
    }

    void rowsBesideEditor() {
        QVERIFY(setText(longDockerfile(10)));
        settle();
        QVERIFY(gutter()->isVisible());
        const QRect editorArea(editor()->viewport()->mapToGlobal(QPoint(0, 0)),
                               editor()->viewport()->size());
        const QPoint gutterLeft = gutter()->mapToGlobal(QPoint(0, 0));
        QVERIFY(gutterLeft.x() >= editorArea.right());
        VERIFY_ALIGNED(1);
        VERIFY_ALIGNED(2);
        VERIFY_ALIGNED(11);
    }

    // The rule that rows follow the editor's scrolling to the pixel.
    void rowsAlignAfterScrolling() {
        QVERIFY(setText(longDockerfile(150)));
        settle();
        VERIFY_ALIGNED(3);
        editor()->setFirstVisibleLine(80);
        settle();
        VERIFY_ALIGNED(81);
        VERIFY_ALIGNED(85);
        QVERIFY(gutter()->rowRect(rowOfLine(3)).bottom() < 0);
        editor()->verticalScrollBar()->setValue(editor()->verticalScrollBar()->value() + 7);
        settle();
        VERIFY_ALIGNED(90);
    }

    void rowsAlignWhenZoomed() {
        QVERIFY(setText(longDockerfile(40)));
        settle();
        const int before = gutter()->rowRect(rowOfLine(5)).height();
        editor()->zoomIn(6);
        settle();
        const int zoomed = gutter()->rowRect(rowOfLine(5)).height();
        QVERIFY(zoomed > before);
        QCOMPARE(zoomed, int(editor()->SendScintilla(Sci::SCI_TEXTHEIGHT, 4)));
        VERIFY_ALIGNED(5);
        VERIFY_ALIGNED(9);
        editor()->zoomOut(10);
        settle();
        VERIFY_ALIGNED(12);
    }

    // A wrapped line and a continuation line both make a row taller than one line, and the
    // rows after them stay on their lines.
    void tallStepsSpanTheirLines() {
        QString text = "FROM busybox\n"
                       "RUN echo " +
                       QString("word ").repeated(80) +
                       "\n"
                       "RUN echo one && \\\n    echo two\n"
                       "ENV AFTER=1\n";
        QVERIFY(setText(text));
        editor()->setWrapMode(QsciScintilla::WrapWord);
        settle();
        const int textHeight = int(editor()->SendScintilla(Sci::SCI_TEXTHEIGHT, 1));
        const int wraps = int(editor()->SendScintilla(Sci::SCI_WRAPCOUNT, 1));
        QVERIFY(wraps > 1);
        QCOMPARE(gutter()->rowRect(rowOfLine(2)).height(), wraps * textHeight);
        VERIFY_ALIGNED(2);
        QCOMPARE(gutter()->rowRect(rowOfLine(3)).height(), 2 * textHeight);
        VERIFY_ALIGNED(3);
        VERIFY_ALIGNED(5);
    }

    // Steps inside a folded stage have no row on screen, and the next stage's rows move up
    // with their lines.
    void foldedStageHidesRows() {
        QVERIFY(setText("FROM busybox AS build\nRUN echo a > /a\nRUN echo b > /b\n"
                        "FROM busybox\nCOPY --from=build /a /a\nCMD [\"cat\", \"/a\"]\n"));
        settle();
        VERIFY_ALIGNED(5);
        const int unfoldedTop = gutter()->rowRect(rowOfLine(5)).top();
        editor()->SendScintilla(Sci::SCI_FOLDLINE, 0UL, long(Sci::SC_FOLDACTION_CONTRACT));
        settle();
        QVERIFY(!editor()->SendScintilla(Sci::SCI_GETLINEVISIBLE, 1UL));
        QVERIFY(gutter()->rowRect(rowOfLine(2)).isEmpty());
        QVERIFY(gutter()->rowRect(rowOfLine(3)).isEmpty());
        VERIFY_ALIGNED(1);
        VERIFY_ALIGNED(5);
        QVERIFY(gutter()->rowRect(rowOfLine(5)).top() < unfoldedTop);
    }

    // A build error's annotation under a line pushes the lines below it down, and their
    // rows with them.
    void annotationPushesRowsDown() {
        QVERIFY(setText(longDockerfile(12)));
        settle();
        const int before = gutter()->rowRect(rowOfLine(5)).top();
        page_->showLine(3, QStringLiteral("The command returned a non-zero code: 1"));
        settle();
        const int textHeight = int(editor()->SendScintilla(Sci::SCI_TEXTHEIGHT, 2));
        QCOMPARE(gutter()->rowRect(rowOfLine(3)).height(), textHeight);
        QVERIFY(gutter()->rowRect(rowOfLine(5)).top() > before);
        VERIFY_ALIGNED(3);
        VERIFY_ALIGNED(5);
    }

    // Rows move with the lines below an inserted line at once, before the debounced parse.
    void rowsFollowEditBeforeParse() {
        studio_->preview()->planner()->setDebounceInterval(60000);
        QVERIFY(setText(longDockerfile(20)));
        settle();
        const QString before = model()->step(rowOfLine(6))->instruction;
        editor()->insertAt(QStringLiteral("\n\n"), 2, 0);
        settle();
        const int row = rowOfLine(8);
        QVERIFY(row >= 0);
        QCOMPARE(model()->step(row)->instruction, before);
        VERIFY_ALIGNED(8);
        VERIFY_ALIGNED(12);
    }

    void clickedRowMovesCursor() {
        QVERIFY(setText(longDockerfile(20)));
        settle();
        const QRect rect = gutter()->rowRect(rowOfLine(7));
        QTest::mouseClick(gutter(), Qt::LeftButton, {}, rect.center());
        int line = 0;
        int index = 0;
        editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 6);
    }
};

QTEST_MAIN(StudioPreviewGutterTest)
#include "tst_studio_preview_gutter.moc"

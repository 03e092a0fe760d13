// TerminalView under the offscreen platform: the bytes that keys produce, selection, copy
// and paste, and the size signal for the process's pty.

#include "terminal/terminalview.h"

#include <QApplication>
#include <QClipboard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using berth::studio::TerminalView;

namespace {

// Everything the view sent while `action` ran, joined.
template <class Action> QByteArray bytesSentBy(TerminalView& view, Action action) {
    QSignalSpy sent(&view, &TerminalView::bytesToSend);
    action();
    QByteArray bytes;
    for (const auto& arguments : sent) {
        bytes += arguments.at(0).toByteArray();
    }
    return bytes;
}

} // namespace

class TerminalViewTest final : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keysProduceBytes_data();
    void keysProduceBytes();
    void typesText();
    void altSendsEscapePrefix();
    void applicationCursorKeys();
    void readOnlySendsNothing();
    void selectsAndCopiesWithMouse();
    void pastesBracketedWhenAsked();
    void resizeEmitsTerminalSize();
    void scrollBarFollowsScrollback();

private:
    TerminalView* view_ = nullptr;
};

void TerminalViewTest::init() {
    view_ = new TerminalView;
    view_->resize(view_->sizeHint());
    view_->show();
    QVERIFY(QTest::qWaitForWindowExposed(view_));
    view_->setFocus();
}

void TerminalViewTest::cleanup() {
    delete view_;
    view_ = nullptr;
}

void TerminalViewTest::keysProduceBytes_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("Enter sends a carriage return") << int(Qt::Key_Return) << 0 << QByteArray("\r");
    QTest::newRow("Backspace sends DEL") << int(Qt::Key_Backspace) << 0 << QByteArray("\x7f");
    QTest::newRow("Tab") << int(Qt::Key_Tab) << 0 << QByteArray("\t");
    QTest::newRow("Escape") << int(Qt::Key_Escape) << 0 << QByteArray("\x1b");
    QTest::newRow("arrow up") << int(Qt::Key_Up) << 0 << QByteArray("\x1b[A");
    QTest::newRow("arrow down") << int(Qt::Key_Down) << 0 << QByteArray("\x1b[B");
    QTest::newRow("arrow right") << int(Qt::Key_Right) << 0 << QByteArray("\x1b[C");
    QTest::newRow("arrow left") << int(Qt::Key_Left) << 0 << QByteArray("\x1b[D");
    QTest::newRow("Ctrl+arrow left")
        << int(Qt::Key_Left) << int(Qt::ControlModifier) << QByteArray("\x1b[1;5D");
    QTest::newRow("Home") << int(Qt::Key_Home) << 0 << QByteArray("\x1b[H");
    QTest::newRow("End") << int(Qt::Key_End) << 0 << QByteArray("\x1b[F");
    QTest::newRow("Page Up") << int(Qt::Key_PageUp) << 0 << QByteArray("\x1b[5~");
    QTest::newRow("Page Down") << int(Qt::Key_PageDown) << 0 << QByteArray("\x1b[6~");
    QTest::newRow("Delete") << int(Qt::Key_Delete) << 0 << QByteArray("\x1b[3~");
    QTest::newRow("F1") << int(Qt::Key_F1) << 0 << QByteArray("\x1bOP");
    QTest::newRow("F5") << int(Qt::Key_F5) << 0 << QByteArray("\x1b[15~");
    QTest::newRow("F12") << int(Qt::Key_F12) << 0 << QByteArray("\x1b[24~");
    QTest::newRow("Ctrl+C interrupts")
        << int(Qt::Key_C) << int(Qt::ControlModifier) << QByteArray("\x03");
    QTest::newRow("Ctrl+D ends input")
        << int(Qt::Key_D) << int(Qt::ControlModifier) << QByteArray("\x04");
    QTest::newRow("Ctrl+Z suspends")
        << int(Qt::Key_Z) << int(Qt::ControlModifier) << QByteArray("\x1a");
}

void TerminalViewTest::keysProduceBytes() {
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(QByteArray, bytes);
    const QByteArray sent = bytesSentBy(
        *view_, [&] { QTest::keyClick(view_, Qt::Key(key), Qt::KeyboardModifiers(modifiers)); });
    QCOMPARE(sent, bytes);
}

void TerminalViewTest::typesText() {
    const QByteArray sent = bytesSentBy(*view_, [&] {
        QTest::keyClicks(view_, QStringLiteral("echo $((6*7)) "));
        QTest::sendKeyEvent(QTest::Click, view_, Qt::Key_Eacute, QStringLiteral("\u00e9"),
                            Qt::NoModifier);
    });
    QCOMPARE(sent, QByteArray("echo $((6*7)) \xc3\xa9"));
}

void TerminalViewTest::altSendsEscapePrefix() {
    const QByteArray sent =
        bytesSentBy(*view_, [&] { QTest::keyClick(view_, Qt::Key_B, Qt::AltModifier); });
    QCOMPARE(sent, QByteArray("\x1b"
                              "b"));
}

void TerminalViewTest::applicationCursorKeys() {
    // Full-screen programs switch the arrows to application mode (DECCKM).
    view_->surface()->write("\x1b[?1h");
    const QByteArray sent = bytesSentBy(*view_, [&] { QTest::keyClick(view_, Qt::Key_Up); });
    QCOMPARE(sent, QByteArray("\x1bOA"));
}

void TerminalViewTest::readOnlySendsNothing() {
    view_->setReadOnly(true);
    const QByteArray sent = bytesSentBy(*view_, [&] {
        QTest::keyClicks(view_, QStringLiteral("ls"));
        QTest::keyClick(view_, Qt::Key_Return);
    });
    QVERIFY(sent.isEmpty());
}

void TerminalViewTest::selectsAndCopiesWithMouse() {
    view_->surface()->write("hello world\r\nsecond line");
    const QSize cell = view_->cellSize();
    const QPoint from(6 * cell.width() + cell.width() / 2, cell.height() / 2);
    const QPoint to(5 * cell.width() + cell.width() / 2, cell.height() + cell.height() / 2);
    QWidget* viewport = view_->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    QVERIFY(view_->hasSelection());
    QCOMPARE(view_->selectedText(), QStringLiteral("world\nsecond"));

    QApplication::clipboard()->clear();
    QTest::keyClick(view_, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("world\nsecond"));

    // A key press for the program ends the selection.
    QTest::keyClick(view_, Qt::Key_X);
    QVERIFY(!view_->hasSelection());
}

void TerminalViewTest::pastesBracketedWhenAsked() {
    QApplication::clipboard()->setText(QStringLiteral("echo hi"));
    QByteArray sent = bytesSentBy(*view_, [&] {
        QTest::keyClick(view_, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    });
    QCOMPARE(sent, QByteArray("echo hi"));
    view_->surface()->write("\x1b[?2004h");
    sent = bytesSentBy(*view_, [&] {
        QTest::keyClick(view_, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    });
    QCOMPARE(sent, QByteArray("\x1b[200~echo hi\x1b[201~"));
}

void TerminalViewTest::resizeEmitsTerminalSize() {
    QSignalSpy resized(view_, &TerminalView::terminalSizeChanged);
    const QSize cell = view_->cellSize();
    view_->resize(view_->width() - 10 * cell.width(), view_->height() - 5 * cell.height());
    QTRY_VERIFY_WITH_TIMEOUT(!resized.isEmpty(), 2000);
    const int rows = resized.last().at(0).toInt();
    const int columns = resized.last().at(1).toInt();
    QCOMPARE(rows, view_->surface()->rows());
    QCOMPARE(columns, view_->surface()->columns());
    QCOMPARE(rows, view_->viewport()->height() / cell.height());
    QCOMPARE(columns, view_->viewport()->width() / cell.width());
}

void TerminalViewTest::scrollBarFollowsScrollback() {
    const int rows = view_->surface()->rows();
    for (int i = 0; i < 3 * rows; ++i) {
        view_->surface()->write(QStringLiteral("line %1\r\n").arg(i).toUtf8());
    }
    QScrollBar* bar = view_->verticalScrollBar();
    QCOMPARE(bar->maximum(), view_->surface()->scrollbackLines());
    QVERIFY(bar->maximum() >= 2 * rows);
    QCOMPARE(bar->value(), bar->maximum());
    QTest::keyClick(view_, Qt::Key_PageUp, Qt::ShiftModifier);
    QCOMPARE(bar->value(), bar->maximum() - bar->pageStep());
}

QTEST_MAIN(TerminalViewTest)
#include "tst_terminal_view.moc"

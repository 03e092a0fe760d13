// TerminalSurface driven by scripted bytes, as a process in a pty would write them.

#include "terminal/terminalsurface.h"

#include <QSignalSpy>
#include <QTest>

using berth::studio::TerminalSurface;

class TerminalSurfaceTest final : public QObject {
    Q_OBJECT

private slots:
    void writesPlainText();
    void keepsIndexedColour();
    void keepsTrueColourAndAttributes();
    void movesCursor();
    void clearsScreen();
    void keepsScrollback();
    void placesWideCharacters();
    void resizeKeepsText();
    void reportsTitleAndBell();
    void answersCursorPositionQuery();
    void wrapsPasteInBracketsWhenAsked();
    void copiesTextAcrossLines();
};

void TerminalSurfaceTest::writesPlainText() {
    TerminalSurface surface(5, 20);
    QSignalSpy changed(&surface, &TerminalSurface::rowsChanged);
    surface.write("hello\r\nworld");
    QCOMPARE(surface.lineText(0), QStringLiteral("hello"));
    QCOMPARE(surface.lineText(1), QStringLiteral("world"));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(surface.cursor(), QPoint(5, 1));
}

void TerminalSurfaceTest::keepsIndexedColour() {
    TerminalSurface surface(5, 20);
    surface.write("\x1b[31mred\x1b[0m plain");
    const auto red = surface.cell(0, 0);
    QCOMPARE(red.text, QStringLiteral("r"));
    QCOMPARE(red.foregroundIndex, 1);
    QVERIFY(!red.defaultForeground);
    QVERIFY(red.foreground.red() > 150);
    QVERIFY(red.foreground.green() < 50);
    const auto plain = surface.cell(0, 4);
    QCOMPARE(plain.text, QStringLiteral("p"));
    QVERIFY(plain.defaultForeground);
    QCOMPARE(plain.foregroundIndex, -1);
}

void TerminalSurfaceTest::keepsTrueColourAndAttributes() {
    TerminalSurface surface(5, 20);
    surface.write("\x1b[38;2;10;20;30;48;5;196;1;4;7mX\x1b[0m");
    const auto cell = surface.cell(0, 0);
    QCOMPARE(cell.foreground, QColor(10, 20, 30));
    QCOMPARE(cell.foregroundIndex, -1);
    QCOMPARE(cell.backgroundIndex, 196);
    QVERIFY(cell.bold);
    QVERIFY(cell.underline);
    QVERIFY(cell.reverse);
    QVERIFY(!surface.cell(0, 1).bold);
}

void TerminalSurfaceTest::movesCursor() {
    TerminalSurface surface(10, 40);
    QSignalSpy moved(&surface, &TerminalSurface::cursorMoved);
    surface.write("\x1b[5;10H*");
    QCOMPARE(surface.cell(4, 9).text, QStringLiteral("*"));
    QCOMPARE(surface.cursor(), QPoint(10, 4));
    surface.write("\x1b[2A\x1b[3D");
    QCOMPARE(surface.cursor(), QPoint(7, 2));
    QVERIFY(!moved.isEmpty());
    surface.write("\x1b[?25l");
    QVERIFY(!surface.cursorVisible());
}

void TerminalSurfaceTest::clearsScreen() {
    TerminalSurface surface(5, 20);
    surface.write("one\r\ntwo\r\nthree");
    surface.write("\x1b[H\x1b[2J");
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(surface.lineText(row), QString());
    }
    QCOMPARE(surface.cursor(), QPoint(0, 0));
}

void TerminalSurfaceTest::keepsScrollback() {
    TerminalSurface surface(4, 20);
    QSignalSpy scrolled(&surface, &TerminalSurface::scrollbackChanged);
    for (int i = 1; i <= 10; ++i) {
        surface.write(QStringLiteral("line %1\r\n").arg(i).toUtf8());
    }
    // Ten lines and the empty line after the last break: seven have left the 4-row screen.
    QCOMPARE(surface.scrollbackLines(), 7);
    QCOMPARE(surface.totalLines(), 11);
    QCOMPARE(surface.lineText(0), QStringLiteral("line 1"));
    QCOMPARE(surface.lineText(6), QStringLiteral("line 7"));
    QCOMPARE(surface.lineText(9), QStringLiteral("line 10"));
    QVERIFY(!scrolled.isEmpty());
}

void TerminalSurfaceTest::placesWideCharacters() {
    TerminalSurface surface(5, 20);
    surface.write("a\xe6\x97\xa5"
                  "b"); // "a日b": U+65E5 takes two columns
    QCOMPARE(surface.cell(0, 1).text, QStringLiteral("\u65e5"));
    QCOMPARE(surface.cell(0, 1).width, 2);
    QCOMPARE(surface.cell(0, 2).width, 0);
    QCOMPARE(surface.cell(0, 3).text, QStringLiteral("b"));
    QCOMPARE(surface.lineText(0), QStringLiteral("a\u65e5b"));
    QCOMPARE(surface.cursor(), QPoint(4, 0));
}

void TerminalSurfaceTest::resizeKeepsText() {
    TerminalSurface surface(5, 20);
    surface.write("top\r\n\r\n\r\n\r\nbottom");
    QSignalSpy changed(&surface, &TerminalSurface::rowsChanged);
    surface.resize(3, 30);
    QCOMPARE(surface.rows(), 3);
    QCOMPARE(surface.columns(), 30);
    QVERIFY(!changed.isEmpty());
    // The lines that no longer fit move into the scrollback; the cursor line stays visible.
    QCOMPARE(surface.lineText(surface.scrollbackLines() + surface.cursor().y()),
             QStringLiteral("bottom"));
    QCOMPARE(surface.lineText(0), QStringLiteral("top"));
    surface.resize(5, 30);
    QCOMPARE(surface.scrollbackLines(), 0);
    QCOMPARE(surface.lineText(0), QStringLiteral("top"));
    QCOMPARE(surface.lineText(4), QStringLiteral("bottom"));
}

void TerminalSurfaceTest::reportsTitleAndBell() {
    TerminalSurface surface(5, 20);
    QSignalSpy title(&surface, &TerminalSurface::titleChanged);
    QSignalSpy bell(&surface, &TerminalSurface::bell);
    surface.write("\x1b]2;my shell\x07\x07");
    QCOMPARE(title.count(), 1);
    QCOMPARE(title.at(0).at(0).toString(), QStringLiteral("my shell"));
    QCOMPARE(surface.title(), QStringLiteral("my shell"));
    QCOMPARE(bell.count(), 1);
}

void TerminalSurfaceTest::answersCursorPositionQuery() {
    TerminalSurface surface(5, 20);
    QSignalSpy sent(&surface, &TerminalSurface::bytesToSend);
    surface.write("\x1b[3;4H\x1b[6n");
    QCOMPARE(sent.count(), 1);
    QCOMPARE(sent.at(0).at(0).toByteArray(), QByteArray("\x1b[3;4R"));
}

void TerminalSurfaceTest::wrapsPasteInBracketsWhenAsked() {
    TerminalSurface surface(5, 20);
    QSignalSpy sent(&surface, &TerminalSurface::bytesToSend);
    surface.paste(QStringLiteral("ls\nid"));
    QCOMPARE(sent.takeFirst().at(0).toByteArray(), QByteArray("ls\rid"));
    surface.write("\x1b[?2004h");
    surface.paste(QStringLiteral("ls"));
    QCOMPARE(sent.takeFirst().at(0).toByteArray(), QByteArray("\x1b[200~ls\x1b[201~"));
}

void TerminalSurfaceTest::copiesTextAcrossLines() {
    TerminalSurface surface(5, 20);
    surface.write("first line\r\nsecond");
    QCOMPARE(surface.text(QPoint(6, 0), QPoint(2, 1)), QStringLiteral("line\nsec"));
    QCOMPARE(surface.text(QPoint(2, 1), QPoint(6, 0)), QStringLiteral("line\nsec"));
}

QTEST_GUILESS_MAIN(TerminalSurfaceTest)
#include "tst_terminal_surface.moc"

// FrameText: the text of a RUN step's attach stream, as the build's {"stream": ...}
// messages carry it. Each row feeds the bytes in the given pieces and compares the text.

#include "build/run_output.h"

#include <QTest>

#include <string>
#include <vector>

using berth::build::FrameText;

namespace {

std::string frame(char stream, const std::string& data) {
    std::string header = {stream, 0, 0, 0};
    header += char(data.size() >> 24 & 0xff);
    header += char(data.size() >> 16 & 0xff);
    header += char(data.size() >> 8 & 0xff);
    header += char(data.size() & 0xff);
    return header + data;
}

} // namespace

Q_DECLARE_METATYPE(std::vector<std::string>)

class TestBuildRunOutput : public QObject {
    Q_OBJECT

private slots:
    void frameTextJoinsPieces_data() {
        QTest::addColumn<bool>("raw");
        QTest::addColumn<std::vector<std::string>>("pieces");
        QTest::addColumn<QByteArray>("expected");

        std::string both = frame(1, "out\n") + frame(2, "err\n");
        QTest::newRow("stdout and stderr frames in one read")
            << false << std::vector<std::string>{both} << QByteArray("out\nerr\n");
        QTest::newRow("a frame split inside its header and its data")
            << false
            << std::vector<std::string>{both.substr(0, 3), both.substr(3, 7), both.substr(10)}
            << QByteArray("out\nerr\n");
        QTest::newRow("a character split across two frames")
            << false << std::vector<std::string>{frame(1, "caf\xC3"), frame(1, "\xA9!")}
            << QByteArray("caf\xC3\xA9!");
        QTest::newRow("an invalid byte becomes U+FFFD") << false
                                                        << std::vector<std::string>{frame(1, "a\xFF"
                                                                                             "b")}
                                                        << QByteArray("a\xEF\xBF\xBD"
                                                                      "b");
        QTest::newRow("an overlong form becomes U+FFFD per byte")
            << false << std::vector<std::string>{frame(1, "\xC0\xAF")}
            << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::newRow("a surrogate is invalid")
            << false << std::vector<std::string>{frame(1, "\xED\xA0\x80")}
            << QByteArray("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::newRow("a character cut off at the end becomes U+FFFD")
            << false << std::vector<std::string>{frame(1, "end\xE2\x82")}
            << QByteArray("end\xEF\xBF\xBD\xEF\xBF\xBD");
        QTest::newRow("a terminal's stream has no frames")
            << true << std::vector<std::string>{"te", "rm\xE2\x82", "\xAC\n"}
            << QByteArray("term\xE2\x82\xAC\n");
    }

    void frameTextJoinsPieces() {
        QFETCH(bool, raw);
        QFETCH(std::vector<std::string>, pieces);
        QFETCH(QByteArray, expected);

        FrameText text(raw);
        std::string joined;
        for (const std::string& piece : pieces) {
            joined += text.feed(piece);
        }
        joined += text.finish();
        QCOMPARE(QByteArray::fromStdString(joined), expected);
    }

    // Text is released as soon as a frame is complete, not held for the stream's end.
    void frameTextReleasesCompleteFrames() {
        FrameText text(false);
        std::string first = frame(1, "first\n");
        QCOMPARE(QByteArray::fromStdString(text.feed(first.substr(0, 9))), QByteArray());
        QCOMPARE(QByteArray::fromStdString(text.feed(first.substr(9))), QByteArray("first\n"));
    }
};

QTEST_GUILESS_MAIN(TestBuildRunOutput)
#include "tst_build_run_output.moc"

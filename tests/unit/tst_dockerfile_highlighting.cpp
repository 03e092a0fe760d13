// The editor colours what the engine's parser reads. Each row names a range of one line of
// the sample and the style every byte of it must have.

#include "dockerfile/highlighting.h"

#include <QTest>

#include <string>

using berth::studio::DockerfileStyle;
using berth::studio::highlightDockerfile;

Q_DECLARE_METATYPE(DockerfileStyle)

namespace {

const char* const kSample = R"(# syntax=docker/dockerfile:1
# escape=\
ARG BASE=debian:12
FROM --platform=$BUILDPLATFORM ${BASE} AS build
ENV APP_HOME=/app PATH="/app/bin:$PATH"
RUN apt-get update && \
    apt-get install -y curl > /dev/null # quiet
COPY --from=build ["/src", "/dst"]
RUN <<EOF
echo "hi $USER"
EOF
HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1
FETCH nothing
CMD ["serve", "--port", "8080"]
# a comment
FROM build
)";

// The byte offset of column in the 1-based line of text.
std::size_t offsetOf(const std::string& text, int line, int column) {
    std::size_t offset = 0;
    for (int i = 1; i < line; ++i) {
        offset = text.find('\n', offset) + 1;
    }
    return offset + column;
}

} // namespace

class TestDockerfileHighlighting final : public QObject {
    Q_OBJECT

private slots:
    void rangeHasStyle_data() {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("begin");
        QTest::addColumn<int>("end");
        QTest::addColumn<DockerfileStyle>("style");
        using S = DockerfileStyle;
        QTest::newRow("syntax directive") << 1 << 0 << 28 << S::Directive;
        QTest::newRow("escape directive") << 2 << 0 << 10 << S::Directive;
        QTest::newRow("ARG keyword") << 3 << 0 << 3 << S::Instruction;
        QTest::newRow("ARG name") << 3 << 4 << 8 << S::Key;
        QTest::newRow("ARG default") << 3 << 9 << 18 << S::Default;
        QTest::newRow("FROM flag name") << 4 << 5 << 16 << S::Flag;
        QTest::newRow("FROM flag value variable") << 4 << 16 << 30 << S::Variable;
        QTest::newRow("braced variable") << 4 << 31 << 38 << S::Variable;
        QTest::newRow("AS keyword") << 4 << 39 << 41 << S::Keyword;
        QTest::newRow("stage name") << 4 << 42 << 47 << S::StageName;
        QTest::newRow("ENV key") << 5 << 4 << 12 << S::Key;
        QTest::newRow("ENV second key") << 5 << 18 << 22 << S::Key;
        QTest::newRow("quoted ENV value") << 5 << 23 << 33 << S::String;
        QTest::newRow("variable in a string") << 5 << 33 << 38 << S::Variable;
        QTest::newRow("RUN command word") << 6 << 4 << 11 << S::ShellCommand;
        QTest::newRow("RUN argument") << 6 << 12 << 18 << S::Default;
        QTest::newRow("shell operator") << 6 << 19 << 21 << S::Operator;
        QTest::newRow("continuation escape") << 6 << 22 << 23 << S::EscapeCharacter;
        QTest::newRow("command on a continuation line") << 7 << 4 << 11 << S::ShellCommand;
        QTest::newRow("redirection") << 7 << 28 << 29 << S::Operator;
        QTest::newRow("shell comment") << 7 << 40 << 47 << S::Comment;
        QTest::newRow("COPY --from value") << 8 << 12 << 17 << S::FlagValue;
        QTest::newRow("JSON bracket") << 8 << 18 << 19 << S::Operator;
        QTest::newRow("JSON string") << 8 << 19 << 25 << S::String;
        QTest::newRow("JSON comma") << 8 << 25 << 26 << S::Operator;
        QTest::newRow("heredoc marker") << 9 << 4 << 9 << S::HeredocMarker;
        QTest::newRow("heredoc body command") << 10 << 0 << 4 << S::ShellCommand;
        QTest::newRow("heredoc body blank") << 10 << 4 << 5 << S::HeredocBody;
        QTest::newRow("heredoc body variable") << 10 << 9 << 14 << S::Variable;
        QTest::newRow("heredoc closing delimiter") << 11 << 0 << 3 << S::HeredocMarker;
        QTest::newRow("HEALTHCHECK CMD") << 12 << 27 << 30 << S::Keyword;
        QTest::newRow("HEALTHCHECK command") << 12 << 31 << 35 << S::ShellCommand;
        QTest::newRow("command after ||") << 12 << 60 << 64 << S::ShellCommand;
        QTest::newRow("unknown instruction") << 13 << 0 << 5 << S::UnknownInstruction;
        QTest::newRow("exec form string") << 14 << 14 << 22 << S::String;
        QTest::newRow("comment line") << 15 << 0 << 11 << S::Comment;
        QTest::newRow("FROM of a stage") << 16 << 0 << 4 << S::Instruction;
    }
    void rangeHasStyle() {
        QFETCH(int, line);
        QFETCH(int, begin);
        QFETCH(int, end);
        QFETCH(DockerfileStyle, style);
        const std::string text = kSample;
        const auto highlighting = highlightDockerfile(text);
        QCOMPARE(highlighting.styles.size(), text.size());
        for (int column = begin; column < end; ++column) {
            const auto actual = highlighting.styles[offsetOf(text, line, column)];
            QVERIFY2(actual == style, qPrintable(QStringLiteral("column %1 has style %2")
                                                     .arg(column)
                                                     .arg(static_cast<int>(actual))));
        }
    }

    void foldRegionsStartAtEachFrom() {
        const auto highlighting = highlightDockerfile(kSample);
        QCOMPARE(highlighting.stageLines, (std::vector<int>{3, 15}));
    }

    void backtickEscapeContinuesLines() {
        const std::string text = "# escape=`\nFROM scratch\nCOPY a `\n  b /c\n";
        const auto highlighting = highlightDockerfile(text);
        QCOMPARE(highlighting.styles[offsetOf(text, 3, 7)], DockerfileStyle::EscapeCharacter);
        QCOMPARE(highlighting.styles[offsetOf(text, 3, 0)], DockerfileStyle::Instruction);
    }

    void emptyTextHasNoStyles() {
        const auto highlighting = highlightDockerfile("");
        QVERIFY(highlighting.styles.empty());
        QVERIFY(highlighting.stageLines.empty());
    }
};

QTEST_GUILESS_MAIN(TestDockerfileHighlighting)
#include "tst_dockerfile_highlighting.moc"

// The syntax stage must split text into instructions exactly where Docker does. It must
// also give every piece the range the editor underlines, because a wrong column puts a
// squiggle on the wrong word.

#include "dockerfile/syntax.h"

#include <QTest>

using namespace berth::dockerfile;

namespace {

Range range(int line1, int column1, int line2, int column2) {
    return {{line1, column1}, {line2, column2}};
}

} // namespace

class TestDockerfileSyntax : public QObject {
    Q_OBJECT

private slots:
    void rangesOfKeywordFlagsAndWords() {
        const SyntaxTree tree = parseSyntax("FROM alpine\nCOPY --from=build --link a b\n");
        QCOMPARE(tree.nodes.size(), 2u);
        const Node& copy = tree.nodes[1];
        QCOMPARE(copy.instruction, std::string("copy"));
        QCOMPARE(copy.keywordRange, range(2, 0, 2, 4));
        QCOMPARE(copy.range, range(2, 0, 2, 28));
        QCOMPARE(copy.flags.size(), 2u);
        QCOMPARE(copy.flags[0].name, std::string("from"));
        QCOMPARE(copy.flags[0].value, std::optional<std::string>("build"));
        QCOMPARE(copy.flags[0].range, range(2, 5, 2, 17));
        QCOMPARE(copy.flags[0].valueRange, range(2, 12, 2, 17));
        QCOMPARE(copy.flags[1].name, std::string("link"));
        QVERIFY(!copy.flags[1].value);
        QCOMPARE(copy.words.size(), 2u);
        QCOMPARE(copy.words[1].text, std::string("b"));
        QCOMPARE(copy.words[1].range, range(2, 27, 2, 28));
    }

    // Docker drops the escape character and the line break and keeps the rest as is.
    void continuationJoinsLinesAndKeepsPositions() {
        const SyntaxTree tree = parseSyntax("RUN echo a \\\n    b\n");
        QCOMPARE(tree.nodes.size(), 1u);
        const Node& run = tree.nodes[0];
        QCOMPARE(run.arguments, std::string("echo a     b"));
        QCOMPARE(run.range, range(1, 0, 2, 5));
        QCOMPARE(run.words.size(), 3u);
        QCOMPARE(run.words[2].range, range(2, 4, 2, 5));
    }

    void continuationSkipsCommentsAndEmptyLines() {
        const SyntaxTree tree =
            parseSyntax("RUN apt-get update \\\n# a comment\n\n    && true\nUSER x\n");
        QCOMPARE(tree.nodes.size(), 2u);
        QCOMPARE(tree.nodes[0].arguments, std::string("apt-get update     && true"));
        QCOMPARE(tree.nodes[1].instruction, std::string("user"));
        QCOMPARE(tree.diagnostics.size(), 1u);
        QCOMPARE(tree.diagnostics[0].rule, std::string("NoEmptyContinuation"));
        QCOMPARE(tree.diagnostics[0].range.start.line, 3);
    }

    void hashInsideInstructionIsNoComment() {
        const SyntaxTree tree = parseSyntax("RUN echo # not a comment\n");
        QCOMPARE(tree.nodes[0].arguments, std::string("echo # not a comment"));
    }

    void directivesOnlyAtTheTop() {
        const SyntaxTree tree =
            parseSyntax("# syntax=docker/dockerfile:1\n# ESCAPE = `\n# check=skip=all\n"
                        "FROM a\n# escape=\\\n");
        QCOMPARE(tree.directives.size(), 3u);
        QCOMPARE(tree.directives[0].name, std::string("syntax"));
        QCOMPARE(tree.directives[0].value, std::string("docker/dockerfile:1"));
        QCOMPARE(tree.directives[1].name, std::string("escape"));
        QCOMPARE(tree.escape, '`');
        QCOMPARE(tree.directives[2].value, std::string("skip=all"));
        QVERIFY(tree.diagnostics.empty());
    }

    void commentEndsDirectives() {
        const SyntaxTree tree = parseSyntax("# a comment\n# escape=`\nFROM a\n");
        QVERIFY(tree.directives.empty());
        QCOMPARE(tree.escape, '\\');
    }

    void emptyLineEndsDirectives() {
        const SyntaxTree tree = parseSyntax("# syntax=x\n\n# escape=`\nFROM a\n");
        QCOMPARE(tree.directives.size(), 1u);
        QCOMPARE(tree.escape, '\\');
    }

    void backtickContinuesLines() {
        const SyntaxTree tree = parseSyntax("# escape=`\nRUN dir C:\\ `\n  /b\n");
        QCOMPARE(tree.nodes.size(), 1u);
        QCOMPARE(tree.nodes[0].arguments, std::string("dir C:\\   /b"));
    }

    void heredocsAreReadInOrder() {
        const SyntaxTree tree = parseSyntax("RUN <<A cat - <<-'B'\none $X\nA\n\t\ttwo\n\tB\n"
                                            "USER me\n");
        QCOMPARE(tree.nodes.size(), 2u);
        const Node& run = tree.nodes[0];
        QCOMPARE(run.heredocs.size(), 2u);
        QCOMPARE(run.heredocs[0].delimiter, std::string("A"));
        QCOMPARE(run.heredocs[0].content, std::string("one $X\n"));
        QVERIFY(run.heredocs[0].expand);
        QCOMPARE(run.heredocs[1].delimiter, std::string("B"));
        QCOMPARE(run.heredocs[1].content, std::string("two\n"));
        QVERIFY(!run.heredocs[1].expand);
        QVERIFY(run.heredocs[1].stripTabs);
        QCOMPARE(run.range, range(1, 0, 5, 2));
        QCOMPARE(tree.nodes[1].instruction, std::string("user"));
    }

    void heredocOnlyInRunCopyAdd() {
        const SyntaxTree tree = parseSyntax("LABEL a=<<EOF\nUSER me\n");
        QCOMPARE(tree.nodes.size(), 2u);
        QVERIFY(tree.nodes[0].heredocs.empty());
    }

    void onbuildHoldsItsTrigger() {
        const SyntaxTree tree = parseSyntax("ONBUILD COPY --chown=a . /app\n");
        const Node& onbuild = tree.nodes[0];
        QCOMPARE(onbuild.trigger.size(), 1u);
        QCOMPARE(onbuild.trigger[0].instruction, std::string("copy"));
        QCOMPARE(onbuild.trigger[0].keywordRange, range(1, 8, 1, 12));
        QCOMPARE(onbuild.trigger[0].flags[0].name, std::string("chown"));
    }

    void crlfLineEndsAreAccepted() {
        const SyntaxTree tree = parseSyntax("FROM a\r\nRUN b \\\r\n c\r\n");
        QCOMPARE(tree.nodes.size(), 2u);
        QCOMPARE(tree.nodes[1].arguments, std::string("b  c"));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileSyntax)
#include "tst_dockerfile_syntax.moc"

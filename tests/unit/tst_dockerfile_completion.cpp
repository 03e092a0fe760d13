// Completion and hover in the Dockerfile editor, as pure functions of the text, the cursor
// and the analysis: what a user is offered at each place of a line, and the value a
// variable has at its line.

#include "dockerfile/completion.h"
#include "dockerfile/hover.h"

#include <QTest>

#include <string>

using namespace berth::studio;

namespace {

const char* const kDockerfile = R"(ARG DEBIAN=12
FROM debian:${DEBIAN} AS build
ENV APP_HOME=/app
ARG MODE
RUN make $APP_HOME
FROM scratch AS final
COPY --from=build /app /app
)";

CompletionSources sources() {
    CompletionSources sources;
    sources.images = {QStringLiteral("busybox:latest"), QStringLiteral("debian:12")};
    sources.listContext = [](const QString& folder) {
        if (folder.isEmpty()) {
            return QStringList{QStringLiteral("src/"), QStringLiteral("setup.py"),
                               QStringLiteral("README.md")};
        }
        if (folder == QLatin1String("src/")) {
            return QStringList{QStringLiteral("main.c"), QStringLiteral("util.c")};
        }
        return QStringList{};
    };
    return sources;
}

// Completes at the end of the last line of text.
CompletionResult completeAtEnd(const std::string& text) {
    const auto analysis = berth::dockerfile::analyze(text);
    const std::size_t lineStart = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
    const int line = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    return completeDockerfile(text, line, static_cast<int>(text.size() - lineStart), analysis,
                              sources());
}

} // namespace

class TestDockerfileCompletion final : public QObject {
    Q_OBJECT

private slots:
    void completionOffersCandidates_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("column");
        QTest::addColumn<QStringList>("candidates");
        QTest::newRow("instruction keyword") << "FROM debian:12\nEX" << 0 << QStringList{"EXPOSE"};
        QTest::newRow("lower-case keyword")
            << "FROM debian:12\nhea" << 0 << QStringList{"HEALTHCHECK"};
        QTest::newRow("COPY flag")
            << "FROM debian:12\nCOPY --ch" << 5 << QStringList{"--chown=", "--chmod="};
        QTest::newRow("stage after --from=")
            << "FROM debian:12 AS build\nFROM scratch\nCOPY --from=b" << 12
            << QStringList{"build", "busybox:latest"};
        QTest::newRow("image in FROM") << "FROM deb" << 5 << QStringList{"debian:12"};
        QTest::newRow("earlier stage in FROM")
            << "FROM debian:12 AS base\nFROM ba" << 5 << QStringList{"base"};
        QTest::newRow("AS after the image") << "FROM debian:12 a" << 15 << QStringList{"AS"};
        QTest::newRow("context path after COPY")
            << "FROM debian:12\nCOPY s" << 5 << QStringList{"src/", "setup.py"};
        QTest::newRow("path inside a context folder")
            << "FROM debian:12\nADD src/m" << 4 << QStringList{"src/main.c"};
        QTest::newRow("no context paths for COPY --from")
            << "FROM debian:12 AS a\nFROM scratch\nCOPY --from=a s" << 14 << QStringList{};
        QTest::newRow("braced variable")
            << "FROM debian:12\nENV APP_HOME=/app\nWORKDIR ${AP" << 10 << QStringList{"APP_HOME"};
        QTest::newRow("plain variable")
            << "ARG DEBIAN=12\nFROM debian:$DEB" << 13 << QStringList{"DEBIAN"};
        QTest::newRow("HEALTHCHECK type")
            << "FROM debian:12\nHEALTHCHECK C" << 12 << QStringList{"CMD"};
        QTest::newRow("ONBUILD trigger keyword")
            << "FROM debian:12\nONBUILD R" << 8 << QStringList{"RUN"};
        QTest::newRow("no keyword in a heredoc body")
            << "FROM debian:12\nRUN <<EOF\nec" << 0 << QStringList{};
        QTest::newRow("nothing in a comment") << "FROM debian:12\n# FR" << 0 << QStringList{};
        QTest::newRow("parser directive name") << "# esc" << 2 << QStringList{"escape="};
        QTest::newRow("check directive option")
            << "# syntax=docker/dockerfile:1\n# check=s" << 8 << QStringList{"skip="};
        QTest::newRow("rule to skip") << "# check=skip=JSONArgsRecommended,Maint" << 33
                                      << QStringList{"MaintainerDeprecated"};
        QTest::newRow("no directive after an instruction")
            << "FROM debian:12\n# chec" << 0 << QStringList{};
        QTest::newRow("no keyword on a continuation line")
            << "FROM debian:12\nRUN make \\\n  in" << 0 << QStringList{};
    }
    void completionOffersCandidates() {
        QFETCH(QString, text);
        QFETCH(int, column);
        QFETCH(QStringList, candidates);
        const CompletionResult result = completeAtEnd(text.toStdString());
        QCOMPARE(result.candidates, candidates);
        if (!candidates.isEmpty()) {
            QCOMPARE(result.column, column);
        }
    }

    void hoverDescribesInstruction() {
        const std::string text = kDockerfile;
        const auto analysis = berth::dockerfile::analyze(text);
        const QString hover = hoverText(text, 5, 1, analysis);
        QVERIFY(hover.contains(QStringLiteral("<b>RUN</b>")));
        QVERIFY(hover.contains(QStringLiteral("build time")));
    }

    void hoverShowsValueAtLine_data() {
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ARG before the first FROM in FROM")
            << 2 << 14 << "<b>DEBIAN</b> = <code>12</code>";
        QTest::newRow("ENV value in RUN") << 5 << 10 << "<b>APP_HOME</b> = <code>/app</code>";
        QTest::newRow("outside a variable") << 5 << 6 << "";
    }
    void hoverShowsValueAtLine() {
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, expected);
        const std::string text = kDockerfile;
        const auto analysis = berth::dockerfile::analyze(text);
        const QString hover = hoverText(text, line, column, analysis);
        if (expected.isEmpty()) {
            QVERIFY(hover.isEmpty());
        } else {
            QVERIFY2(hover.startsWith(expected), qPrintable(hover));
        }
    }

    void hoverOnVariableBeforeItsEnv() {
        const std::string text = "FROM debian:12\nRUN echo $LATER\nENV LATER=1\n";
        const auto analysis = berth::dockerfile::analyze(text);
        const QString hover = hoverText(text, 2, 11, analysis);
        QVERIFY2(hover.contains(QStringLiteral("not set")), qPrintable(hover));
    }

    void hoverOnArgWithoutDefault() {
        const std::string text = "FROM debian:12\nARG MODE\nRUN echo ${MODE}\n";
        const auto analysis = berth::dockerfile::analyze(text);
        const QString hover = hoverText(text, 3, 12, analysis);
        QVERIFY2(hover.contains(QStringLiteral("without a default")), qPrintable(hover));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileCompletion)
#include "tst_dockerfile_completion.moc"

// Docker's build checks on FROM and on ignored sources, and hadolint's checks on RUN, ADD
// and USER. Each row is a Dockerfile that must report the rule (at the range given) or must
// stay quiet about it.

#include "dockerfile/analysis.h"
#include "dockerfile/lint_context.h"

#include <QTest>

#include <algorithm>

using namespace berth::dockerfile;

Q_DECLARE_METATYPE(Range)

namespace {

std::vector<Diagnostic> findingsOf(const std::vector<Diagnostic>& diagnostics,
                                   const QString& rule) {
    std::vector<Diagnostic> found;
    std::ranges::copy_if(diagnostics, std::back_inserter(found), [&](const Diagnostic& d) {
        return QString::fromStdString(d.rule) == rule;
    });
    return found;
}

} // namespace

class TestDockerfileLint final : public QObject {
    Q_OBJECT

private slots:
    void ruleReportsFinding_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<Range>("range");
        QTest::newRow("apt-get without removing the lists")
            << "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            << "AptGetListsNotCleaned" << Range{{2, 4}, {2, 11}};
        QTest::newRow("ADD of a plain file") << "FROM debian:12\nADD app.py /app/\n"
                                             << "CopyInsteadOfAdd" << Range{{2, 0}, {2, 3}};
        QTest::newRow("sudo in RUN") << "FROM debian:12\nRUN sudo make install\n"
                                     << "SudoInRun" << Range{{2, 4}, {2, 8}};
        QTest::newRow("apt in RUN") << "FROM debian:12\nRUN apt install -y curl\n"
                                    << "AptInsteadOfAptGet" << Range{{2, 4}, {2, 7}};
        QTest::newRow("final stage ends as root") << "FROM debian:12\nUSER app\nUSER root\n"
                                                  << "LastUserRoot" << Range{{3, 5}, {3, 9}};
        QTest::newRow("final stage ends as uid 0 with a group")
            << "FROM debian:12\nUSER 0:0\n"
            << "LastUserRoot" << Range{{2, 5}, {2, 8}};
        QTest::newRow("platform pinned to a constant")
            << "FROM --platform=linux/amd64 debian:12\n"
            << "FromPlatformFlagConstDisallowed" << Range{{1, 16}, {1, 27}};
        QTest::newRow("platform set to TARGETPLATFORM")
            << "FROM --platform=$TARGETPLATFORM debian:12\n"
            << "RedundantTargetPlatform" << Range{{1, 16}, {1, 31}};
        QTest::newRow("ARG without default makes an empty tag")
            << "ARG TAG\nFROM debian:${TAG}\n"
            << "InvalidDefaultArgInFrom" << Range{{2, 5}, {2, 18}};
        QTest::newRow("MAINTAINER") << "FROM debian:12\nMAINTAINER Jane Doe\n"
                                    << "MaintainerDeprecated" << Range{{2, 0}, {2, 19}};
    }
    void ruleReportsFinding() {
        QFETCH(QString, text);
        QFETCH(QString, rule);
        QFETCH(Range, range);
        const Analysis analysis = analyze(text.toStdString());
        const auto found = findingsOf(analysis.diagnostics, rule);
        QCOMPARE(found.size(), 1u);
        QCOMPARE(found.front().range, range);
        QVERIFY(!found.front().docUrl.empty());
    }

    void ruleStaysQuiet_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("rule");
        QTest::newRow("apt-get lists removed in the same RUN")
            << "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n"
               " && rm -rf /var/lib/apt/lists/*\n"
            << "AptGetListsNotCleaned";
        QTest::newRow("apt-get in a stage the image does not contain")
            << "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\n"
               "FROM scratch\nCOPY --from=build /bin/true /true\n"
            << "AptGetListsNotCleaned";
        QTest::newRow("apt-get lists on a cache mount")
            << "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists "
               "apt-get update\n"
            << "AptGetListsNotCleaned";
        QTest::newRow("ADD of a local archive is extracted")
            << "FROM debian:12\nADD app.tar.gz /app/\n"
            << "CopyInsteadOfAdd";
        QTest::newRow("ADD of a URL") << "FROM debian:12\nADD https://example.com/a.txt /a\n"
                                      << "CopyInsteadOfAdd";
        QTest::newRow("ADD with a checksum") << "FROM debian:12\nADD --checksum=sha256:00 a /a\n"
                                             << "CopyInsteadOfAdd";
        QTest::newRow("sudo as an argument") << "FROM debian:12\nRUN echo sudo\n"
                                             << "SudoInRun";
        QTest::newRow("final stage ends as a user")
            << "FROM debian:12\nUSER root\nRUN make\nUSER app\n"
            << "LastUserRoot";
        QTest::newRow("root in a build stage only")
            << "FROM debian:12 AS build\nUSER root\nFROM debian:12\n"
            << "LastUserRoot";
        QTest::newRow("platform from BUILDPLATFORM") << "FROM --platform=$BUILDPLATFORM debian:12\n"
                                                     << "FromPlatformFlagConstDisallowed";
        QTest::newRow("stage named after its pinned platform")
            << "FROM --platform=linux/arm64 debian:12 AS build-arm64\n"
            << "FromPlatformFlagConstDisallowed";
        QTest::newRow("ARG with a default") << "ARG TAG=12\nFROM debian:${TAG}\n"
                                            << "InvalidDefaultArgInFrom";
        QTest::newRow("undefined ARG is UndefinedArgInFrom's") << "FROM debian:${TAG}\n"
                                                               << "InvalidDefaultArgInFrom";
    }
    void ruleStaysQuiet() {
        QFETCH(QString, text);
        QFETCH(QString, rule);
        const Analysis analysis = analyze(text.toStdString());
        QCOMPARE(findingsOf(analysis.diagnostics, rule).size(), 0u);
    }

    // The quick fix names the authors with the OCI annotation that replaces MAINTAINER.
    void maintainerFixWritesAuthorsLabel() {
        const std::string text = "FROM debian:12\nMAINTAINER \"Jane Doe\"\n";
        const auto found =
            findingsOf(analyze(text).diagnostics, QStringLiteral("MaintainerDeprecated"));
        QCOMPARE(found.size(), 1u);
        QVERIFY(found.front().fix.has_value());
        const auto fixed = applyQuickFix(text, *found.front().fix);
        QVERIFY(fixed.has_value());
        QCOMPARE(QString::fromStdString(*fixed),
                 QString("FROM debian:12\nLABEL org.opencontainers.image.authors=\"Jane Doe\"\n"));
    }

    void addFixWritesCopyInTheFileCasing() {
        const std::string text = "from debian:12\nadd app.py /app/\n";
        const auto found =
            findingsOf(analyze(text).diagnostics, QStringLiteral("CopyInsteadOfAdd"));
        QCOMPARE(found.size(), 1u);
        const auto fixed = applyQuickFix(text, *found.front().fix);
        QCOMPARE(QString::fromStdString(fixed.value_or("")),
                 QString("from debian:12\ncopy app.py /app/\n"));
    }

    void ignoredSourceIsReported() {
        const Analysis analysis =
            analyze("FROM debian:12\nCOPY ./secrets/ /s\nCOPY app /app\nCOPY --from=x a /a\n");
        const auto findings = checkIgnoredSources(analysis.dockerfile, [](std::string_view path) {
            return path == "secrets" || path == "a";
        });
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(QString::fromStdString(findings.front().rule), QString("CopyIgnoredFile"));
        QCOMPARE(findings.front().range, (Range{{2, 5}, {2, 15}}));
    }

    void globSourceIsNotChecked() {
        const Analysis analysis = analyze("FROM debian:12\nCOPY *.txt /t/\n");
        int calls = 0;
        const auto findings = checkIgnoredSources(analysis.dockerfile, [&](std::string_view) {
            ++calls;
            return true;
        });
        QCOMPARE(findings.size(), 0u);
        QCOMPARE(calls, 0);
    }

    // Every rule the linter reports is listed, so "# check=skip=" and a settings page can name it.
    void newRulesAreListed() {
        const auto& rules = lintRules();
        for (const char* id :
             {"AptGetListsNotCleaned", "AptInsteadOfAptGet", "CopyIgnoredFile", "CopyInsteadOfAdd",
              "FromPlatformFlagConstDisallowed", "InvalidDefaultArgInFrom", "LastUserRoot",
              "RedundantTargetPlatform", "SudoInRun"}) {
            QVERIFY2(std::ranges::find(rules, std::string(id), &LintRule::id) != rules.end(), id);
        }
    }
};

QTEST_GUILESS_MAIN(TestDockerfileLint)
#include "tst_dockerfile_lint.moc"

// Golden files pin what the Dockerfile front end makes of real inputs. Every folder under
// dockerfile/cases contains a Dockerfile and the expected typed instructions and
// diagnostics. Every folder under dockerfile/errors contains a Dockerfile that must fail
// with the message and range in expected-error.txt.
//
// A case folder may also contain plan.json, the effective state after each instruction;
// create it empty to start one. Set BERTH_UPDATE_GOLDEN=1 to rewrite the expected files
// from the current output, and read every rewritten file before committing it.

#include "dockerfile/dump.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace berth::dockerfile;

namespace {

QString dataDir() {
    return QStringLiteral(BERTH_DOCKERFILE_TEST_DATA);
}

bool updating() {
    return qEnvironmentVariableIntValue("BERTH_UPDATE_GOLDEN") == 1;
}

QByteArray readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    file.write(content);
}

void addFolderRows(const QString& group) {
    QTest::addColumn<QString>("folder");
    const QDir dir(dataDir() + "/" + group);
    const QStringList names = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY2(!names.isEmpty(), qPrintable("no cases in " + dir.path()));
    for (const QString& name : names) {
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
    }
}

// Compares line by line, so a failure names the first line that differs.
void compareLines(const QString& actual, const QString& expected, const QString& path) {
    const QStringList actualLines = actual.split('\n');
    const QStringList expectedLines = expected.split('\n');
    for (qsizetype i = 0; i < std::min(actualLines.size(), expectedLines.size()); ++i) {
        QVERIFY2(actualLines[i] == expectedLines[i],
                 qPrintable(QString("%1 line %2\n   actual: %3\n expected: %4")
                                .arg(path)
                                .arg(i + 1)
                                .arg(actualLines[i], expectedLines[i])));
    }
    QCOMPARE(actualLines.size(), expectedLines.size());
}

} // namespace

class TestDockerfileGolden : public QObject {
    Q_OBJECT

private slots:
    // The typed instructions and findings of each case must stay exactly as reviewed.
    void caseMatchesExpectedJson_data() { addFolderRows("cases"); }
    void caseMatchesExpectedJson() {
        QFETCH(QString, folder);
        const QByteArray text = readFile(folder + "/Dockerfile");
        QVERIFY2(!text.isEmpty(), qPrintable("missing " + folder + "/Dockerfile"));

        const Analysis analysis = analyze(text.toStdString());
        const std::string actual = test::dumpAnalysis(analysis).dump(2) + "\n";
        const QString expectedPath = folder + "/expected.json";
        if (updating()) {
            writeFile(expectedPath, QByteArray::fromStdString(actual));
        }
        const QByteArray expected = readFile(expectedPath);
        QVERIFY2(!expected.isEmpty(), qPrintable("missing " + expectedPath));
        compareLines(QString::fromStdString(actual), QString::fromUtf8(expected), expectedPath);

        // A case with a plan.json also pins the effective state after every instruction.
        const QString planPath = folder + "/plan.json";
        if (!QFile::exists(planPath)) {
            return;
        }
        const std::string plan = test::dumpPlan(analysis.plan).dump(2) + "\n";
        if (updating()) {
            writeFile(planPath, QByteArray::fromStdString(plan));
        }
        compareLines(QString::fromStdString(plan), QString::fromUtf8(readFile(planPath)), planPath);
    }

    // Every quick fix must remove the finding it belongs to and break nothing, because
    // the editor applies it with one click.
    void quickFixesRemoveTheirFinding_data() { addFolderRows("cases"); }
    void quickFixesRemoveTheirFinding() {
        QFETCH(QString, folder);
        const std::string text = readFile(folder + "/Dockerfile").toStdString();
        const Analysis before = analyze(text);
        for (const Diagnostic& diagnostic : before.diagnostics) {
            if (!diagnostic.fix) {
                continue;
            }
            const auto fixed = applyQuickFix(text, *diagnostic.fix);
            QVERIFY2(fixed.has_value(), diagnostic.rule.c_str());
            const Analysis after = analyze(*fixed);
            QVERIFY2(!hasErrors(after.diagnostics), fixed->c_str());
            auto countRule = [&](const Analysis& analysis) {
                return std::ranges::count(analysis.diagnostics, diagnostic.rule, &Diagnostic::rule);
            };
            QVERIFY2(countRule(after) < countRule(before), fixed->c_str());
        }
    }

    // The editor analyzes the text after every keystroke, so every prefix of a valid file
    // must analyze without crashing, and every range must lie inside the text.
    void everyPrefixAnalyzes_data() { addFolderRows("cases"); }
    void everyPrefixAnalyzes() {
        QFETCH(QString, folder);
        const std::string text = readFile(folder + "/Dockerfile").toStdString();
        for (std::size_t length = 0; length <= text.size(); ++length) {
            const std::string prefix = text.substr(0, length);
            const Analysis analysis = analyze(prefix);
            for (const Diagnostic& diagnostic : analysis.diagnostics) {
                QVERIFY2(byteOffset(prefix, diagnostic.range.start).has_value(),
                         qPrintable(QString("%1 at length %2: start of %3")
                                        .arg(folder)
                                        .arg(length)
                                        .arg(QString::fromStdString(diagnostic.rule))));
                QVERIFY2(byteOffset(prefix, diagnostic.range.end).has_value(),
                         qPrintable(QString("%1 at length %2: end of %3")
                                        .arg(folder)
                                        .arg(length)
                                        .arg(QString::fromStdString(diagnostic.rule))));
            }
        }
    }

    // Bad input fails with Docker's wording, on the line and columns that caused it.
    void errorCaseFailsAsExpected_data() { addFolderRows("errors"); }
    void errorCaseFailsAsExpected() {
        QFETCH(QString, folder);
        const QByteArray text = readFile(folder + "/Dockerfile");
        QVERIFY2(!text.isEmpty(), qPrintable("missing " + folder + "/Dockerfile"));

        const Analysis analysis = analyze(text.toStdString());
        auto firstError =
            std::ranges::find(analysis.diagnostics, Severity::Error, &Diagnostic::severity);
        QVERIFY2(firstError != analysis.diagnostics.end(), "the input did not fail");
        const std::string actual =
            formatParseError(*firstError) + "\nrange " + test::rangeText(firstError->range) + "\n";
        const QString expectedPath = folder + "/expected-error.txt";
        if (updating()) {
            writeFile(expectedPath, QByteArray::fromStdString(actual));
        }
        compareLines(QString::fromStdString(actual), QString::fromUtf8(readFile(expectedPath)),
                     expectedPath);

        auto forBuild = analyzeForBuild(text.toStdString());
        QVERIFY(!forBuild.has_value());
        QCOMPARE(forBuild.error().message, formatParseError(*firstError));
    }
};

QTEST_GUILESS_MAIN(TestDockerfileGolden)
#include "tst_dockerfile_golden.moc"

// The .dockerignore rules: which context paths a build does not see.

#include "build/dockerignore.h"

#include <QTest>

using berth::build::isIgnored;
using berth::build::parseDockerignore;

class TestBuildDockerignore : public QObject {
    Q_OBJECT

private slots:
    void parseSkipsCommentsAndCleans() {
        auto rules = parseDockerignore("# comment\n\n  /logs/  \n!keep.log\n./tmp/*.o\n");
        QCOMPARE(rules.size(), size_t(3));
        QCOMPARE(QString::fromStdString(rules[0].pattern), QString("logs"));
        QVERIFY(!rules[0].include);
        QCOMPARE(QString::fromStdString(rules[1].pattern), QString("keep.log"));
        QVERIFY(rules[1].include);
        QCOMPARE(QString::fromStdString(rules[2].pattern), QString("tmp/*.o"));
    }

    // The rule each row protects is in its label; the last matching line wins.
    void matching_data() {
        QTest::addColumn<QString>("dockerignore");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("ignored");
        QTest::newRow("a plain name matches at the root") << "secret"
                                                          << "secret" << true;
        QTest::newRow("a plain name does not match deeper") << "secret"
                                                            << "a/secret" << false;
        QTest::newRow("an excluded directory excludes its files") << "build"
                                                                  << "build/x/y.o" << true;
        QTest::newRow("star stays in one directory") << "*.log"
                                                     << "a/b.log" << false;
        QTest::newRow("star matches within the root") << "*.log"
                                                      << "b.log" << true;
        QTest::newRow("double star spans directories") << "**/*.log"
                                                       << "a/b/c.log" << true;
        QTest::newRow("double star also matches at the root") << "**/*.log"
                                                              << "c.log" << true;
        QTest::newRow("question mark is one character") << "f?.txt"
                                                        << "f1.txt" << true;
        QTest::newRow("question mark is not a slash") << "a?b"
                                                      << "a/b" << false;
        QTest::newRow("an exclamation mark includes again") << "*.md\n!README.md"
                                                            << "README.md" << false;
        QTest::newRow("a later exclusion wins over an inclusion") << "!README.md\n*.md"
                                                                  << "README.md" << true;
        QTest::newRow("a dot in a pattern is literal") << "a.b"
                                                       << "axb" << false;
        QTest::newRow("no rules exclude nothing") << ""
                                                  << "anything" << false;
    }

    void matching() {
        QFETCH(QString, dockerignore);
        QFETCH(QString, path);
        QFETCH(bool, ignored);
        auto rules = parseDockerignore(dockerignore.toStdString());
        QCOMPARE(isIgnored(rules, path.toStdString()), ignored);
    }
};

QTEST_GUILESS_MAIN(TestBuildDockerignore)
#include "tst_build_dockerignore.moc"

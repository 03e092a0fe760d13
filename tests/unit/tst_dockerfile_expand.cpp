// Variable substitution must give what Docker's shell lexer gives, because the same
// Dockerfile builds with both engines and a different expansion is a different image.

#include "dockerfile/expand.h"

#include <QTest>

#include <map>

using namespace berth::dockerfile;

namespace {

// HOME is set, EMPTY is set to "", UNSET is not set.
const std::map<std::string, std::string, std::less<>> kVariables = {
    {"HOME", "/root"},        {"EMPTY", ""}, {"FILE", "/src/app.tar.gz"}, {"WORDS", "one two"},
    {"PATH_LIST", "a:b:a:c"},
};

std::optional<std::string> lookup(std::string_view name) {
    auto found = kVariables.find(name);
    return found == kVariables.end() ? std::nullopt : std::optional(found->second);
}

} // namespace

class TestDockerfileExpand : public QObject {
    Q_OBJECT

private slots:
    void expandsWord_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");

        QTest::newRow("plain text is unchanged") << "abc"
                                                 << "abc";
        QTest::newRow("dollar name") << "$HOME/bin"
                                     << "/root/bin";
        QTest::newRow("braced name") << "${HOME}bin"
                                     << "/rootbin";
        QTest::newRow("unset variable is empty") << "a${UNSET}b"
                                                 << "ab";
        QTest::newRow("lone dollar stays") << "cost $ 5"
                                           << "cost $ 5";
        QTest::newRow("dollar before a symbol stays") << "$-x"
                                                      << "$-x";
        QTest::newRow("colon dash uses default when unset") << "${UNSET:-dflt}"
                                                            << "dflt";
        QTest::newRow("colon dash uses default when empty") << "${EMPTY:-dflt}"
                                                            << "dflt";
        QTest::newRow("colon dash keeps a set value") << "${HOME:-dflt}"
                                                      << "/root";
        QTest::newRow("dash keeps an empty value") << "${EMPTY-dflt}"
                                                   << "";
        QTest::newRow("dash uses default when unset") << "${UNSET-dflt}"
                                                      << "dflt";
        QTest::newRow("default is expanded itself") << "${UNSET:-$HOME}"
                                                    << "/root";
        QTest::newRow("colon plus gives word when set") << "${HOME:+yes}"
                                                        << "yes";
        QTest::newRow("colon plus gives nothing when empty") << "${EMPTY:+yes}"
                                                             << "";
        QTest::newRow("plus gives word when empty but set") << "${EMPTY+yes}"
                                                            << "yes";
        QTest::newRow("plus gives nothing when unset") << "${UNSET+yes}"
                                                       << "";
        QTest::newRow("colon question keeps a set value") << "${HOME:?needed}"
                                                          << "/root";
        QTest::newRow("hash removes shortest prefix") << "${FILE#*/}"
                                                      << "src/app.tar.gz";
        QTest::newRow("double hash removes longest prefix") << "${FILE##*/}"
                                                            << "app.tar.gz";
        QTest::newRow("percent removes shortest suffix") << "${FILE%.*}"
                                                         << "/src/app.tar";
        QTest::newRow("double percent removes longest suffix") << "${FILE%%.*}"
                                                               << "/src/app";
        QTest::newRow("prefix pattern without match") << "${FILE#x*}"
                                                      << "/src/app.tar.gz";
        QTest::newRow("slash replaces first match") << "${PATH_LIST/a/x}"
                                                    << "x:b:a:c";
        QTest::newRow("double slash replaces every match") << "${PATH_LIST//a/x}"
                                                           << "x:b:x:c";
        QTest::newRow("slash without replacement deletes") << "${PATH_LIST/:}"
                                                           << "ab:a:c";
        QTest::newRow("glob in replace pattern") << "${FILE/*./X.}"
                                                 << "X.gz";
        QTest::newRow("single quotes suppress expansion") << "'$HOME'"
                                                          << "$HOME";
        QTest::newRow("double quotes expand") << "\"$HOME x\""
                                              << "/root x";
        QTest::newRow("escaped dollar is literal") << "\\$HOME"
                                                   << "$HOME";
        QTest::newRow("escaped brace form is literal") << "\\${HOME}"
                                                       << "${HOME}";
        QTest::newRow("escape inside double quotes protects dollar") << "\"\\$HOME\""
                                                                     << "$HOME";
        QTest::newRow("escape inside double quotes keeps other escapes") << "\"a\\nb\""
                                                                         << "a\\nb";
        QTest::newRow("escape keeps the next character") << "a\\ b"
                                                         << "a b";
        QTest::newRow("quotes are removed") << "\"a\"'b'c"
                                            << "abc";
        QTest::newRow("digit is a positional parameter") << "$1x"
                                                         << "x";
        QTest::newRow("quoted default") << "${UNSET:-\"a b\"}"
                                        << "a b";
    }
    void expandsWord() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        auto result = expandWord(text.toStdString(), lookup);
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(QString::fromStdString(result->value), expected);
    }

    // With the backtick as escape character a backslash is an ordinary byte, as in a
    // Windows path.
    void backtickEscape() {
        auto result = expandWord("C:\\dir\\`$HOME", lookup, '`');
        QVERIFY(result.has_value());
        QCOMPARE(result->value, std::string("C:\\dir\\$HOME"));
    }

    void rejectsInvalidSubstitution_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");

        QTest::newRow("colon question fails when unset") << "${UNSET:?set it first}"
                                                         << "UNSET: set it first";
        QTest::newRow("colon question fails when empty") << "${EMPTY:?needed}"
                                                         << "EMPTY: needed";
        QTest::newRow("question without message") << "${UNSET?}"
                                                  << "UNSET: is not set or empty";
        QTest::newRow("missing closing brace") << "${HOME"
                                               << "missing '}' in variable substitution";
        QTest::newRow("missing brace after default") << "${HOME:-x"
                                                     << "missing '}' in variable substitution";
        QTest::newRow("empty name") << "${}"
                                    << "bad substitution: a variable name must follow '${'";
        QTest::newRow("unknown modifier") << "${HOME^x}"
                                          << "unsupported modifier (^) in substitution of HOME";
        QTest::newRow("unterminated single quote")
            << "'abc"
            << "unexpected end of text while looking for the closing single quote";
        QTest::newRow("unterminated double quote")
            << "\"abc"
            << "unexpected end of text while looking for the closing double quote";
    }
    void rejectsInvalidSubstitution() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto result = expandWord(text.toStdString(), lookup);
        QVERIFY(!result.has_value());
        QCOMPARE(QString::fromStdString(result.error().message), message);
    }

    // UndefinedVar is built on this list: unset variables used without a default.
    void reportsUndefinedVariables() {
        auto result = expandWord("$UNSET ${UNSET} ${OTHER:-x} ${THIRD#a} $HOME", lookup);
        QVERIFY(result.has_value());
        QCOMPARE(result->undefined, (std::vector<std::string>{"UNSET", "THIRD"}));
    }

    void splitsWords_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("whitespace separates words") << "a  b\tc" << QStringList{"a", "b", "c"};
        QTest::newRow("quoted whitespace stays") << "\"a b\" c" << QStringList{"a b", "c"};
        QTest::newRow("unquoted value splits") << "$WORDS x" << QStringList{"one", "two", "x"};
        QTest::newRow("quoted value does not split")
            << "\"$WORDS\" x" << QStringList{"one two", "x"};
        QTest::newRow("empty quotes make a word") << "'' x" << QStringList{"", "x"};
        QTest::newRow("unset variable makes no word") << "$UNSET x" << QStringList{"x"};
    }
    void splitsWords() {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        auto result = expandWords(text.toStdString(), lookup);
        QVERIFY(result.has_value());
        QStringList actual;
        for (const std::string& word : result->words) {
            actual << QString::fromStdString(word);
        }
        QCOMPARE(actual, expected);
    }

    // A heredoc body keeps its quotes and whitespace, and applies every modifier.
    void heredocBody_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("quotes stay") << "echo \"$HOME\" '$HOME'\n"
                                     << "echo \"/root\" '/root'\n";
        QTest::newRow("modifiers apply") << "${UNSET:-default} ${FILE%%.*}\n"
                                         << "default /src/app\n";
        QTest::newRow("escaped dollar is literal") << "cost \\$5 and \\n\n"
                                                   << "cost $5 and \\n\n";
        QTest::newRow("whitespace is kept") << "  $WORDS\t end\n"
                                            << "  one two\t end\n";
    }
    void heredocBody() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        auto result = expandHeredocBody(text.toStdString(), lookup);
        QVERIFY2(result.has_value(), result ? "" : result.error().message.c_str());
        QCOMPARE(QString::fromStdString(result->value), expected);
    }
};

QTEST_GUILESS_MAIN(TestDockerfileExpand)
#include "tst_dockerfile_expand.moc"

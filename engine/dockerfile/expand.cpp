#include "dockerfile/expand.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fnmatch.h>

namespace berth::dockerfile {

namespace {

bool isNameStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool globMatches(const std::string& pattern, std::string_view text) {
    return fnmatch(pattern.c_str(), std::string(text).c_str(), 0) == 0;
}

std::string removePrefix(const std::string& value, const std::string& pattern, bool longest) {
    const std::size_t n = value.size();
    for (std::size_t k = 0; k <= n; ++k) {
        const std::size_t length = longest ? n - k : k;
        if (globMatches(pattern, std::string_view(value).substr(0, length))) {
            return value.substr(length);
        }
    }
    return value;
}

std::string removeSuffix(const std::string& value, const std::string& pattern, bool longest) {
    const std::size_t n = value.size();
    for (std::size_t k = 0; k <= n; ++k) {
        const std::size_t start = longest ? k : n - k;
        if (globMatches(pattern, std::string_view(value).substr(start))) {
            return value.substr(0, start);
        }
    }
    return value;
}

// Replaces the leftmost longest match of pattern (every match when all is set).
std::string replaceMatches(const std::string& value, const std::string& pattern,
                           const std::string& replacement, bool all) {
    if (pattern.empty()) {
        return value;
    }
    std::string out;
    std::size_t i = 0;
    bool replaced = false;
    while (i < value.size()) {
        std::size_t matchEnd = 0;
        if (!replaced || all) {
            for (std::size_t end = value.size(); end > i; --end) {
                if (globMatches(pattern, std::string_view(value).substr(i, end - i))) {
                    matchEnd = end;
                    break;
                }
            }
        }
        if (matchEnd != 0) {
            out += replacement;
            i = matchEnd;
            replaced = true;
        } else {
            out.push_back(value[i++]);
        }
    }
    return out;
}

// A recursive-descent reader over one word. Output goes to words_; a word boundary is
// recorded when splitting is on and unquoted whitespace is met.
class Expander {
public:
    Expander(std::string_view text, const VariableLookup& lookup, char escape, bool split,
             bool keepQuotes = false)
        : text_(text)
        , lookup_(lookup)
        , escape_(escape)
        , split_(split)
        , keepQuotes_(keepQuotes) {
        words_.emplace_back();
    }

    Result<void> run() {
        auto done = readUntil("", words_.back(), true);
        if (!done) {
            return std::unexpected(done.error());
        }
        if (split_ && words_.back().empty() && !wordStarted_) {
            words_.pop_back();
        }
        return {};
    }

    std::vector<std::string> words_;
    std::vector<std::string> undefined_;

private:
    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }

    // Reads until one of stops (not consumed) or the end. top marks the outermost level,
    // the only one where whitespace splits words.
    Result<void> readUntil(std::string_view stops, std::string& out, bool top) {
        while (!atEnd()) {
            const char c = peek();
            if (stops.find(c) != std::string_view::npos) {
                return {};
            }
            ++pos_;
            if (keepQuotes_ && c != '$' && c != escape_) {
                (top ? words_.back() : out).push_back(c);
            } else if (keepQuotes_ && c == escape_) {
                // Only "\$" loses its escape character, which writes a literal dollar sign.
                if (atEnd() || peek() != '$') {
                    out.push_back(c);
                }
                if (!atEnd()) {
                    out.push_back(text_[pos_++]);
                }
            } else if (c == '\'') {
                auto quoted = readSingleQuoted(top ? words_.back() : out);
                if (!quoted) {
                    return quoted;
                }
            } else if (c == '"') {
                auto quoted = readDoubleQuoted(top ? words_.back() : out);
                if (!quoted) {
                    return quoted;
                }
            } else if (c == escape_) {
                if (!atEnd()) {
                    (top ? words_.back() : out).push_back(text_[pos_++]);
                    wordStarted_ = true;
                }
            } else if (c == '$') {
                auto value = readDollar();
                if (!value) {
                    return std::unexpected(value.error());
                }
                appendUnquoted(*value, top, out);
            } else if (top && split_ && isSpace(c)) {
                breakWord();
            } else {
                (top ? words_.back() : out).push_back(c);
                wordStarted_ = true;
            }
        }
        return {};
    }

    void appendUnquoted(const std::string& value, bool top, std::string& out) {
        if (!top || !split_) {
            (top ? words_.back() : out) += value;
            return;
        }
        for (char c : value) {
            if (isSpace(c)) {
                breakWord();
            } else {
                words_.back().push_back(c);
                wordStarted_ = true;
            }
        }
    }

    void breakWord() {
        if (!words_.back().empty() || wordStarted_) {
            words_.emplace_back();
            wordStarted_ = false;
        }
    }

    Result<void> readSingleQuoted(std::string& out) {
        wordStarted_ = true;
        while (!atEnd()) {
            const char c = text_[pos_++];
            if (c == '\'') {
                return {};
            }
            out.push_back(c);
        }
        return fail(ErrorKind::InvalidArgument,
                    "unexpected end of text while looking for the closing single quote");
    }

    // Inside double quotes the escape character only protects ", $ and itself.
    Result<void> readDoubleQuoted(std::string& out) {
        wordStarted_ = true;
        while (!atEnd()) {
            const char c = text_[pos_++];
            if (c == '"') {
                return {};
            }
            if (c == escape_ && !atEnd()) {
                const char next = text_[pos_++];
                if (next != '"' && next != '$' && next != escape_) {
                    out.push_back(c);
                }
                out.push_back(next);
            } else if (c == '$') {
                auto value = readDollar();
                if (!value) {
                    return std::unexpected(value.error());
                }
                out += *value;
            } else {
                out.push_back(c);
            }
        }
        return fail(ErrorKind::InvalidArgument,
                    "unexpected end of text while looking for the closing double quote");
    }

    std::optional<std::string> lookup(const std::string& name) { return lookup_(name); }

    void noteUndefined(const std::string& name) {
        if (std::ranges::find(undefined_, name) == undefined_.end()) {
            undefined_.push_back(name);
        }
    }

    // Called after '$'.
    Result<std::string> readDollar() {
        if (atEnd()) {
            return std::string("$");
        }
        if (peek() == '{') {
            ++pos_;
            return readBraced();
        }
        std::string name = readName();
        if (name.empty()) {
            return std::string("$");
        }
        auto value = lookup(name);
        if (!value) {
            noteUndefined(name);
        }
        return value.value_or("");
    }

    std::string readName() {
        std::string name;
        if (!atEnd() && std::isdigit(static_cast<unsigned char>(peek()))) {
            name.push_back(text_[pos_++]); // a positional parameter is one digit
            return name;
        }
        if (atEnd() || !isNameStart(peek())) {
            return name;
        }
        while (!atEnd() && isNameChar(peek())) {
            name.push_back(text_[pos_++]);
        }
        return name;
    }

    Result<std::string> readModifierWord(std::string_view stops) {
        std::string word;
        auto read = readUntil(stops, word, false);
        if (!read) {
            return std::unexpected(read.error());
        }
        if (atEnd()) {
            return fail(ErrorKind::InvalidArgument, "missing '}' in variable substitution");
        }
        return word;
    }

    Result<std::string> readBraced() {
        const std::string name = readName();
        if (name.empty() || atEnd()) {
            return fail(ErrorKind::InvalidArgument,
                        atEnd() ? "missing '}' in variable substitution"
                                : "bad substitution: a variable name must follow '${'");
        }
        const std::optional<std::string> value = lookup(name);
        char op = text_[pos_++];
        if (op == '}') {
            if (!value) {
                noteUndefined(name);
            }
            return value.value_or("");
        }
        bool colon = false;
        if (op == ':') {
            if (atEnd()) {
                return fail(ErrorKind::InvalidArgument, "missing '}' in variable substitution");
            }
            colon = true;
            op = text_[pos_++];
        }
        const bool set = value.has_value() && (!colon || !value->empty());
        switch (op) {
        case '-':
        case '+':
        case '?':
            return applyDefault(name, op, set);
        case '#':
        case '%':
            if (!colon) {
                return applyTrim(name, value, op);
            }
            break;
        case '/':
            if (!colon) {
                return applyReplace(name, value);
            }
            break;
        default:
            break;
        }
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("unsupported modifier ({}{}) in substitution of {}",
                                colon ? ":" : "", op, name));
    }

    Result<std::string> applyDefault(const std::string& name, char op, bool set) {
        auto word = readModifierWord("}");
        if (!word) {
            return word;
        }
        ++pos_; // the closing brace
        if (op == '-') {
            return set ? *lookup(name) : *word;
        }
        if (op == '+') {
            return set ? *word : std::string();
        }
        if (!set) {
            const std::string message = word->empty() ? "is not set or empty" : *word;
            return fail(ErrorKind::InvalidArgument, fmt::format("{}: {}", name, message));
        }
        return *lookup(name);
    }

    Result<std::string> applyTrim(const std::string& name, const std::optional<std::string>& value,
                                  char op) {
        const bool longest = !atEnd() && peek() == op;
        if (longest) {
            ++pos_;
        }
        auto pattern = readModifierWord("}");
        if (!pattern) {
            return pattern;
        }
        ++pos_;
        if (!value) {
            noteUndefined(name);
            return std::string();
        }
        return op == '#' ? removePrefix(*value, *pattern, longest)
                         : removeSuffix(*value, *pattern, longest);
    }

    Result<std::string> applyReplace(const std::string& name,
                                     const std::optional<std::string>& value) {
        const bool all = !atEnd() && peek() == '/';
        if (all) {
            ++pos_;
        }
        auto pattern = readModifierWord("/}");
        if (!pattern) {
            return pattern;
        }
        std::string replacement;
        if (text_[pos_++] == '/') {
            auto word = readModifierWord("}");
            if (!word) {
                return word;
            }
            replacement = *word;
            ++pos_;
        }
        if (!value) {
            noteUndefined(name);
            return std::string();
        }
        return replaceMatches(*value, *pattern, replacement, all);
    }

    std::string_view text_;
    const VariableLookup& lookup_;
    char escape_;
    bool split_;
    bool keepQuotes_; // quotes are text, as in a heredoc body
    std::size_t pos_ = 0;
    bool wordStarted_ = false; // a quoted empty string still makes a word
};

} // namespace

Result<Expansion> expandWord(std::string_view text, const VariableLookup& lookup, char escape) {
    Expander expander(text, lookup, escape, false);
    auto done = expander.run();
    if (!done) {
        return std::unexpected(done.error());
    }
    return Expansion{std::move(expander.words_.front()), std::move(expander.undefined_)};
}

Result<Expansion> expandHeredocBody(std::string_view text, const VariableLookup& lookup,
                                    char escape) {
    Expander expander(text, lookup, escape, false, true);
    auto done = expander.run();
    if (!done) {
        return std::unexpected(done.error());
    }
    return Expansion{std::move(expander.words_.front()), std::move(expander.undefined_)};
}

Result<WordsExpansion> expandWords(std::string_view text, const VariableLookup& lookup,
                                   char escape) {
    Expander expander(text, lookup, escape, true);
    auto done = expander.run();
    if (!done) {
        return std::unexpected(done.error());
    }
    return WordsExpansion{std::move(expander.words_), std::move(expander.undefined_)};
}

} // namespace berth::dockerfile

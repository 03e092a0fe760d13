#include "dockerfile/syntax.h"

#include "dockerfile/text.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimLeft(std::string_view text) {
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    return text;
}

std::string_view trimRight(std::string_view text) {
    while (!text.empty() && isSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool isBlank(std::string_view line) {
    return trimLeft(line).empty();
}
bool isComment(std::string_view line) {
    return trimLeft(line).starts_with('#');
}

struct PhysicalLine {
    std::string_view text; // without the line break
    int number = 0;        // 1-based
};

std::vector<PhysicalLine> splitLines(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3); // NOTE: columns of line 1 then skip the byte order mark
    }
    std::vector<PhysicalLine> lines;
    int number = 1;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        lines.push_back({line, number++});
        if (eol == std::string_view::npos) {
            break;
        }
        text.remove_prefix(eol + 1);
    }
    return lines;
}

// One instruction's lines joined into one string, with the file position of every byte.
// positions has one extra entry: the position just past the last byte.
struct LogicalLine {
    std::string text;
    std::vector<Position> positions;
    int lastLine = 0;
};

// The end of the quote-aware word that starts at begin: whitespace outside quotes ends it,
// and the escape character protects the next byte.
// NOTE: whitespace inside an unquoted ${v:-a b} also ends the word, where Docker's lexer
// would keep one word; quote such defaults.
std::size_t wordEnd(std::string_view text, std::size_t begin, char escape) {
    char quote = 0;
    std::size_t i = begin;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == escape && quote != '\'' && i + 1 < text.size()) {
            ++i;
        } else if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (isSpace(c)) {
            break;
        }
    }
    return i;
}

std::size_t skipSpaces(std::string_view text, std::size_t i) {
    while (i < text.size() && isSpace(text[i])) {
        ++i;
    }
    return i;
}

class SyntaxParser {
public:
    explicit SyntaxParser(std::string_view text)
        : lines_(splitLines(text)) {}

    SyntaxTree run() {
        parseDirectives();
        while (next_ < lines_.size()) {
            const PhysicalLine& line = lines_[next_];
            if (isBlank(line.text) || isComment(line.text)) {
                ++next_;
                continue;
            }
            LogicalLine logical = readLogicalLine();
            Node node = buildNode(logical, 0);
            if (takesHeredocs(node)) {
                readHeredocs(node);
            } else if (!node.trigger.empty() && takesHeredocs(node.trigger.front())) {
                readHeredocs(node.trigger.front());
                node.range.end = node.trigger.front().range.end;
            }
            tree_.nodes.push_back(std::move(node));
        }
        return std::move(tree_);
    }

private:
    // Directives are comment lines of the form "# name=value" before anything else. The
    // first line that is not a known directive ends them, and so does an empty line.
    void parseDirectives() {
        for (; next_ < lines_.size(); ++next_) {
            const PhysicalLine& line = lines_[next_];
            auto directive = matchDirective(line);
            if (!directive) {
                return;
            }
            const bool seen = std::ranges::any_of(
                tree_.directives, [&](const Directive& d) { return d.name == directive->name; });
            if (seen) {
                tree_.diagnostics.push_back(parseError(
                    fmt::format("only one {} parser directive can be used", directive->name),
                    directive->range));
                continue;
            }
            if (directive->name == "escape") {
                if (directive->value != "\\" && directive->value != "`") {
                    tree_.diagnostics.push_back(
                        parseError(fmt::format("invalid escape token '{}' does not match ` or \\",
                                               directive->value),
                                   directive->range));
                    continue;
                }
                tree_.escape = directive->value[0];
            }
            tree_.directives.push_back(std::move(*directive));
        }
    }

    static std::optional<Directive> matchDirective(const PhysicalLine& line) {
        std::string_view text = line.text;
        std::size_t i = 0;
        if (text.empty() || text[0] != '#') {
            return std::nullopt;
        }
        i = 1;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        const std::size_t nameBegin = i;
        while (i < text.size() && std::isalnum(static_cast<unsigned char>(text[i]))) {
            ++i;
        }
        const std::string name = lowerCase(text.substr(nameBegin, i - nameBegin));
        if (name != "syntax" && name != "escape" && name != "check") {
            return std::nullopt;
        }
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) {
            ++i;
        }
        if (i >= text.size() || text[i] != '=') {
            return std::nullopt;
        }
        std::string_view value = trimRight(trimLeft(text.substr(i + 1)));
        if (value.empty()) {
            return std::nullopt;
        }
        const int length = static_cast<int>(trimRight(text).size());
        return Directive{name, std::string(value), {{line.number, 0}, {line.number, length}}};
    }

    static bool endsWithEscape(std::string_view text, char escape) {
        text = trimRight(text);
        return !text.empty() && text.back() == escape;
    }

    // Joins the instruction that starts at the current line with its continuation lines.
    // Comment lines inside are dropped; whitespace-only lines are dropped with a warning.
    LogicalLine readLogicalLine() {
        LogicalLine logical;
        bool first = true;
        while (next_ < lines_.size()) {
            const PhysicalLine& line = lines_[next_++];
            if (!first && isComment(line.text)) {
                continue;
            }
            if (!first && isBlank(line.text)) {
                warnEmptyContinuation(line);
                continue;
            }
            first = false;
            std::string_view text = line.text;
            std::size_t column = 0;
            const bool continued = endsWithEscape(text, tree_.escape);
            if (continued) {
                text = trimRight(text);
                text.remove_suffix(1);
            }
            for (; column < text.size(); ++column) {
                logical.text.push_back(text[column]);
                logical.positions.push_back({line.number, static_cast<int>(column)});
            }
            logical.lastLine = line.number;
            if (!continued) {
                break;
            }
        }
        while (!logical.text.empty() && isSpace(logical.text.back())) {
            logical.text.pop_back();
            logical.positions.pop_back();
        }
        Position end =
            logical.positions.empty() ? Position{logical.lastLine, 0} : logical.positions.back();
        if (!logical.positions.empty()) {
            end.column += 1;
        }
        logical.positions.push_back(end);
        return logical;
    }

    void warnEmptyContinuation(const PhysicalLine& line) {
        const int length = static_cast<int>(line.text.size());
        tree_.diagnostics.push_back(Diagnostic{
            "NoEmptyContinuation",
            Severity::Warning,
            "Empty continuation line: an empty line inside a continued instruction is "
            "ignored, and later versions of Docker may reject it",
            {{line.number, 0}, {line.number, length}},
            "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
            QuickFix{"Remove the empty line", {{line.number, 0}, {line.number + 1, 0}}, ""}});
    }

    Node buildNode(const LogicalLine& logical, std::size_t begin) const {
        const std::string_view text = logical.text;
        Node node;
        const std::size_t keywordBegin = skipSpaces(text, begin);
        std::size_t i = keywordBegin;
        while (i < text.size() && !isSpace(text[i])) {
            ++i;
        }
        node.keyword = std::string(text.substr(keywordBegin, i - keywordBegin));
        node.instruction = lowerCase(node.keyword);
        node.keywordRange = positionRange(logical.positions, keywordBegin, i);
        node.range = positionRange(logical.positions, keywordBegin, text.size());

        i = skipSpaces(text, i);
        if (node.instruction != "onbuild") {
            i = readFlags(logical, i, node);
        }
        node.arguments = std::string(text.substr(i));
        node.argumentPositions.assign(logical.positions.begin() + static_cast<long>(i),
                                      logical.positions.end());
        node.argumentsRange = positionRange(logical.positions, i, text.size());
        node.words = splitWords(node);

        if (node.instruction == "onbuild" && !node.arguments.empty()) {
            node.trigger.push_back(buildNode(logical, i));
        }
        return node;
    }

    std::size_t readFlags(const LogicalLine& logical, std::size_t i, Node& node) const {
        const std::string_view text = logical.text;
        while (i < text.size() && text.substr(i).starts_with("--")) {
            const std::size_t end = wordEnd(text, i, tree_.escape);
            const std::string_view word = text.substr(i, end - i);
            if (word == "--") {
                return skipSpaces(text, end);
            }
            Flag flag;
            flag.range = positionRange(logical.positions, i, end);
            const std::size_t equals = word.find('=');
            if (equals == std::string_view::npos) {
                flag.name = std::string(word.substr(2));
                flag.valueRange = {flag.range.end, flag.range.end};
            } else {
                flag.name = std::string(word.substr(2, equals - 2));
                flag.value = std::string(word.substr(equals + 1));
                flag.valueRange = positionRange(logical.positions, i + equals + 1, end);
            }
            node.flags.push_back(std::move(flag));
            i = skipSpaces(text, end);
        }
        return i;
    }

    std::vector<Word> splitWords(const Node& node) const {
        std::vector<Word> words;
        const std::string_view text = node.arguments;
        std::size_t i = skipSpaces(text, 0);
        while (i < text.size()) {
            const std::size_t end = wordEnd(text, i, tree_.escape);
            words.push_back({std::string(text.substr(i, end - i)), argumentRange(node, i, end), i});
            i = skipSpaces(text, end);
        }
        return words;
    }

    static bool takesHeredocs(const Node& node) {
        return node.instruction == "run" || node.instruction == "copy" || node.instruction == "add";
    }

    // Heredoc markers are words "<<WORD", "<<-WORD", "<<'WORD'" or "<<\"WORD\""; their
    // bodies follow the instruction line in the order the markers appear.
    void readHeredocs(Node& node) {
        if (trimLeft(node.arguments).starts_with('[')) {
            return; // the exec form takes no heredocs
        }
        for (const Word& word : node.words) {
            auto heredoc = matchHeredocMarker(word);
            if (!heredoc) {
                continue;
            }
            if (!readHeredocBody(*heredoc)) {
                node.range.end = heredoc->bodyRange.end;
                tree_.diagnostics.push_back(
                    parseError(fmt::format("unterminated heredoc: no line \"{}\" ends the body",
                                           heredoc->delimiter),
                               {heredoc->markerRange.start, heredoc->bodyRange.end}));
                return;
            }
            node.range.end = heredoc->bodyRange.end;
            node.heredocs.push_back(std::move(*heredoc));
        }
    }

    static std::optional<Heredoc> matchHeredocMarker(const Word& word) {
        std::string_view text = word.text;
        if (!text.starts_with("<<") || text.starts_with("<<<")) {
            return std::nullopt;
        }
        text.remove_prefix(2);
        Heredoc heredoc;
        if (text.starts_with('-')) {
            heredoc.stripTabs = true;
            text.remove_prefix(1);
        }
        if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
            text.back() == text.front()) {
            heredoc.expand = false;
            text = text.substr(1, text.size() - 2);
        }
        const bool valid = !text.empty() && std::ranges::all_of(text, [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
        });
        if (!valid) {
            return std::nullopt;
        }
        heredoc.delimiter = std::string(text);
        heredoc.markerRange = word.range;
        return heredoc;
    }

    bool readHeredocBody(Heredoc& heredoc) {
        // At the end of the file the body is empty and sits just after its marker.
        heredoc.bodyRange = {heredoc.markerRange.end, heredoc.markerRange.end};
        if (next_ < lines_.size()) {
            heredoc.bodyRange.start = {lines_[next_].number, 0};
        }
        while (next_ < lines_.size()) {
            const PhysicalLine& line = lines_[next_++];
            std::string_view text = line.text;
            if (heredoc.stripTabs) {
                while (text.starts_with('\t')) {
                    text.remove_prefix(1);
                }
            }
            heredoc.bodyRange.end = {line.number, static_cast<int>(line.text.size())};
            if (text == heredoc.delimiter) {
                return true;
            }
            heredoc.content.append(text);
            heredoc.content.push_back('\n');
        }
        return false;
    }

    std::vector<PhysicalLine> lines_;
    std::size_t next_ = 0;
    SyntaxTree tree_;
};

} // namespace

Range positionRange(const std::vector<Position>& positions, std::size_t begin, std::size_t end) {
    const Position start = positions[begin];
    if (end <= begin) {
        return {start, start};
    }
    Position last = positions[end - 1];
    last.column += 1;
    return {start, last};
}

Range argumentRange(const Node& node, std::size_t begin, std::size_t end) {
    const std::size_t last = node.argumentPositions.size() - 1;
    return positionRange(node.argumentPositions, std::min(begin, last), std::min(end, last));
}

SyntaxTree parseSyntax(std::string_view text) {
    return SyntaxParser(text).run();
}

} // namespace berth::dockerfile

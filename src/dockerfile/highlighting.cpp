#include "dockerfile/highlighting.h"

#include "dockerfile/instructions.h"
#include "dockerfile/syntax.h"
#include "dockerfile/text.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace berth::studio {

namespace {

using dockerfile::Node;
using dockerfile::Position;
using dockerfile::Range;
using Style = DockerfileStyle;

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Returns the end of the variable reference that starts with '$' at begin: "$name",
// "${...}" with nested braces, or "$1". Returns begin + 1 when no name follows.
std::size_t variableEnd(std::string_view text, std::size_t begin) {
    std::size_t i = begin + 1;
    if (i < text.size() && text[i] == '{') {
        int depth = 0;
        for (; i < text.size(); ++i) {
            depth += text[i] == '{';
            depth -= text[i] == '}';
            if (depth == 0) {
                return i + 1;
            }
        }
        return text.size();
    }
    while (i < text.size() && isNameChar(text[i])) {
        ++i;
    }
    return i;
}

// Styles of the bytes of one instruction's joined arguments; painted into the file later
// through the node's column map.
class ArgumentStyler {
public:
    ArgumentStyler(std::string_view text, char escape)
        : text_(text)
        , escape_(escape)
        , styles_(text.size(), Style::Default) {}

    std::vector<Style> take() { return std::move(styles_); }

    void paint(std::size_t begin, std::size_t end, Style style) {
        end = std::min(end, styles_.size());
        for (std::size_t i = begin; i < end; ++i) {
            styles_[i] = style;
        }
    }

    // Quotes, variables and escapes in Dockerfile words (not shell).
    void words(std::size_t begin, std::size_t end) {
        char quote = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const char c = text_[i];
            if (c == escape_ && quote != '\'' && i + 1 < end) {
                paint(i, i + 2, Style::EscapeCharacter);
                ++i;
            } else if (c == '$' && quote != '\'') {
                const std::size_t stop = std::min(variableEnd(text_, i), end);
                if (stop > i + 1) {
                    paint(i, stop, Style::Variable);
                    i = stop - 1;
                } else if (quote != 0) {
                    paint(i, i + 1, Style::String);
                }
            } else if (quote != 0) {
                paint(i, i + 1, Style::String);
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
                paint(i, i + 1, Style::String);
            }
        }
    }

    // A JSON array of strings: brackets and commas are operators, elements are strings.
    void jsonArray(std::size_t begin, std::size_t end) {
        bool inString = false;
        for (std::size_t i = begin; i < end; ++i) {
            const char c = text_[i];
            if (inString) {
                if (c == '\\' && i + 1 < end) {
                    paint(i, i + 2, Style::EscapeCharacter);
                    ++i;
                    continue;
                }
                paint(i, i + 1, Style::String);
                inString = c != '"';
            } else if (c == '"') {
                inString = true;
                paint(i, i + 1, Style::String);
            } else if (c == '[' || c == ']' || c == ',') {
                paint(i, i + 1, Style::Operator);
            }
        }
    }

    // A shell command line: the first word of each simple command, operators, shell
    // keywords, quotes, variables and comments.
    void shell(std::size_t begin, std::size_t end) {
        static constexpr std::string_view keywords[] = {
            "if",    "then",  "else", "elif", "fi",       "for", "in", "do", "done",
            "while", "until", "case", "esac", "function", "!",   "{",  "}"};
        bool commandStart = true;
        std::size_t i = begin;
        while (i < end) {
            const char c = text_[i];
            if (isBlank(c)) {
                commandStart = commandStart || c == '\n';
                ++i;
                continue;
            }
            if (c == '#') {
                const std::size_t eol = std::min(text_.find('\n', i), end);
                paint(i, eol, Style::Comment);
                i = eol;
                continue;
            }
            if (std::string_view(";&|()<>").find(c) != std::string_view::npos) {
                std::size_t stop = i + 1;
                while (stop < end &&
                       std::string_view("&|<>").find(text_[stop]) != std::string_view::npos) {
                    ++stop;
                }
                paint(i, stop, Style::Operator);
                commandStart = c != '<' && c != '>';
                i = stop;
                continue;
            }
            const std::size_t stop = shellWordEnd(i, end);
            const std::string_view word = text_.substr(i, stop - i);
            words(i, stop);
            const bool keyword = std::ranges::find(keywords, word) != std::end(keywords);
            const bool assignment = word.find('=') != std::string_view::npos &&
                                    word.find('=') > 0 && isNameChar(word.front());
            if (keyword) {
                paint(i, stop, Style::Keyword);
                commandStart = word != "fi" && word != "done" && word != "esac" && word != "in";
            } else if (commandStart && !assignment) {
                if (word.find_first_of("\"'$") == std::string_view::npos) {
                    paint(i, stop, Style::ShellCommand);
                }
                commandStart = false;
            }
            i = stop;
        }
    }

private:
    std::size_t shellWordEnd(std::size_t i, std::size_t end) const {
        char quote = 0;
        for (; i < end; ++i) {
            const char c = text_[i];
            if (c == '\\' && quote != '\'' && i + 1 < end) {
                ++i;
            } else if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (isBlank(c) ||
                       std::string_view(";&|()<>").find(c) != std::string_view::npos) {
                break;
            }
        }
        return i;
    }

    std::string_view text_;
    char escape_;
    std::vector<Style> styles_;
};

bool takesExecForm(std::string_view instruction) {
    static constexpr std::string_view names[] = {"run", "cmd",    "entrypoint",  "shell", "copy",
                                                 "add", "volume", "healthcheck", "expose"};
    return std::ranges::find(names, instruction) != std::end(names);
}

class Highlighter {
public:
    explicit Highlighter(std::string_view text)
        : text_(text) {
        result_.styles.assign(text.size(), Style::Default);
        lineStarts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                lineStarts_.push_back(i + 1);
            }
        }
    }

    Highlighting run() {
        const dockerfile::SyntaxTree tree = dockerfile::parseSyntax(text_);
        escape_ = tree.escape;
        paintComments();
        for (const dockerfile::Directive& directive : tree.directives) {
            paintLine(directive.range.start.line, Style::Directive);
        }
        for (const Node& node : tree.nodes) {
            paintNode(node);
            if (node.instruction == "from") {
                result_.stageLines.push_back(node.keywordRange.start.line - 1);
            }
        }
        return std::move(result_);
    }

private:
    std::size_t offset(Position position) const {
        if (position.line < 1 || static_cast<std::size_t>(position.line) > lineStarts_.size()) {
            return text_.size();
        }
        return std::min(lineStarts_[position.line - 1] + position.column, text_.size());
    }

    std::string_view lineText(int line) const {
        if (line < 1 || static_cast<std::size_t>(line) > lineStarts_.size()) {
            return {};
        }
        const std::size_t begin = lineStarts_[line - 1];
        const std::size_t end = std::min(text_.find('\n', begin), text_.size());
        return text_.substr(begin, end - begin);
    }

    void paint(std::size_t begin, std::size_t end, Style style) {
        end = std::min(end, text_.size());
        for (std::size_t i = begin; i < end; ++i) {
            result_.styles[i] = style;
        }
    }

    void paint(Range range, Style style) { paint(offset(range.start), offset(range.end), style); }

    void paintLine(int line, Style style) {
        const std::size_t begin = offset({line, 0});
        paint(begin, begin + lineText(line).size(), style);
    }

    // Comment lines; heredoc bodies painted later override the ones inside them.
    void paintComments() {
        for (int line = 1; static_cast<std::size_t>(line) <= lineStarts_.size(); ++line) {
            const std::string_view content = lineText(line);
            const std::size_t first = content.find_first_not_of(" \t");
            if (first != std::string_view::npos && content[first] == '#') {
                const std::size_t begin = offset({line, 0});
                paint(begin + first, begin + content.size(), Style::Comment);
            }
        }
    }

    void paintNode(const Node& node) {
        const auto& names = dockerfile::instructionNames();
        const bool known = std::ranges::find(names, node.instruction) != names.end();
        paint(node.keywordRange, known ? Style::Instruction : Style::UnknownInstruction);
        for (const dockerfile::Flag& flag : node.flags) {
            paint(flag.range, Style::Flag);
            if (flag.value) {
                paint(flag.valueRange, Style::FlagValue);
                paintFlagVariables(flag);
            }
        }
        paintContinuations(node);
        if (!node.trigger.empty()) {
            paintNode(node.trigger.front());
        } else {
            paintArguments(node);
        }
        for (const dockerfile::Heredoc& heredoc : node.heredocs) {
            paintHeredoc(node, heredoc);
        }
    }

    void paintFlagVariables(const dockerfile::Flag& flag) {
        if (flag.valueRange.start.line != flag.valueRange.end.line) {
            return;
        }
        const std::string& value = *flag.value;
        const std::size_t base = offset(flag.valueRange.start);
        for (std::size_t i = value.find('$'); i != std::string::npos; i = value.find('$', i + 1)) {
            const std::size_t stop = variableEnd(value, i);
            if (stop > i + 1) {
                paint(base + i, base + stop, Style::Variable);
            }
        }
    }

    // The escape character that continues an instruction on the next line.
    void paintContinuations(const Node& node) {
        int last = node.range.end.line;
        if (!node.heredocs.empty()) {
            last = node.heredocs.front().bodyRange.start.line - 1;
        }
        for (int line = node.range.start.line; line < last; ++line) {
            const std::string_view content = lineText(line);
            const std::size_t end = content.find_last_not_of(" \t\r");
            if (end == std::string_view::npos || content[end] != escape_) {
                continue;
            }
            const std::size_t first = content.find_first_not_of(" \t");
            if (content[first] == '#') {
                continue;
            }
            const std::size_t at = offset({line, 0}) + end;
            paint(at, at + 1, Style::EscapeCharacter);
        }
    }

    void paintArguments(const Node& node) {
        const std::string& arguments = node.arguments;
        if (node.argumentPositions.size() != arguments.size() + 1) {
            return;
        }
        ArgumentStyler styler(arguments, escape_);
        styleArguments(node, styler);
        const std::vector<Style> styles = styler.take();
        for (std::size_t i = 0; i < styles.size(); ++i) {
            const std::size_t at = offset(node.argumentPositions[i]);
            if (at < text_.size() && styles[i] != Style::Default) {
                result_.styles[at] = styles[i];
            }
        }
    }

    static void styleArguments(const Node& node, ArgumentStyler& styler) {
        const std::string& arguments = node.arguments;
        const std::string& name = node.instruction;
        const std::size_t first = arguments.find_first_not_of(" \t");
        if (first != std::string::npos && arguments[first] == '[' && takesExecForm(name)) {
            styler.jsonArray(first, arguments.size());
            return;
        }
        if (name == "run" || name == "cmd" || name == "entrypoint") {
            styler.shell(0, arguments.size());
        } else if (name == "healthcheck") {
            styleHealthcheck(node, styler);
        } else if (name == "from") {
            styleFrom(node, styler);
        } else if (name == "env" || name == "label" || name == "arg") {
            styleKeyValues(node, styler);
        } else {
            styler.words(0, arguments.size());
        }
    }

    static void styleFrom(const Node& node, ArgumentStyler& styler) {
        styler.words(0, node.arguments.size());
        if (node.words.size() >= 3 && dockerfile::lowerCase(node.words[1].text) == "as") {
            const dockerfile::Word& as = node.words[1];
            const dockerfile::Word& stage = node.words[2];
            styler.paint(as.offset, as.offset + as.text.size(), Style::Keyword);
            styler.paint(stage.offset, stage.offset + stage.text.size(), Style::StageName);
        }
    }

    static void styleHealthcheck(const Node& node, ArgumentStyler& styler) {
        if (node.words.empty()) {
            return;
        }
        const dockerfile::Word& first = node.words.front();
        const std::string keyword = dockerfile::upperCase(first.text);
        if (keyword != "CMD" && keyword != "NONE") {
            styler.words(0, node.arguments.size());
            return;
        }
        const std::size_t rest = first.offset + first.text.size();
        styler.paint(first.offset, rest, Style::Keyword);
        const std::size_t command = node.arguments.find_first_not_of(" \t", rest);
        if (command != std::string::npos && node.arguments[command] == '[') {
            styler.jsonArray(command, node.arguments.size());
        } else {
            styler.shell(rest, node.arguments.size());
        }
    }

    // The key of each key=value word, or of the first word in the legacy "ENV key value".
    static void styleKeyValues(const Node& node, ArgumentStyler& styler) {
        styler.words(0, node.arguments.size());
        bool legacy = !node.words.empty() &&
                      node.words.front().text.find('=') == std::string::npos &&
                      node.instruction != "arg";
        for (const dockerfile::Word& word : node.words) {
            const std::size_t equals = word.text.find('=');
            const bool quotedKey =
                !word.text.empty() && (word.text[0] == '"' || word.text[0] == '\'');
            if (legacy) {
                styler.paint(word.offset, word.offset + word.text.size(), Style::Key);
                break;
            }
            if (!quotedKey) {
                const std::size_t keyEnd = std::min(equals, word.text.size());
                styler.paint(word.offset, word.offset + keyEnd, Style::Key);
            }
        }
    }

    void paintHeredoc(const Node& node, const dockerfile::Heredoc& heredoc) {
        paint(heredoc.markerRange, Style::HeredocMarker);
        const int firstLine = heredoc.bodyRange.start.line;
        int lastLine = heredoc.bodyRange.end.line;
        if (heredoc.bodyRange.start == heredoc.bodyRange.end) {
            return;
        }
        std::string_view closing = lineText(lastLine);
        if (heredoc.stripTabs) {
            closing.remove_prefix(std::min(closing.find_first_not_of('\t'), closing.size()));
        }
        const bool terminated = closing == heredoc.delimiter;
        if (terminated) {
            paintLine(lastLine, Style::HeredocMarker);
            --lastLine;
        }
        if (lastLine < firstLine) {
            return;
        }
        const std::size_t begin = offset({firstLine, 0});
        const std::size_t end = offset({lastLine, 0}) + lineText(lastLine).size();
        paint(begin, end, Style::HeredocBody);
        if (node.instruction == "run") {
            const std::string_view body = text_.substr(begin, end - begin);
            ArgumentStyler styler(body, '\\');
            styler.shell(0, body.size());
            const std::vector<Style> styles = styler.take();
            for (std::size_t i = 0; i < styles.size(); ++i) {
                if (styles[i] != Style::Default) {
                    result_.styles[begin + i] = styles[i];
                }
            }
        }
    }

    std::string_view text_;
    char escape_ = '\\';
    std::vector<std::size_t> lineStarts_;
    Highlighting result_;
};

} // namespace

Highlighting highlightDockerfile(std::string_view text) {
    return Highlighter(text).run();
}

} // namespace berth::studio

#include "dockerfile/completion.h"

#include "dockerfile/syntax.h"
#include "dockerfile/text.h"

#include <QSet>

#include <algorithm>
#include <cctype>
#include <map>

namespace berth::studio {

namespace {

using dockerfile::Analysis;

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

QString fromBytes(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

std::vector<std::string_view> splitLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t begin = 0;
    while (true) {
        const std::size_t end = text.find('\n', begin);
        std::string_view line =
            text.substr(begin, end == std::string_view::npos ? end : end - begin);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        if (end == std::string_view::npos) {
            return lines;
        }
        begin = end + 1;
    }
}

// Flags that each instruction takes; a flag with a value ends with "=".
const std::map<std::string, QStringList>& instructionFlags() {
    static const std::map<std::string, QStringList> flags = {
        {"from", {"--platform="}},
        {"run", {"--mount=", "--network=", "--security="}},
        {"copy", {"--from=", "--chown=", "--chmod=", "--link", "--parents", "--exclude="}},
        {"add", {"--chown=", "--chmod=", "--link", "--checksum=", "--keep-git-dir", "--exclude="}},
        {"healthcheck",
         {"--interval=", "--timeout=", "--start-period=", "--start-interval=", "--retries="}},
    };
    return flags;
}

QStringList filtered(const QStringList& candidates, const QString& prefix) {
    QStringList out;
    for (const QString& candidate : candidates) {
        if (candidate.startsWith(prefix, Qt::CaseInsensitive) && !out.contains(candidate)) {
            out << candidate;
        }
    }
    return out;
}

QStringList instructionKeywords() {
    QStringList keywords;
    for (const std::string& name : dockerfile::instructionNames()) {
        keywords << fromBytes(dockerfile::upperCase(name));
    }
    keywords.sort();
    return keywords;
}

QStringList stageNames(const Analysis& analysis, int beforeLine) {
    QStringList names;
    for (const dockerfile::Stage& stage : analysis.stages.stages) {
        const auto& from = analysis.dockerfile.instructions[stage.fromInstruction];
        if (stage.name && from.range.start.line < beforeLine) {
            names << fromBytes(*stage.name);
        }
    }
    return names;
}

QStringList variableNames(const Analysis& analysis) {
    QStringList names;
    for (const auto& [name, value] : analysis.plan.metaArgs) {
        names << fromBytes(name);
    }
    for (const dockerfile::StagePlan& stage : analysis.plan.stages) {
        for (const dockerfile::PlanStep& step : stage.steps) {
            for (const auto& [name, value] : step.state.env) {
                names << fromBytes(name);
            }
            for (const dockerfile::ArgValue& arg : step.state.args) {
                names << fromBytes(arg.name);
            }
        }
    }
    names.removeDuplicates();
    names.sort();
    return names;
}

// The instruction's text from its first line up to the cursor, with continuation lines
// joined.
struct InstructionPrefix {
    std::string text;
    bool firstLine = true;
};

InstructionPrefix instructionPrefix(const std::vector<std::string_view>& lines, int line,
                                    int column, char escape) {
    auto continues = [&](int index) {
        const std::string_view content = lines[index];
        const std::size_t end = content.find_last_not_of(" \t");
        return end != std::string_view::npos && content[end] == escape;
    };
    int first = line;
    while (first > 0 && continues(first - 1)) {
        --first;
    }
    InstructionPrefix prefix;
    prefix.firstLine = first == line;
    for (int index = first; index < line; ++index) {
        std::string_view content = lines[index];
        content = content.substr(0, content.find_last_not_of(" \t"));
        prefix.text.append(content).push_back(' ');
    }
    const std::string_view current = lines[line];
    prefix.text.append(current.substr(0, std::min<std::size_t>(column, current.size())));
    return prefix;
}

// Splits the instruction prefix into words, keyword first. The last word is empty when the
// cursor follows a blank.
std::vector<std::string> prefixWords(std::string_view text) {
    std::vector<std::string> words(1);
    char quote = 0;
    for (char c : text) {
        if (quote != 0) {
            quote = c == quote ? 0 : quote;
            words.back().push_back(c);
        } else if (isBlank(c)) {
            if (!words.back().empty()) {
                words.emplace_back();
            }
        } else {
            quote = (c == '"' || c == '\'') ? c : 0;
            words.back().push_back(c);
        }
    }
    if (words.front().empty() && words.size() > 1) {
        words.erase(words.begin());
    }
    return words;
}

QStringList contextPaths(const QString& word, const CompletionSources& sources) {
    if (!sources.listContext) {
        return {};
    }
    const qsizetype slash = word.lastIndexOf(QLatin1Char('/'));
    const QString folder = slash < 0 ? QString() : word.left(slash + 1);
    QStringList paths;
    for (const QString& entry : sources.listContext(folder)) {
        paths << folder + entry;
    }
    return filtered(paths, word);
}

class Completer {
public:
    Completer(std::string_view text, int line, int column, const Analysis& analysis,
              const CompletionSources& sources)
        : text_(text)
        , lines_(splitLines(text))
        , line_(line - 1)
        , column_(column)
        , analysis_(analysis)
        , sources_(sources) {}

    CompletionResult run() {
        if (line_ < 0 || static_cast<std::size_t>(line_) >= lines_.size()) {
            return {};
        }
        const std::string_view current = lines_[line_];
        column_ = std::min<int>(column_, static_cast<int>(current.size()));
        if (auto variable = completeVariable(current.substr(0, column_))) {
            return *variable;
        }
        if (isInHeredocBody()) {
            return {};
        }

        const InstructionPrefix prefix =
            instructionPrefix(lines_, line_, column_, analysis_.dockerfile.escape);
        const std::string_view trimmed =
            std::string_view(prefix.text)
                .substr(std::min(prefix.text.find_first_not_of(" \t"), prefix.text.size()));
        if (trimmed.starts_with('#')) {
            return completeDirective(current.substr(0, column_));
        }

        const std::vector<std::string> words = prefixWords(trimmed);
        const QString word = fromBytes(words.back());
        const int wordColumn = column_ - static_cast<int>(words.back().size());
        if (words.size() == 1) {
            if (!prefix.firstLine || word.isEmpty()) {
                return {};
            }
            return {wordColumn, filtered(instructionKeywords(), word)};
        }

        std::string instruction = dockerfile::lowerCase(words.front());
        std::vector<std::string> rest(words.begin() + 1, words.end());
        if (instruction == "onbuild") {
            if (rest.size() == 1) {
                return {wordColumn, filtered(instructionKeywords(), word)};
            }
            instruction = dockerfile::lowerCase(rest.front());
            rest.erase(rest.begin());
        }
        return completeArgument(instruction, rest, word, wordColumn);
    }

private:
    // The lines of a heredoc body are a script or a file, not instructions. The text is
    // parsed again because the analysis lags the text by the debounce interval.
    bool isInHeredocBody() const {
        const int line = line_ + 1;
        for (const dockerfile::Node& node : dockerfile::parseSyntax(text_).nodes) {
            for (const dockerfile::Heredoc& heredoc : node.heredocs) {
                const dockerfile::Range body = heredoc.bodyRange;
                if (body.start != body.end && body.start.line <= line && line <= body.end.line) {
                    return true;
                }
            }
        }
        return false;
    }

    // Parser directives: only comment lines at the top of the file can hold them.
    CompletionResult completeDirective(std::string_view before) const {
        for (int line = 0; line < line_; ++line) {
            const std::string_view content = lines_[line];
            const std::size_t first = content.find_first_not_of(" \t");
            if (first == std::string_view::npos || content[first] != '#') {
                return {};
            }
        }
        std::size_t start = before.size();
        while (start > 0 && (isNameChar(before[start - 1]) || before[start - 1] == '-')) {
            --start;
        }
        const QString word = fromBytes(before.substr(start));
        const std::string_view head = before.substr(0, start);
        const std::size_t hash = head.find('#');
        const std::string_view afterHash = head.substr(hash + 1);
        const int column = static_cast<int>(start);
        if (afterHash.find_first_not_of(" \t") == std::string_view::npos) {
            return {column, filtered({QStringLiteral("syntax="), QStringLiteral("escape="),
                                      QStringLiteral("check=")},
                                     word)};
        }
        const std::string directive =
            dockerfile::lowerCase(afterHash.substr(afterHash.find_first_not_of(" \t")));
        if (!directive.starts_with("check=")) {
            return {};
        }
        if (head.ends_with("skip=") ||
            (head.ends_with(',') && directive.find("skip=") != std::string::npos)) {
            QStringList rules{QStringLiteral("all")};
            for (const dockerfile::LintRule& rule : dockerfile::lintRules()) {
                rules << fromBytes(rule.id);
            }
            return {column, filtered(rules, word)};
        }
        if (head.ends_with('=') || head.ends_with(';')) {
            return {column,
                    filtered({QStringLiteral("skip="), QStringLiteral("error=true")}, word)};
        }
        return {};
    }

    // "$NA" or "${NA": the ARG and ENV names.
    std::optional<CompletionResult> completeVariable(std::string_view before) const {
        std::size_t start = before.size();
        while (start > 0 && isNameChar(before[start - 1])) {
            --start;
        }
        const bool braced = start >= 2 && before[start - 1] == '{' && before[start - 2] == '$';
        const bool plain = start >= 1 && before[start - 1] == '$' && start < before.size();
        if (!braced && !plain) {
            return std::nullopt;
        }
        const QString typed = fromBytes(before.substr(start));
        return CompletionResult{static_cast<int>(start), filtered(variableNames(analysis_), typed)};
    }

    CompletionResult completeArgument(const std::string& instruction,
                                      const std::vector<std::string>& words, const QString& word,
                                      int wordColumn) const {
        if (word.startsWith(QLatin1String("--"))) {
            return completeFlag(instruction, word, wordColumn);
        }
        std::size_t position = 0; // the word's index among the arguments that are not flags
        bool fromStage = false;
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            if (words[i].starts_with("--")) {
                fromStage = fromStage || words[i].starts_with("--from=");
                continue;
            }
            ++position;
        }
        if (instruction == "from") {
            if (position == 0) {
                QStringList images = sources_.images;
                images << stageNames(analysis_, line_ + 1) << QStringLiteral("scratch");
                return {wordColumn, filtered(images, word)};
            }
            if (position == 1) {
                return {wordColumn, filtered({QStringLiteral("AS")}, word)};
            }
            return {};
        }
        if ((instruction == "copy" || instruction == "add") && !fromStage) {
            return {wordColumn, contextPaths(word, sources_)};
        }
        if (instruction == "healthcheck" && position == 0) {
            return {wordColumn, filtered({QStringLiteral("CMD"), QStringLiteral("NONE")}, word)};
        }
        return {};
    }

    CompletionResult completeFlag(const std::string& instruction, const QString& word,
                                  int wordColumn) const {
        const qsizetype equals = word.indexOf(QLatin1Char('='));
        if (equals < 0) {
            auto flags = instructionFlags().find(instruction);
            if (flags == instructionFlags().end()) {
                return {};
            }
            return {wordColumn, filtered(flags->second, word)};
        }
        const QString name = word.mid(2, equals - 2);
        const QString value = word.mid(equals + 1);
        const int valueColumn =
            wordColumn + static_cast<int>(word.left(equals + 1).toUtf8().size());
        QStringList candidates;
        if (name == QLatin1String("from")) {
            candidates = stageNames(analysis_, line_ + 1);
            candidates << sources_.images;
        } else if (name == QLatin1String("platform")) {
            candidates = {QStringLiteral("$BUILDPLATFORM"), QStringLiteral("$TARGETPLATFORM"),
                          QStringLiteral("linux/amd64"), QStringLiteral("linux/arm64"),
                          QStringLiteral("linux/arm/v7")};
        } else if (name == QLatin1String("mount")) {
            candidates = {QStringLiteral("type=bind,source=,target="),
                          QStringLiteral("type=cache,target="), QStringLiteral("type=secret,id="),
                          QStringLiteral("type=ssh"), QStringLiteral("type=tmpfs,target=")};
        } else if (name == QLatin1String("network")) {
            candidates = {QStringLiteral("default"), QStringLiteral("none"),
                          QStringLiteral("host")};
        } else if (name == QLatin1String("security")) {
            candidates = {QStringLiteral("sandbox"), QStringLiteral("insecure")};
        }
        return {valueColumn, filtered(candidates, value)};
    }

    std::string_view text_;
    std::vector<std::string_view> lines_;
    int line_;
    int column_;
    const Analysis& analysis_;
    const CompletionSources& sources_;
};

} // namespace

CompletionResult completeDockerfile(std::string_view text, int line, int column,
                                    const dockerfile::Analysis& analysis,
                                    const CompletionSources& sources) {
    return Completer(text, line, column, analysis, sources).run();
}

} // namespace berth::studio

#include "dockerfile/lint.h"

#include "dockerfile/lint_from.h"
#include "dockerfile/lint_practices.h"
#include "dockerfile/text.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

bool isLowerCase(std::string_view text) {
    return text == lowerCase(text);
}
bool isUpperCase(std::string_view text) {
    return text == upperCase(text);
}

// "MaintainerDeprecated" → "maintainer-deprecated", the slug of Docker's rule pages.
std::string docUrl(std::string_view rule) {
    std::string slug;
    for (std::size_t i = 0; i < rule.size(); ++i) {
        const char c = rule[i];
        if (std::isupper(static_cast<unsigned char>(c)) && i > 0 &&
            !std::isupper(static_cast<unsigned char>(rule[i - 1]))) {
            slug.push_back('-');
        }
        slug.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return "https://docs.docker.com/go/dockerfile/rule/" + slug + "/";
}

// A value as a double-quoted Dockerfile word.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
        }
        out.push_back(c);
    }
    return out + "\"";
}

class Linter {
public:
    Linter(const Dockerfile& dockerfile, const StageModel& model, const Plan& plan)
        : dockerfile_(dockerfile)
        , model_(model)
        , plan_(plan) {}

    std::vector<Diagnostic> run() {
        checkInstructionCasing();
        checkStages();
        for (const Instruction& instruction : dockerfile_.instructions) {
            checkInstruction(instruction);
        }
        checkPlan();
        checkFromLines(dockerfile_, model_, plan_, findings_);
        checkPractices(dockerfile_, plan_, findings_);
        return std::move(findings_);
    }

private:
    void report(const char* rule, std::string message, Range range,
                std::optional<QuickFix> fix = std::nullopt) {
        findings_.push_back(makeFinding(rule, std::move(message), range, std::move(fix)));
    }

    // Keywords should share one casing, and the majority of the file decides which.
    void checkInstructionCasing() {
        std::size_t upper = 0;
        std::size_t lower = 0;
        for (const Instruction& instruction : dockerfile_.instructions) {
            upper += isUpperCase(instruction.keyword);
            lower += isLowerCase(instruction.keyword);
        }
        const bool wantUpper = upper >= lower;
        for (const Instruction& instruction : dockerfile_.instructions) {
            const std::string& keyword = instruction.keyword;
            if (wantUpper ? isUpperCase(keyword) : isLowerCase(keyword)) {
                continue;
            }
            const std::string fixed = wantUpper ? upperCase(keyword) : lowerCase(keyword);
            report("ConsistentInstructionCasing",
                   fmt::format("Instruction '{}' should be written '{}' like the majority of "
                               "instructions in this file, which are {}",
                               keyword, fixed, wantUpper ? "upper-case" : "lower-case"),
                   instruction.keywordRange,
                   QuickFix{fmt::format("Write '{}'", fixed), instruction.keywordRange, fixed});
        }
    }

    void checkStages() {
        std::map<std::string, std::size_t> seen;
        for (const Stage& stage : model_.stages) {
            const Instruction& instruction = dockerfile_.instructions[stage.fromInstruction];
            const FromInstruction& from = *instruction.as<FromInstruction>();
            checkFromAsCasing(instruction, from);
            if (!from.stageName) {
                continue;
            }
            const Word& name = *from.stageName;
            if (!isLowerCase(name.text)) {
                report("StageNameCasing",
                       fmt::format("Stage name '{}' should be lower-case", name.text), name.range,
                       QuickFix{"Write the stage name in lower case", name.range,
                                lowerCase(name.text)});
            }
            const std::string key = lowerCase(name.text);
            if (key == "scratch" || key == "context") {
                report("ReservedStageName",
                       fmt::format("Stage name '{}' is reserved: FROM and COPY --from would "
                                   "not refer to this stage",
                                   name.text),
                       name.range);
            }
            if (auto [it, inserted] = seen.emplace(key, stage.index); !inserted) {
                report("DuplicateStageName",
                       fmt::format("Stage name '{}' is already used by stage {}", name.text,
                                   it->second),
                       name.range);
            }
        }
    }

    void checkFromAsCasing(const Instruction& instruction, const FromInstruction& from) {
        if (!from.asKeyword) {
            return;
        }
        const std::string& as = from.asKeyword->text;
        const bool fromUpper = isUpperCase(instruction.keyword);
        const bool mismatch = fromUpper ? !isUpperCase(as) : !isLowerCase(as);
        if (!mismatch) {
            return;
        }
        const std::string fixed = fromUpper ? "AS" : "as";
        report("FromAsCasing",
               fmt::format("'{}' and '{}' should have the same casing", as, instruction.keyword),
               from.asKeyword->range,
               QuickFix{"Write '" + fixed + "'", from.asKeyword->range, fixed});
    }

    void checkInstruction(const Instruction& instruction) {
        if (auto maintainer = instruction.as<MaintainerInstruction>()) {
            checkMaintainer(instruction, *maintainer);
        } else if (auto cmd = instruction.as<CmdInstruction>()) {
            checkJsonArgs(instruction, cmd->command);
        } else if (auto entrypoint = instruction.as<EntrypointInstruction>()) {
            checkJsonArgs(instruction, entrypoint->command);
        } else if (auto env = instruction.as<EnvInstruction>()) {
            checkLegacyKeyValue(instruction, env->legacyForm, env->variables);
            for (const KeyValue& pair : env->variables) {
                checkSecretName(instruction, pair.key);
            }
        } else if (auto label = instruction.as<LabelInstruction>()) {
            checkLegacyKeyValue(instruction, label->legacyForm, label->labels);
        } else if (auto arg = instruction.as<ArgInstruction>()) {
            for (const ArgDeclaration& declaration : arg->arguments) {
                checkSecretName(instruction, declaration.name);
            }
        } else if (auto expose = instruction.as<ExposeInstruction>()) {
            for (const Word& port : expose->ports) {
                checkExposePort(port);
            }
        }
    }

    void checkMaintainer(const Instruction& instruction, const MaintainerInstruction& maintainer) {
        std::string name = maintainer.name.text;
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
            name = name.substr(1, name.size() - 2);
        }
        // The OCI image spec's annotation for the people responsible for the image.
        report("MaintainerDeprecated",
               "MAINTAINER is deprecated: set the authors with LABEL "
               "org.opencontainers.image.authors=\"...\"",
               instruction.range,
               QuickFix{"Replace with LABEL org.opencontainers.image.authors", instruction.range,
                        "LABEL org.opencontainers.image.authors=" + quoted(name)});
    }

    // Offers the exec form only where a shell would not change what runs: plain words
    // without quotes, variables, globs, redirections or operators.
    static std::optional<std::string> execFormOf(std::string_view shell) {
        static constexpr std::string_view special = "\"'`\\$*?[]<>|&;(){}~#=";
        std::vector<std::string> words;
        std::string word;
        for (char c : shell) {
            if (special.find(c) != std::string_view::npos) {
                return std::nullopt;
            }
            if (c == ' ' || c == '\t') {
                if (!word.empty()) {
                    words.push_back(std::move(word));
                    word.clear();
                }
            } else {
                word.push_back(c);
            }
        }
        if (!word.empty()) {
            words.push_back(std::move(word));
        }
        if (words.empty()) {
            return std::nullopt;
        }
        std::string out = "[";
        for (std::size_t i = 0; i < words.size(); ++i) {
            out += (i ? ", \"" : "\"") + words[i] + "\"";
        }
        return out + "]";
    }

    void checkJsonArgs(const Instruction& instruction, const Command& command) {
        if (command.execForm) {
            return;
        }
        std::optional<QuickFix> fix;
        if (auto exec = execFormOf(command.shell)) {
            fix = QuickFix{"Use the exec form", command.range, *exec};
        }
        report("JSONArgsRecommended",
               fmt::format("{} in shell form runs the command through a shell, which does not "
                           "pass signals such as SIGTERM on to it: use the JSON exec form",
                           upperCase(instruction.instruction)),
               instruction.range, fix);
    }

    void checkLegacyKeyValue(const Instruction& instruction, bool legacy,
                             const std::vector<KeyValue>& pairs) {
        if (!legacy || pairs.empty()) {
            return;
        }
        const KeyValue& pair = pairs.front();
        std::string value = pair.value.text;
        const bool plain = std::ranges::none_of(
            value, [](char c) { return c == ' ' || c == '\t' || c == '"' || c == '\''; });
        const std::string replacement = pair.key.text + "=" + (plain ? value : quoted(value));
        report("LegacyKeyValueFormat",
               fmt::format("'{} {} value' is the legacy form: write {} {}=value",
                           upperCase(instruction.instruction), pair.key.text,
                           upperCase(instruction.instruction), pair.key.text),
               instruction.range, QuickFix{"Use key=value", pair.range, replacement});
    }

    void checkSecretName(const Instruction& instruction, const Word& name) {
        static const std::set<std::string> secretWords = {
            "apikey", "auth",  "credential", "credentials", "key",  "password",
            "passwd", "pword", "secret",     "secrets",     "token"};
        std::set<std::string> parts;
        std::string part;
        for (char c : lowerCase(name.text) + "_") {
            if (c == '_' || c == '-') {
                parts.insert(part);
                part.clear();
            } else {
                part.push_back(c);
            }
        }
        if (parts.contains("public")) {
            return;
        }
        const bool secret = std::ranges::any_of(
            parts, [](const std::string& p) { return secretWords.contains(p); });
        if (secret) {
            report("SecretsUsedInArgOrEnv",
                   fmt::format("{} '{}' looks like a secret: its value stays in the image "
                               "history; pass secrets with RUN --mount=type=secret",
                               upperCase(instruction.instruction), name.text),
                   name.range);
        }
    }

    void checkExposePort(const Word& port) {
        const std::string& text = port.text;
        const std::size_t slash = text.find('/');
        const std::string spec = text.substr(0, slash);
        if (spec.find(':') != std::string::npos) {
            report("ExposeInvalidFormat",
                   fmt::format("EXPOSE '{}' names an IP address or a host port: EXPOSE takes "
                               "only the container port, publish with docker run -p",
                               text),
                   port.range);
        }
        if (slash == std::string::npos) {
            return;
        }
        const std::string proto = text.substr(slash + 1);
        if (!isLowerCase(proto)) {
            const std::string fixed = spec + "/" + lowerCase(proto);
            report("ExposeProtoCasing",
                   fmt::format("Protocol '{}' of EXPOSE '{}' should be lower-case", proto, text),
                   port.range, QuickFix{"Write '" + fixed + "'", port.range, fixed});
        }
    }

    void checkPlan() {
        for (const StagePlan& stage : plan_.stages) {
            checkMultipleInstructions(stage);
            bool workdirSet = stage.baseKind == BaseKind::Stage &&
                              !plan_.stages[*stage.baseStage].steps.back().state.workdir.empty();
            for (const PlanStep& step : stage.steps) {
                const Instruction& instruction = dockerfile_.instructions[step.instruction];
                checkUndefined(instruction, step);
                if (auto workdir = instruction.as<WorkdirInstruction>()) {
                    const std::string& written = workdir->path.text;
                    const bool absolute = written.starts_with('/') || written.starts_with('$');
                    if (!absolute && !workdirSet) {
                        report("WorkdirRelativePath",
                               fmt::format("WORKDIR '{}' is relative but no absolute WORKDIR "
                                           "comes before it, so it depends on the base "
                                           "image's directory",
                                           written),
                               workdir->path.range);
                    }
                    workdirSet = true;
                }
            }
        }
    }

    void checkUndefined(const Instruction& instruction, const PlanStep& step) {
        const bool isFrom = step.kind == StepKind::Base;
        for (const std::string& name : step.undefinedVariables) {
            const Range range = referenceRange(instruction, name);
            if (isFrom) {
                report("UndefinedArgInFrom",
                       fmt::format("FROM uses ${} but no ARG before the first FROM declares "
                                   "it{}",
                                   name, suggestion(name, globalArgNames())),
                       range);
            } else if (isGlobalArg(name)) {
                report("UndefinedVar",
                       fmt::format("Variable ${} is declared before the first FROM, which "
                                   "makes it visible to FROM lines only: add ARG {} to this "
                                   "stage",
                                   name, name),
                       range);
            } else {
                report("UndefinedVar",
                       fmt::format("Variable ${} is used but no ARG or ENV defines it in this "
                                   "stage{}",
                                   name, suggestion(name, stateNames(step.state))),
                       range);
            }
        }
    }

    // " (did you mean $X?)" when a defined name is one or two edits away.
    static std::string suggestion(const std::string& name,
                                  const std::vector<std::string>& candidates) {
        std::string best;
        std::size_t bestDistance = std::min<std::size_t>(3, name.size());
        for (const std::string& candidate : candidates) {
            const std::size_t distance = editDistance(name, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best.empty() ? "" : fmt::format(" (did you mean ${}?)", best);
    }

    static std::vector<std::string> stateNames(const EffectiveState& state) {
        std::vector<std::string> names;
        for (const auto& [key, value] : state.env) {
            names.push_back(key);
        }
        for (const ArgValue& arg : state.args) {
            names.push_back(arg.name);
        }
        return names;
    }

    std::vector<std::string> globalArgNames() const {
        std::vector<std::string> names;
        for (std::size_t index : model_.metaArgs) {
            for (const ArgDeclaration& d :
                 dockerfile_.instructions[index].as<ArgInstruction>()->arguments) {
                names.push_back(d.name.text);
            }
        }
        return names;
    }

    // Where "$name" or "${name" first occurs in text, or nullopt.
    static std::optional<std::pair<std::size_t, std::size_t>>
    findReference(std::string_view text, const std::string& name) {
        for (std::size_t i = text.find('$'); i != std::string_view::npos;
             i = text.find('$', i + 1)) {
            std::size_t start = i + 1;
            const bool braced = start < text.size() && text[start] == '{';
            start += braced;
            if (text.substr(start).starts_with(name)) {
                std::size_t end = start + name.size();
                const bool wholeName =
                    end == text.size() ||
                    !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_');
                if (wholeName) {
                    end += braced && end < text.size() && text[end] == '}';
                    return std::pair{i, end};
                }
            }
        }
        return std::nullopt;
    }

    // The range of the first reference to name in a flag value or the arguments, or the
    // instruction's range when neither contains one.
    static Range referenceRange(const Instruction& instruction, const std::string& name) {
        for (const Flag& flag : instruction.flags) {
            auto span = flag.value ? findReference(*flag.value, name) : std::nullopt;
            if (span && flag.valueRange.start.line == flag.valueRange.end.line) {
                const Position start = flag.valueRange.start;
                return {{start.line, start.column + static_cast<int>(span->first)},
                        {start.line, start.column + static_cast<int>(span->second)}};
            }
        }
        auto span = findReference(instruction.arguments, name);
        if (span && instruction.argumentPositions.size() == instruction.arguments.size() + 1) {
            return positionRange(instruction.argumentPositions, span->first, span->second);
        }
        return instruction.range;
    }

    bool isGlobalArg(const std::string& name) const {
        for (std::size_t index : model_.metaArgs) {
            const auto& arguments = dockerfile_.instructions[index].as<ArgInstruction>()->arguments;
            if (std::ranges::find(arguments, name, [](const ArgDeclaration& d) {
                    return d.name.text;
                }) != arguments.end()) {
                return true;
            }
        }
        return false;
    }

    // Only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage takes effect.
    void checkMultipleInstructions(const StagePlan& stage) {
        std::map<std::string, std::vector<const PlanStep*>> byInstruction;
        for (const PlanStep& step : stage.steps) {
            const std::string& name = dockerfile_.instructions[step.instruction].instruction;
            if (name == "cmd" || name == "entrypoint" || name == "healthcheck") {
                byInstruction[name].push_back(&step);
            }
        }
        for (const auto& [name, steps] : byInstruction) {
            for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
                report("MultipleInstructionsDisallowed",
                       fmt::format("Only the last {} of a stage takes effect: this one is "
                                   "overridden by the {} on line {}",
                                   upperCase(name), upperCase(name),
                                   steps.back()->range.start.line),
                       steps[i]->range);
            }
        }
    }

    const Dockerfile& dockerfile_;
    const StageModel& model_;
    const Plan& plan_;
    std::vector<Diagnostic> findings_;
};

} // namespace

const std::vector<LintRule>& lintRules() {
    static const std::vector<LintRule> rules = [] {
        std::vector<LintRule> list = {
            {"ConsistentInstructionCasing", Severity::Warning,
             "Instruction keywords share the casing of the majority", ""},
            {"CopyIgnoredFile", Severity::Warning,
             "COPY and ADD sources are not excluded by .dockerignore", ""},
            {"DuplicateStageName", Severity::Warning, "Stage names are unique", ""},
            {"ExposeInvalidFormat", Severity::Warning,
             "EXPOSE names container ports only, without IP or host port", ""},
            {"ExposeProtoCasing", Severity::Warning, "EXPOSE protocols are lower-case", ""},
            {"FromAsCasing", Severity::Warning, "FROM and AS share their casing", ""},
            {"JSONArgsRecommended", Severity::Warning, "CMD and ENTRYPOINT use the exec form", ""},
            {"LegacyKeyValueFormat", Severity::Warning, "ENV and LABEL use key=value", ""},
            {"MaintainerDeprecated", Severity::Warning, "MAINTAINER is replaced by a label", ""},
            {"MultipleInstructionsDisallowed", Severity::Warning,
             "A stage has at most one CMD, ENTRYPOINT and HEALTHCHECK", ""},
            {"NoEmptyContinuation", Severity::Warning, "A continued instruction has no empty lines",
             ""},
            {"ReservedStageName", Severity::Warning, "Stages are not named scratch or context", ""},
            {"SecretsUsedInArgOrEnv", Severity::Warning, "ARG and ENV do not carry secrets", ""},
            {"StageNameCasing", Severity::Warning, "Stage names are lower-case", ""},
            {"UndefinedArgInFrom", Severity::Warning,
             "FROM uses only ARGs declared before the first FROM", ""},
            {"UndefinedVar", Severity::Warning, "Variables are defined by ARG or ENV before use",
             ""},
            {"WorkdirRelativePath", Severity::Warning,
             "A relative WORKDIR follows an absolute one in the same stage", ""},
        };
        for (LintRule& rule : list) {
            rule.docUrl = docUrl(rule.id);
        }
        for (const LintRule& rule : fromRules()) {
            list.push_back(rule);
        }
        for (const LintRule& rule : practiceRules()) {
            list.push_back(rule);
        }
        return list;
    }();
    return rules;
}

Diagnostic makeFinding(std::string_view rule, std::string message, Range range,
                       std::optional<QuickFix> fix) {
    const auto& rules = lintRules();
    auto found = std::ranges::find(rules, rule, &LintRule::id);
    Diagnostic diagnostic{std::string(rule), Severity::Warning, std::move(message), range, "",
                          std::move(fix)};
    if (found != rules.end()) {
        diagnostic.severity = found->severity;
        diagnostic.docUrl = found->docUrl;
    }
    return diagnostic;
}

std::vector<Diagnostic> lint(const Dockerfile& dockerfile, const StageModel& model,
                             const Plan& plan) {
    return Linter(dockerfile, model, plan).run();
}

void applyCheckDirective(const Dockerfile& dockerfile, std::vector<Diagnostic>& diagnostics) {
    auto directive =
        std::ranges::find(dockerfile.directives, std::string_view("check"), &Directive::name);
    if (directive == dockerfile.directives.end()) {
        return;
    }
    std::set<std::string> skipped;
    bool asErrors = false;
    std::string_view rest = directive->value;
    while (!rest.empty()) {
        const std::size_t semicolon = std::min(rest.find(';'), rest.size());
        const std::string_view option = rest.substr(0, semicolon);
        rest.remove_prefix(std::min(semicolon + 1, rest.size()));
        if (option.starts_with("skip=")) {
            std::string_view list = option.substr(5);
            while (!list.empty()) {
                const std::size_t comma = std::min(list.find(','), list.size());
                skipped.insert(lowerCase(list.substr(0, comma)));
                list.remove_prefix(std::min(comma + 1, list.size()));
            }
        } else if (option == "error=true") {
            asErrors = true;
        }
    }
    std::erase_if(diagnostics, [&](const Diagnostic& d) {
        return d.rule != kParseErrorRule &&
               (skipped.contains("all") || skipped.contains(lowerCase(d.rule)));
    });
    if (asErrors) {
        for (Diagnostic& d : diagnostics) {
            d.severity = Severity::Error;
        }
    }
}

} // namespace berth::dockerfile

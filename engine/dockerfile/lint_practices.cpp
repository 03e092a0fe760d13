#include "dockerfile/lint_practices.h"

#include "dockerfile/text.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

bool isArchiveName(std::string_view path) {
    static constexpr std::string_view suffixes[] = {".tar",  ".tar.gz", ".tgz", ".tar.bz2",
                                                    ".tbz2", ".tar.xz", ".txz", ".tar.zst",
                                                    ".gz",   ".bz2",    ".xz",  ".zst"};
    const std::string lower = lowerCase(path);
    return std::ranges::any_of(suffixes, [&](std::string_view s) { return lower.ends_with(s); });
}

bool isUrl(std::string_view source) {
    return source.starts_with("http://") || source.starts_with("https://");
}

// Where a simple command starting with word begins in text, for a precise range. With
// argument set, only a command that also has that word before the next separator counts.
std::optional<std::size_t> findCommandWord(std::string_view text, std::string_view word,
                                           std::string_view argument = {}) {
    for (std::size_t i = text.find(word); i != std::string_view::npos; i = text.find(word, i + 1)) {
        const bool startsCommand =
            i == 0 || std::string_view(" \t;&|(").find(text[i - 1]) != std::string_view::npos;
        const std::size_t end = i + word.size();
        const bool endsWord = end == text.size() || text[end] == ' ' || text[end] == '\t';
        if (!startsCommand || !endsWord) {
            continue;
        }
        if (argument.empty()) {
            return i;
        }
        const std::string_view rest = text.substr(end, text.find_first_of(";&|\n", end) - end);
        for (const auto& words : simpleCommands(rest)) {
            if (std::ranges::find(words, argument) != words.end()) {
                return i;
            }
        }
    }
    return std::nullopt;
}

class PracticeChecker {
public:
    PracticeChecker(const Dockerfile& dockerfile, const Plan& plan,
                    std::vector<Diagnostic>& findings)
        : dockerfile_(dockerfile)
        , plan_(plan)
        , findings_(findings) {}

    void run() {
        const std::size_t finalStage = plan_.target.value_or(plan_.stages.size() - 1);
        for (const StagePlan& stage : plan_.stages) {
            finalStage_ = stage.stage == finalStage;
            checkBaseImage(stage);
            if (finalStage_) {
                checkLastUser(stage);
            }
            std::set<std::string> args;
            for (const PlanStep& step : stage.steps) {
                const Instruction& instruction = dockerfile_.instructions[step.instruction];
                if (auto arg = instruction.as<ArgInstruction>()) {
                    for (const ArgDeclaration& declaration : arg->arguments) {
                        args.insert(declaration.name.text);
                    }
                } else if (auto env = instruction.as<EnvInstruction>()) {
                    checkEnvOverridesArg(*env, args);
                } else if (auto copy = instruction.as<CopyInstruction>()) {
                    checkAddUrl(*copy);
                    checkAddOfPlainFiles(instruction, *copy);
                } else if (auto run = instruction.as<RunInstruction>()) {
                    checkRun(instruction, *run);
                }
            }
        }
    }

private:
    void report(const char* rule, std::string message, Range range,
                std::optional<QuickFix> fix = std::nullopt) {
        findings_.push_back(makeFinding(rule, std::move(message), range, std::move(fix)));
    }

    // ADD of plain files copies them as COPY would. COPY states that plainly, because ADD
    // also downloads URLs and extracts local archives, which a reader must otherwise rule out.
    void checkAddOfPlainFiles(const Instruction& instruction, const CopyInstruction& copy) {
        if (!copy.add || copy.checksum || copy.keepGitDir || !copy.heredocs.empty() ||
            copy.sources.empty()) {
            return;
        }
        const bool plain = std::ranges::none_of(copy.sources, [](const Word& source) {
            const std::string& text = source.text;
            return isUrl(text) || isArchiveName(text) || text.find("://") != std::string::npos ||
                   text.starts_with("git@") || text.find('$') != std::string::npos;
        });
        if (!plain) {
            return;
        }
        const std::string keyword = isLowerCaseWord(instruction.keyword) ? "copy" : "COPY";
        report("CopyInsteadOfAdd",
               "ADD copies plain files here, which COPY does without ADD's URL and archive "
               "handling: use COPY",
               instruction.keywordRange,
               QuickFix{"Replace ADD with COPY", instruction.keywordRange, keyword});
    }

    static bool isLowerCaseWord(std::string_view text) { return text == lowerCase(text); }

    // The image's default user is the last USER of the final stage.
    void checkLastUser(const StagePlan& stage) {
        const UserInstruction* last = nullptr;
        for (const PlanStep& step : stage.steps) {
            if (auto user = dockerfile_.instructions[step.instruction].as<UserInstruction>()) {
                last = user;
            }
        }
        if (last == nullptr) {
            return;
        }
        const std::string name = last->user.text.substr(0, last->user.text.find(':'));
        if (name == "root" || name == "0") {
            report("LastUserRoot",
                   "The last USER of the final stage is root, so the container runs as root: "
                   "switch to an unprivileged user at the end",
                   last->user.range);
        }
    }

    void checkBaseImage(const StagePlan& stage) {
        if (stage.baseKind != BaseKind::Image || stage.base.empty()) {
            return;
        }
        const Instruction& from = dockerfile_.instructions[stage.steps.front().instruction];
        const Range range = from.as<FromInstruction>()->image.range;
        const std::string& image = stage.base;
        if (image.find('@') != std::string::npos) {
            return;
        }
        const std::size_t slash = image.rfind('/');
        const std::size_t colon = image.rfind(':');
        const bool tagged =
            colon != std::string::npos && (slash == std::string::npos || colon > slash);
        if (!tagged) {
            report("BaseImageUntagged",
                   fmt::format("Base image '{}' has no tag, so the build takes whatever "
                               "'latest' is today: name a version, such as {}:1.2",
                               image, image),
                   range);
        } else if (image.substr(colon + 1) == "latest") {
            report("BaseImageLatest",
                   fmt::format("Base image '{}' uses the 'latest' tag, which moves: name a "
                               "version",
                               image),
                   range);
        }
    }

    void checkEnvOverridesArg(const EnvInstruction& env, const std::set<std::string>& args) {
        for (const KeyValue& pair : env.variables) {
            if (args.contains(pair.key.text)) {
                report("EnvOverridesArg",
                       fmt::format("ENV {} takes precedence over ARG {}: later instructions "
                                   "see the ENV value, whatever --build-arg {} gives",
                                   pair.key.text, pair.key.text, pair.key.text),
                       pair.key.range);
            }
        }
    }

    void checkAddUrl(const CopyInstruction& copy) {
        if (!copy.add) {
            return;
        }
        for (const Word& source : copy.sources) {
            if (isUrl(source.text) && isArchiveName(source.text)) {
                report("AddUrlNotExtracted",
                       fmt::format("ADD downloads '{}' but does not extract it: only local "
                                   "archives are extracted. Extract it in a RUN step",
                                   source.text),
                       source.range);
            }
        }
    }

    Range rangeOfCommand(const Instruction& instruction, std::string_view word,
                         std::string_view argument = {}) const {
        auto offset = findCommandWord(instruction.arguments, word, argument);
        if (!offset || instruction.argumentPositions.size() != instruction.arguments.size() + 1) {
            return instruction.range;
        }
        return positionRange(instruction.argumentPositions, *offset, *offset + word.size());
    }

    void checkRun(const Instruction& instruction, const RunInstruction& run) {
        if (run.command.execForm) {
            return;
        }
        bool reportedCd = false;
        bool reportedApt = false;
        bool reportedSudo = false;
        bool reportedAptTool = false;
        bool usesAptGet = false;
        bool cleansLists = false;
        for (const auto& words : simpleCommands(run.command.shell)) {
            if (words.empty()) {
                continue;
            }
            usesAptGet = usesAptGet || isAptGetUpdateOrInstall(words);
            cleansLists = cleansLists || isAptListsRemoval(words);
            if (words[0] == "sudo" && !reportedSudo) {
                reportedSudo = true;
                report("SudoInRun",
                       "RUN already runs as the stage's USER and sudo adds a TTY and signal "
                       "behaviour a build does not expect: drop sudo, switch with USER",
                       rangeOfCommand(instruction, "sudo"));
            }
            if (words[0] == "apt" && !reportedAptTool) {
                reportedAptTool = true;
                report("AptInsteadOfAptGet",
                       "apt is meant for interactive use and its output may change: use "
                       "apt-get or apt-cache in scripts",
                       rangeOfCommand(instruction, "apt"));
            }
            if (words[0] == "cd" && !reportedCd) {
                reportedCd = true;
                report("CdInsteadOfWorkdir",
                       "RUN cd changes the directory for this RUN only: use WORKDIR to set it "
                       "for the instructions that follow",
                       rangeOfCommand(instruction, "cd"));
            }
            if (words[0] == "apt-get" && !reportedApt && isAptInstallWithoutYes(words)) {
                reportedApt = true;
                report("AptGetMissingYes",
                       "apt-get install asks for confirmation, which a build cannot give: add "
                       "-y",
                       rangeOfCommand(instruction, "apt-get", "install"));
            }
        }
        if (usesAptGet && !cleansLists && finalStage_ && !cachesAptLists(run)) {
            report("AptGetListsNotCleaned",
                   "apt-get leaves its package lists in this layer: end the RUN with "
                   "rm -rf /var/lib/apt/lists/*",
                   rangeOfCommand(instruction, "apt-get"));
        }
    }

    static bool isAptGetUpdateOrInstall(const std::vector<std::string>& words) {
        return words[0] == "apt-get" && (std::ranges::find(words, "install") != words.end() ||
                                         std::ranges::find(words, "update") != words.end());
    }

    static bool isAptListsRemoval(const std::vector<std::string>& words) {
        if (words[0] != "rm") {
            return false;
        }
        return std::ranges::any_of(
            words, [](const std::string& word) { return word.starts_with("/var/lib/apt/lists"); });
    }

    // A cache mount on the lists keeps them out of the layer.
    static bool cachesAptLists(const RunInstruction& run) {
        return std::ranges::any_of(run.mounts, [](const Flag& mount) {
            const std::string value = mount.value.value_or("");
            return value.find("type=cache") != std::string::npos &&
                   value.find("/var/lib/apt") != std::string::npos;
        });
    }

    static bool isAptInstallWithoutYes(const std::vector<std::string>& words) {
        if (std::ranges::find(words, "install") == words.end()) {
            return false;
        }
        return std::ranges::none_of(words, [](const std::string& word) {
            if (word == "--yes" || word == "--assume-yes" || word == "-qq" || word == "-q=2") {
                return true;
            }
            return word.size() > 1 && word[0] == '-' && word[1] != '-' &&
                   word.find('y') != std::string::npos;
        });
    }

    const Dockerfile& dockerfile_;
    const Plan& plan_;
    std::vector<Diagnostic>& findings_;
    bool finalStage_ = false;
};

} // namespace

const std::vector<LintRule>& practiceRules() {
    static const std::vector<LintRule> rules = {
        {"AddUrlNotExtracted", Severity::Info, "ADD extracts local archives only, never a download",
         "https://docs.docker.com/reference/dockerfile/#add"},
        {"AptGetListsNotCleaned", Severity::Warning,
         "RUN with apt-get removes /var/lib/apt/lists in the final stage",
         "https://github.com/hadolint/hadolint/wiki/DL3009"},
        {"AptGetMissingYes", Severity::Warning, "apt-get install runs with -y",
         "https://github.com/hadolint/hadolint/wiki/DL3014"},
        {"AptInsteadOfAptGet", Severity::Warning, "Scripts use apt-get, not apt",
         "https://github.com/hadolint/hadolint/wiki/DL3027"},
        {"BaseImageLatest", Severity::Warning, "Base images name a version, not latest",
         "https://github.com/hadolint/hadolint/wiki/DL3007"},
        {"BaseImageUntagged", Severity::Warning, "Base images carry a tag or digest",
         "https://github.com/hadolint/hadolint/wiki/DL3006"},
        {"CdInsteadOfWorkdir", Severity::Warning, "WORKDIR, not RUN cd, sets the directory",
         "https://github.com/hadolint/hadolint/wiki/DL3003"},
        {"CopyInsteadOfAdd", Severity::Warning, "COPY, not ADD, copies plain files",
         "https://github.com/hadolint/hadolint/wiki/DL3020"},
        {"EnvOverridesArg", Severity::Info, "ENV takes precedence over an ARG of the same name",
         "https://docs.docker.com/reference/dockerfile/#using-arg-variables"},
        {"LastUserRoot", Severity::Warning, "The final stage does not end as root",
         "https://github.com/hadolint/hadolint/wiki/DL3002"},
        {"SudoInRun", Severity::Warning, "RUN does not use sudo",
         "https://github.com/hadolint/hadolint/wiki/DL3004"},
    };
    return rules;
}

void checkPractices(const Dockerfile& dockerfile, const Plan& plan,
                    std::vector<Diagnostic>& findings) {
    PracticeChecker(dockerfile, plan, findings).run();
}

std::vector<std::vector<std::string>> simpleCommands(std::string_view shell) {
    std::vector<std::vector<std::string>> commands(1);
    std::string word;
    bool inWord = false;
    char quote = 0;
    auto endWord = [&] {
        if (inWord) {
            commands.back().push_back(std::move(word));
            word.clear();
            inWord = false;
        }
    };
    for (std::size_t i = 0; i < shell.size(); ++i) {
        const char c = shell[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else {
                word.push_back(c);
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
            inWord = true;
        } else if (c == '\\' && i + 1 < shell.size()) {
            word.push_back(shell[++i]);
            inWord = true;
        } else if (c == ' ' || c == '\t') {
            endWord();
        } else if (c == ';' || c == '&' || c == '|' || c == '\n') {
            endWord();
            if (!commands.back().empty()) {
                commands.emplace_back();
            }
        } else {
            word.push_back(c);
            inWord = true;
        }
    }
    endWord();
    if (commands.back().empty()) {
        commands.pop_back();
    }
    return commands;
}

} // namespace berth::dockerfile

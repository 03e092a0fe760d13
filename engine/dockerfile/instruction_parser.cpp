// Node → typed instruction. Each parseX checks the instruction's arity and flags the way
// Docker's frontend does and reports a problem as a diagnostic on the node's range.

#include "dockerfile/instructions.h"

#include "dockerfile/json_array.h"
#include "dockerfile/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

Word subWord(const Node& node, const Word& word, std::size_t begin, std::size_t end) {
    end = std::min(end, word.text.size());
    return {word.text.substr(begin, end - begin),
            argumentRange(node, word.offset + begin, word.offset + end), word.offset + begin};
}

// The rest of the arguments from byte offset begin, trimmed, as one word.
Word restFrom(const Node& node, std::size_t begin) {
    std::size_t end = node.arguments.size();
    while (begin < end && (node.arguments[begin] == ' ' || node.arguments[begin] == '\t')) {
        ++begin;
    }
    return {node.arguments.substr(begin, end - begin), argumentRange(node, begin, end), begin};
}

bool isValidStageName(std::string_view name) {
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) {
        return false;
    }
    return std::ranges::all_of(name, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

class InstructionParser {
public:
    InstructionParser(const Node& node, std::vector<Diagnostic>& diagnostics, char escape)
        : node_(node)
        , diagnostics_(diagnostics)
        , escape_(escape) {}

    std::optional<Instruction> parse() {
        Instruction instruction{
            node_.keyword,   node_.instruction,       node_.range, node_.keywordRange, node_.flags,
            node_.arguments, node_.argumentPositions, {}};
        std::optional<InstructionDetail> detail = parseDetail();
        if (!detail) {
            return std::nullopt;
        }
        instruction.detail = std::move(*detail);
        return instruction;
    }

private:
    using Parser = std::optional<InstructionDetail> (InstructionParser::*)();

    std::optional<InstructionDetail> parseDetail() {
        static const std::map<std::string, Parser> parsers = {
            {"from", &InstructionParser::parseFrom},
            {"run", &InstructionParser::parseRun},
            {"cmd", &InstructionParser::parseCmd},
            {"entrypoint", &InstructionParser::parseEntrypoint},
            {"label", &InstructionParser::parseLabel},
            {"maintainer", &InstructionParser::parseMaintainer},
            {"expose", &InstructionParser::parseExpose},
            {"env", &InstructionParser::parseEnv},
            {"add", &InstructionParser::parseCopy},
            {"copy", &InstructionParser::parseCopy},
            {"volume", &InstructionParser::parseVolume},
            {"user", &InstructionParser::parseUser},
            {"workdir", &InstructionParser::parseWorkdir},
            {"arg", &InstructionParser::parseArg},
            {"onbuild", &InstructionParser::parseOnbuild},
            {"stopsignal", &InstructionParser::parseStopsignal},
            {"healthcheck", &InstructionParser::parseHealthcheck},
            {"shell", &InstructionParser::parseShell},
        };
        auto found = parsers.find(node_.instruction);
        if (found == parsers.end()) {
            reportUnknownInstruction();
            return std::nullopt;
        }
        return (this->*found->second)();
    }

    void reportUnknownInstruction() {
        std::string message = fmt::format("unknown instruction: {}", node_.keyword);
        std::string best;
        std::size_t bestDistance = 3;
        for (const std::string& name : instructionNames()) {
            const std::size_t distance = editDistance(node_.instruction, name);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = name;
            }
        }
        if (!best.empty()) {
            message += fmt::format(" (did you mean {}?)", upperCase(best));
        }
        diagnostics_.push_back(parseError(std::move(message), node_.keywordRange));
    }

    std::nullopt_t error(std::string message, std::optional<Range> range = std::nullopt) {
        diagnostics_.push_back(parseError(std::move(message), range.value_or(node_.range)));
        return std::nullopt;
    }

    std::string name() const { return upperCase(node_.instruction); }

    // Rejects flags the instruction does not take; returns false after reporting one.
    bool checkFlags(std::initializer_list<std::string_view> allowed,
                    std::initializer_list<std::string_view> boolean = {}) {
        for (const Flag& flag : node_.flags) {
            const bool isBoolean = std::ranges::find(boolean, flag.name) != boolean.end();
            if (!isBoolean && std::ranges::find(allowed, flag.name) == allowed.end()) {
                error(fmt::format("unknown flag: --{} is not an option of {}", flag.name, name()),
                      flag.range);
                return false;
            }
            if (!isBoolean && !flag.value) {
                error(fmt::format("missing a value on flag --{}: write --{}=VALUE", flag.name,
                                  flag.name),
                      flag.range);
                return false;
            }
            if (isBoolean && flag.value && *flag.value != "true" && *flag.value != "false") {
                error(fmt::format("invalid value \"{}\" of flag --{}: expected true or false",
                                  *flag.value, flag.name),
                      flag.range);
                return false;
            }
        }
        return true;
    }

    std::optional<Flag> lastFlag(std::string_view flagName) const {
        std::optional<Flag> found;
        for (const Flag& flag : node_.flags) {
            if (flag.name == flagName) {
                found = flag;
            }
        }
        return found;
    }

    bool booleanFlag(std::string_view flagName) const {
        auto flag = lastFlag(flagName);
        return flag && flag->value.value_or("true") == "true";
    }

    Command parseCommand() const {
        Command command;
        command.range = node_.argumentsRange;
        if (auto exec = decodeJsonArray(node_)) {
            command.execForm = true;
            command.exec = std::move(*exec);
        } else {
            command.shell = node_.arguments;
        }
        return command;
    }

    std::optional<InstructionDetail> parseFrom() {
        if (!checkFlags({"platform"})) {
            return std::nullopt;
        }
        const auto& words = node_.words;
        if (words.size() != 1 && !(words.size() == 3 && lowerCase(words[1].text) == "as")) {
            return error("FROM requires either one or three arguments: IMAGE [AS NAME]");
        }
        FromInstruction from{words[0], {}, {}, lastFlag("platform").transform([](Flag f) {
                                 return Word{*f.value, f.valueRange, 0};
                             })};
        if (words.size() == 3) {
            if (!isValidStageName(words[2].text)) {
                return error(fmt::format("invalid stage name \"{}\": a name starts with a "
                                         "letter and holds letters, digits, '-', '_' and '.'",
                                         words[2].text),
                             words[2].range);
            }
            from.asKeyword = words[1];
            from.stageName = words[2];
        }
        return from;
    }

    std::optional<InstructionDetail> parseRun() {
        if (!checkFlags({"mount", "network", "security"})) {
            return std::nullopt;
        }
        if (node_.arguments.empty()) {
            return error("RUN requires at least one argument");
        }
        RunInstruction run{
            parseCommand(), {}, lastFlag("network"), lastFlag("security"), node_.heredocs};
        for (const Flag& flag : node_.flags) {
            if (flag.name == "mount") {
                run.mounts.push_back(flag);
            }
        }
        return run;
    }

    std::optional<InstructionDetail> parseCmd() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        return CmdInstruction{parseCommand()};
    }

    std::optional<InstructionDetail> parseEntrypoint() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        return EntrypointInstruction{parseCommand()};
    }

    // ENV and LABEL: "key=value ..." or the legacy "key value with spaces".
    std::optional<std::pair<std::vector<KeyValue>, bool>> parseKeyValues() {
        const auto& words = node_.words;
        if (words.empty()) {
            error(fmt::format("{} requires at least one argument", name()));
            return std::nullopt;
        }
        if (words[0].text.find('=') == std::string::npos) {
            if (words.size() < 2) {
                error(fmt::format("{} must have two arguments", name()));
                return std::nullopt;
            }
            const Word value = restFrom(node_, words[0].offset + words[0].text.size());
            return std::pair{
                std::vector<KeyValue>{{words[0], value, {words[0].range.start, value.range.end}}},
                true};
        }
        std::vector<KeyValue> pairs;
        for (const Word& word : words) {
            const std::size_t equals = word.text.find('=');
            if (equals == std::string::npos) {
                error(
                    fmt::format("{} expects name=value, but \"{}\" has no '='", name(), word.text),
                    word.range);
                return std::nullopt;
            }
            if (equals == 0) {
                error(fmt::format("{} names can not be blank", name()), word.range);
                return std::nullopt;
            }
            pairs.push_back({subWord(node_, word, 0, equals),
                             subWord(node_, word, equals + 1, word.text.size()), word.range});
        }
        return std::pair{std::move(pairs), false};
    }

    std::optional<InstructionDetail> parseLabel() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        auto pairs = parseKeyValues();
        if (!pairs) {
            return std::nullopt;
        }
        return LabelInstruction{std::move(pairs->first), pairs->second};
    }

    std::optional<InstructionDetail> parseEnv() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        auto pairs = parseKeyValues();
        if (!pairs) {
            return std::nullopt;
        }
        return EnvInstruction{std::move(pairs->first), pairs->second};
    }

    std::optional<InstructionDetail> parseMaintainer() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        if (node_.words.empty()) {
            return error("MAINTAINER requires exactly one argument");
        }
        return MaintainerInstruction{restFrom(node_, 0)};
    }

    std::optional<InstructionDetail> parseExpose() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        if (node_.words.empty()) {
            return error("EXPOSE requires at least one argument");
        }
        return ExposeInstruction{node_.words};
    }

    std::optional<InstructionDetail> parseCopy() {
        const bool add = node_.instruction == "add";
        const bool flagsValid =
            add ? checkFlags({"chown", "chmod", "checksum", "exclude"}, {"link", "keep-git-dir"})
                : checkFlags({"from", "chown", "chmod", "exclude"}, {"link", "parents"});
        if (!flagsValid) {
            return std::nullopt;
        }

        CopyInstruction copy;
        copy.add = add;
        std::vector<Word> words = node_.words;
        if (auto exec = decodeJsonArray(node_)) {
            copy.jsonForm = true;
            words = std::move(*exec);
        }
        if (words.size() < 2) {
            return error(fmt::format("{} requires at least two arguments: one or more sources "
                                     "and a destination",
                                     name()));
        }

        copy.destination = words.back();
        words.pop_back();
        copy.sources = std::move(words);

        copy.from = lastFlag("from");
        copy.chown = lastFlag("chown");
        copy.chmod = lastFlag("chmod");
        copy.checksum = lastFlag("checksum");
        for (const Flag& flag : node_.flags) {
            if (flag.name == "exclude") {
                copy.excludes.push_back(flag);
            }
        }
        copy.link = booleanFlag("link");
        copy.parents = booleanFlag("parents");
        copy.keepGitDir = booleanFlag("keep-git-dir");
        copy.heredocs = node_.heredocs;
        return copy;
    }

    std::optional<InstructionDetail> parseVolume() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        VolumeInstruction volume;
        if (auto exec = decodeJsonArray(node_)) {
            volume.jsonForm = true;
            volume.paths = std::move(*exec);
        } else {
            volume.paths = node_.words;
        }
        if (volume.paths.empty()) {
            return error("VOLUME requires at least one argument");
        }
        for (const Word& path : volume.paths) {
            if (path.text.empty()) {
                return error("VOLUME specified can not be an empty string", path.range);
            }
        }
        return volume;
    }

    // USER, WORKDIR and STOPSIGNAL take the whole rest of the line as one value, so
    // "WORKDIR /my app" is the directory "/my app", as in Docker.
    std::optional<Word> wholeArgument() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        if (node_.words.empty()) {
            error(fmt::format("{} requires exactly one argument", name()));
            return std::nullopt;
        }
        return restFrom(node_, 0);
    }

    std::optional<InstructionDetail> parseUser() {
        return wholeArgument().transform(
            [](Word w) -> InstructionDetail { return UserInstruction{std::move(w)}; });
    }

    std::optional<InstructionDetail> parseWorkdir() {
        return wholeArgument().transform(
            [](Word w) -> InstructionDetail { return WorkdirInstruction{std::move(w)}; });
    }

    std::optional<InstructionDetail> parseStopsignal() {
        return wholeArgument().transform(
            [](Word w) -> InstructionDetail { return StopsignalInstruction{std::move(w)}; });
    }

    std::optional<InstructionDetail> parseArg() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        if (node_.words.empty()) {
            return error("ARG requires at least one argument");
        }
        ArgInstruction arg;
        for (const Word& word : node_.words) {
            const std::size_t equals = word.text.find('=');
            ArgDeclaration declaration{subWord(node_, word, 0, equals), {}, word.range};
            if (equals != std::string::npos) {
                declaration.defaultValue = subWord(node_, word, equals + 1, word.text.size());
            }
            if (declaration.name.text.empty()) {
                return error("ARG names can not be blank", word.range);
            }
            arg.arguments.push_back(std::move(declaration));
        }
        return arg;
    }

    std::optional<InstructionDetail> parseOnbuild() {
        if (node_.trigger.empty()) {
            return error("ONBUILD requires at least one argument");
        }
        const Node& trigger = node_.trigger.front();
        if (trigger.instruction == "onbuild") {
            return error("chaining ONBUILD via ONBUILD ONBUILD is not allowed",
                         trigger.keywordRange);
        }
        if (trigger.instruction == "from" || trigger.instruction == "maintainer") {
            return error(fmt::format("{} is not allowed as an ONBUILD trigger",
                                     upperCase(trigger.instruction)),
                         trigger.keywordRange);
        }
        auto parsed = InstructionParser(trigger, diagnostics_, escape_).parse();
        if (!parsed) {
            return std::nullopt;
        }
        return OnbuildInstruction{std::make_shared<const Instruction>(std::move(*parsed)),
                                  node_.arguments};
    }

    std::optional<std::chrono::nanoseconds> durationFlag(const char* flagName) {
        auto flag = lastFlag(flagName);
        if (!flag) {
            return std::nullopt;
        }
        auto duration = parseDuration(*flag->value);
        if (!duration) {
            error(fmt::format("invalid duration \"{}\" of --{}: write it like 30s, 1m30s or "
                              "500ms",
                              *flag->value, flagName),
                  flag->range);
            failed_ = true;
            return std::nullopt;
        }
        if (*duration != std::chrono::nanoseconds(0) && *duration < std::chrono::milliseconds(1)) {
            error(fmt::format("--{} can not be less than 1ms", flagName), flag->range);
            failed_ = true;
        }
        return duration;
    }

    std::optional<InstructionDetail> parseHealthcheck() {
        if (!checkFlags({"interval", "timeout", "start-period", "start-interval", "retries"})) {
            return std::nullopt;
        }
        if (node_.words.empty()) {
            return error("HEALTHCHECK requires at least one argument");
        }

        const std::string type = upperCase(node_.words[0].text);
        HealthcheckInstruction check;
        if (type == "NONE") {
            if (node_.words.size() > 1 || !node_.flags.empty()) {
                return error("HEALTHCHECK NONE takes no other arguments or flags");
            }
            check.none = true;
            return check;
        }
        if (type != "CMD") {
            return error(fmt::format("unknown type \"{}\" in HEALTHCHECK: use CMD or NONE",
                                     node_.words[0].text),
                         node_.words[0].range);
        }
        if (node_.words.size() < 2) {
            return error("HEALTHCHECK CMD requires a command");
        }

        check.test = commandAfter(node_.words[0]);
        check.interval = durationFlag("interval");
        check.timeout = durationFlag("timeout");
        check.startPeriod = durationFlag("start-period");
        check.startInterval = durationFlag("start-interval");
        if (auto retries = lastFlag("retries")) {
            int value = 0;
            const std::string& text = *retries->value;
            auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
                return error(fmt::format("invalid --retries \"{}\": expected a count of 0 or "
                                         "more",
                                         text),
                             retries->range);
            }
            check.retries = value;
        }
        if (failed_) {
            return std::nullopt;
        }
        return check;
    }

    // The command of HEALTHCHECK CMD: the text after the CMD word, exec or shell form.
    Command commandAfter(const Word& typeWord) const {
        Node rest = node_;
        std::size_t begin = typeWord.offset + typeWord.text.size();
        while (begin < rest.arguments.size() &&
               (rest.arguments[begin] == ' ' || rest.arguments[begin] == '\t')) {
            ++begin;
        }
        rest.arguments = node_.arguments.substr(begin);
        rest.argumentPositions.assign(node_.argumentPositions.begin() + static_cast<long>(begin),
                                      node_.argumentPositions.end());
        rest.argumentsRange = argumentRange(node_, begin, node_.arguments.size());
        Command command;
        command.range = rest.argumentsRange;
        if (auto exec = decodeJsonArray(rest)) {
            command.execForm = true;
            command.exec = std::move(*exec);
        } else {
            command.shell = rest.arguments;
        }
        return command;
    }

    std::optional<InstructionDetail> parseShell() {
        if (!checkFlags({})) {
            return std::nullopt;
        }
        auto exec = decodeJsonArray(node_);
        if (!exec) {
            return error("SHELL requires the arguments in JSON form: SHELL [\"executable\", "
                         "\"parameters\"]");
        }
        if (exec->empty()) {
            return error("SHELL requires at least one argument");
        }
        return ShellInstruction{std::move(*exec)};
    }

    const Node& node_;
    std::vector<Diagnostic>& diagnostics_;
    char escape_;
    bool failed_ = false;
};

} // namespace

const std::vector<std::string>& instructionNames() {
    static const std::vector<std::string> names = {
        "add",    "arg",   "cmd",         "copy",  "entrypoint", "env",
        "expose", "from",  "healthcheck", "label", "maintainer", "onbuild",
        "run",    "shell", "stopsignal",  "user",  "volume",     "workdir"};
    return names;
}

std::optional<Instruction> parseInstruction(const Node& node, std::vector<Diagnostic>& diagnostics,
                                            char escape) {
    return InstructionParser(node, diagnostics, escape).parse();
}

std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text) {
    static const std::vector<std::pair<std::string_view, double>> units = {
        {"ns", 1.0}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"ms", 1e6},
        {"s", 1e9},  {"m", 60e9}, {"h", 3600e9}};
    if (text == "0") {
        return std::chrono::nanoseconds(0);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    double total = 0;
    while (!text.empty()) {
        std::size_t i = 0;
        while (i < text.size() &&
               (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
            ++i;
        }
        if (i == 0) {
            return std::nullopt;
        }
        double number = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + i, number);
        if (ec != std::errc() || end != text.data() + i) {
            return std::nullopt;
        }
        text.remove_prefix(i);
        std::size_t unitLength = 0;
        double scale = 0;
        for (const auto& [unit, factor] : units) {
            if (text.starts_with(unit) && unit.size() > unitLength) {
                unitLength = unit.size();
                scale = factor;
            }
        }
        if (unitLength == 0) {
            return std::nullopt;
        }
        total += number * scale;
        text.remove_prefix(unitLength);
    }
    return std::chrono::nanoseconds(static_cast<long long>(total + 0.5));
}

} // namespace berth::dockerfile

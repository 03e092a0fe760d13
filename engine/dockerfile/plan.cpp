#include "dockerfile/plan.h"

#include "dockerfile/expand.h"
#include "dockerfile/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

void setValue(NameValues& values, const std::string& name, const std::string& value) {
    auto found = std::ranges::find(values, name, &NameValues::value_type::first);
    if (found != values.end()) {
        found->second = value;
    } else {
        values.emplace_back(name, value);
    }
}

void addUnique(std::vector<std::string>& values, const std::string& value) {
    if (std::ranges::find(values, value) == values.end()) {
        values.push_back(value);
    }
}

// Joins a WORKDIR path to the previous one and removes "." and ".." steps.
std::string joinWorkdir(const std::string& previous, const std::string& path) {
    std::string joined =
        path.starts_with('/') ? path : (previous.empty() ? "/" : previous) + "/" + path;
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= joined.size()) {
        const std::size_t slash = std::min(joined.find('/', i), joined.size());
        const std::string part = joined.substr(i, slash - i);
        if (part == "..") {
            if (!parts.empty()) {
                parts.pop_back();
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = slash + 1;
    }
    std::string clean;
    for (const std::string& part : parts) {
        clean += "/" + part;
    }
    return clean.empty() ? "/" : clean;
}

std::optional<int> parsePortNumber(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 65535) {
        return std::nullopt;
    }
    return value;
}

// "80", "80/TCP", "8000-8010/udp", "127.0.0.1:8080:80" → {"80/tcp", ...}; an IP or a host
// port is dropped here because only the container port is exposed (lint reports it).
std::optional<std::vector<std::string>> normalizePorts(std::string_view spec) {
    std::string proto = "tcp";
    if (const std::size_t slash = spec.find('/'); slash != std::string_view::npos) {
        proto = lowerCase(spec.substr(slash + 1));
        spec = spec.substr(0, slash);
    }
    if (const std::size_t colon = spec.rfind(':'); colon != std::string_view::npos) {
        spec = spec.substr(colon + 1);
    }
    if (proto != "tcp" && proto != "udp" && proto != "sctp") {
        return std::nullopt;
    }
    std::string_view low = spec;
    std::string_view high = spec;
    if (const std::size_t dash = spec.find('-'); dash != std::string_view::npos) {
        low = spec.substr(0, dash);
        high = spec.substr(dash + 1);
    }
    auto first = parsePortNumber(low);
    auto last = parsePortNumber(high);
    if (!first || !last || *last < *first) {
        return std::nullopt;
    }
    std::vector<std::string> ports;
    for (int port = *first; port <= *last; ++port) {
        ports.push_back(fmt::format("{}/{}", port, proto));
    }
    return ports;
}

// Variables that base images usually set in their ENV or that a shell sets.
bool isCommonImageVariable(std::string_view name) {
    static const std::set<std::string, std::less<>> names = {
        "PATH", "HOME", "HOSTNAME", "TERM", "LANG", "LC_ALL", "USER", "SHELL", "PWD"};
    return names.contains(name);
}

class StageEvaluator {
public:
    StageEvaluator(const Dockerfile& dockerfile, const StageModel& model,
                   const PlanOptions& options, Plan& plan, const std::vector<ArgValue>& globalArgs)
        : dockerfile_(dockerfile)
        , model_(model)
        , options_(options)
        , plan_(plan)
        , globalArgs_(globalArgs) {}

    StagePlan evaluate(const Stage& stage) {
        StagePlan stagePlan;
        stagePlan.stage = stage.index;
        stagePlan.name = stage.name;
        evaluateFrom(stage, stagePlan);
        for (std::size_t index : stage.instructions) {
            const Instruction& instruction = dockerfile_.instructions[index];
            undefined_.clear();
            PlanStep step{index, kindOf(instruction), instruction.range, {}, {}, {}, {}};
            step.text = evaluateInstruction(instruction, stagePlan);
            step.state = state_;
            const auto* copy = instruction.as<CopyInstruction>();
            if (instruction.instruction == "run" || (copy && !copy->heredocs.empty())) {
                step.buildArgs = runBuildArgs();
            }
            step.undefinedVariables = undefined_;
            stagePlan.steps.push_back(std::move(step));
        }
        return stagePlan;
    }

private:
    static StepKind kindOf(const Instruction& instruction) {
        const std::string& name = instruction.instruction;
        if (name == "run" || name == "copy" || name == "add" || name == "workdir") {
            return StepKind::Filesystem;
        }
        return StepKind::Metadata;
    }

    // ENV wins over an ARG of the same name, as in Docker.
    std::optional<std::string> lookup(std::string_view name) const {
        for (const auto& [key, value] : state_.env) {
            if (key == name) {
                return value;
            }
        }
        for (const ArgValue& arg : state_.args) {
            if (arg.name == name) {
                return arg.value;
            }
        }
        return std::nullopt;
    }

    std::optional<std::string> lookupGlobal(std::string_view name) const {
        for (const ArgValue& arg : globalArgs_) {
            if (arg.name == name) {
                return arg.value;
            }
        }
        return std::nullopt;
    }

    bool isDeclared(const std::vector<ArgValue>& args, const std::string& name) const {
        return std::ranges::find(args, name, &ArgValue::name) != args.end();
    }

    // Expands a word; on failure reports the error on range and keeps the text as written.
    std::string expand(const std::string& text, const Range& range, bool global = false) {
        VariableLookup lookupFunction = [&](std::string_view name) {
            return global ? lookupGlobal(name) : lookup(name);
        };
        auto expansion = expandWord(text, lookupFunction, dockerfile_.escape);
        if (!expansion) {
            plan_.diagnostics.push_back(parseError(expansion.error().message, range));
            return text;
        }
        for (const std::string& name : expansion->undefined) {
            const bool maybeFromBase = !global && !baseEnvKnown_ && isCommonImageVariable(name);
            if (!maybeFromBase && !isDeclared(global ? globalArgs_ : state_.args, name)) {
                addUnique(undefined_, name);
            }
        }
        return expansion->value;
    }

    std::string expand(const Word& word, bool global = false) {
        return expand(word.text, word.range, global);
    }

    void evaluateFrom(const Stage& stage, StagePlan& stagePlan) {
        const Instruction& instruction = dockerfile_.instructions[stage.fromInstruction];
        const FromInstruction& from = *instruction.as<FromInstruction>();
        undefined_.clear();

        stagePlan.base = expand(from.image, true);
        if (from.platform) {
            stagePlan.platform = expand(*from.platform, true);
        }

        const std::optional<std::size_t> baseStage = findEarlierStage(stagePlan.base, stage);
        if (lowerCase(stagePlan.base) == "scratch") {
            stagePlan.baseKind = BaseKind::Scratch;
            baseEnvKnown_ = true;
        } else if (baseStage) {
            stagePlan.baseKind = BaseKind::Stage;
            stagePlan.baseStage = baseStage;
            const StagePlan& parent = plan_.stages[*baseStage];
            state_ = parent.steps.back().state;
            stagePlan.inheritedTriggers = state_.onbuild;
            state_.onbuild.clear();
            baseEnvKnown_ = parent.baseEnvKnown;
        } else if (auto env = options_.baseImageEnv.find(stagePlan.base);
                   env != options_.baseImageEnv.end()) {
            state_.env = env->second;
            baseEnvKnown_ = true;
        }
        stagePlan.baseEnvKnown = baseEnvKnown_;
        state_.args.clear(); // ARGs are scoped to their stage
        cmdSet_ = false;

        PlanStep step{stage.fromInstruction, StepKind::Base, instruction.range, {}, {}, {}, {}};
        step.text = fmt::format("FROM {}", stagePlan.base);
        step.state = state_;
        step.undefinedVariables = undefined_;
        stagePlan.steps.push_back(std::move(step));
    }

    std::optional<std::size_t> findEarlierStage(const std::string& nameOrIndex,
                                                const Stage& stage) const {
        auto found = findStage(model_, nameOrIndex);
        if (found && *found < stage.index) {
            return found;
        }
        return std::nullopt;
    }

    std::string evaluateInstruction(const Instruction& instruction, StagePlan& stagePlan) {
        const std::string keyword = upperCase(instruction.instruction);
        return std::visit(
            [&](const auto& detail) { return keyword + apply(instruction, detail, stagePlan); },
            instruction.detail);
    }

    // The flags and arguments of an instruction Docker does not expand, such as RUN.
    static std::string asWritten(const Instruction& instruction) {
        std::string text;
        for (const Flag& flag : instruction.flags) {
            text += flag.value ? fmt::format(" --{}={}", flag.name, *flag.value)
                               : fmt::format(" --{}", flag.name);
        }
        return text + " " + instruction.arguments;
    }

    std::string apply(const Instruction&, const FromInstruction&, StagePlan&) { return ""; }

    std::string apply(const Instruction& instruction, const RunInstruction&, StagePlan&) {
        return asWritten(instruction);
    }

    std::vector<std::string> commandVector(const Command& command) const {
        if (command.execForm) {
            std::vector<std::string> args;
            for (const Word& word : command.exec) {
                args.push_back(word.text);
            }
            return args;
        }
        std::vector<std::string> args = state_.shell;
        args.push_back(command.shell);
        return args;
    }

    std::string apply(const Instruction& instruction, const CmdInstruction& cmd, StagePlan&) {
        state_.cmd = commandVector(cmd.command);
        cmdSet_ = true;
        return asWritten(instruction);
    }

    // A new ENTRYPOINT drops a CMD that came from the base, but not one set in this stage.
    std::string apply(const Instruction& instruction, const EntrypointInstruction& entrypoint,
                      StagePlan&) {
        state_.entrypoint = commandVector(entrypoint.command);
        if (!cmdSet_) {
            state_.cmd.reset();
        }
        return asWritten(instruction);
    }

    // Every value of one ENV or LABEL sees the variables as they were before it.
    std::string applyPairs(const std::vector<KeyValue>& pairs, NameValues& target) {
        NameValues expanded;
        for (const KeyValue& pair : pairs) {
            expanded.emplace_back(expand(pair.key), expand(pair.value));
        }
        std::string text;
        for (const auto& [key, value] : expanded) {
            setValue(target, key, value);
            text += fmt::format(" {}={}", key, value);
        }
        return text;
    }

    std::string apply(const Instruction&, const LabelInstruction& label, StagePlan&) {
        return applyPairs(label.labels, state_.labels);
    }

    std::string apply(const Instruction&, const EnvInstruction& env, StagePlan&) {
        return applyPairs(env.variables, state_.env);
    }

    std::string apply(const Instruction&, const MaintainerInstruction& maintainer, StagePlan&) {
        state_.maintainer = maintainer.name.text;
        return " " + maintainer.name.text;
    }

    std::string apply(const Instruction&, const ExposeInstruction& expose, StagePlan&) {
        std::string text;
        for (const Word& word : expose.ports) {
            const std::string spec = expand(word);
            auto ports = normalizePorts(spec);
            if (!ports) {
                plan_.diagnostics.push_back(parseError(
                    fmt::format("invalid port \"{}\": expected PORT[-PORT][/tcp|udp|sctp]", spec),
                    word.range));
                continue;
            }
            for (const std::string& port : *ports) {
                addUnique(state_.exposedPorts, port);
                text += " " + port;
            }
        }
        return text;
    }

    std::string apply(const Instruction& instruction, const CopyInstruction& copy,
                      StagePlan& stagePlan) {
        std::string text;
        for (const Flag& flag : instruction.flags) {
            const bool expandable =
                flag.name == "from" || flag.name == "chown" || flag.name == "chmod";
            if (!flag.value) {
                text += fmt::format(" --{}", flag.name);
                continue;
            }
            std::string value = *flag.value;
            if (expandable) {
                value = expand(value, flag.valueRange);
            }
            text += fmt::format(" --{}={}", flag.name, value);
            if (flag.name == "from") {
                recordCopySource(value, flag, stagePlan);
            }
        }
        for (const Word& source : copy.sources) {
            const bool heredoc = source.text.starts_with("<<");
            text += " " + (heredoc ? source.text : expand(source));
        }
        text += " " + expand(copy.destination);
        return text;
    }

    void recordCopySource(const std::string& from, const Flag& flag, StagePlan& stagePlan) {
        const Stage& stage = model_.stages[stagePlan.stage];
        if (auto source = findEarlierStage(from, stage)) {
            addUniqueIndex(stagePlan.copiesFrom, *source);
            return;
        }
        if (findStage(model_, from)) {
            plan_.diagnostics.push_back(
                parseError(fmt::format("COPY --from={} refers to this stage or a later one", from),
                           flag.range));
            return;
        }
        const bool isIndex = !from.empty() && std::ranges::all_of(from, [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        if (isIndex) {
            plan_.diagnostics.push_back(parseError(
                fmt::format("COPY --from={}: no stage has index {}", from, from), flag.range));
            return;
        }
        addUnique(stagePlan.copiesFromImages, from);
    }

    static void addUniqueIndex(std::vector<std::size_t>& values, std::size_t value) {
        if (std::ranges::find(values, value) == values.end()) {
            values.push_back(value);
        }
    }

    std::string apply(const Instruction&, const VolumeInstruction& volume, StagePlan&) {
        std::string text;
        for (const Word& path : volume.paths) {
            const std::string expanded = expand(path);
            addUnique(state_.volumes, expanded);
            text += " " + expanded;
        }
        return text;
    }

    std::string apply(const Instruction&, const UserInstruction& user, StagePlan&) {
        state_.user = expand(user.user);
        return " " + state_.user;
    }

    std::string apply(const Instruction&, const WorkdirInstruction& workdir, StagePlan&) {
        state_.workdir = joinWorkdir(state_.workdir, expand(workdir.path));
        return " " + state_.workdir;
    }

    std::string apply(const Instruction&, const ArgInstruction& arg, StagePlan&) {
        std::string text;
        for (const ArgDeclaration& declaration : arg.arguments) {
            ArgValue value{declaration.name.text, std::nullopt};
            if (auto given = options_.buildArgs.find(value.name);
                given != options_.buildArgs.end()) {
                value.value = given->second;
            } else if (declaration.defaultValue) {
                value.value = expand(*declaration.defaultValue);
            } else {
                value.value = lookupGlobal(value.name);
            }
            auto existing = std::ranges::find(state_.args, value.name, &ArgValue::name);
            if (existing != state_.args.end()) {
                *existing = value;
            } else {
                state_.args.push_back(value);
            }
            text += " " + value.name + (declaration.defaultValue ? "=" + *value.value : "");
        }
        return text;
    }

    std::string apply(const Instruction&, const OnbuildInstruction& onbuild, StagePlan&) {
        state_.onbuild.push_back(onbuild.triggerText);
        return " " + onbuild.triggerText;
    }

    std::string apply(const Instruction&, const StopsignalInstruction& signal, StagePlan&) {
        state_.stopSignal = expand(signal.signal);
        return " " + state_.stopSignal;
    }

    std::string apply(const Instruction& instruction, const HealthcheckInstruction& check,
                      StagePlan&) {
        HealthConfig health;
        if (check.none) {
            health.test = {"NONE"};
        } else if (check.test.execForm) {
            health.test = {"CMD"};
            for (const Word& word : check.test.exec) {
                health.test.push_back(word.text);
            }
        } else {
            health.test = {"CMD-SHELL", check.test.shell};
        }
        health.interval = check.interval;
        health.timeout = check.timeout;
        health.startPeriod = check.startPeriod;
        health.startInterval = check.startInterval;
        health.retries = check.retries;
        state_.healthcheck = std::move(health);
        return asWritten(instruction);
    }

    std::string apply(const Instruction& instruction, const ShellInstruction& shell, StagePlan&) {
        state_.shell.clear();
        for (const Word& word : shell.shell) {
            state_.shell.push_back(word.text);
        }
        return asWritten(instruction);
    }

    NameValues runBuildArgs() const {
        NameValues args;
        for (const ArgValue& arg : state_.args) {
            if (arg.value) {
                args.emplace_back(arg.name, *arg.value);
            }
        }
        for (const auto& [name, value] : options_.buildArgs) {
            if (isProxyArg(name) && !isDeclared(state_.args, name)) {
                args.emplace_back(name, value);
            }
        }
        return args;
    }

    const Dockerfile& dockerfile_;
    const StageModel& model_;
    const PlanOptions& options_;
    Plan& plan_;
    const std::vector<ArgValue>& globalArgs_;
    EffectiveState state_;
    bool cmdSet_ = false;
    bool baseEnvKnown_ = false;
    std::vector<std::string> undefined_;
};

// The ARGs before the first FROM, after the automatic platform ARGs.
std::vector<ArgValue> evaluateGlobalArgs(const Dockerfile& dockerfile, const StageModel& model,
                                         const PlanOptions& options, Plan& plan) {
    std::vector<ArgValue> args;
    for (const auto& [name, value] : platformArgs(options)) {
        args.push_back({name, value});
    }
    auto lookup = [&](std::string_view name) -> std::optional<std::string> {
        auto found = std::ranges::find(args, name, &ArgValue::name);
        return found != args.end() ? found->value : std::nullopt;
    };
    for (std::size_t index : model.metaArgs) {
        const Instruction& instruction = dockerfile.instructions[index];
        for (const ArgDeclaration& declaration : instruction.as<ArgInstruction>()->arguments) {
            ArgValue value{declaration.name.text, std::nullopt};
            if (auto given = options.buildArgs.find(value.name); given != options.buildArgs.end()) {
                value.value = given->second;
            } else if (declaration.defaultValue) {
                auto expansion =
                    expandWord(declaration.defaultValue->text, lookup, dockerfile.escape);
                if (expansion) {
                    value.value = expansion->value;
                } else {
                    plan.diagnostics.push_back(
                        parseError(expansion.error().message, declaration.defaultValue->range));
                }
            }
            std::erase_if(args, [&](const ArgValue& arg) { return arg.name == value.name; });
            args.push_back(value);
            if (value.value) {
                setValue(plan.metaArgs, value.name, *value.value);
            }
        }
    }
    return args;
}

void collectBuildOrder(const Plan& plan, std::size_t stage, std::vector<bool>& needed) {
    if (needed[stage]) {
        return;
    }
    needed[stage] = true;
    const StagePlan& stagePlan = plan.stages[stage];
    if (stagePlan.baseStage) {
        collectBuildOrder(plan, *stagePlan.baseStage, needed);
    }
    for (std::size_t source : stagePlan.copiesFrom) {
        collectBuildOrder(plan, source, needed);
    }
}

} // namespace

bool isProxyArg(std::string_view name) {
    static const std::set<std::string, std::less<>> names = {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
        "ftp_proxy",  "NO_PROXY",   "no_proxy",    "ALL_PROXY",   "all_proxy"};
    return names.contains(name);
}

NameValues platformArgs(const PlanOptions& options) {
    NameValues args;
    auto addPlatform = [&](const std::string& prefix, const std::string& platform) {
        const std::size_t first = platform.find('/');
        const std::size_t second = platform.find('/', first == std::string::npos ? 0 : first + 1);
        const std::string os = platform.substr(0, first);
        const std::string arch =
            first == std::string::npos ? "" : platform.substr(first + 1, second - first - 1);
        const std::string variant = second == std::string::npos ? "" : platform.substr(second + 1);
        args.emplace_back(prefix + "PLATFORM", platform);
        args.emplace_back(prefix + "OS", os);
        args.emplace_back(prefix + "ARCH", arch);
        args.emplace_back(prefix + "VARIANT", variant);
    };
    addPlatform("BUILD", options.buildPlatform);
    addPlatform("TARGET", options.targetPlatform);
    return args;
}

Plan makePlan(const Dockerfile& dockerfile, const StageModel& model, const PlanOptions& options) {
    Plan plan;
    const std::vector<ArgValue> globalArgs = evaluateGlobalArgs(dockerfile, model, options, plan);
    for (const Stage& stage : model.stages) {
        StageEvaluator evaluator(dockerfile, model, options, plan, globalArgs);
        plan.stages.push_back(evaluator.evaluate(stage));
    }
    if (plan.stages.empty()) {
        return plan;
    }
    if (options.target) {
        plan.target = findStage(model, *options.target);
        if (!plan.target) {
            const Range start{{1, 0}, {1, 0}};
            plan.diagnostics.push_back(parseError(
                fmt::format("target stage \"{}\" could not be found", *options.target), start));
            return plan;
        }
    } else {
        plan.target = plan.stages.size() - 1;
    }
    std::vector<bool> needed(plan.stages.size(), false);
    collectBuildOrder(plan, *plan.target, needed);
    for (std::size_t i = 0; i < needed.size(); ++i) {
        if (needed[i]) {
            plan.buildOrder.push_back(i);
        }
    }
    return plan;
}

} // namespace berth::dockerfile

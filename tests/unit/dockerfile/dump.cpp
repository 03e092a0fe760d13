#include "dockerfile/dump.h"

#include <fmt/format.h>

namespace berth::dockerfile::test {

using Json = nlohmann::ordered_json;

namespace {

Json word(const Word& w) {
    return Json{{"text", w.text}, {"range", rangeText(w.range)}};
}

Json words(const std::vector<Word>& list) {
    Json out = Json::array();
    for (const Word& w : list) {
        out.push_back(word(w));
    }
    return out;
}

Json flag(const Flag& f) {
    Json out{{"name", f.name}};
    if (f.value) {
        out["value"] = *f.value;
    }
    out["range"] = rangeText(f.range);
    return out;
}

Json command(const Command& c) {
    Json out{{"form", c.execForm ? "exec" : "shell"}};
    if (c.execForm) {
        out["exec"] = words(c.exec);
    } else {
        out["shell"] = c.shell;
    }
    out["range"] = rangeText(c.range);
    return out;
}

Json heredocs(const std::vector<Heredoc>& list) {
    Json out = Json::array();
    for (const Heredoc& h : list) {
        out.push_back(Json{{"delimiter", h.delimiter},
                           {"content", h.content},
                           {"expand", h.expand},
                           {"stripTabs", h.stripTabs},
                           {"marker", rangeText(h.markerRange)},
                           {"body", rangeText(h.bodyRange)}});
    }
    return out;
}

Json pairs(const std::vector<KeyValue>& list) {
    Json out = Json::array();
    for (const KeyValue& kv : list) {
        out.push_back(Json{{"key", word(kv.key)}, {"value", word(kv.value)}});
    }
    return out;
}

std::string durationText(std::optional<std::chrono::nanoseconds> d) {
    return d ? fmt::format("{}ns", d->count()) : "";
}

struct DetailDumper {
    Json& out;

    void operator()(const FromInstruction& f) {
        out["image"] = word(f.image);
        if (f.stageName) {
            out["stageName"] = word(*f.stageName);
        }
        if (f.platform) {
            out["platform"] = word(*f.platform);
        }
    }
    void operator()(const RunInstruction& r) {
        out["command"] = command(r.command);
        if (!r.heredocs.empty()) {
            out["heredocs"] = heredocs(r.heredocs);
        }
    }
    void operator()(const CmdInstruction& c) { out["command"] = command(c.command); }
    void operator()(const EntrypointInstruction& e) { out["command"] = command(e.command); }
    void operator()(const LabelInstruction& l) {
        out["labels"] = pairs(l.labels);
        out["legacyForm"] = l.legacyForm;
    }
    void operator()(const MaintainerInstruction& m) { out["name"] = word(m.name); }
    void operator()(const ExposeInstruction& e) { out["ports"] = words(e.ports); }
    void operator()(const EnvInstruction& e) {
        out["variables"] = pairs(e.variables);
        out["legacyForm"] = e.legacyForm;
    }
    void operator()(const CopyInstruction& c) {
        out["sources"] = words(c.sources);
        out["destination"] = word(c.destination);
        out["jsonForm"] = c.jsonForm;
        out["link"] = c.link;
        if (!c.heredocs.empty()) {
            out["heredocs"] = heredocs(c.heredocs);
        }
    }
    void operator()(const VolumeInstruction& v) {
        out["paths"] = words(v.paths);
        out["jsonForm"] = v.jsonForm;
    }
    void operator()(const UserInstruction& u) { out["user"] = word(u.user); }
    void operator()(const WorkdirInstruction& w) { out["path"] = word(w.path); }
    void operator()(const ArgInstruction& a) {
        Json list = Json::array();
        for (const ArgDeclaration& d : a.arguments) {
            Json entry{{"name", word(d.name)}};
            if (d.defaultValue) {
                entry["default"] = word(*d.defaultValue);
            }
            list.push_back(entry);
        }
        out["arguments"] = list;
    }
    void operator()(const OnbuildInstruction& o) {
        out["triggerText"] = o.triggerText;
        out["trigger"] = dumpInstruction(*o.trigger);
    }
    void operator()(const StopsignalInstruction& s) { out["signal"] = word(s.signal); }
    void operator()(const HealthcheckInstruction& h) {
        out["none"] = h.none;
        if (!h.none) {
            out["test"] = command(h.test);
        }
        out["interval"] = durationText(h.interval);
        out["timeout"] = durationText(h.timeout);
        out["startPeriod"] = durationText(h.startPeriod);
        out["startInterval"] = durationText(h.startInterval);
        out["retries"] = h.retries ? Json(*h.retries) : Json();
    }
    void operator()(const ShellInstruction& s) { out["shell"] = words(s.shell); }
};

} // namespace

std::string rangeText(const Range& range) {
    return fmt::format("{}:{}-{}:{}", range.start.line, range.start.column, range.end.line,
                       range.end.column);
}

Json dumpInstruction(const Instruction& instruction) {
    Json out{{"instruction", instruction.instruction},
             {"keyword", instruction.keyword},
             {"range", rangeText(instruction.range)}};
    if (!instruction.flags.empty()) {
        Json flags = Json::array();
        for (const Flag& f : instruction.flags) {
            flags.push_back(flag(f));
        }
        out["flags"] = flags;
    }
    std::visit(DetailDumper{out}, instruction.detail);
    return out;
}

Json dumpDiagnostic(const Diagnostic& diagnostic) {
    Json out{{"rule", diagnostic.rule},
             {"severity", severityName(diagnostic.severity)},
             {"message", diagnostic.message},
             {"range", rangeText(diagnostic.range)}};
    if (diagnostic.fix) {
        out["fix"] = Json{{"title", diagnostic.fix->title},
                          {"range", rangeText(diagnostic.fix->range)},
                          {"replacement", diagnostic.fix->replacement}};
    }
    return out;
}

Json dumpState(const EffectiveState& state) {
    Json out;
    out["env"] = state.env;
    out["workdir"] = state.workdir;
    out["user"] = state.user;
    out["shell"] = state.shell;
    out["cmd"] = state.cmd ? Json(*state.cmd) : Json();
    out["entrypoint"] = state.entrypoint ? Json(*state.entrypoint) : Json();
    out["exposedPorts"] = state.exposedPorts;
    out["volumes"] = state.volumes;
    out["labels"] = state.labels;
    Json args = Json::array();
    for (const ArgValue& arg : state.args) {
        args.push_back(Json{{"name", arg.name}, {"value", arg.value ? Json(*arg.value) : Json()}});
    }
    out["args"] = args;
    out["onbuild"] = state.onbuild;
    if (state.healthcheck) {
        const HealthConfig& health = *state.healthcheck;
        out["healthcheck"] = Json{{"test", health.test},
                                  {"interval", durationText(health.interval)},
                                  {"timeout", durationText(health.timeout)},
                                  {"startPeriod", durationText(health.startPeriod)},
                                  {"startInterval", durationText(health.startInterval)},
                                  {"retries", health.retries ? Json(*health.retries) : Json()}};
    }
    if (!state.stopSignal.empty()) {
        out["stopSignal"] = state.stopSignal;
    }
    if (!state.maintainer.empty()) {
        out["maintainer"] = state.maintainer;
    }
    return out;
}

Json dumpPlan(const Plan& plan) {
    static const char* const kinds[] = {"base", "filesystem", "metadata"};
    static const char* const bases[] = {"image", "stage", "scratch"};
    Json stages = Json::array();
    for (const StagePlan& stage : plan.stages) {
        Json steps = Json::array();
        for (const PlanStep& step : stage.steps) {
            Json entry{{"range", rangeText(step.range)},
                       {"kind", kinds[static_cast<int>(step.kind)]},
                       {"text", step.text},
                       {"state", dumpState(step.state)}};
            if (!step.buildArgs.empty()) {
                entry["buildArgs"] = step.buildArgs;
            }
            steps.push_back(entry);
        }
        stages.push_back(Json{{"stage", stage.stage},
                              {"name", stage.name ? Json(*stage.name) : Json()},
                              {"baseKind", bases[static_cast<int>(stage.baseKind)]},
                              {"base", stage.base},
                              {"copiesFrom", stage.copiesFrom},
                              {"inheritedTriggers", stage.inheritedTriggers},
                              {"steps", steps}});
    }
    return Json{{"target", plan.target ? Json(*plan.target) : Json()},
                {"buildOrder", plan.buildOrder},
                {"metaArgs", plan.metaArgs},
                {"stages", stages}};
}

Json dumpAnalysis(const Analysis& analysis) {
    Json out;
    Json directives = Json::array();
    for (const Directive& d : analysis.dockerfile.directives) {
        directives.push_back(
            Json{{"name", d.name}, {"value", d.value}, {"range", rangeText(d.range)}});
    }
    out["directives"] = directives;
    Json instructions = Json::array();
    for (const Instruction& instruction : analysis.dockerfile.instructions) {
        instructions.push_back(dumpInstruction(instruction));
    }
    out["instructions"] = instructions;
    Json diagnostics = Json::array();
    for (const Diagnostic& diagnostic : analysis.diagnostics) {
        diagnostics.push_back(dumpDiagnostic(diagnostic));
    }
    out["diagnostics"] = diagnostics;
    return out;
}

} // namespace berth::dockerfile::test

#include "dockerfile/dockerfile.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace berth::dockerfile {

Dockerfile parseDockerfile(std::string_view text) {
    SyntaxTree tree = parseSyntax(text);
    Dockerfile dockerfile{std::move(tree.directives), tree.escape, {}, std::move(tree.diagnostics)};
    for (const Node& node : tree.nodes) {
        if (auto instruction = parseInstruction(node, dockerfile.diagnostics, dockerfile.escape)) {
            dockerfile.instructions.push_back(std::move(*instruction));
        }
    }
    std::ranges::stable_sort(dockerfile.diagnostics, [](const Diagnostic& a, const Diagnostic& b) {
        return a.range.start < b.range.start;
    });
    return dockerfile;
}

Result<Dockerfile> parseDockerfileForBuild(std::string_view text) {
    Dockerfile dockerfile = parseDockerfile(text);
    for (const Diagnostic& diagnostic : dockerfile.diagnostics) {
        if (diagnostic.severity == Severity::Error) {
            return fail(ErrorKind::InvalidArgument, formatParseError(diagnostic));
        }
    }
    return dockerfile;
}

Result<Instruction> parseTrigger(std::string_view text, char escape) {
    std::string source;
    if (escape != '\\') {
        source = fmt::format("# escape={}\n", escape);
    }
    source += text;
    Dockerfile parsed = parseDockerfile(source);
    for (const Diagnostic& diagnostic : parsed.diagnostics) {
        if (diagnostic.severity == Severity::Error) {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("invalid ONBUILD trigger \"{}\": {}", text, diagnostic.message));
        }
    }
    if (parsed.instructions.size() != 1) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid ONBUILD trigger \"{}\": expected one instruction", text));
    }
    const std::string& name = parsed.instructions.front().instruction;
    if (name == "onbuild" || name == "from" || name == "maintainer") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid ONBUILD trigger \"{}\": {} is not allowed as a "
                                "trigger",
                                text, name));
    }
    return std::move(parsed.instructions.front());
}

StageModel buildStages(const Dockerfile& dockerfile) {
    StageModel model;
    for (std::size_t i = 0; i < dockerfile.instructions.size(); ++i) {
        const Instruction& instruction = dockerfile.instructions[i];
        if (auto from = instruction.as<FromInstruction>()) {
            Stage stage{model.stages.size(), std::nullopt, i, {}};
            if (from->stageName) {
                std::string name = from->stageName->text;
                std::ranges::transform(name, name.begin(),
                                       [](unsigned char c) { return std::tolower(c); });
                stage.name = std::move(name);
            }
            model.stages.push_back(std::move(stage));
        } else if (model.stages.empty()) {
            if (instruction.instruction == "arg") {
                model.metaArgs.push_back(i);
            } else {
                model.diagnostics.push_back(parseError(
                    "FROM must come first: only ARG instructions and parser directives may "
                    "precede it",
                    instruction.range));
            }
        } else {
            model.stages.back().instructions.push_back(i);
        }
    }
    if (model.stages.empty() && !dockerfile.instructions.empty()) {
        model.diagnostics.push_back(parseError("the Dockerfile has no FROM instruction",
                                               dockerfile.instructions.back().range));
    } else if (dockerfile.instructions.empty() && !hasErrors(dockerfile.diagnostics)) {
        model.diagnostics.push_back(parseError(
            "the Dockerfile is empty: it needs at least a FROM instruction", {{1, 0}, {1, 0}}));
    }
    return model;
}

std::optional<std::size_t> findStage(const StageModel& model, std::string_view nameOrIndex) {
    std::string lowered(nameOrIndex);
    std::ranges::transform(lowered, lowered.begin(),
                           [](unsigned char c) { return std::tolower(c); });
    for (const Stage& stage : model.stages) {
        if (stage.name == lowered) {
            return stage.index;
        }
    }
    std::size_t index = 0;
    auto [end, ec] =
        std::from_chars(nameOrIndex.data(), nameOrIndex.data() + nameOrIndex.size(), index);
    if (ec == std::errc() && end == nameOrIndex.data() + nameOrIndex.size() &&
        !nameOrIndex.empty() && index < model.stages.size()) {
        return index;
    }
    return std::nullopt;
}

} // namespace berth::dockerfile

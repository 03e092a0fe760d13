#include "dockerfile/hover.h"

#include <QCoreApplication>

#include <algorithm>
#include <cctype>

namespace berth::studio {

namespace {

using dockerfile::Analysis;
using dockerfile::Instruction;
using dockerfile::PlanStep;

// The translation context of the free functions below, declared so that lupdate finds it.
class DockerfileHover {
    Q_DECLARE_TR_FUNCTIONS(berth::studio::DockerfileHover)
};

QString fromBytes(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string_view lineOf(std::string_view text, int line) {
    std::size_t begin = 0;
    for (int i = 1; i < line; ++i) {
        begin = text.find('\n', begin);
        if (begin == std::string_view::npos) {
            return {};
        }
        ++begin;
    }
    const std::size_t end = text.find('\n', begin);
    return text.substr(begin, end == std::string_view::npos ? end : end - begin);
}

// The variable name referenced at column of line: "$NAME" or "${NAME...}".
std::optional<std::string> variableAt(std::string_view line, int column) {
    for (std::size_t i = line.find('$'); i != std::string_view::npos; i = line.find('$', i + 1)) {
        std::size_t start = i + 1;
        const bool braced = start < line.size() && line[start] == '{';
        start += braced;
        std::size_t end = start;
        while (end < line.size() && isNameChar(line[end])) {
            ++end;
        }
        std::size_t last = end;
        if (braced) {
            last = std::min(line.find('}', end), line.size() - 1) + 1;
        }
        const auto at = static_cast<std::size_t>(column);
        if (end > start && i <= at && at < last) {
            return std::string(line.substr(start, end - start));
        }
    }
    return std::nullopt;
}

bool contains(const dockerfile::Range& range, int line, int column) {
    const dockerfile::Position at{line, column};
    return range.start <= at && at < range.end;
}

// The plan step of an instruction and the state before it: the previous step's state, or
// for FROM the ARGs before the first FROM.
struct StepContext {
    const PlanStep* step = nullptr;
    const PlanStep* previous = nullptr;
};

StepContext stepOf(const Analysis& analysis, std::size_t instruction) {
    for (const dockerfile::StagePlan& stage : analysis.plan.stages) {
        for (std::size_t i = 0; i < stage.steps.size(); ++i) {
            if (stage.steps[i].instruction == instruction) {
                return {&stage.steps[i], i > 0 ? &stage.steps[i - 1] : nullptr};
            }
        }
    }
    return {};
}

QString variableValue(const Analysis& analysis, std::size_t instruction, const std::string& name) {
    const StepContext context = stepOf(analysis, instruction);
    const QString escapedName = fromBytes(name).toHtmlEscaped();
    auto describe = [&](const QString& value, const QString& source) {
        return DockerfileHover::tr("<b>%1</b> = <code>%2</code> (%3)")
            .arg(escapedName, value.toHtmlEscaped(), source);
    };
    if (context.step == nullptr || context.previous == nullptr) {
        for (const auto& [key, value] : analysis.plan.metaArgs) {
            if (key == name) {
                return describe(fromBytes(value), DockerfileHover::tr("ARG before the first FROM"));
            }
        }
        if (context.step == nullptr) {
            return {};
        }
        return DockerfileHover::tr("<b>%1</b> is not set by an ARG before the first FROM")
            .arg(escapedName);
    }
    const dockerfile::EffectiveState& state = context.previous->state;
    auto env =
        std::ranges::find_if(state.env, [&](const auto& pair) { return pair.first == name; });
    if (env != state.env.end()) {
        return describe(fromBytes(env->second), DockerfileHover::tr("ENV"));
    }
    auto arg = std::ranges::find(state.args, name, &dockerfile::ArgValue::name);
    if (arg != state.args.end()) {
        if (!arg->value) {
            return DockerfileHover::tr(
                       "<b>%1</b> is declared by ARG without a default: it is empty unless "
                       "--build-arg sets it")
                .arg(escapedName);
        }
        return describe(fromBytes(*arg->value), DockerfileHover::tr("ARG"));
    }
    return DockerfileHover::tr("<b>%1</b> is not set by any ARG or ENV before this line")
        .arg(escapedName);
}

} // namespace

QString instructionDescription(std::string_view instruction) {
    static const std::pair<const char*, const char*> descriptions[] = {
        {"from", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                   "Starts a build stage from a base image, another stage or "
                                   "scratch. <code>AS name</code> names the stage.")},
        {"run", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                  "Runs a command in a new layer at build time.")},
        {"cmd", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                  "Sets the default command or the default arguments of the "
                                  "entrypoint. Only the last CMD of a stage counts, and "
                                  "<code>docker run</code> arguments override it.")},
        {"label", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                    "Adds key=value metadata to the image.")},
        {"maintainer", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                         "Deprecated: sets the image's author field. Use "
                                         "<code>LABEL org.opencontainers.image.authors</code>.")},
        {"expose", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                     "Documents the ports the container listens on; "
                                     "<code>docker run -p</code> publishes them.")},
        {"env", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                  "Sets environment variables for later instructions and for "
                                  "the container. ENV overrides an ARG of the same name.")},
        {"add", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                  "Copies files, URLs or Git repositories into the image and "
                                  "extracts local tar archives.")},
        {"copy", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                   "Copies files from the build context or, with "
                                   "<code>--from</code>, from another stage or image.")},
        {"entrypoint", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                         "Sets the executable the container runs; "
                                         "<code>docker run --entrypoint</code> overrides it.")},
        {"volume", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                     "Declares mount points that become anonymous volumes.")},
        {"user", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                   "Sets the user and group for later RUN, CMD and "
                                   "ENTRYPOINT.")},
        {"workdir", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                      "Sets the working directory for later instructions, "
                                      "creating it if needed.")},
        {"arg", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                  "Declares a build argument that <code>--build-arg</code> can "
                                  "set; it is not kept in the image.")},
        {"onbuild", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                      "Adds an instruction that runs when another build uses "
                                      "this image as its base.")},
        {"stopsignal", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                         "Sets the signal that stops the container.")},
        {"healthcheck", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                          "Sets the command that checks whether the container "
                                          "is healthy, or NONE to disable the base image's.")},
        {"shell", QT_TRANSLATE_NOOP("berth::studio::DockerfileHover",
                                    "Sets the shell that runs the shell form of RUN, CMD and "
                                    "ENTRYPOINT.")},
    };
    for (const auto& [name, description] : descriptions) {
        if (instruction == name) {
            return DockerfileHover::tr(description);
        }
    }
    return {};
}

QString hoverText(std::string_view text, int line, int column,
                  const dockerfile::Analysis& analysis) {
    const auto& instructions = analysis.dockerfile.instructions;
    for (std::size_t i = 0; i < instructions.size(); ++i) {
        const Instruction& instruction = instructions[i];
        if (line < instruction.range.start.line || line > instruction.range.end.line) {
            continue;
        }
        if (contains(instruction.keywordRange, line, column)) {
            const QString description = instructionDescription(instruction.instruction);
            return QStringLiteral("<b>%1</b><br>%2")
                .arg(fromBytes(instruction.keyword).toUpper().toHtmlEscaped(), description);
        }
        if (auto name = variableAt(lineOf(text, line), column)) {
            return variableValue(analysis, i, *name);
        }
        return {};
    }
    return {};
}

} // namespace berth::studio

#include "dockerfile/lint_from.h"

#include "dockerfile/lint_practices.h"
#include "dockerfile/text.h"

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

std::string docUrl(std::string_view slug) {
    return fmt::format("https://docs.docker.com/go/dockerfile/rule/{}/", slug);
}

bool isTargetPlatformVariable(std::string_view value) {
    return value == "$TARGETPLATFORM" || value == "${TARGETPLATFORM}";
}

// A reference that no registry accepts: empty, or with an empty name, tag or digest part.
bool isInvalidReference(std::string_view image) {
    if (image.empty() || image.front() == ':' || image.front() == '/' || image.front() == '@') {
        return true;
    }
    if (image.back() == ':' || image.back() == '/' || image.back() == '@') {
        return true;
    }
    return image.find("::") != std::string_view::npos ||
           image.find("//") != std::string_view::npos ||
           image.find_first_of(" \t") != std::string_view::npos;
}

void checkPlatform(const FromInstruction& from, std::vector<Diagnostic>& findings) {
    if (!from.platform) {
        return;
    }
    const Word& platform = *from.platform;
    if (isTargetPlatformVariable(platform.text)) {
        findings.push_back(makeFinding(
            "RedundantTargetPlatform",
            fmt::format("Setting platform to predefined {} in FROM is redundant: stages build "
                        "for the target platform by default",
                        platform.text),
            platform.range));
        return;
    }
    if (platform.text.find('$') != std::string::npos) {
        return;
    }
    // A stage named after its platform ("build-arm64") pins it on purpose.
    const std::string arch = platform.text.substr(platform.text.rfind('/') + 1);
    if (from.stageName && !arch.empty() &&
        lowerCase(from.stageName->text).find(lowerCase(arch)) != std::string::npos) {
        return;
    }
    findings.push_back(makeFinding(
        "FromPlatformFlagConstDisallowed",
        fmt::format("FROM --platform={} pins a constant platform, so the build cannot target "
                    "another one: use a variable such as $BUILDPLATFORM",
                    platform.text),
        platform.range));
}

void checkArgDefault(const FromInstruction& from, const StagePlan& stage,
                     std::vector<Diagnostic>& findings) {
    if (stage.baseKind != BaseKind::Image || from.image.text.find('$') == std::string::npos) {
        return;
    }
    // UndefinedArgInFrom already reports an undefined variable, so this rule stays quiet.
    if (stage.steps.empty() || !stage.steps.front().undefinedVariables.empty()) {
        return;
    }
    if (!isInvalidReference(stage.base)) {
        return;
    }
    findings.push_back(makeFinding(
        "InvalidDefaultArgInFrom",
        fmt::format("FROM {} expands to the invalid base image name '{}' with the default "
                    "values of its ARGs: give those ARGs a default",
                    from.image.text, stage.base),
        from.image.range));
}

} // namespace

const std::vector<LintRule>& fromRules() {
    static const std::vector<LintRule> rules = {
        {"FromPlatformFlagConstDisallowed", Severity::Warning,
         "FROM --platform takes a variable, not a constant",
         docUrl("from-platform-flag-const-disallowed")},
        {"InvalidDefaultArgInFrom", Severity::Warning,
         "ARGs in FROM have defaults that make a valid image name",
         docUrl("invalid-default-arg-in-from")},
        {"RedundantTargetPlatform", Severity::Warning,
         "FROM --platform=$TARGETPLATFORM repeats the default",
         docUrl("redundant-target-platform")},
    };
    return rules;
}

void checkFromLines(const Dockerfile& dockerfile, const StageModel& model, const Plan& plan,
                    std::vector<Diagnostic>& findings) {
    for (const Stage& stage : model.stages) {
        const Instruction& instruction = dockerfile.instructions[stage.fromInstruction];
        const FromInstruction* from = instruction.as<FromInstruction>();
        if (from == nullptr) {
            continue;
        }
        checkPlatform(*from, findings);
        if (stage.index < plan.stages.size()) {
            checkArgDefault(*from, plan.stages[stage.index], findings);
        }
    }
}

} // namespace berth::dockerfile

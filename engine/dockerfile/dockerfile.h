#pragma once

// The Dockerfile front end's entry points: text → syntax nodes → typed instructions
// (parseDockerfile) → stages (buildStages) → plan (plan.h) → lint findings (lint.h).
// analyze() runs them all, for the studio's editor on every edit and for the builder.

#include "common/error.h"
#include "dockerfile/instructions.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

struct Dockerfile {
    std::vector<Directive> directives;
    char escape = '\\';
    std::vector<Instruction> instructions; // the valid ones, in file order
    std::vector<Diagnostic> diagnostics;   // parse errors and syntax warnings
};

// Parses text. An invalid instruction is left out and reported, and parsing goes on.
[[nodiscard]] Dockerfile parseDockerfile(std::string_view text);

// Parses text for a build: the first parse error fails it, with InvalidArgument and the
// text "Dockerfile parse error line N: MESSAGE".
[[nodiscard]] Result<Dockerfile> parseDockerfileForBuild(std::string_view text);

// Parses one ONBUILD trigger as the image config stores it ("RUN make"), for the builder
// to run when the image is used as a base. Fails with the parse error as text.
[[nodiscard]] Result<Instruction> parseTrigger(std::string_view text, char escape = '\\');

struct Stage {
    std::size_t index = 0;
    std::optional<std::string> name;       // lower-case, as Docker compares stage names
    std::size_t fromInstruction = 0;       // index into Dockerfile::instructions
    std::vector<std::size_t> instructions; // the stage's instructions after its FROM
};

struct StageModel {
    std::vector<std::size_t> metaArgs; // ARG instructions before the first FROM
    std::vector<Stage> stages;
    std::vector<Diagnostic> diagnostics; // instructions before FROM, no FROM at all
};

[[nodiscard]] StageModel buildStages(const Dockerfile& dockerfile);

// The stage a name or a decimal index refers to; nullopt when none does.
[[nodiscard]] std::optional<std::size_t> findStage(const StageModel& model,
                                                   std::string_view nameOrIndex);

} // namespace berth::dockerfile

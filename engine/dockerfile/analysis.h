#pragma once

// One call that runs the whole Dockerfile front end, for the studio's editor (on every
// edit) and for the builder (before it runs a step).

#include "dockerfile/lint.h"

namespace berth::dockerfile {

struct Analysis {
    Dockerfile dockerfile;
    StageModel stages;
    Plan plan;
    // Parse errors, stage and plan errors and lint findings, ordered by position.
    std::vector<Diagnostic> diagnostics;
};

[[nodiscard]] Analysis analyze(std::string_view text, const PlanOptions& options = {});

// Analyzes text for a build: the first error fails it with InvalidArgument and the text
// "Dockerfile parse error line N: MESSAGE". Warnings stay in the returned analysis.
[[nodiscard]] Result<Analysis> analyzeForBuild(std::string_view text,
                                               const PlanOptions& options = {});

} // namespace berth::dockerfile

#pragma once

// Lint rules on FROM lines, internal to the lint stage: Docker's build checks on the
// --platform flag and on base image names that ARGs make.

#include "dockerfile/lint.h"

namespace berth::dockerfile {

[[nodiscard]] const std::vector<LintRule>& fromRules();

void checkFromLines(const Dockerfile& dockerfile, const StageModel& model, const Plan& plan,
                    std::vector<Diagnostic>& findings);

} // namespace berth::dockerfile

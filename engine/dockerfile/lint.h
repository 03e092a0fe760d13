#pragma once

// Stage 5 of the Dockerfile front end: lint rules. Each finding is data (rule id,
// severity, message, range, documentation page, optional quick fix), so the studio's
// editor and the builder's output show the same findings.

#include "dockerfile/plan.h"

#include <string>
#include <vector>

namespace berth::dockerfile {

struct LintRule {
    std::string id; // "MaintainerDeprecated"
    Severity severity = Severity::Warning;
    std::string summary;
    std::string docUrl;
};

// Every rule lint() can report, for a settings page or a "# check=skip=" completion.
[[nodiscard]] const std::vector<LintRule>& lintRules();

// Runs every rule over a parsed, staged and planned Dockerfile.
[[nodiscard]] std::vector<Diagnostic> lint(const Dockerfile& dockerfile, const StageModel& model,
                                           const Plan& plan);

// Applies the "# check=" directive to findings: "skip=Rule1,Rule2" (or "skip=all") drops
// those rules' findings and "error=true" turns the rest into errors. Parse errors stay.
void applyCheckDirective(const Dockerfile& dockerfile, std::vector<Diagnostic>& diagnostics);

} // namespace berth::dockerfile

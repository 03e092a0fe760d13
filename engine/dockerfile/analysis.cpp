#include "dockerfile/analysis.h"

#include <algorithm>

namespace berth::dockerfile {

Analysis analyze(std::string_view text, const PlanOptions& options) {
    Analysis analysis;
    analysis.dockerfile = parseDockerfile(text);
    analysis.stages = buildStages(analysis.dockerfile);
    analysis.plan = makePlan(analysis.dockerfile, analysis.stages, options);

    auto& all = analysis.diagnostics;
    all = analysis.dockerfile.diagnostics;
    all.insert(all.end(), analysis.stages.diagnostics.begin(), analysis.stages.diagnostics.end());
    all.insert(all.end(), analysis.plan.diagnostics.begin(), analysis.plan.diagnostics.end());
    std::vector<Diagnostic> findings = lint(analysis.dockerfile, analysis.stages, analysis.plan);
    all.insert(all.end(), findings.begin(), findings.end());
    applyCheckDirective(analysis.dockerfile, all);
    std::ranges::stable_sort(all, [](const Diagnostic& a, const Diagnostic& b) {
        return a.range.start < b.range.start;
    });
    return analysis;
}

Result<Analysis> analyzeForBuild(std::string_view text, const PlanOptions& options) {
    Analysis analysis = analyze(text, options);
    for (const Diagnostic& diagnostic : analysis.diagnostics) {
        if (diagnostic.severity == Severity::Error) {
            return fail(ErrorKind::InvalidArgument, formatParseError(diagnostic));
        }
    }
    return analysis;
}

} // namespace berth::dockerfile

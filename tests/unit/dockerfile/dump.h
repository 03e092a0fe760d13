#pragma once

// The JSON form of a parsed Dockerfile that the golden files hold: typed instructions
// with their ranges, and the diagnostics of the whole front end. Ranges read
// "LINE:COLUMN-LINE:COLUMN" (1-based lines, 0-based byte columns, end exclusive).

#include "dockerfile/analysis.h"

#include <nlohmann/json.hpp>

namespace berth::dockerfile::test {

[[nodiscard]] std::string rangeText(const Range& range);
[[nodiscard]] nlohmann::ordered_json dumpInstruction(const Instruction& instruction);
[[nodiscard]] nlohmann::ordered_json dumpDiagnostic(const Diagnostic& diagnostic);
[[nodiscard]] nlohmann::ordered_json dumpAnalysis(const Analysis& analysis);
[[nodiscard]] nlohmann::ordered_json dumpState(const EffectiveState& state);
[[nodiscard]] nlohmann::ordered_json dumpPlan(const Plan& plan);

} // namespace berth::dockerfile::test

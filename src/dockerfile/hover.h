#pragma once

// Hover text in the Dockerfile editor: a short description of an instruction keyword, and
// the value that a variable reference has at its line, from the plan's effective state.

#include "dockerfile/analysis.h"

#include <QString>

#include <string_view>

namespace berth::studio {

// Rich text for the byte at line (1-based) and column, or an empty string.
[[nodiscard]] QString hoverText(std::string_view text, int line, int column,
                                const dockerfile::Analysis& analysis);

// The short description of an instruction ("from", "run", ...), translated.
[[nodiscard]] QString instructionDescription(std::string_view instruction);

} // namespace berth::studio

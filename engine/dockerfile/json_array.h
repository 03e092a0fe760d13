#pragma once

// The exec form's JSON array of strings, decoded with the range of every element. Docker
// takes text that is not exactly such an array as the shell form, so a failed decode is
// not an error: the caller falls back.

#include "dockerfile/syntax.h"

#include <optional>
#include <vector>

namespace berth::dockerfile {

// Decodes node.arguments as ["a", "b", ...]; nullopt when it is anything else.
[[nodiscard]] std::optional<std::vector<Word>> decodeJsonArray(const Node& node);

} // namespace berth::dockerfile

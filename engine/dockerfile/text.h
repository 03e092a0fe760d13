#pragma once

// Small text helpers shared by the stages of the Dockerfile front end. Instruction
// keywords, stage names and protocols are ASCII, so the case helpers work on bytes.

#include <string>
#include <string_view>

namespace berth::dockerfile {

[[nodiscard]] std::string lowerCase(std::string_view text);
[[nodiscard]] std::string upperCase(std::string_view text);

// The Levenshtein distance, for "did you mean" suggestions.
[[nodiscard]] std::size_t editDistance(std::string_view a, std::string_view b);

} // namespace berth::dockerfile

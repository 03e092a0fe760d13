#pragma once

#include "common/error.h"

#include <string_view>

namespace berth::container {

// Parses "SIGTERM", "TERM", "term" or "15"; InvalidArgument names the text.
[[nodiscard]] Result<int> parseSignal(std::string_view text);

} // namespace berth::container

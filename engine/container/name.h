#pragma once

// Container names: Docker's rule and its generated "adjective_surname" names.

#include "common/error.h"

#include <string>
#include <string_view>

namespace berth::container {

// Accepts "/x" or "x" matching [a-zA-Z0-9][a-zA-Z0-9_.-]+ and returns it without the
// slash; anything else is InvalidArgument with Docker's message.
[[nodiscard]] Result<std::string> validateName(std::string_view name);

// A random "adjective_surname"; attempt > 0 appends a number, for retries after a clash.
[[nodiscard]] std::string generateName(int attempt);

} // namespace berth::container

#pragma once

// Finds the executable of a container's command the way Docker's runtime does, inside the
// container's root, before the container is reported created.

#include "common/error.h"

#include <string>
#include <string_view>

namespace berth::runtime {

// Exit codes Docker records when the command cannot run.
inline constexpr int kExitCommandNotFound = 127;
inline constexpr int kExitCommandNotExecutable = 126;

struct ExecLookupFailure {
    int exitCode = kExitCommandNotFound;
    std::string message; // `exec: "nosuch": executable file not found in $PATH`
};

// A name with a slash is taken as a path; any other name is searched in pathVariable.
[[nodiscard]] std::expected<std::string, ExecLookupFailure>
lookupExecutable(std::string_view name, std::string_view pathVariable);

} // namespace berth::runtime

#pragma once

#include <string>
#include <vector>

namespace berth::runtime {

inline constexpr const char* kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// The container process's environment, completed as Docker does: PATH, HOSTNAME, TERM
// (with a terminal) and HOME are added when the spec does not set them.
[[nodiscard]] std::vector<std::string> completeEnvironment(std::vector<std::string> env,
                                                           const std::string& hostname,
                                                           bool terminal, const std::string& home);

// The value of name in env, or an empty string.
[[nodiscard]] std::string environmentValue(const std::vector<std::string>& env,
                                           const std::string& name);

} // namespace berth::runtime

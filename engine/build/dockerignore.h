#pragma once

// The .dockerignore rules of a build context: which files the builder does not see.

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

// One .dockerignore line: a glob with "**" for any number of directories, "!" to include
// again what an earlier line excluded.
struct IgnoreRule {
    std::string pattern;
    bool include = false;
    // The pattern compiled once by parseDockerignore, because a context is matched file by
    // file; a rule made by hand is compiled on each match. Null also for an invalid pattern.
    std::shared_ptr<const std::regex> matcher;
};

[[nodiscard]] std::vector<IgnoreRule> parseDockerignore(std::string_view text);

// True when the last rule matching path (relative, "/"-separated) or one of its parent
// directories excludes it.
[[nodiscard]] bool isIgnored(const std::vector<IgnoreRule>& rules, std::string_view path);

} // namespace berth::build

// ContextFilter: the .dockerignore rules as the client applies them before sending.

#include "client/context_filter.h"

#include "common/fs.h"

#include <algorithm>
#include <filesystem>

namespace berth::client {

ContextFilter::ContextFilter(const BuildContextSource& source)
    : source_(source) {
    auto text = fs::readFile(std::filesystem::path(source_.directory) / ".dockerignore");
    if (text) {
        rules_ = build::parseDockerignore(*text);
        hasIncludeRules_ =
            std::ranges::any_of(rules_, [](const build::IgnoreRule& rule) { return rule.include; });
    }
}

bool ContextFilter::keeps(const std::string& relative, bool directory) const {
    if (source_.dockerfileText && relative == source_.dockerfile) {
        return false; // the editor's text replaces the saved file
    }
    if (relative == source_.dockerfile || relative == ".dockerignore") {
        return true;
    }
    if (!build::isIgnored(rules_, relative)) {
        return true;
    }
    return directory && hasIncludeRules_;
}

} // namespace berth::client

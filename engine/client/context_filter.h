#pragma once

// Which files of a build context directory the client sends, in the tar or the manifest:
// all but those its .dockerignore excludes, and always the Dockerfile and .dockerignore,
// because the engine reads them before it applies the rules again.

#include "build/dockerignore.h"
#include "client/build_context.h"

#include <string>
#include <vector>

namespace berth::client {

class ContextFilter final {
public:
    // Reads the .dockerignore of source's directory, if it has one.
    explicit ContextFilter(const BuildContextSource& source);

    // True when the entry at relative ("/"-separated) goes to the engine, or, for a
    // directory, when the walk must go into it. With "!" rules a file below an excluded
    // directory may be included again, so such directories are walked.
    [[nodiscard]] bool keeps(const std::string& relative, bool directory) const;

private:
    const BuildContextSource& source_;
    std::vector<build::IgnoreRule> rules_;
    bool hasIncludeRules_ = false;
};

} // namespace berth::client

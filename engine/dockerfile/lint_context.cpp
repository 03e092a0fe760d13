#include "dockerfile/lint_context.h"

#include "dockerfile/lint_practices.h"

#include <fmt/format.h>

namespace berth::dockerfile {

namespace {

// The context path a source names: "./app/" and "/app" both name "app". Empty when the
// source is no plain context path.
std::string contextPath(std::string_view source) {
    if (source.find("://") != std::string_view::npos || source.starts_with("git@") ||
        source.starts_with("<<") || source.find_first_of("$*?[\"'") != std::string_view::npos) {
        return {};
    }
    while (source.starts_with("./")) {
        source.remove_prefix(2);
    }
    while (source.starts_with('/')) {
        source.remove_prefix(1);
    }
    while (source.ends_with('/')) {
        source.remove_suffix(1);
    }
    return source == "." ? std::string() : std::string(source);
}

} // namespace

std::vector<Diagnostic> checkIgnoredSources(const Dockerfile& dockerfile,
                                            const IgnoredPathPredicate& isIgnored) {
    std::vector<Diagnostic> findings;
    for (const Instruction& instruction : dockerfile.instructions) {
        const CopyInstruction* copy = instruction.as<CopyInstruction>();
        if (copy == nullptr || copy->from) {
            continue;
        }
        for (const Word& source : copy->sources) {
            const std::string path = contextPath(source.text);
            if (path.empty() || !isIgnored(path)) {
                continue;
            }
            findings.push_back(makeFinding(
                "CopyIgnoredFile",
                fmt::format("{} source '{}' is excluded by .dockerignore, so the build does "
                            "not see it",
                            copy->add ? "ADD" : "COPY", source.text),
                source.range));
        }
    }
    return findings;
}

} // namespace berth::dockerfile

#pragma once

// Lint rules that need the build context, which lint() does not read, so the caller passes
// what it has of the context. Docker's CopyIgnoredFile reports a COPY or ADD source that
// .dockerignore excludes, so the build fails or copies less than the line names.

#include "dockerfile/lint.h"

#include <functional>
#include <string_view>

namespace berth::dockerfile {

// Returns true when .dockerignore excludes a context path (relative, "/"-separated).
using IgnoredPathPredicate = std::function<bool(std::string_view path)>;

// Findings for the COPY and ADD sources of the build context that isIgnored excludes.
// Sources with variables or glob characters are skipped, because they name no one path.
[[nodiscard]] std::vector<Diagnostic> checkIgnoredSources(const Dockerfile& dockerfile,
                                                          const IgnoredPathPredicate& isIgnored);

} // namespace berth::dockerfile

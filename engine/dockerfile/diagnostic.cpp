#include "dockerfile/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

namespace berth::dockerfile {

Diagnostic parseError(std::string message, Range range) {
    return Diagnostic{kParseErrorRule, Severity::Error, std::move(message), range, {}, {}};
}

const char* severityName(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Info:
        return "info";
    }
    return "error";
}

std::string formatParseError(const Diagnostic& diagnostic) {
    if (diagnostic.rule != kParseErrorRule) {
        return fmt::format("Dockerfile line {}: {} ({})", diagnostic.range.start.line,
                           diagnostic.message, diagnostic.rule);
    }
    return fmt::format("Dockerfile parse error line {}: {}", diagnostic.range.start.line,
                       diagnostic.message);
}

bool hasErrors(const std::vector<Diagnostic>& diagnostics) {
    return std::ranges::any_of(diagnostics,
                               [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

} // namespace berth::dockerfile

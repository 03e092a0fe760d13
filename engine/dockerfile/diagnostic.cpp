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

std::optional<std::size_t> byteOffset(std::string_view text, Position position) {
    std::size_t offset = 0;
    for (int line = 1; line < position.line; ++line) {
        const std::size_t eol = text.find('\n', offset);
        if (eol == std::string_view::npos) {
            return std::nullopt;
        }
        offset = eol + 1;
    }
    const std::size_t eol = std::min(text.find('\n', offset), text.size());
    if (position.line < 1 || position.column < 0 ||
        offset + static_cast<std::size_t>(position.column) > eol) {
        return std::nullopt;
    }
    return offset + static_cast<std::size_t>(position.column);
}

std::optional<std::string> applyQuickFix(std::string_view text, const QuickFix& fix) {
    const auto begin = byteOffset(text, fix.range.start);
    const auto end = byteOffset(text, fix.range.end);
    if (!begin || !end || *end < *begin) {
        return std::nullopt;
    }
    std::string out(text.substr(0, *begin));
    out += fix.replacement;
    out += text.substr(*end);
    return out;
}

} // namespace berth::dockerfile

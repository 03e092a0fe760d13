#pragma once

// Source positions and diagnostics of the Dockerfile front end. Parse errors and lint
// findings are the same kind of value, so the studio draws both as squiggles and the
// builder prints both in its output.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// Lines are 1-based; columns are 0-based byte offsets into the line, so that the editor
// (QScintilla counts bytes) can use them directly.
struct Position {
    int line = 0;
    int column = 0;

    friend bool operator==(const Position&, const Position&) = default;
    friend auto operator<=>(const Position&, const Position&) = default;
};

// A half-open range: end is the position just past the last byte.
struct Range {
    Position start;
    Position end;

    friend bool operator==(const Range&, const Range&) = default;
};

enum class Severity { Error, Warning, Info };

// A mechanical edit that fixes a finding: replace the text in range with replacement.
struct QuickFix {
    std::string title;
    Range range;
    std::string replacement;
};

struct Diagnostic {
    std::string rule; // "ParseError" for syntax errors, else a lint rule id
    Severity severity = Severity::Error;
    std::string message;
    Range range;
    std::string docUrl; // empty when the rule has no page
    std::optional<QuickFix> fix;
};

// The rule id of every error that stops a Dockerfile from being built.
inline constexpr const char* kParseErrorRule = "ParseError";

[[nodiscard]] Diagnostic parseError(std::string message, Range range);
[[nodiscard]] const char* severityName(Severity severity);

// "Dockerfile parse error line 3: MESSAGE", the form Docker prints for a parse error; a
// lint finding made an error by "# check=error=true" reads "Dockerfile line 3: MESSAGE (Rule)".
[[nodiscard]] std::string formatParseError(const Diagnostic& diagnostic);

[[nodiscard]] bool hasErrors(const std::vector<Diagnostic>& diagnostics);

// The byte offset of position in text (lines split at '\n'); nullopt when the line or
// column lies outside the text.
[[nodiscard]] std::optional<std::size_t> byteOffset(std::string_view text, Position position);

// Returns text with the fix applied; nullopt when its range lies outside the text.
[[nodiscard]] std::optional<std::string> applyQuickFix(std::string_view text, const QuickFix& fix);

} // namespace berth::dockerfile

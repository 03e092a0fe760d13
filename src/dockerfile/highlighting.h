#pragma once

// The Dockerfile editor's syntax colouring as plain data: one style per byte of the text,
// and the lines where folding regions start. It runs the engine's syntax stage
// (dockerfile/syntax.h), so the editor colours exactly what the builder parses, and then
// colours inside the arguments: variables, strings, JSON exec arrays, shell words in RUN.

#include <cstdint>
#include <string_view>
#include <vector>

namespace berth::studio {

// The styles of the Dockerfile lexer. The values are QScintilla style numbers, so they
// stay below STYLE_DEFAULT (32).
enum class DockerfileStyle : std::uint8_t {
    Default,
    Comment,
    Directive,          // "# syntax=", "# escape=", "# check="
    Instruction,        // FROM, RUN, ...
    UnknownInstruction, // a keyword that is no instruction
    Flag,               // "--from" in "--from=build"
    FlagValue,          // "build" in "--from=build"
    Keyword,            // AS in FROM, CMD and NONE in HEALTHCHECK, shell keywords
    StageName,          // the name after AS
    Variable,           // $name, ${name:-default}
    String,             // quoted text, JSON strings
    Operator,           // JSON brackets and commas, shell operators
    Key,                // the name in ENV, LABEL and ARG key=value pairs
    ShellCommand,       // the first word of a shell command in RUN, CMD and ENTRYPOINT
    HeredocMarker,      // "<<EOF" and the closing delimiter line
    HeredocBody,        // the lines of a heredoc body
    EscapeCharacter,    // the escape character before a line break or another character
    Count
};

struct Highlighting {
    std::vector<DockerfileStyle> styles; // one per byte of the text
    std::vector<int> stageLines;         // the 0-based lines of FROM instructions
};

[[nodiscard]] Highlighting highlightDockerfile(std::string_view text);

} // namespace berth::studio

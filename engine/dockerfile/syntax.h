#pragma once

// Stage 1 of the Dockerfile front end: text to syntax nodes.
//
// The parser reads parser directives at the top and joins continued lines. It skips
// comments and empty lines, also inside a continued instruction as Docker does. It reads
// heredoc bodies after RUN, COPY and ADD, and splits each instruction into keyword, flags
// and words. It attaches a source range to every piece and never interprets what an instruction
// means: that is the typed stage (instructions.h). It never fails as a whole. Problems become
// diagnostics and the parser carries on with the next line, so the editor sees every error.

#include "dockerfile/diagnostic.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// A parser directive such as "# escape=`"; name is lower-case.
struct Directive {
    std::string name;
    std::string value;
    Range range;
};

// A flag before the arguments: "--from=build" has name "from" and value "build"; "--link"
// has no value.
struct Flag {
    std::string name;
    std::optional<std::string> value;
    Range range;
    Range valueRange; // empty range at the end of the flag when there is no value
};

// A word as written, quotes and escapes included, with its range.
struct Word {
    std::string text;
    Range range;
    std::size_t offset = 0; // where the word starts in its node's arguments
};

// A heredoc body read after the instruction line. content ends with a newline unless
// the body is empty.
struct Heredoc {
    std::string delimiter;
    // NOTE: content is as written; expanding variables in a COPY or ADD body when expand is
    // set is left to the builder, because the plan does not expand heredoc bodies yet.
    std::string content;
    bool expand = true;     // false when the delimiter was quoted: <<"EOF" or <<'EOF'
    bool stripTabs = false; // <<-EOF: leading tabs were removed from the body lines
    Range markerRange;      // the "<<EOF" word on the instruction line
    Range bodyRange;        // from the first body line to the end of the delimiter line
};

struct Node {
    std::string keyword;     // as written
    std::string instruction; // lower-case keyword
    Range range;             // the whole instruction, heredoc bodies included
    Range keywordRange;
    std::vector<Flag> flags;
    std::string arguments; // the text after keyword and flags, continuation lines joined
    Range argumentsRange;
    std::vector<Word> words; // arguments split at unquoted whitespace
    std::vector<Heredoc> heredocs;
    std::vector<Node> trigger; // ONBUILD's instruction: one node, or none when missing
    // The column map of the joined arguments: argumentPositions[i] is where byte i of
    // arguments sits in the file, so later stages can place a range inside an argument.
    std::vector<Position> argumentPositions;
};

struct SyntaxTree {
    std::vector<Directive> directives;
    char escape = '\\';
    std::vector<Node> nodes;
    std::vector<Diagnostic> diagnostics; // errors and NoEmptyContinuation warnings
};

[[nodiscard]] SyntaxTree parseSyntax(std::string_view text);

// The range of bytes [begin, end) of a text whose byte i sits at positions[i]; positions
// has one more entry than the text, for the position just past its end.
[[nodiscard]] Range positionRange(const std::vector<Position>& positions, std::size_t begin,
                                  std::size_t end);

// The range of bytes [begin, end) of a node's arguments, through its column map.
[[nodiscard]] Range argumentRange(const Node& node, std::size_t begin, std::size_t end);

} // namespace berth::dockerfile

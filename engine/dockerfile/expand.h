#pragma once

// Variable substitution as Docker's shell lexer does it in ADD, COPY, ENV, EXPOSE, FROM,
// LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR and ONBUILD triggers when they run: $v, ${v},
// ${v:-w}, ${v-w}, ${v:+w}, ${v+w}, ${v:?msg}, ${v#p}, ${v##p}, ${v%p}, ${v%%p} with glob
// patterns, ${v/p/r} and ${v//p/r}. Quotes are removed; single quotes and the escape
// character suppress expansion. These are pure functions of the text and the variables.

#include "common/error.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// Returns a variable's value, or nullopt when no ARG or ENV sets it.
using VariableLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct Expansion {
    std::string value;
    // Variables referenced without a default (${v:-w} and friends name one) that were unset.
    std::vector<std::string> undefined;
};

struct WordsExpansion {
    std::vector<std::string> words;
    std::vector<std::string> undefined;
};

// Expands one word. Fails with InvalidArgument on a missing quote or brace, an unknown
// modifier, or ${v:?msg} with v unset or empty ("v: msg").
[[nodiscard]] Result<Expansion> expandWord(std::string_view text, const VariableLookup& lookup,
                                           char escape = '\\');

// Expands the body of a COPY or ADD heredoc: quotes stay as written, and the escape
// character is removed only before "$".
[[nodiscard]] Result<Expansion> expandHeredocBody(std::string_view text,
                                                  const VariableLookup& lookup, char escape = '\\');

// Expands text and splits it at whitespace outside quotes, whitespace that unquoted
// variable values bring included.
[[nodiscard]] Result<WordsExpansion> expandWords(std::string_view text,
                                                 const VariableLookup& lookup, char escape = '\\');

} // namespace berth::dockerfile

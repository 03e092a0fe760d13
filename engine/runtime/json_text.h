#pragma once

#include <string>
#include <string_view>

namespace berth::runtime {

// Appends text as a JSON string literal, quotes included, escaped as Go's encoding/json
// does for Docker's logs: control characters, <, > and & as \uXXXX, and every byte that is
// not valid UTF-8 as \ufffd.
void appendJsonString(std::string& out, std::string_view text);

} // namespace berth::runtime

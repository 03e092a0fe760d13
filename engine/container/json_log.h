#pragma once

// Docker's json-file log format: one JSON object per line,
// {"log":"text\n","stream":"stdout","time":"2026-12-04T20:49:28.123456789Z"}.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::container {

struct LogEntry {
    std::string stream; // "stdout" or "stderr"
    std::string text;
    int64_t timeNano = 0;
};

// nullopt for a line that is not a log entry (a torn write, say).
[[nodiscard]] std::optional<LogEntry> parseJsonLogLine(std::string_view line);

} // namespace berth::container

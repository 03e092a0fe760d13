#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

// Nanoseconds since the Unix epoch, wall clock.
[[nodiscard]] int64_t nowNanoseconds();

// "2026-12-04T20:49:28.123456789Z", the form Docker uses in JSON.
[[nodiscard]] std::string formatRfc3339Nano(int64_t nanoseconds);

// Parses RFC 3339 with an optional fraction and a Z or +hh:mm offset.
[[nodiscard]] std::optional<int64_t> parseRfc3339(std::string_view text);

// Docker's zero time, used for "never started" and "never finished".
inline constexpr std::string_view kZeroTime = "0001-01-01T00:00:00Z";

} // namespace berth

#pragma once

// Daemon logging: one line per lifecycle event at info; debug traces steps with values;
// warning says what degraded; error only where a failure cannot be returned.

#include <string_view>

#include <fmt/format.h>

namespace berth::log {

enum class Level { Debug = 0, Info = 1, Warning = 2, Error = 3 };

void setLevel(Level level);
[[nodiscard]] Level level();
[[nodiscard]] bool parseLevel(std::string_view text, Level& out);
void write(Level level, std::string_view message);

template <typename... Args> void debug(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::Debug) {
        write(Level::Debug, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args> void info(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::Info) {
        write(Level::Info, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args> void warning(fmt::format_string<Args...> f, Args&&... args) {
    if (level() <= Level::Warning) {
        write(Level::Warning, fmt::format(f, std::forward<Args>(args)...));
    }
}
template <typename... Args> void error(fmt::format_string<Args...> f, Args&&... args) {
    write(Level::Error, fmt::format(f, std::forward<Args>(args)...));
}

} // namespace berth::log

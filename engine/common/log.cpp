#include "common/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "common/time.h"

namespace berth::log {

namespace {
std::atomic<Level> currentLevel{Level::Info};
std::mutex writeMutex;

std::string_view levelName(Level level) {
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warning:
        return "warning";
    case Level::Error:
        return "error";
    }
    return "?";
}
} // namespace

void setLevel(Level level) {
    currentLevel = level;
}

Level level() {
    return currentLevel;
}

bool parseLevel(std::string_view text, Level& out) {
    for (Level l : {Level::Debug, Level::Info, Level::Warning, Level::Error}) {
        if (text == levelName(l)) {
            out = l;
            return true;
        }
    }
    if (text == "warn") {
        out = Level::Warning;
        return true;
    }
    return false;
}

void write(Level level, std::string_view message) {
    std::string line = fmt::format("{} {:<7} {}\n", formatRfc3339Nano(nowNanoseconds()),
                                   levelName(level), message);
    std::lock_guard lock(writeMutex);
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

} // namespace berth::log

#include "common/time.h"

#include <ctime>

#include <fmt/format.h>

namespace berth {

int64_t nowNanoseconds() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::string formatRfc3339Nano(int64_t nanoseconds) {
    time_t seconds = nanoseconds / 1'000'000'000;
    long fraction = long(nanoseconds % 1'000'000'000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z", utc.tm_year + 1900,
                       utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
}

std::optional<int64_t> parseRfc3339(std::string_view text) {
    tm utc{};
    std::string copy(text);
    const char* rest = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &utc);
    if (rest == nullptr) {
        return std::nullopt;
    }
    int64_t fraction = 0;
    if (*rest == '.') {
        ++rest;
        int digits = 0;
        while (*rest >= '0' && *rest <= '9') {
            if (digits < 9) {
                fraction = fraction * 10 + (*rest - '0');
                ++digits;
            }
            ++rest;
        }
        while (digits++ < 9) {
            fraction *= 10;
        }
    }
    int64_t offsetSeconds = 0;
    if (*rest == 'Z' || *rest == 'z') {
        ++rest;
    } else if (*rest == '+' || *rest == '-') {
        int hours = 0;
        int minutes = 0;
        if (std::sscanf(rest + 1, "%2d:%2d", &hours, &minutes) != 2) {
            return std::nullopt;
        }
        offsetSeconds = (hours * 3600 + minutes * 60) * (*rest == '-' ? -1 : 1);
        rest += 6;
    } else {
        return std::nullopt;
    }
    if (*rest != '\0') {
        return std::nullopt;
    }
    int64_t seconds = int64_t(timegm(&utc)) - offsetSeconds;
    return seconds * 1'000'000'000 + fraction;
}

} // namespace berth

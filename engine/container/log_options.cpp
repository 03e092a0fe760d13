#include "container/log_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace berth::container {

namespace {

constexpr std::array<std::string_view, 8> kJsonFileOptions = {
    "max-size", "max-file", "compress", "labels", "labels-regex", "env", "env-regex", "tag"};

} // namespace

std::optional<int64_t> parseByteSize(std::string_view text) {
    size_t end = 0;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) {
        ++end;
    }
    if (end == 0) {
        return std::nullopt;
    }
    double number = 0;
    auto [stop, ec] = std::from_chars(text.data(), text.data() + end, number);
    if (ec != std::errc() || stop != text.data() + end) {
        return std::nullopt;
    }
    std::string unit;
    for (char c : text.substr(end)) {
        if (c != ' ') {
            unit += char(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (unit.ends_with("b")) {
        unit.pop_back();
    }
    if (unit.ends_with("i")) {
        unit.pop_back();
    }
    static constexpr std::string_view kUnits = "kmgtp";
    double multiplier = 1;
    if (!unit.empty()) {
        size_t power = kUnits.find(unit);
        if (unit.size() != 1 || power == std::string_view::npos) {
            return std::nullopt;
        }
        multiplier = std::pow(1024.0, double(power + 1));
    }
    return static_cast<int64_t>(number * multiplier);
}

void mergeDefaultLogOptions(std::map<std::string, std::string>& options,
                            const std::map<std::string, std::string>& defaults) {
    for (const auto& [key, value] : defaults) {
        options.try_emplace(key, value);
    }
}

Result<LogRotationLimits> parseLogOptions(std::string_view logType,
                                          const std::map<std::string, std::string>& options) {
    LogRotationLimits limits;
    if (logType != "json-file") {
        return limits;
    }
    for (const auto& [key, value] : options) {
        if (std::find(kJsonFileOptions.begin(), kJsonFileOptions.end(), key) ==
            kJsonFileOptions.end()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unknown log opt '{}' for json-file log driver", key));
        }
    }
    if (auto it = options.find("max-size"); it != options.end()) {
        auto size = parseByteSize(it->second);
        if (!size) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid size: '{}'", it->second));
        }
        if (*size <= 0) {
            return fail(ErrorKind::InvalidArgument, "max-size must be a positive number");
        }
        limits.maxSize = *size;
    }
    if (auto it = options.find("max-file"); it != options.end()) {
        int files = 0;
        const std::string& text = it->second;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), files);
        if (ec != std::errc() || end != text.data() + text.size()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid value for max-file: '{}'", text));
        }
        if (files < 1) {
            return fail(ErrorKind::InvalidArgument, "max-file cannot be less than 1");
        }
        if (limits.maxSize == 0 && files > 1) {
            return fail(ErrorKind::InvalidArgument,
                        "max-file can only be used together with max-size");
        }
        limits.maxFiles = files;
    }
    return limits;
}

} // namespace berth::container

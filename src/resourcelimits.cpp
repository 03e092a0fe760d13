#include "resourcelimits.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace berth::studio {

namespace {

// Reads "DIGITS[.DIGITS]" at the start of `text` and returns its length, 0 if none.
size_t decimalLength(std::string_view text) {
    size_t end = 0;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) {
        ++end;
    }
    if (end == 0) {
        return 0;
    }
    if (end + 1 < text.size() && text[end] == '.' &&
        std::isdigit(static_cast<unsigned char>(text[end + 1]))) {
        ++end;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) {
            ++end;
        }
    }
    return end;
}

std::unexpected<Error> invalidSize(std::string_view text) {
    return fail(ErrorKind::InvalidArgument,
                fmt::format("invalid size \"{}\": expected a number with an optional unit "
                            "b, k, m or g, such as 512m",
                            text));
}

} // namespace

Result<int64_t> parseMemorySize(std::string_view text) {
    const size_t numberEnd = decimalLength(text);
    if (numberEnd == 0) {
        return invalidSize(text);
    }
    double number = 0;
    if (const auto [end, ec] = std::from_chars(text.data(), text.data() + numberEnd, number);
        ec != std::errc() || end != text.data() + numberEnd) {
        return invalidSize(text);
    }

    std::string_view unit = text.substr(numberEnd);
    if (unit.starts_with(' ')) {
        unit.remove_prefix(1);
    }
    double multiplier = 1;
    constexpr std::string_view kUnits = "kmgtp";
    if (!unit.empty()) {
        if (const size_t power =
                kUnits.find(char(std::tolower(static_cast<unsigned char>(unit[0]))));
            power != std::string_view::npos) {
            multiplier = std::pow(1024.0, double(power + 1));
            unit.remove_prefix(1);
        }
    }
    if (!unit.empty() && (unit[0] == 'i' || unit[0] == 'I')) {
        unit.remove_prefix(1);
    }
    if (!unit.empty() && (unit[0] == 'b' || unit[0] == 'B')) {
        unit.remove_prefix(1);
    }
    if (!unit.empty()) {
        return invalidSize(text);
    }

    const double bytes = number * multiplier;
    if (bytes >= 9.2e18) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid size \"{}\": the maximum is 8 EiB", text));
    }
    return int64_t(bytes);
}

std::string formatMemorySize(int64_t bytes) {
    constexpr std::pair<int64_t, char> kUnits[] = {
        {int64_t(1) << 40, 't'}, {int64_t(1) << 30, 'g'}, {int64_t(1) << 20, 'm'}, {1024, 'k'}};
    for (const auto& [size, unit] : kUnits) {
        if (bytes != 0 && bytes % size == 0) {
            return fmt::format("{}{}", bytes / size, unit);
        }
    }
    return fmt::format("{}b", bytes);
}

Result<int64_t> parseCpus(std::string_view text) {
    double cpus = 0;
    const auto [end, ec] =
        std::from_chars(text.data(), text.data() + text.size(), cpus, std::chars_format::fixed);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || cpus < 0 ||
        cpus > 1e9) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid CPU count \"{}\": expected a number such as 1.5", text));
    }
    return std::llround(cpus * double(kNanoCpusPerCpu));
}

std::string formatCpus(int64_t nanoCpus) {
    std::string text =
        fmt::format("{}.{:09}", nanoCpus / kNanoCpusPerCpu, nanoCpus % kNanoCpusPerCpu);
    while (text.back() == '0') {
        text.pop_back();
    }
    if (text.back() == '.') {
        text.pop_back();
    }
    return text;
}

std::vector<ResourceProblem> validateResourceLimits(const ResourceLimits& limits, int onlineCpus) {
    std::vector<ResourceProblem> problems;
    if (limits.memoryBytes > 0 && limits.memoryBytes < kMinimumMemoryBytes) {
        problems.push_back(ResourceProblem::MemoryTooSmall);
    }
    if (limits.memorySwapBytes > 0 && limits.memoryBytes == 0) {
        problems.push_back(ResourceProblem::SwapWithoutMemory);
    } else if (limits.memorySwapBytes > 0 && limits.memorySwapBytes < limits.memoryBytes) {
        problems.push_back(ResourceProblem::SwapBelowMemory);
    }
    const bool belowMinimumCpus = limits.nanoCpus > 0 && limits.nanoCpus < kNanoCpusPerCpu / 100;
    const bool aboveHostCpus =
        onlineCpus > 0 && limits.nanoCpus > int64_t(onlineCpus) * kNanoCpusPerCpu;
    if (limits.nanoCpus < 0 || belowMinimumCpus || aboveHostCpus) {
        problems.push_back(ResourceProblem::CpusOutOfRange);
    }
    if (limits.cpuShares != 0 &&
        (limits.cpuShares < kMinimumCpuShares || limits.cpuShares > kMaximumCpuShares)) {
        problems.push_back(ResourceProblem::CpuSharesOutOfRange);
    }
    return problems;
}

} // namespace berth::studio

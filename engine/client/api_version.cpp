#include "client/api_version.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace berth::client {

std::string ApiVersion::str() const {
    return fmt::format("{}.{}", major, minor);
}

std::optional<ApiVersion> parseApiVersion(std::string_view text) {
    const size_t dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    ApiVersion version;
    const std::string_view majorText = text.substr(0, dot);
    const std::string_view minorText = text.substr(dot + 1);
    const auto major = std::from_chars(majorText.begin(), majorText.end(), version.major);
    const auto minor = std::from_chars(minorText.begin(), minorText.end(), version.minor);
    if (majorText.empty() || minorText.empty() || major.ec != std::errc() ||
        major.ptr != majorText.end() || minor.ec != std::errc() || minor.ptr != minorText.end()) {
        return std::nullopt;
    }
    return version;
}

ApiVersion negotiateApiVersion(std::string_view serverHeader) {
    const std::optional<ApiVersion> server = parseApiVersion(serverHeader);
    if (!server) {
        return kFallbackApiVersion;
    }
    return std::min(*server, kMaxApiVersion);
}

} // namespace berth::client

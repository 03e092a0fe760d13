#include "api/router.h"

#include <fmt/format.h>

#include <charconv>

namespace berth::api {

namespace {

std::vector<std::string> splitSegments(std::string_view path) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        if (slash > start) {
            segments.emplace_back(path.substr(start, slash - start));
        }
        start = slash + 1;
    }
    return segments;
}

bool isParameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool isRestParameter(const std::string& segment) {
    return isParameter(segment) && segment[segment.size() - 2] == '*';
}

std::string parameterName(const std::string& segment) {
    size_t end = isRestParameter(segment) ? segment.size() - 2 : segment.size() - 1;
    return segment.substr(1, end - 1);
}

// Matches pattern[p..] against path[s..], filling params. A rest parameter tries the
// longest run first, so "/images/a/b/json" gives name "a/b".
bool matchSegments(const std::vector<std::string>& pattern, size_t p,
                   const std::vector<std::string>& path, size_t s,
                   std::map<std::string, std::string>& params) {
    if (p == pattern.size()) {
        return s == path.size();
    }
    const std::string& segment = pattern[p];
    if (isRestParameter(segment)) {
        size_t remainingPattern = pattern.size() - p - 1;
        for (size_t end = path.size(); end > s; --end) {
            if (path.size() - end != remainingPattern) {
                continue;
            }
            std::string joined;
            for (size_t i = s; i < end; ++i) {
                joined += (i == s ? "" : "/") + path[i];
            }
            params[parameterName(segment)] = joined;
            if (matchSegments(pattern, p + 1, path, end, params)) {
                return true;
            }
        }
        return false;
    }
    if (s == path.size()) {
        return false;
    }
    if (isParameter(segment)) {
        params[parameterName(segment)] = path[s];
        return matchSegments(pattern, p + 1, path, s + 1, params);
    }
    return segment == path[s] && matchSegments(pattern, p + 1, path, s + 1, params);
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// "1.43" as {1, 43}; nullopt when malformed.
std::optional<std::pair<int, int>> parseVersion(std::string_view text) {
    size_t dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    int major = 0;
    int minor = 0;
    auto first = std::from_chars(text.data(), text.data() + dot, major);
    auto second = std::from_chars(text.data() + dot + 1, text.data() + text.size(), minor);
    if (first.ec != std::errc() || first.ptr != text.data() + dot || second.ec != std::errc() ||
        second.ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return std::pair{major, minor};
}

} // namespace

VersionedPath splitVersionPrefix(std::string_view path) {
    if (path.size() > 2 && path[0] == '/' && path[1] == 'v') {
        size_t slash = path.find('/', 2);
        std::string_view candidate =
            path.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2);
        if (parseVersion(candidate)) {
            std::string rest =
                slash == std::string_view::npos ? "/" : std::string(path.substr(slash));
            return {std::string(candidate), rest};
        }
    }
    return {"", std::string(path)};
}

int compareApiVersions(std::string_view a, std::string_view b) {
    auto left = parseVersion(a).value_or(std::pair{0, 0});
    auto right = parseVersion(b).value_or(std::pair{0, 0});
    if (left.first != right.first) {
        return left.first < right.first ? -1 : 1;
    }
    if (left.second != right.second) {
        return left.second < right.second ? -1 : 1;
    }
    return 0;
}

Result<void> checkApiVersion(std::string_view version) {
    if (version.empty()) {
        return {};
    }
    if (compareApiVersions(version, kMinApiVersion) < 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("client version {} is too old. Minimum supported API version is "
                                "{}, please upgrade your client to a newer version",
                                version, kMinApiVersion));
    }
    if (compareApiVersions(version, kApiVersion) > 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("client version {} is too new. Maximum supported API version is {}",
                                version, kApiVersion));
    }
    return {};
}

Result<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            bool complete = i + 2 < text.size();
            int high = complete ? hexValue(text[i + 1]) : -1;
            int low = complete ? hexValue(text[i + 2]) : -1;
            if (high < 0 || low < 0) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid URL escape in \"{}\"", text));
            }
            out.push_back(char(high * 16 + low));
            i += 2;
        } else if (c == '+' && plusIsSpace) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

Result<std::multimap<std::string, std::string>> parseQuery(std::string_view query) {
    std::multimap<std::string, std::string> result;
    size_t start = 0;
    while (start < query.size()) {
        size_t amp = query.find('&', start);
        if (amp == std::string_view::npos) {
            amp = query.size();
        }
        std::string_view pair = query.substr(start, amp - start);
        start = amp + 1;
        if (pair.empty()) {
            continue;
        }
        size_t equals = pair.find('=');
        std::string_view name = pair.substr(0, equals);
        std::string_view value =
            equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
        auto decodedName = percentDecode(name, true);
        if (!decodedName) {
            return std::unexpected(decodedName.error());
        }
        auto decodedValue = percentDecode(value, true);
        if (!decodedValue) {
            return std::unexpected(decodedValue.error());
        }
        result.emplace(std::move(*decodedName), std::move(*decodedValue));
    }
    return result;
}

void Router::add(std::string method, std::string pattern, Handler handler) {
    routes_.push_back(Route{std::move(method), splitSegments(pattern), std::move(handler)});
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
    Match result;
    std::vector<std::string> segments = splitSegments(path);
    // HEAD is served by the GET handler; the server drops the body.
    std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
    for (const Route& route : routes_) {
        std::map<std::string, std::string> params;
        if (!matchSegments(route.segments, 0, segments, 0, params)) {
            continue;
        }
        if (route.method == method || route.method == wanted) {
            result.handler = &route.handler;
            result.params = std::move(params);
            return result;
        }
        result.pathKnown = true;
    }
    return result;
}

} // namespace berth::api

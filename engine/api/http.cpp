#include "api/http.h"

#include <fmt/format.h>

#include <algorithm>

namespace berth::api {

Result<std::string> BodyReader::readAll(size_t maxBytes) {
    std::string body;
    char buffer[65536];
    for (;;) {
        auto n = read(buffer, sizeof buffer);
        if (!n) {
            return std::unexpected(n.error());
        }
        if (*n == 0) {
            return body;
        }
        if (body.size() + *n > maxBytes) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("request body is larger than {} bytes", maxBytes));
        }
        body.append(buffer, *n);
    }
}

std::optional<std::string> Request::queryValue(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<std::string> Request::queryValues(std::string_view name) const {
    std::vector<std::string> values;
    auto [first, last] = query.equal_range(std::string(name));
    for (auto it = first; it != last; ++it) {
        values.push_back(it->second);
    }
    return values;
}

bool Request::queryBool(std::string_view name, bool fallback) const {
    auto value = queryValue(name);
    if (!value) {
        return fallback;
    }
    std::string lower = *value;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    return !(lower.empty() || lower == "0" || lower == "false" || lower == "no");
}

std::string Request::header(std::string_view lowerCaseName) const {
    auto it = headers.find(std::string(lowerCaseName));
    return it == headers.end() ? std::string() : it->second;
}

const std::string& Request::param(const std::string& name) const {
    static const std::string empty;
    auto it = pathParams.find(name);
    return it == pathParams.end() ? empty : it->second;
}

} // namespace berth::api

#include "api/filters.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::api {

Result<Filters> parseFilters(std::string_view text) {
    Filters filters;
    if (text.empty()) {
        return filters;
    }
    auto object = nlohmann::json::parse(text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("invalid filter: the filters parameter is not a JSON object: {}", text));
    }
    for (const auto& [key, value] : object.items()) {
        std::vector<std::string>& values = filters[key];
        if (value.is_object()) {
            for (const auto& item : value.items()) {
                values.push_back(item.key());
            }
        } else if (value.is_array()) {
            for (const auto& item : value) {
                if (!item.is_string()) {
                    return fail(ErrorKind::InvalidArgument,
                                fmt::format("invalid filter '{}': values must be strings", key));
                }
                values.push_back(item.get<std::string>());
            }
        } else {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid filter '{}'", key));
        }
    }
    return filters;
}

bool labelsMatch(const std::vector<std::string>& wanted,
                 const std::map<std::string, std::string>& labels) {
    for (const auto& filter : wanted) {
        size_t equals = filter.find('=');
        std::string key = filter.substr(0, equals);
        auto it = labels.find(key);
        if (it == labels.end()) {
            return false;
        }
        if (equals != std::string::npos && it->second != filter.substr(equals + 1)) {
            return false;
        }
    }
    return true;
}

} // namespace berth::api

#pragma once

// Request routing: the "/v1.xx" prefix, query decoding and method + pattern matching.
// Pure functions and data, so they are tested without a socket.

#include "api/http.h"
#include "common/error.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

inline constexpr std::string_view kApiVersion = "1.43";
inline constexpr std::string_view kMinApiVersion = "1.24";

struct VersionedPath {
    std::string version; // "1.43", or empty when the path had no prefix
    std::string path;    // the rest, starting with '/'
};

// Splits "/v1.43/containers/json" into "1.43" and "/containers/json".
[[nodiscard]] VersionedPath splitVersionPrefix(std::string_view path);

// Checks a requested API version against the supported range, with Docker's wording.
[[nodiscard]] Result<void> checkApiVersion(std::string_view version);

// Compares "1.9" and "1.24" numerically: negative, zero or positive.
[[nodiscard]] int compareApiVersions(std::string_view a, std::string_view b);

// Decodes %XX escapes; plus signs become spaces when plusIsSpace.
[[nodiscard]] Result<std::string> percentDecode(std::string_view text, bool plusIsSpace);

// Splits "a=1&b=x%20y" into decoded pairs.
[[nodiscard]] Result<std::multimap<std::string, std::string>> parseQuery(std::string_view query);

class Router final {
public:
    // pattern: "/containers/{id}/json". A "{name}" segment matches one non-empty segment;
    // "{name*}" matches one or more segments, because image names contain slashes
    // ("/images/{name*}/json" matches "/images/localhost/app/json").
    void add(std::string method, std::string pattern, Handler handler);

    struct Match {
        const Handler* handler = nullptr;
        std::map<std::string, std::string> params;
        bool pathKnown = false; // some route has this path, but not this method
    };
    [[nodiscard]] Match match(std::string_view method, std::string_view path) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        Handler handler;
    };
    std::vector<Route> routes_;
};

} // namespace berth::api

#pragma once

// API version negotiation as the docker CLI does it: the client uses the lower of the
// server's Api-Version header and its own maximum, and 1.24 when the server sends none.

#include <optional>
#include <string>
#include <string_view>

namespace berth::client {

struct ApiVersion {
    int major = 1;
    int minor = 24;

    [[nodiscard]] std::string str() const;
    auto operator<=>(const ApiVersion&) const = default;
};

inline constexpr ApiVersion kMaxApiVersion{1, 43};
inline constexpr ApiVersion kFallbackApiVersion{1, 24};

// Parses "1.43"; nullopt for anything else.
[[nodiscard]] std::optional<ApiVersion> parseApiVersion(std::string_view text);

// The version to use given the server's Api-Version header (empty when it sent none).
[[nodiscard]] ApiVersion negotiateApiVersion(std::string_view serverHeader);

} // namespace berth::client

#include "client/endpoint.h"

#include <fmt/format.h>

#include <charconv>

namespace berth::client {

Endpoint Endpoint::unixSocket(std::string path) {
    Endpoint endpoint;
    endpoint.kind = Kind::Unix;
    endpoint.path = std::move(path);
    return endpoint;
}

Endpoint Endpoint::tcp(std::string host, uint16_t port) {
    Endpoint endpoint;
    endpoint.kind = Kind::Tcp;
    endpoint.host = std::move(host);
    endpoint.port = port;
    return endpoint;
}

std::string Endpoint::str() const {
    if (kind == Kind::Unix) {
        return "unix://" + path;
    }
    return fmt::format("tcp://{}:{}", host, port);
}

Result<Endpoint> parseEndpoint(std::string_view text) {
    constexpr std::string_view unixScheme = "unix://";
    constexpr std::string_view tcpScheme = "tcp://";
    if (text.starts_with(unixScheme)) {
        text.remove_prefix(unixScheme.size());
    }
    if (text.starts_with('/')) {
        return Endpoint::unixSocket(std::string(text));
    }
    if (!text.starts_with(tcpScheme)) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("invalid endpoint \"{}\": expected unix:///path or tcp://host:port", text));
    }
    text.remove_prefix(tcpScheme.size());
    if (text.ends_with('/')) {
        text.remove_suffix(1);
    }
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid endpoint \"tcp://{}\": missing host or port", text));
    }
    const std::string_view portText = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(portText.begin(), portText.end(), port);
    if (ec != std::errc() || end != portText.end() || port == 0 || port > 65535) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid port \"{}\" in endpoint \"tcp://{}\"", portText, text));
    }
    return Endpoint::tcp(std::string(text.substr(0, colon)), static_cast<uint16_t>(port));
}

} // namespace berth::client

#pragma once

// Where an engine listens: a unix socket path or a TCP host and port.

#include "common/error.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::client {

struct Endpoint {
    enum class Kind { Unix, Tcp };

    Kind kind = Kind::Unix;
    std::string path; // the socket path when kind is Unix
    std::string host; // when kind is Tcp
    uint16_t port = 0;

    [[nodiscard]] static Endpoint unixSocket(std::string path);
    [[nodiscard]] static Endpoint tcp(std::string host, uint16_t port);

    // "unix:///run/x.sock" or "tcp://127.0.0.1:2375", the form DOCKER_HOST uses.
    [[nodiscard]] std::string str() const;
};

// Parses "unix:///path", a bare absolute path, or "tcp://host:port".
[[nodiscard]] Result<Endpoint> parseEndpoint(std::string_view text);

} // namespace berth::client

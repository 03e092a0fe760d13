#pragma once

// The HTTP/1.1 server on a unix socket. An Asio io_context accepts; every connection is
// served on its own thread with keep-alive, so a long request (wait, logs --follow, events,
// attach, import) never holds up another connection.

#include "api/router.h"
#include "common/error.h"

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace berth::api {

struct ServerOptions {
    std::filesystem::path socketPath;
    std::string serverHeader; // "Berth/0.1.0 (linux)"
    unsigned socketMode = 0660;
    // The group that owns a socket the server binds itself; unset keeps the daemon's group.
    std::optional<gid_t> socketGroup;
    // A socket already bound and listening, such as one systemd passes: the server adopts it
    // instead of binding socketPath, and leaves its file in place on stop(), because its
    // owner made it. socketPath then only names it in messages.
    int listenFd = -1;
};

class Server final {
public:
    // Binds the socket: removes a stale socket file first, refuses a path that is not a
    // socket or on which another server still answers. With options.listenFd, adopts that
    // socket instead and takes ownership of the descriptor, also on failure.
    [[nodiscard]] static Result<std::unique_ptr<Server>> listen(const ServerOptions& options,
                                                                const Router& router);
    ~Server();

    // Accepts until stop() is called.
    void run();

    // Thread-safe: stops accepting, shuts down open connections and waits up to a deadline
    // for their threads, then removes the socket file unless the socket was adopted.
    void stop();

private:
    Server();
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace berth::api

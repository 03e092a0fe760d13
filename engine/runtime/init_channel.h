#pragma once

// Messages between the shim and the container's init over a SOCK_SEQPACKET socket pair.
// init sends "ready" (with the pty master attached when the container has a terminal) or
// a failure; the shim sends "start". init's end is close-on-exec, so the shim reads
// end-of-file once execve has succeeded.

#include "common/error.h"
#include "common/unique_fd.h"

#include <optional>
#include <string>
#include <string_view>

namespace berth::runtime {

struct InitMessage {
    bool ready = false;
    int exitCode = 0; // for a failure: what exit.json records (127, 126, 128)
    ErrorKind kind = ErrorKind::System;
    std::string message;     // for a failure: Docker-worded text
    UniqueFd terminalMaster; // with "ready" when the container has a terminal
};

[[nodiscard]] Result<void> sendReady(int socket, int terminalMaster);
[[nodiscard]] Result<void> sendFailure(int socket, int exitCode, ErrorKind kind,
                                       std::string_view message);
[[nodiscard]] Result<void> sendStart(int socket);

// Returns std::nullopt at end-of-file: init has called execve or died.
[[nodiscard]] Result<std::optional<InitMessage>> receiveInitMessage(int socket);

// Blocks until the shim sends "start"; false when the shim went away first.
[[nodiscard]] bool waitForStart(int socket);

} // namespace berth::runtime

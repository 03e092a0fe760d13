#pragma once

// The copy loop between a hijacked client connection and an exec'd process: its pty
// master (raw bytes both ways) or its pipes (output in Docker's multiplexed frames).

#include "api/http.h"
#include "common/unique_fd.h"

#include <string>

namespace berth::api {

struct ExecStreams {
    UniqueFd* terminal = nullptr;    // with a tty: the pty master
    UniqueFd* stdinWriter = nullptr; // without one: the process's pipes
    UniqueFd* stdoutReader = nullptr;
    UniqueFd* stderrReader = nullptr;
    int exited = -1; // a pidfd that becomes readable when the process has exited
    bool forwardStdin = false;
    std::string detachKeys; // bytes that end the relay when typed; empty to disable
    bool sendStdout = true;
    bool sendStderr = true;
};

enum class ExecRelayEnd { OutputEnded, ClientClosed, Detached };

// Copies until the process's output ends, or it has exited and what it wrote is drained,
// or the client goes away or types the detach keys. A client that closes its write side
// closes the process's stdin (without a tty). The client connection is left open, so that
// the caller can record the exit code before the client sees the end of the stream.
ExecRelayEnd relayExec(HijackedConnection& client, ExecStreams& streams);

} // namespace berth::api

#pragma once

// One client of shim.sock. A client sends one command line:
//   "start\n"                               release init into execve
//   "resize ROWS COLUMNS\n"                 set the pty size
//   "attach STDIN STDOUT STDERR\n"          three 0/1 flags; the connection then streams
// and reads "ok\n" or "error MESSAGE\n". After an attach's "ok\n" the shim sends output
// (raw with a terminal, Docker's multiplexed frames without) and reads stdin.

#include "common/unique_fd.h"

#include <string>

namespace berth::runtime {

struct Connection {
    UniqueFd fd;
    std::string input;  // bytes read before the command line was complete
    std::string output; // bytes not yet accepted by the socket
    bool attached = false;
    bool wantStdin = false;
    bool wantStdout = false;
    bool wantStderr = false;
    bool inputClosed = false;
    bool stdinOnceOwner = false; // the first client attached with stdin, for stdinOnce
};

} // namespace berth::runtime

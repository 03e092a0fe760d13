#pragma once

// The processes of a running container, for GET /containers/{id}/top: every host process
// in the same pid namespace as the container's init.

#include "common/error.h"

#include <sys/types.h>

#include <string>
#include <vector>

namespace berth::container {

struct ProcessRow {
    std::string user; // host user name, or the uid when it has no name
    pid_t pid = 0;    // as the host sees it
    pid_t parentPid = 0;
    std::string startTime; // "HH:MM" in local time, as ps -ef prints it for today
    std::string tty;       // "pts/0", or "?" without a terminal
    std::string cpuTime;   // "HH:MM:SS" of user plus system time
    std::string command;   // the command line, or "[comm]" for a process without one
};

// Lists the processes of the pid namespace of initPid; NotFound when initPid is gone.
[[nodiscard]] Result<std::vector<ProcessRow>> listNamespaceProcesses(pid_t initPid);

} // namespace berth::container

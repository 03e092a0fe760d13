#pragma once

// berth-shim: creates one container, holds its init before execve until "start", relays
// its output to the json-file log and attached clients, reaps it and writes exit.json.
// Single-threaded: one poll() loop over the control socket, the init's pidfd, the output
// descriptors and the clients.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/cgroup.h"
#include "runtime/spec.h"
#include "shim/connection.h"
#include "shim/json_log.h"

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace berth::runtime {

class Shim final {
public:
    Shim(std::filesystem::path bundleDir, UniqueFd report);

    // Runs the container to its end; returns the shim's own exit status.
    int run();

private:
    // Creation steps, in order.
    Result<void> loadSpec();
    Result<void> openLog();
    Result<void> createCgroup();
    Result<void> createStdio();
    Result<void> cloneInit();
    Result<void> awaitReady();
    Result<void> listenControl();
    Result<void> writeShimState();
    void reportCreated();
    int failCreation(const Error& error, int exitCode);

    // The relay loop and its handlers.
    void serve();
    bool finished() const;
    void acceptClient();
    void readClient(Connection& client);
    void handleCommand(Connection& client, const std::string& line);
    void handleStart(Connection& client);
    void readOutput(UniqueFd& fd, OutputStream stream);
    void sendToClients(OutputStream stream, const char* data, size_t size);
    void queue(Connection& client, const char* data, size_t size);
    void flushClient(Connection& client);
    void writeStdin();
    void reapInit();
    void finish();
    void writeExitFile(int exitCode, bool oomKilled, const std::string& error);

    std::filesystem::path bundleDir_;
    UniqueFd report_;
    std::optional<ContainerSpec> spec_; // released once the container is created

    // Copied out of the spec for the relay loop.
    bool terminal_ = false;
    bool openStdin_ = false;
    bool stdinOnce_ = false;

    JsonLogWriter log_;
    CgroupLayout cgroupLayout_;
    Cgroup cgroup_;

    // Container ends of the stdio pipes; closed in the shim once init has them.
    UniqueFd childStdin_, childStdout_, childStderr_;
    UniqueFd stdinWriter_, stdoutReader_, stderrReader_, terminalMaster_;
    UniqueFd syncSocket_;
    UniqueFd initPidfd_;
    pid_t initPid_ = -1;
    UniqueFd listener_;

    std::vector<Connection> clients_;
    std::string stdinPending_;
    bool stdinCloseRequested_ = false;
    bool stdinOnceTaken_ = false;
    bool started_ = false;
    bool initReaped_ = false;
    int exitCode_ = 0;
    std::string startError_;
};

} // namespace berth::runtime

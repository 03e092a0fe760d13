#pragma once

// berth-shim's relay half. Once berth-shim-setup.so has created the container, the shim
// keeps init waiting before execve until "start". It relays the output to the json-file
// log and the attached clients, reaps init, removes its cgroup and writes exit.json.
// One poll() loop serves the control socket, the init's pidfd, the output descriptors and
// the clients. It links neither fmt nor the JSON parser, so that an idle shim stays small.

#include "common/unique_fd.h"
#include "shim/connection.h"
#include "shim/json_log.h"
#include "shim/setup_abi.h"

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace berth::runtime {

class Shim final {
public:
    Shim(std::string bundleDir, UniqueFd report);

    // Takes over the created container: the descriptors and settings in setup.
    void adopt(const BerthShimSetup& setup);

    // Runs the adopted container to its end; returns the shim's exit status.
    int run();

    // Records a failed creation: exit.json and the error report. Returns the exit status.
    int failCreation(int errorKind, int exitCode, const std::string& message);

private:
    bool listenControl(std::string& error);
    void writeShimState();
    void reportCreated();

    void serve();
    bool finished() const;
    void acceptClient();
    void readClient(Connection& client);
    void handleCommand(Connection& client, const std::string& line);
    void handleStart(Connection& client);
    void handleResize(Connection& client, unsigned rows, unsigned columns);
    void readOutput(UniqueFd& fd, OutputStream stream);
    void sendToClients(OutputStream stream, const char* data, size_t size);
    void queue(Connection& client, std::string_view data);
    void flushClient(Connection& client);
    void writeStdin();
    void reapInit();
    void finish();
    void releaseMountNamespace();
    bool oomKilled() const;
    void removeCgroup();
    void writeExitFile(int exitCode, bool oomKilled, const std::string& error);

    // Reads go to the heap rather than the stack: only the bytes read touch memory there,
    // while a large stack array is probed page by page (-fstack-clash-protection).
    static constexpr size_t kReadChunk = 32 * 1024;

    std::string bundleDir_;
    UniqueFd report_;
    std::unique_ptr<char[]> readBuffer_;

    bool terminal_ = false;
    bool openStdin_ = false;
    bool stdinOnce_ = false;
    bool cgroupV2_ = false;
    std::vector<std::string> cgroupDirectories_;

    JsonLogWriter log_;
    UniqueFd stdinWriter_, stdoutReader_, stderrReader_, terminalMaster_;
    UniqueFd syncSocket_;
    UniqueFd initPidfd_;
    UniqueFd mountNamespace_; // see releaseMountNamespace()
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

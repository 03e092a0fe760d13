#include "api/exec_stream.h"

#include "api/stream_io.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace berth::api {

namespace {

// How long output is still read after the process has exited: what it wrote just before
// is in the pipe already, but a child it left behind may keep the pipe open.
constexpr int kDrainMillis = 50;

enum Slot { kOutput, kError, kClient, kExited, kSlots };

struct RelayState {
    HijackedConnection& client;
    ExecStreams& streams;
    DetachMatcher detach;
    bool detached = false;
    bool clientReading = true;
    bool processExited = false;
    char buffer[32768];
};

int descriptorOf(UniqueFd* fd) {
    return fd != nullptr && *fd ? fd->get() : -1;
}

// Forwards one read of output to the client; false when that stream has ended.
bool forwardOutput(RelayState& state, UniqueFd& source, StreamKind kind, bool sendToClient) {
    ssize_t n = ::read(source.get(), state.buffer, sizeof state.buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return true;
    }
    if (n <= 0) {
        // EIO from a pty master: every holder of the terminal has closed it.
        source.reset();
        return false;
    }
    std::string_view data(state.buffer, size_t(n));
    if (!sendToClient) {
        return true;
    }
    bool raw = state.streams.terminal != nullptr;
    (void)writeAll(state.client.socket.get(), raw ? std::string(data) : encodeFrame(kind, data));
    return true;
}

void forwardInput(RelayState& state, std::string_view data) {
    if (!state.streams.forwardStdin) {
        return;
    }
    std::string forward;
    state.detached = state.detach.feed(data, forward);
    int target = state.streams.terminal ? descriptorOf(state.streams.terminal)
                                        : descriptorOf(state.streams.stdinWriter);
    if (target >= 0 && !forward.empty()) {
        (void)writeAll(target, forward);
    }
}

void readClient(RelayState& state) {
    ssize_t n = ::read(state.client.socket.get(), state.buffer, sizeof state.buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return;
    }
    if (n <= 0) {
        // The client closed its write side: end the process's stdin.
        state.clientReading = false;
        if (state.streams.stdinWriter != nullptr) {
            state.streams.stdinWriter->reset();
        }
        return;
    }
    forwardInput(state, std::string_view(state.buffer, size_t(n)));
}

} // namespace

ExecRelayEnd relayExec(HijackedConnection& client, ExecStreams& streams) {
    RelayState state{client, streams, DetachMatcher(streams.detachKeys)};
    if (!client.pending.empty()) {
        forwardInput(state, client.pending);
        client.pending.clear();
    }
    UniqueFd* output = streams.terminal ? streams.terminal : streams.stdoutReader;
    UniqueFd* errors = streams.terminal ? nullptr : streams.stderrReader;
    for (;;) {
        pollfd descriptors[kSlots] = {
            {descriptorOf(output), POLLIN, 0},
            {descriptorOf(errors), POLLIN, 0},
            {client.socket.get(), short(state.clientReading ? POLLIN | POLLRDHUP : 0), 0},
            {state.processExited ? -1 : streams.exited, POLLIN, 0},
        };
        if (state.detached) {
            return ExecRelayEnd::Detached;
        }
        if (descriptors[kOutput].fd < 0 && descriptors[kError].fd < 0) {
            return ExecRelayEnd::OutputEnded;
        }
        int ready = ::poll(descriptors, kSlots, state.processExited ? kDrainMillis : -1);
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready == 0) {
            return ExecRelayEnd::OutputEnded; // drained after the exit
        }
        if (ready < 0) {
            return ExecRelayEnd::ClientClosed;
        }
        if (descriptors[kOutput].revents & (POLLIN | POLLHUP | POLLERR)) {
            bool stdout = streams.terminal || streams.sendStdout;
            (void)forwardOutput(state, *output, StreamKind::Stdout, stdout);
        }
        if (descriptors[kError].revents & (POLLIN | POLLHUP | POLLERR)) {
            (void)forwardOutput(state, *errors, StreamKind::Stderr, streams.sendStderr);
        }
        short clientEvents = descriptors[kClient].revents;
        if (clientEvents & (POLLHUP | POLLERR)) {
            return ExecRelayEnd::ClientClosed;
        }
        if (state.clientReading && (clientEvents & (POLLIN | POLLRDHUP))) {
            readClient(state);
        }
        if (descriptors[kExited].revents & POLLIN) {
            state.processExited = true;
        }
    }
}

} // namespace berth::api

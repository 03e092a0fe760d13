#pragma once

// Byte streams of attach and logs: Docker's multiplexed frames and the copy loop between
// a hijacked client connection and a container's attach connection.

#include "api/http.h"
#include "common/unique_fd.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace berth::api {

enum class StreamKind : uint8_t { Stdin = 0, Stdout = 1, Stderr = 2 };

// One frame: stream byte, three zero bytes, big-endian 32-bit length, then the data.
[[nodiscard]] std::string encodeFrame(StreamKind stream, std::string_view data);

// Docker's --detach-keys form: "ctrl-p,ctrl-q", "ctrl-a,x". Empty text gives ctrl-p,ctrl-q.
[[nodiscard]] Result<std::string> parseDetachKeys(std::string_view text);

// Tracks how much of the detach sequence the client has typed. Bytes held back while they
// might start the sequence are released when the next byte does not continue it.
class DetachMatcher final {
public:
    explicit DetachMatcher(std::string keys)
        : keys_(std::move(keys)) {}

    // Appends what may be forwarded to out; true when the whole sequence was typed.
    bool feed(std::string_view input, std::string& out) {
        if (keys_.empty()) {
            out.append(input);
            return false;
        }
        for (char c : input) {
            if (c == keys_[matched_]) {
                ++matched_;
                if (matched_ == keys_.size()) {
                    return true;
                }
                continue;
            }
            out.append(keys_.substr(0, matched_));
            matched_ = 0;
            if (c == keys_[0]) {
                matched_ = 1;
            } else {
                out.push_back(c);
            }
        }
        return false;
    }

private:
    std::string keys_;
    size_t matched_ = 0;
};

struct ProxyOptions {
    bool forwardStdin = false;
    std::string detachKeys; // bytes that end the attach when typed; empty to disable
};

enum class ProxyEnd { ContainerOutputEnded, ClientClosed, Detached };

// Copies client input to the container (when forwardStdin) and container output to the
// client until the container's side ends, the client goes away, or the detach keys are
// typed. A client that closes its write side closes the container's stdin.
ProxyEnd proxyAttach(HijackedConnection& client, UniqueFd& container, const ProxyOptions& options);

// Writes all of data to fd, retrying short writes; false when the peer is gone.
[[nodiscard]] bool writeAll(int fd, std::string_view data);

} // namespace berth::api

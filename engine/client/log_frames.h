#pragma once

// Splits the multiplexed stream that logs and attach send when the container has no tty:
// each frame is an 8-byte header (stream number, three zero bytes, big-endian payload
// length) and the payload. Frames may arrive split across any number of reads.

#include "common/error.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace berth::client {

enum class LogStream { Stdin = 0, Stdout = 1, Stderr = 2 };

class LogFrameDecoder final {
public:
    using Sink = std::function<void(LogStream, std::string_view)>;

    explicit LogFrameDecoder(Sink sink)
        : sink_(std::move(sink)) {}

    // Feeds the next bytes; calls the sink once per complete frame. A header with an
    // unknown stream number is InvalidArgument, and the decoder is then unusable.
    [[nodiscard]] Result<void> feed(std::string_view bytes);

    // True when no partial frame is buffered.
    [[nodiscard]] bool idle() const { return pending_.empty(); }

private:
    Sink sink_;
    std::string pending_;
};

} // namespace berth::client

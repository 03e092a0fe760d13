#pragma once

// The output of a RUN step as it is written: the builder attaches to the step's container
// before its process runs and passes each piece of stdout and stderr on as a
// {"stream": text} message, as Docker's classic builder does. Private to the builder.

#include "build/builder.h"
#include "container/container.h"

#include <string>
#include <string_view>

namespace berth::build {

// Starts the created container id, passes its output to progress while it runs, and
// returns its state once it has exited. Output that the attach stream did not carry (all
// of it when the attach failed) is read from the container's log after the exit. Fails with
// Cancelled when options.cancelled says so; the caller removes the container.
[[nodiscard]] Result<container::State> runWithLiveOutput(container::Manager& containers,
                                                         const std::string& id,
                                                         const BuildOptions& options,
                                                         const ProgressFunction& progress);

// Splits the multiplexed frames of an attach stream (stream byte, three zero bytes,
// big-endian 32-bit length, data) into text for {"stream": ...} messages. The text is
// valid UTF-8: a character split across reads waits for its other bytes, and invalid
// bytes become U+FFFD.
class FrameText final {
public:
    explicit FrameText(bool raw)
        : raw_(raw) {}

    // The text of the frames completed by bytes; may be empty.
    [[nodiscard]] std::string feed(std::string_view bytes);

    // The text still held back at the end of the stream.
    [[nodiscard]] std::string finish();

private:
    bool raw_; // a terminal's stream, which has no frames
    std::string frames_;
    std::string text_;
};

} // namespace berth::build

// runWithLiveOutput: the RUN container's output reaches the client while the step runs.
// The container is started on a helper thread because start() waits until the announced
// attach has connected, and attach() waits for that start. Every progress call is made on
// the caller's thread.

#include "build/run_output.h"

#include "common/fs.h"
#include "common/log.h"
#include "container/json_log.h"
#include "container/manager.h"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <optional>
#include <thread>

namespace berth::build {

namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";
constexpr size_t kFrameHeaderSize = 8;

bool isContinuation(unsigned char byte, unsigned char low = 0x80, unsigned char high = 0xBF) {
    return byte >= low && byte <= high;
}

// The length of the UTF-8 sequence that starts at text[0]: 0 when it is invalid, and
// std::nullopt when text ends before the sequence does. The ranges are those of
// RFC 3629, so overlong forms and surrogates are invalid, as JSON encoders require.
std::optional<size_t> sequenceLength(std::string_view text) {
    auto lead = static_cast<unsigned char>(text[0]);
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    for (size_t i = 1; i < length; ++i) {
        if (i >= text.size()) {
            return std::nullopt;
        }
        auto byte = static_cast<unsigned char>(text[i]);
        if (i == 1 ? !isContinuation(byte, low, high) : !isContinuation(byte)) {
            return 0;
        }
    }
    return length;
}

// Moves the valid UTF-8 at the front of pending to the result, with U+FFFD in place of each
// invalid byte. An incomplete sequence at the end stays in pending unless final.
std::string takeValidUtf8(std::string& pending, bool final) {
    std::string valid;
    std::string_view rest = pending;
    while (!rest.empty()) {
        auto length = sequenceLength(rest);
        if (!length && !final) {
            break;
        }
        if (!length || *length == 0) {
            valid += kReplacementCharacter;
            rest.remove_prefix(1);
            continue;
        }
        valid.append(rest.substr(0, *length));
        rest.remove_prefix(*length);
    }
    pending = std::string(rest);
    return valid;
}

bool isCancelled(const BuildOptions& options) {
    return options.cancelled && options.cancelled();
}

// The container's output from its log after the first skipBytes bytes of text, once it
// has exited. It is the whole output when the attach failed, and the rest when the attach
// stream ended early: the shim drops a client that falls 8 MiB behind.
// NOTE: the log keeps a partial line until its newline, so when stdout and stderr
// interleave partial lines, the rest can start at a slightly different place.
void replayLog(container::Manager& containers, const std::string& id, size_t skipBytes,
               const ProgressFunction& progress) {
    auto record = containers.inspect(id);
    if (!record) {
        return;
    }
    auto log = fs::readFile(record->logPath());
    if (!log) {
        log::warning("build: read the output of container {}: {}", id, log.error().message);
        return;
    }
    std::string_view rest = *log;
    while (!rest.empty()) {
        size_t end = rest.find('\n');
        auto entry = container::parseJsonLogLine(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        if (!entry) {
            continue;
        }
        if (skipBytes >= entry->text.size()) {
            skipBytes -= entry->text.size();
            continue;
        }
        progress({{"stream", entry->text.substr(skipBytes)}});
        skipBytes = 0;
    }
}

// Reads the attach stream until the container's side ends, passing its text to progress.
// Adds the number of bytes of text sent to sent, also when it fails. That text has U+FFFD
// in place of invalid UTF-8, as the container's log has, so the two counts compare.
Result<void> relayOutput(int fd, bool tty, const std::string& id, const BuildOptions& options,
                         const ProgressFunction& progress, size_t& sent) {
    FrameText text(tty);
    auto send = [&](const std::string& piece) {
        if (!piece.empty()) {
            progress({{"stream", piece}});
            sent += piece.size();
        }
    };
    char buffer[16384];
    for (;;) {
        if (isCancelled(options)) {
            return fail(ErrorKind::Cancelled, "the build was cancelled: the client went away");
        }
        pollfd readable{fd, POLLIN, 0};
        int ready = ::poll(&readable, 1, 250);
        if (ready < 0 && errno != EINTR) {
            return failSys(fmt::format("poll the output of container {}", id));
        }
        if (ready <= 0) {
            continue;
        }
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            return failSys(fmt::format("read the output of container {}", id));
        }
        if (n == 0) {
            break;
        }
        send(text.feed(std::string_view(buffer, size_t(n))));
    }
    send(text.finish());
    return {};
}

} // namespace

std::string FrameText::feed(std::string_view bytes) {
    if (raw_) {
        text_.append(bytes);
        return takeValidUtf8(text_, false);
    }
    frames_.append(bytes);
    size_t offset = 0;
    while (frames_.size() - offset >= kFrameHeaderSize) {
        const auto* header = reinterpret_cast<const unsigned char*>(frames_.data() + offset);
        size_t length = size_t(header[4]) << 24 | size_t(header[5]) << 16 | size_t(header[6]) << 8 |
                        size_t(header[7]);
        if (frames_.size() - offset - kFrameHeaderSize < length) {
            break;
        }
        text_.append(frames_, offset + kFrameHeaderSize, length);
        offset += kFrameHeaderSize + length;
    }
    frames_.erase(0, offset);
    return takeValidUtf8(text_, false);
}

std::string FrameText::finish() {
    return takeValidUtf8(text_, true);
}

Result<container::State> runWithLiveOutput(container::Manager& containers, const std::string& id,
                                           const BuildOptions& options,
                                           const ProgressFunction& progress) {
    auto ticket = containers.announceAttach(id);
    if (!ticket) {
        return std::unexpected(ticket.error());
    }

    std::atomic<bool> startFinished = false;
    Result<bool> started = false;
    std::jthread starter([&] {
        started = containers.start(id);
        startFinished = true;
    });
    auto startFailed = [&] { return startFinished && !started; };

    runtime::AttachOptions streams;
    streams.stdout = true;
    streams.stderr = true;
    auto attached = containers.attach(
        id, streams, [&] { return startFailed() || isCancelled(options); }, std::move(*ticket));
    size_t sent = 0;
    if (attached) {
        auto relayed =
            relayOutput(attached->connection.get(), attached->tty, id, options, progress, sent);
        if (!relayed && relayed.error().kind == ErrorKind::Cancelled) {
            return std::unexpected(relayed.error());
        }
        if (!relayed) {
            log::warning("build: {}, so the rest of the output follows the step's end",
                         relayed.error().message);
        }
    }
    starter.join();
    if (!started) {
        return std::unexpected(started.error());
    }
    if (!attached) {
        log::debug("build: attach to container {}: {}", id, attached.error().message);
    }

    auto state = containers.wait(id, container::WaitCondition::NotRunning,
                                 [&options] { return isCancelled(options); });
    if (!state) {
        return std::unexpected(state.error());
    }
    replayLog(containers, id, sent, progress);
    return state;
}

} // namespace berth::build

#include "client/log_frames.h"

#include <fmt/format.h>

namespace berth::client {

namespace {

constexpr size_t kHeaderSize = 8;

uint32_t readPayloadSize(std::string_view header) {
    uint32_t size = 0;
    for (size_t i = 4; i < kHeaderSize; ++i) {
        size = (size << 8) | static_cast<uint8_t>(header[i]);
    }
    return size;
}

} // namespace

Result<void> LogFrameDecoder::feed(std::string_view bytes) {
    pending_.append(bytes);
    size_t offset = 0;
    while (pending_.size() - offset >= kHeaderSize) {
        const std::string_view header(pending_.data() + offset, kHeaderSize);
        const auto stream = static_cast<uint8_t>(header[0]);
        if (stream > 2) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid log frame: unknown stream number {}", stream));
        }
        const uint32_t size = readPayloadSize(header);
        if (pending_.size() - offset - kHeaderSize < size) {
            break;
        }
        sink_(static_cast<LogStream>(stream),
              std::string_view(pending_.data() + offset + kHeaderSize, size));
        offset += kHeaderSize + size;
    }
    pending_.erase(0, offset);
    return {};
}

} // namespace berth::client

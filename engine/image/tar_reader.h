#pragma once

// Streams a tar archive, plain or compressed, from a file descriptor and hashes the
// uncompressed tar bytes in the same pass.
//
// Two libarchive readers are chained: the first reads the descriptor with every supported
// compression filter and the "raw" format, so its data blocks are the decompressed stream;
// the second parses tar from those blocks through a read callback. Each block is hashed as
// it passes from the first reader to the second (on a second thread, see BackgroundHasher),
// so the digest is the layer's diff id and nothing is copied or buffered beyond
// libarchive's own read-ahead.

#include "common/error.h"
#include "image/background_hasher.h"
#include "image/input.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct archive;

namespace berth::image {

class TarSplitRecorder;

class TarReader final {
public:
    struct Options {
        std::function<void(int64_t)> progress; // input bytes consumed so far
        const std::atomic<bool>* cancelled = nullptr;
        // Sees every uncompressed byte, in order, when set.
        TarSplitRecorder* recorder = nullptr;
    };

    // Starts reading the archive from read.
    [[nodiscard]] static Result<std::unique_ptr<TarReader>> open(ReadFunction read,
                                                                 Options options);
    ~TarReader();
    TarReader(const TarReader&) = delete;
    TarReader& operator=(const TarReader&) = delete;

    // The tar reader, for archive_read_next_header and archive_read_data_block.
    [[nodiscard]] archive* tar() const { return tar_; }

    // The error of the last failed call on tar(), with a cause from the decompressing
    // reader or from cancellation when that is where it started.
    [[nodiscard]] Error lastError() const;

    // Reads what follows the end-of-archive marker and returns the diff id, "sha256:<hex>",
    // of the whole uncompressed stream.
    [[nodiscard]] Result<std::string> finish();

    // Input bytes read so far.
    [[nodiscard]] int64_t consumed() const { return consumed_; }

private:
    TarReader(ReadFunction read, Options options);
    static long readInput(archive* reader, void* self, const void** buffer);
    static long readDecompressed(archive* reader, void* self, const void** buffer);

    ReadFunction read_;
    Options options_;
    archive* input_ = nullptr; // descriptor -> decompressed bytes
    archive* tar_ = nullptr;   // decompressed bytes -> tar entries
    std::vector<char> buffer_;
    // Stopped first in the destructor: it may still be reading a block owned by input_.
    std::unique_ptr<BackgroundHasher> hasher_ = std::make_unique<BackgroundHasher>();
    int64_t consumed_ = 0;
    bool inputAtEnd_ = false;
    std::optional<Error> inputError_;
};

} // namespace berth::image

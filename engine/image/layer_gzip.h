#pragma once

// A layer's tar compressed with gzip into an unnamed temporary file, for docker push.
// Docker pushes gzip layers: the manifest names the digest and size of the compressed blob,
// and the image config keeps the digest of the uncompressed tar (the diff id). The upload
// needs the compressed digest at its end and rereads any range of the blob when a chunk
// is retried, so the blob is written to a file first and never held in memory.

#include "common/error.h"
#include "common/unique_fd.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace berth::image {

struct GzipBlob {
    UniqueFd file;      // unnamed (O_TMPFILE): the blob goes away when the descriptor closes
    std::string digest; // "sha256:" + hex of the compressed bytes
    int64_t size = 0;   // compressed size in bytes
};

// Writes a tar as it arrives in chunks to a sink; the store's writeLayerTar has this form.
using TarWriter =
    std::function<Result<void>(const std::function<Result<void>(std::string_view)>& sink)>;

// Compresses the tar that writeTar produces into a new unnamed file under directory, which
// must exist. progress receives the number of tar bytes compressed so far, after each
// chunk. Blocks of the tar that look incompressible (random or already compressed bytes)
// are stored in the gzip stream as they are, which any gunzip reads. The output of one zlib
// version is the same for the same tar however writeTar cuts it into chunks, so a layer
// pushed twice gets the same digest.
[[nodiscard]] Result<GzipBlob> compressToGzipFile(const std::filesystem::path& directory,
                                                  const TarWriter& writeTar,
                                                  const std::function<void(int64_t)>& progress);

// Whether a block of bytes looks not worth compressing: its bytes are spread almost evenly
// over all 256 values, as in random or already compressed data.
[[nodiscard]] bool looksIncompressible(std::string_view block);

} // namespace berth::image

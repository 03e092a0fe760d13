#include "image/layer_gzip.h"

#include "common/sha256.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <memory>

namespace berth::image {

namespace {

// Level 6, the default of zlib and of Go's gzip.NewWriter, which Docker's push uses.
constexpr int kGzipLevel = Z_DEFAULT_COMPRESSION;
// windowBits 15 plus 16 makes zlib write a gzip header and trailer instead of a zlib one.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;
constexpr size_t kOutputBuffer = 256 * 1024;
// The tar is compressed in blocks of this size, each at level 6 or, when it looks
// incompressible, stored as it is (level 0).
constexpr size_t kBlock = 64 * 1024;
// A last block shorter than this keeps the level of the block before it: the entropy of a
// few bytes is not a reliable measure.
constexpr size_t kShortestProbe = 4096;
// Order-0 entropy in bits per byte above which a block counts as incompressible. Random and
// deflated bytes measure 7.99 and more over 64 KiB; text about 5, executables 3 to 6.5. At 7.9
// Huffman coding could save about 1 %, which is not worth deflate's search, and deflate at level 6
// runs at about 50 MB/s on such bytes against gigabytes per second for stored blocks. NOTE: bytes
// spread evenly but repeated within deflate's 32 KiB window (the same compressed file twice in a
// row) compress well and are stored anyway.
constexpr double kIncompressibleBits = 7.9;

Result<UniqueFd> makeUnnamedFile(const std::filesystem::path& directory) {
    UniqueFd fd(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (fd || errno != EOPNOTSUPP) {
        if (!fd) {
            return failSys(fmt::format("create a temporary file in {}", directory.string()));
        }
        return fd;
    }
    // A file system without O_TMPFILE: a named file, unlinked at once.
    std::string pattern = (directory / "layer-XXXXXX").string();
    fd.reset(::mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd) {
        return failSys(fmt::format("create a temporary file in {}", directory.string()));
    }
    if (::unlink(pattern.c_str()) < 0) {
        return failSys(fmt::format("remove {}", pattern));
    }
    return fd;
}

Result<void> writeAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return failSys("write the compressed layer");
        }
        bytes.remove_prefix(size_t(n));
    }
    return {};
}

// Owns a zlib deflate stream that writes a gzip blob to a file and hashes it on the way.
class GzipWriter final {
public:
    explicit GzipWriter(int fd)
        : fd_(fd) {}
    ~GzipWriter() {
        if (initialised_) {
            deflateEnd(&stream_);
        }
    }
    GzipWriter(const GzipWriter&) = delete;
    GzipWriter& operator=(const GzipWriter&) = delete;

    Result<void> init() {
        int status = deflateInit2(&stream_, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                                  Z_DEFAULT_STRATEGY);
        if (status != Z_OK) {
            return fail(ErrorKind::System,
                        fmt::format("start gzip compression: zlib error {}", status));
        }
        initialised_ = true;
        block_.reserve(kBlock);
        return {};
    }

    // Takes the tar in pieces of any size. It is compressed in blocks of kBlock bytes, so the
    // same tar gives the same blob however it was cut.
    Result<void> write(std::string_view input) {
        while (!input.empty()) {
            size_t taken = std::min(input.size(), kBlock - block_.size());
            block_.append(input.substr(0, taken));
            input.remove_prefix(taken);
            if (block_.size() == kBlock) {
                if (auto compressed = compressBlock(); !compressed) {
                    return compressed;
                }
            }
        }
        return {};
    }

    Result<void> finish() {
        if (auto compressed = compressBlock(); !compressed) {
            return compressed;
        }
        return run({}, Z_FINISH);
    }

    [[nodiscard]] int64_t size() const { return size_; }
    [[nodiscard]] std::string digest() { return digestOf(hash_.finishHex()); }

private:
    Result<void> compressBlock() {
        if (block_.size() >= kShortestProbe) {
            int level = looksIncompressible(block_) ? Z_NO_COMPRESSION : kGzipLevel;
            if (level != level_) {
                if (auto changed = changeLevel(level); !changed) {
                    return changed;
                }
            }
        }
        auto compressed = run(block_, Z_NO_FLUSH);
        block_.clear();
        return compressed;
    }

    // deflateParams ends the current deflate block before the new level applies. It returns
    // Z_BUF_ERROR while the output buffer is too small for that block's end, so the output
    // is written out and the call repeated.
    Result<void> changeLevel(int level) {
        for (;;) {
            stream_.next_in = nullptr;
            stream_.avail_in = 0;
            stream_.next_out = reinterpret_cast<Bytef*>(output_.data());
            stream_.avail_out = uInt(output_.size());
            int status = deflateParams(&stream_, level, Z_DEFAULT_STRATEGY);
            size_t producedSize = output_.size() - stream_.avail_out;
            if (auto written = emit(producedSize); !written) {
                return written;
            }
            if (status == Z_OK) {
                level_ = level;
                return {};
            }
            if (status != Z_BUF_ERROR || producedSize == 0) {
                return fail(ErrorKind::System,
                            fmt::format("change the gzip level: zlib error {}", status));
            }
        }
    }

    Result<void> emit(size_t producedSize) {
        std::string_view produced(output_.data(), producedSize);
        if (auto written = writeAll(fd_, produced); !written) {
            return written;
        }
        hash_.update(produced);
        size_ += int64_t(produced.size());
        return {};
    }

    // Feeds input to zlib and writes out every byte it produces. With Z_FINISH it runs
    // until zlib has written the gzip trailer.
    Result<void> run(std::string_view input, int flush) {
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
        stream_.avail_in = uInt(input.size());
        for (;;) {
            stream_.next_out = reinterpret_cast<Bytef*>(output_.data());
            stream_.avail_out = uInt(output_.size());
            int status = deflate(&stream_, flush);
            if (status == Z_STREAM_ERROR) {
                return fail(ErrorKind::System, "gzip compression failed: zlib stream error");
            }
            if (auto written = emit(output_.size() - stream_.avail_out); !written) {
                return written;
            }
            bool done = flush == Z_FINISH ? status == Z_STREAM_END
                                          : stream_.avail_in == 0 && stream_.avail_out != 0;
            if (done) {
                return {};
            }
        }
    }

    int fd_;
    z_stream stream_{};
    bool initialised_ = false;
    int level_ = kGzipLevel;
    std::string block_;
    std::array<char, kOutputBuffer> output_{};
    Sha256 hash_;
    int64_t size_ = 0;
};

} // namespace

bool looksIncompressible(std::string_view block) {
    std::array<uint32_t, 256> counts{};
    for (char c : block) {
        ++counts[static_cast<unsigned char>(c)];
    }
    double total = double(block.size());
    double bits = 0;
    for (uint32_t count : counts) {
        if (count != 0) {
            double p = double(count) / total;
            bits -= p * std::log2(p);
        }
    }
    return bits > kIncompressibleBits;
}

Result<GzipBlob> compressToGzipFile(const std::filesystem::path& directory,
                                    const TarWriter& writeTar,
                                    const std::function<void(int64_t)>& progress) {
    auto file = makeUnnamedFile(directory);
    if (!file) {
        return std::unexpected(file.error());
    }
    // On the heap, because the output buffer is 256 KiB.
    auto writer = std::make_unique<GzipWriter>(file->get());
    if (auto started = writer->init(); !started) {
        return std::unexpected(started.error());
    }
    int64_t consumed = 0;
    auto compressed = writeTar([&](std::string_view bytes) -> Result<void> {
        if (auto written = writer->write(bytes); !written) {
            return written;
        }
        consumed += int64_t(bytes.size());
        if (progress) {
            progress(consumed);
        }
        return {};
    });
    if (!compressed) {
        return std::unexpected(compressed.error());
    }
    if (auto finished = writer->finish(); !finished) {
        return std::unexpected(finished.error());
    }
    GzipBlob blob;
    blob.size = writer->size();
    blob.digest = writer->digest();
    blob.file = std::move(*file);
    return blob;
}

} // namespace berth::image

#include "image/layer_gzip.h"

#include "common/sha256.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <memory>

namespace berth::image {

namespace {

// Level 6, the default of zlib and of Go's gzip.NewWriter, which Docker's push uses
// (moby, daemon/internal/distribution/push.go).
constexpr int kGzipLevel = Z_DEFAULT_COMPRESSION;
// windowBits 15 plus 16 makes zlib write a gzip header and trailer instead of a zlib one.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;
constexpr size_t kOutputBuffer = 256 * 1024;

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
        return {};
    }

    Result<void> write(std::string_view input) { return run(input, Z_NO_FLUSH); }

    Result<void> finish() { return run({}, Z_FINISH); }

    [[nodiscard]] int64_t size() const { return size_; }
    [[nodiscard]] std::string digest() { return digestOf(hash_.finishHex()); }

private:
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
            std::string_view produced(output_.data(), output_.size() - stream_.avail_out);
            if (auto written = writeAll(fd_, produced); !written) {
                return written;
            }
            hash_.update(produced);
            size_ += int64_t(produced.size());
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
    std::array<char, kOutputBuffer> output_{};
    Sha256 hash_;
    int64_t size_ = 0;
};

} // namespace

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

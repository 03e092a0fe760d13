#include "image/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

namespace berth::image {

namespace {

// Large reads keep the syscall count low and let tar file data reach write() in big blocks.
constexpr size_t kInputBufferSize = 1 << 20;

std::string archiveMessage(archive* reader) {
    const char* text = archive_error_string(reader);
    return text != nullptr ? text : "unknown libarchive error";
}

} // namespace

TarReader::TarReader(int fd, Options options)
    : fd_(fd)
    , options_(std::move(options))
    , buffer_(kInputBufferSize) {}

TarReader::~TarReader() {
    if (tar_ != nullptr) {
        archive_read_free(tar_);
    }
    if (input_ != nullptr) {
        archive_read_free(input_);
    }
}

Result<std::unique_ptr<TarReader>> TarReader::open(int fd, Options options) {
    std::unique_ptr<TarReader> reader(new TarReader(fd, std::move(options)));

    // Only filters libarchive links in; filter_all would also bid with external programs
    // (lrzip, lzop, grzip), which a daemon must not fork.
    reader->input_ = archive_read_new();
    archive* input = reader->input_;
    archive_read_support_filter_gzip(input);
    archive_read_support_filter_bzip2(input);
    archive_read_support_filter_xz(input);
    archive_read_support_filter_lzma(input);
    archive_read_support_filter_zstd(input);
    archive_read_support_filter_lz4(input);
    archive_read_support_format_raw(input);
    if (archive_read_open(input, reader.get(), nullptr, &TarReader::readInput, nullptr) !=
        ARCHIVE_OK) {
        return std::unexpected(reader->lastError().context("read archive"));
    }
    archive_entry* entry = nullptr;
    int status = archive_read_next_header(input, &entry);
    if (status == ARCHIVE_EOF) {
        reader->inputAtEnd_ = true;
    } else if (status != ARCHIVE_OK) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read archive: {}", archiveMessage(input)));
    }

    // "empty" accepts an empty stream as an archive without entries, as Docker does.
    reader->tar_ = archive_read_new();
    archive_read_support_format_tar(reader->tar_);
    archive_read_support_format_empty(reader->tar_);
    if (archive_read_open(reader->tar_, reader.get(), nullptr, &TarReader::readDecompressed,
                          nullptr) != ARCHIVE_OK) {
        return std::unexpected(reader->lastError().context("read archive"));
    }
    return reader;
}

long TarReader::readInput(archive* reader, void* self, const void** buffer) {
    auto* that = static_cast<TarReader*>(self);
    if (that->options_.cancelled != nullptr && that->options_.cancelled->load()) {
        that->inputError_ = Error{ErrorKind::Cancelled, "cancelled", ECANCELED};
        archive_set_error(reader, ECANCELED, "cancelled");
        return -1;
    }
    for (;;) {
        ssize_t n = ::read(that->fd_, that->buffer_.data(), that->buffer_.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            int err = errno;
            that->inputError_ = failErrno("read input", err).error();
            archive_set_error(reader, err, "read input");
            return -1;
        }
        that->consumed_ += n;
        if (that->options_.progress && n > 0) {
            that->options_.progress(that->consumed_);
        }
        *buffer = that->buffer_.data();
        return long(n);
    }
}

long TarReader::readDecompressed(archive* reader, void* self, const void** buffer) {
    auto* that = static_cast<TarReader*>(self);
    if (that->inputAtEnd_) {
        return 0;
    }
    size_t size = 0;
    la_int64_t offset = 0;
    int status = archive_read_data_block(that->input_, buffer, &size, &offset);
    if (status == ARCHIVE_EOF) {
        that->inputAtEnd_ = true;
        return 0;
    }
    if (status != ARCHIVE_OK) {
        if (!that->inputError_) {
            that->inputError_ = Error{ErrorKind::InvalidArgument, archiveMessage(that->input_),
                                      archive_errno(that->input_)};
        }
        archive_set_error(reader, that->inputError_->errnum, "%s",
                          that->inputError_->message.c_str());
        return -1;
    }
    that->hasher_.update(std::span(static_cast<const std::byte*>(*buffer), size));
    return long(size);
}

Error TarReader::lastError() const {
    if (inputError_) {
        return *inputError_;
    }
    archive* failed = tar_ != nullptr ? tar_ : input_;
    return Error{ErrorKind::InvalidArgument, archiveMessage(failed), archive_errno(failed)};
}

Result<std::string> TarReader::finish() {
    // Docker hashes the whole decompressed stream, padding after the end marker included.
    while (!inputAtEnd_) {
        const void* block = nullptr;
        if (readDecompressed(tar_, this, &block) < 0) {
            return std::unexpected(lastError());
        }
    }
    return "sha256:" + hasher_.finishHex();
}

} // namespace berth::image

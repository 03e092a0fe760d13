#include "image/tar_reader.h"

#include "image/tar_split.h"

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

// libarchive's "Unrecognized archive format" does not name the formats expected.
constexpr std::string_view kNotTar = "invalid tar header: the input is not a tar archive (plain "
                                     "or compressed with gzip, bzip2, xz or zstd)";

} // namespace

ReadFunction readFromFd(int fd) {
    return [fd](std::span<char> buffer) -> Result<size_t> {
        for (;;) {
            ssize_t n = ::read(fd, buffer.data(), buffer.size());
            if (n >= 0) {
                return size_t(n);
            }
            if (errno != EINTR) {
                return failSys("read input");
            }
        }
    };
}

TarReader::TarReader(ReadFunction read, Options options)
    : read_(std::move(read))
    , options_(std::move(options))
    , buffer_(kInputBufferSize) {}

TarReader::~TarReader() {
    hasher_.reset();
    if (tar_ != nullptr) {
        archive_read_free(tar_);
    }
    if (input_ != nullptr) {
        archive_read_free(input_);
    }
}

Result<std::unique_ptr<TarReader>> TarReader::open(ReadFunction read, Options options) {
    std::unique_ptr<TarReader> reader(new TarReader(std::move(read), std::move(options)));

    // Only the filters built into libarchive. filter_all would also run external programs
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
    if (archive_read_open(input, reader.get(), nullptr, &TarReader::readInput, nullptr) ==
        ARCHIVE_OK) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(input, &entry);
        if (status == ARCHIVE_EOF) {
            reader->inputAtEnd_ = true;
        } else if (status != ARCHIVE_OK) {
            return std::unexpected(reader->lastError());
        }
    } else if (reader->consumed_ == 0 && !reader->inputError_) {
        // The raw format rejects an input of no bytes at all, which is an empty archive.
        reader->inputAtEnd_ = true;
    } else {
        return std::unexpected(reader->lastError());
    }

    // "empty" accepts an empty stream as an archive without entries, as Docker does.
    reader->tar_ = archive_read_new();
    archive_read_support_format_tar(reader->tar_);
    archive_read_support_format_empty(reader->tar_);
    if (archive_read_open(reader->tar_, reader.get(), nullptr, &TarReader::readDecompressed,
                          nullptr) != ARCHIVE_OK) {
        return std::unexpected(reader->lastError());
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
    auto n = that->read_(std::span(that->buffer_));
    if (!n) {
        that->inputError_ = n.error();
        archive_set_error(reader, n.error().errnum, "%s", n.error().message.c_str());
        return -1;
    }
    that->consumed_ += int64_t(*n);
    if (that->options_.progress && *n > 0) {
        that->options_.progress(that->consumed_);
    }
    *buffer = that->buffer_.data();
    return long(*n);
}

long TarReader::readDecompressed(archive* reader, void* self, const void** buffer) {
    auto* that = static_cast<TarReader*>(self);
    if (that->inputAtEnd_) {
        return 0;
    }
    size_t size = 0;
    la_int64_t offset = 0;
    // The next read may reuse the memory of the block still being hashed.
    that->hasher_->waitIdle();
    int status = archive_read_data_block(that->input_, buffer, &size, &offset);
    if (status == ARCHIVE_EOF) {
        that->inputAtEnd_ = true;
        return 0;
    }
    if (status != ARCHIVE_OK) {
        if (!that->inputError_) {
            std::string message = archiveMessage(that->input_);
            // liblzma reports a cut-off stream only as "No progress is possible".
            if (message.find("No progress is possible") != std::string::npos) {
                message = "truncated xz input";
            }
            that->inputError_ =
                Error{ErrorKind::InvalidArgument, message, archive_errno(that->input_)};
        }
        archive_set_error(reader, that->inputError_->errnum, "%s",
                          that->inputError_->message.c_str());
        return -1;
    }
    if (that->options_.recorder != nullptr) {
        that->options_.recorder->feed(std::span(static_cast<const char*>(*buffer), size));
    }
    that->hasher_->submit(*buffer, size);
    return long(size);
}

Error TarReader::lastError() const {
    if (inputError_) {
        return *inputError_;
    }
    archive* failed = tar_ != nullptr ? tar_ : input_;
    std::string message = archiveMessage(failed);
    if (message.starts_with("Unrecognized archive format")) {
        message = kNotTar;
    }
    return Error{ErrorKind::InvalidArgument, message, archive_errno(failed)};
}

Result<std::string> TarReader::finish() {
    // Docker hashes the whole decompressed stream, padding after the end marker included.
    while (!inputAtEnd_) {
        const void* block = nullptr;
        if (readDecompressed(tar_, this, &block) < 0) {
            return std::unexpected(lastError());
        }
    }
    return "sha256:" + hasher_->finish();
}

} // namespace berth::image

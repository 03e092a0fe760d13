// packBuildContext: a directory walk into a pax tar with the .dockerignore rules applied.

#include "client/build_context.h"

#include "client/context_filter.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

namespace berth::client {

namespace {

namespace stdfs = std::filesystem;

constexpr size_t kBlockSize = 256 * 1024;

struct ArchiveDeleter {
    void operator()(archive* handle) const { archive_free(handle); }
};
using Archive = std::unique_ptr<archive, ArchiveDeleter>;
using Entry = std::unique_ptr<archive_entry, void (*)(archive_entry*)>;

std::unexpected<Error> archiveError(archive* handle, std::string_view action) {
    const char* text = archive_error_string(handle);
    return fail(ErrorKind::System, fmt::format("{}: {}", action, text ? text : "unknown error"));
}

class ContextWriter final {
public:
    ContextWriter(const BuildContextSource& source, archive* tar)
        : source_(source)
        , tar_(tar)
        , filter_(source)
        , disk_(archive_read_disk_new()) {
        archive_read_disk_set_symlink_physical(disk_.get());
    }

    Result<void> write() {
        const std::string root = stdfs::path(source_.directory).lexically_normal().string();
        if (archive_read_disk_open(disk_.get(), root.c_str()) != ARCHIVE_OK) {
            return archiveError(disk_.get(), fmt::format("open the build context {}", root));
        }
        Entry entry(archive_entry_new(), archive_entry_free);
        for (;;) {
            archive_entry_clear(entry.get());
            int status = archive_read_next_header2(disk_.get(), entry.get());
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return archiveError(disk_.get(), fmt::format("read the build context {}", root));
            }
            std::string relative =
                stdfs::path(archive_entry_pathname(entry.get())).lexically_relative(root);
            if (relative == "." || relative.empty()) {
                archive_read_disk_descend(disk_.get());
                continue;
            }
            if (!filter_.keeps(relative, archive_entry_filetype(entry.get()) == AE_IFDIR)) {
                continue;
            }
            archive_read_disk_descend(disk_.get());
            if (auto written = writeEntry(entry.get(), relative); !written) {
                return written;
            }
        }
        if (source_.dockerfileText) {
            return writeText(source_.dockerfile, *source_.dockerfileText);
        }
        return {};
    }

private:
    Result<void> writeEntry(archive_entry* entry, const std::string& relative) {
        archive_entry_copy_pathname(entry, relative.c_str());
        archive_entry_set_uname(entry, nullptr);
        archive_entry_set_gname(entry, nullptr);
        if (archive_write_header(tar_, entry) < ARCHIVE_WARN) {
            return archiveError(tar_, fmt::format("write {} to the context", relative));
        }
        if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_size(entry) <= 0) {
            return {};
        }
        buffer_.resize(kBlockSize);
        for (;;) {
            la_ssize_t got = archive_read_data(disk_.get(), buffer_.data(), buffer_.size());
            if (got < 0) {
                return archiveError(disk_.get(), fmt::format("read {}", relative));
            }
            if (got == 0) {
                return {};
            }
            if (archive_write_data(tar_, buffer_.data(), size_t(got)) < 0) {
                return archiveError(tar_, fmt::format("write {} to the context", relative));
            }
        }
    }

    Result<void> writeText(const std::string& name, const std::string& text) {
        Entry entry(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(entry.get(), name.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), la_int64_t(text.size()));
        if (archive_write_header(tar_, entry.get()) < ARCHIVE_WARN ||
            archive_write_data(tar_, text.data(), text.size()) < 0) {
            return archiveError(tar_, fmt::format("write {} to the context", name));
        }
        return {};
    }

    const BuildContextSource& source_;
    archive* tar_;
    ContextFilter filter_;
    Archive disk_;
    std::vector<char> buffer_;
};

} // namespace

Result<void> packBuildContext(const BuildContextSource& source, int outFd) {
    Archive tar(archive_write_new());
    archive_write_set_format_pax_restricted(tar.get());
    if (archive_write_open_fd(tar.get(), outFd) != ARCHIVE_OK) {
        return archiveError(tar.get(), "start the build context archive");
    }
    if (auto written = ContextWriter(source, tar.get()).write(); !written) {
        return written;
    }
    if (archive_write_close(tar.get()) != ARCHIVE_OK) {
        return archiveError(tar.get(), "end the build context archive");
    }
    return {};
}

} // namespace berth::client

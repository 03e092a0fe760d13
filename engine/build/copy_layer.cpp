// writeCopyLayer: the COPY and ADD layer, written straight from disk.

#include "build/copy_layer.h"

#include "common/fs.h"
#include "common/unique_fd.h"
#include "image/archive_output.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <system_error>
#include <vector>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

constexpr size_t kBufferSize = 256 * 1024;

struct WriteFree {
    void operator()(archive* handle) const { archive_write_free(handle); }
};
struct ReadFree {
    void operator()(archive* handle) const { archive_read_free(handle); }
};
struct EntryFree {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using EntryPtr = std::unique_ptr<archive_entry, EntryFree>;

// Strips the leading '/' that tar entry names do not carry.
std::string entryName(const std::string& imagePath) {
    return imagePath.substr(imagePath.find_first_not_of('/'));
}

class CopyLayerWriter final {
public:
    CopyLayerWriter(archive* output, const CopyLayerRequest& request)
        : output_(output)
        , request_(request)
        , buffer_(kBufferSize) {}

    Result<void> write() {
        for (const auto& parent : request_.parentsToCreate) {
            if (auto made = writeDirectoryEntry(parent, 0755, false); !made) {
                return made;
            }
        }
        if (request_.destinationIsDirectory) {
            if (auto made = writeDirectoryEntry(request_.destination, 0755, true); !made) {
                return made;
            }
        }
        for (const auto& source : request_.sources) {
            if (auto copied = copySource(source); !copied) {
                return copied;
            }
        }
        return {};
    }

private:
    Result<void> copySource(const stdfs::path& source) {
        struct stat status {};
        if (::lstat(source.c_str(), &status) != 0) {
            return failSys(fmt::format("lstat {}", source.string()));
        }
        if (S_ISDIR(status.st_mode)) {
            return copyDirectoryContents(source, request_.destination);
        }
        std::string target = request_.destinationIsDirectory
                                 ? request_.destination + "/" + source.filename().string()
                                 : request_.destination;
        if (request_.extractArchives && S_ISREG(status.st_mode) &&
            std::ranges::find(request_.keptArchives, source) == request_.keptArchives.end()) {
            auto extracted = extractArchive(source);
            if (!extracted) {
                return std::unexpected(extracted.error());
            }
            if (*extracted) {
                return {};
            }
        }
        return copyEntry(source, target);
    }

    Result<void> copyDirectoryContents(const stdfs::path& directory, const std::string& target) {
        auto names = fs::sortedDirectoryNames(directory);
        if (!names) {
            return std::unexpected(names.error());
        }
        for (const auto& name : *names) {
            if (auto copied = copyEntry(directory / name, target + "/" + name); !copied) {
                return copied;
            }
        }
        return {};
    }

    Result<void> copyEntry(const stdfs::path& source, const std::string& target) {
        struct stat status {};
        if (::lstat(source.c_str(), &status) != 0) {
            return failSys(fmt::format("lstat {}", source.string()));
        }
        EntryPtr entry(archive_entry_new());
        archive_entry_copy_stat(entry.get(), &status);
        archive_entry_copy_pathname(entry.get(), entryName(target).c_str());
        applyOwnerAndMode(entry.get(), S_ISLNK(status.st_mode));
        if (S_ISLNK(status.st_mode)) {
            std::error_code ec;
            auto link = stdfs::read_symlink(source, ec);
            if (ec) {
                return fail(ErrorKind::System,
                            fmt::format("readlink {}: {}", source.string(), ec.message()));
            }
            archive_entry_copy_symlink(entry.get(), link.c_str());
        }
        if (auto header = writeHeader(entry.get(), target); !header) {
            return header;
        }
        if (S_ISREG(status.st_mode)) {
            return copyData(source, target);
        }
        if (S_ISDIR(status.st_mode)) {
            return copyDirectoryContents(source, target);
        }
        return {};
    }

    Result<void> copyData(const stdfs::path& source, const std::string& target) {
        UniqueFd file(::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!file) {
            return failSys(fmt::format("open {}", source.string()));
        }
        return image::writeEntryData(output_, file.get(), buffer_, source.string(), target);
    }

    // Unpacks source under the destination when libarchive reads it as a tar. Returns
    // false, having written nothing, when it is not an archive.
    Result<bool> extractArchive(const stdfs::path& source) {
        std::unique_ptr<archive, ReadFree> input(archive_read_new());
        archive_read_support_filter_all(input.get());
        archive_read_support_format_tar(input.get());
        if (archive_read_open_filename(input.get(), source.c_str(), kBufferSize) != ARCHIVE_OK) {
            return false;
        }
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(input.get(), &entry);
        if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
            return false;
        }
        std::string directory = request_.destinationIsDirectory
                                    ? request_.destination
                                    : stdfs::path(request_.destination).parent_path().string();
        for (; status == ARCHIVE_OK || status == ARCHIVE_WARN;
             status = archive_read_next_header(input.get(), &entry)) {
            auto copied = copyArchiveEntry(input.get(), entry, directory, source);
            if (!copied) {
                return std::unexpected(copied.error());
            }
        }
        if (status != ARCHIVE_EOF) {
            return image::archiveFailure(input.get(),
                                         fmt::format("read the archive {}", source.string()));
        }
        return true;
    }

    Result<void> copyArchiveEntry(archive* input, archive_entry* entry,
                                  const std::string& directory, const stdfs::path& source) {
        stdfs::path name = stdfs::path(archive_entry_pathname(entry)).lexically_normal();
        if (name.is_absolute() || (!name.empty() && *name.begin() == "..")) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("archive {} has the entry {} outside its root", source.string(),
                                    name.string()));
        }
        std::string target = directory + "/" + name.generic_string();
        archive_entry_copy_pathname(entry, entryName(target).c_str());
        if (const char* link = archive_entry_hardlink(entry)) {
            std::string linkTarget = directory + "/" + stdfs::path(link).generic_string();
            archive_entry_copy_hardlink(entry, entryName(linkTarget).c_str());
        }
        if (auto header = writeHeader(entry, target); !header) {
            return header;
        }
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int status = ARCHIVE_OK;
        while ((status = archive_read_data_block(input, &block, &size, &offset)) == ARCHIVE_OK) {
            if (archive_write_data(output_, block, size) != la_ssize_t(size)) {
                return image::archiveFailure(output_, fmt::format("write the data of {}", target));
            }
        }
        if (status != ARCHIVE_EOF) {
            return image::archiveFailure(input,
                                         fmt::format("read {} in {}", target, source.string()));
        }
        return {};
    }

    Result<void> writeDirectoryEntry(const std::string& path, mode_t mode, bool owned) {
        EntryPtr entry(archive_entry_new());
        archive_entry_copy_pathname(entry.get(), entryName(path).c_str());
        archive_entry_set_filetype(entry.get(), AE_IFDIR);
        archive_entry_set_perm(entry.get(), mode);
        archive_entry_set_mtime(entry.get(), ::time(nullptr), 0);
        if (owned) {
            applyOwnerAndMode(entry.get(), false);
        }
        return writeHeader(entry.get(), path);
    }

    void applyOwnerAndMode(archive_entry* entry, bool symlink) const {
        if (request_.uid) {
            archive_entry_set_uid(entry, *request_.uid);
            archive_entry_set_gid(entry, request_.gid.value_or(*request_.uid));
        }
        if (request_.mode && !symlink) {
            archive_entry_set_perm(entry, *request_.mode);
        }
    }

    Result<void> writeHeader(archive_entry* entry, const std::string& target) {
        // ARCHIVE_WARN: a name that is not text in the locale's charset, written as its raw
        // bytes under a pax "hdrcharset=BINARY" record, which readers take as they are.
        if (archive_write_header(output_, entry) < ARCHIVE_WARN) {
            return image::archiveFailure(output_,
                                         fmt::format("write the tar header of {}", target));
        }
        return {};
    }

    archive* output_;
    const CopyLayerRequest& request_;
    std::vector<char> buffer_;
};

std::string errorText(archive* handle) {
    const char* text = archive_error_string(handle);
    return text ? text : "unknown libarchive error";
}

} // namespace

Result<void> writeCopyLayer(const CopyLayerRequest& request, int fd) {
    std::unique_ptr<archive, WriteFree> output(archive_write_new());
    if (archive_write_set_format_pax_restricted(output.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(output.get(), 1) != ARCHIVE_OK ||
        archive_write_open_fd(output.get(), fd) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("open a tar writer for {}: {}",
                                                   request.destination, errorText(output.get())));
    }
    CopyLayerWriter writer(output.get(), request);
    if (auto written = writer.write(); !written) {
        return written;
    }
    if (archive_write_close(output.get()) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("finish the layer of {}: {}",
                                                   request.destination, errorText(output.get())));
    }
    return {};
}

} // namespace berth::build

// writeLayerTar: the upper dir of a container as a layer tar, with Docker's whiteout names.

#include "image/layer_tar_writer.h"

#include "common/unique_fd.h"
#include "image/archive_output.h"
#include "image/overlay_changes.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <system_error>
#include <utility>

namespace berth::image {

namespace {

namespace stdfs = std::filesystem;

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr const char* kCapabilityXattr = "security.capability";
constexpr size_t kCopyBufferSize = 256 * 1024;

struct ArchiveFree {
    void operator()(archive* handle) const { archive_write_free(handle); }
};
struct EntryFree {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;
using EntryPtr = std::unique_ptr<archive_entry, EntryFree>;

class LayerTarWriter final {
public:
    LayerTarWriter(archive* output, const stdfs::path& upper,
                   const std::vector<std::string>& excluded)
        : output_(output)
        , upper_(upper)
        , excluded_(excluded)
        , buffer_(kCopyBufferSize) {}

    Result<void> writeDirectory(const std::string& relative) {
        std::vector<std::string> names;
        std::error_code ec;
        stdfs::path directory = upper_ / relative;
        for (stdfs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
            names.push_back(it->path().filename().string());
        }
        if (ec) {
            return fail(ErrorKind::System,
                        fmt::format("read directory {}: {}", directory.string(), ec.message()));
        }
        std::ranges::sort(names);
        for (const auto& name : names) {
            std::string child = relative.empty() ? name : relative + "/" + name;
            if (isExcluded("/" + child)) {
                continue;
            }
            if (auto written = writeEntry(child); !written) {
                return written;
            }
        }
        return {};
    }

private:
    Result<void> writeEntry(const std::string& relative) {
        stdfs::path path = upper_ / relative;
        struct stat status {};
        if (::lstat(path.c_str(), &status) != 0) {
            return failSys(fmt::format("lstat {}", path.string()));
        }
        if (isWhiteout(status)) {
            stdfs::path name(relative);
            return writeMarker((name.parent_path() / kWhiteoutPrefix).string() +
                               name.filename().string());
        }

        EntryPtr entry(archive_entry_new());
        archive_entry_copy_pathname(entry.get(), relative.c_str());
        archive_entry_copy_stat(entry.get(), &status);
        if (S_ISLNK(status.st_mode)) {
            auto target = readLink(path, status);
            if (!target) {
                return std::unexpected(target.error());
            }
            archive_entry_copy_symlink(entry.get(), target->c_str());
        }
        if (S_ISREG(status.st_mode)) {
            return writeRegularFile(relative, path, status, entry.get());
        }
        if (auto header = writeHeader(entry.get(), relative); !header) {
            return header;
        }
        if (!S_ISDIR(status.st_mode)) {
            return {};
        }
        if (isOpaqueDirectory(path)) {
            if (auto marker = writeMarker(relative + "/" + std::string(kOpaqueMarker)); !marker) {
                return marker;
            }
        }
        return writeDirectory(relative);
    }

    Result<void> writeRegularFile(const std::string& relative, const stdfs::path& path,
                                  const struct stat& status, archive_entry* entry) {
        if (status.st_nlink > 1) {
            auto key = std::make_pair(status.st_dev, status.st_ino);
            if (auto first = linkTargets_.find(key); first != linkTargets_.end()) {
                archive_entry_copy_hardlink(entry, first->second.c_str());
                archive_entry_set_size(entry, 0);
                return writeHeader(entry, relative);
            }
            linkTargets_.emplace(key, relative);
        }
        UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!file) {
            return failSys(fmt::format("open {}", path.string()));
        }
        addCapabilityXattr(file.get(), entry);
        if (auto header = writeHeader(entry, relative); !header) {
            return header;
        }
        return writeEntryData(output_, file.get(), buffer_, path.string(), relative);
    }

    Result<void> writeMarker(const std::string& relative) {
        EntryPtr entry(archive_entry_new());
        archive_entry_copy_pathname(entry.get(), relative.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0);
        archive_entry_set_size(entry.get(), 0);
        return writeHeader(entry.get(), relative);
    }

    Result<void> writeHeader(archive_entry* entry, const std::string& relative) {
        // ARCHIVE_WARN: a name that is not text in the locale's charset, written as its raw
        // bytes under a pax "hdrcharset=BINARY" record, which readers take as they are.
        if (archive_write_header(output_, entry) < ARCHIVE_WARN) {
            return archiveFailure(output_, fmt::format("write the tar header of {}", relative));
        }
        return {};
    }

    static void addCapabilityXattr(int fd, archive_entry* entry) {
        std::array<char, 256> value{};
        ssize_t size = ::fgetxattr(fd, kCapabilityXattr, value.data(), value.size());
        if (size > 0) {
            archive_entry_xattr_add_entry(entry, kCapabilityXattr, value.data(), size_t(size));
        }
    }

    static Result<std::string> readLink(const stdfs::path& path, const struct stat& status) {
        std::string target(size_t(status.st_size) + 1, '\0');
        ssize_t size = ::readlink(path.c_str(), target.data(), target.size());
        if (size < 0) {
            return failSys(fmt::format("readlink {}", path.string()));
        }
        target.resize(size_t(size));
        return target;
    }

    bool isExcluded(const std::string& containerPath) const {
        return std::ranges::any_of(excluded_, [&](const std::string& excluded) {
            return containerPath == excluded ||
                   (containerPath.starts_with(excluded) && containerPath[excluded.size()] == '/');
        });
    }

    archive* output_;
    const stdfs::path& upper_;
    const std::vector<std::string>& excluded_;
    std::vector<char> buffer_;
    std::map<std::pair<dev_t, ino_t>, std::string> linkTargets_;
};

std::string archiveText(archive* handle) {
    const char* text = archive_error_string(handle);
    return text ? text : "unknown libarchive error";
}

} // namespace

Result<void> writeLayerTar(const std::filesystem::path& upper,
                           const std::vector<std::string>& excluded, int fd) {
    ArchivePtr output(archive_write_new());
    if (!output) {
        return fail(ErrorKind::System, "create a tar writer: out of memory");
    }
    if (archive_write_set_format_pax_restricted(output.get()) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(output.get(), 1) != ARCHIVE_OK ||
        archive_write_open_fd(output.get(), fd) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("open a tar writer for {}: {}", upper.string(),
                                                   archiveText(output.get())));
    }
    LayerTarWriter writer(output.get(), upper, excluded);
    if (auto written = writer.writeDirectory(""); !written) {
        return std::unexpected(
            written.error().context(fmt::format("write the layer tar of {}", upper.string())));
    }
    if (archive_write_close(output.get()) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("finish the layer tar of {}: {}", upper.string(),
                                                   archiveText(output.get())));
    }
    return {};
}

} // namespace berth::image

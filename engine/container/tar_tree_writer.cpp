#include "container/tar_tree_writer.h"

#include "common/unique_fd.h"
#include "container/scoped_path.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace berth::container {

namespace {

constexpr size_t kCopyBufferSize = 256 * 1024;

struct ArchiveDeleter {
    void operator()(archive* writer) const { archive_write_free(writer); }
};
struct EntryDeleter {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

bool isPseudoFileSystem(int directoryFd) {
    struct statfs info {};
    if (::fstatfs(directoryFd, &info) != 0) {
        return false;
    }
    switch (info.f_type) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case DEVPTS_SUPER_MAGIC:
        return true;
    default:
        return false;
    }
}

class TreeWriter final {
public:
    TreeWriter(const TarSink& sink)
        : sink_(sink)
        , buffer_(kCopyBufferSize) {}

    Result<void> open() {
        writer_.reset(archive_write_new());
        if (!writer_) {
            return fail(ErrorKind::System, "create the tar writer: out of memory");
        }
        archive_write_set_format_pax_restricted(writer_.get());
        archive_write_set_bytes_per_block(writer_.get(), 0);
        if (archive_write_open(writer_.get(), this, nullptr, &TreeWriter::writeCallback, nullptr) !=
            ARCHIVE_OK) {
            return archiveError("start the tar stream");
        }
        return {};
    }

    // Writes fileName in the directory parentFd, without following it, as the entry name.
    Result<void> writeObject(int parentFd, const std::string& fileName, const std::string& name) {
        struct stat info {};
        if (::fstatat(parentFd, fileName.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
            return failErrno(fmt::format("stat {}", name), errno);
        }
        if (S_ISDIR(info.st_mode)) {
            return writeDirectory(parentFd, fileName, name, info);
        }
        if (S_ISREG(info.st_mode)) {
            return writeRegular(parentFd, fileName, name, info);
        }
        if (S_ISLNK(info.st_mode)) {
            return writeSymlink(parentFd, fileName, name, info);
        }
        if (S_ISSOCK(info.st_mode)) {
            return {}; // tar has no form for sockets; Docker skips them too
        }
        return writeHeader(name, info, {}, {});
    }

    Result<void> finish() {
        if (archive_write_close(writer_.get()) != ARCHIVE_OK) {
            return archiveError("end the tar stream");
        }
        return {};
    }

    // The names in a directory, sorted, without "." and "..".
    static Result<std::vector<std::string>> children(int directoryFd, const std::string& name) {
        return listDirectory(directoryFd, name);
    }

private:
    static la_ssize_t writeCallback(archive*, void* self, const void* data, size_t size) {
        auto* writer = static_cast<TreeWriter*>(self);
        auto sent = writer->sink_(std::string_view(static_cast<const char*>(data), size));
        if (!sent) {
            writer->sinkError_ = sent.error();
            return -1;
        }
        return la_ssize_t(size);
    }

    std::unexpected<Error> archiveError(std::string_view action) {
        if (sinkError_) {
            return std::unexpected(*sinkError_);
        }
        return fail(ErrorKind::System,
                    fmt::format("{}: {}", action, archive_error_string(writer_.get())));
    }

    Result<void> writeHeader(const std::string& name, const struct stat& info,
                             const std::string& symlinkTarget, const std::string& hardlinkTarget) {
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_copy_stat(entry.get(), &info);
        archive_entry_copy_pathname(entry.get(), name.c_str());
        if (S_ISLNK(info.st_mode)) {
            archive_entry_copy_symlink(entry.get(), symlinkTarget.c_str());
            archive_entry_set_size(entry.get(), 0);
        } else if (!hardlinkTarget.empty()) {
            archive_entry_copy_hardlink(entry.get(), hardlinkTarget.c_str());
            archive_entry_set_size(entry.get(), 0);
        } else if (!S_ISREG(info.st_mode)) {
            archive_entry_set_size(entry.get(), 0);
        }
        // ARCHIVE_WARN: a name that is not text in the locale's charset, written as its raw
        // bytes under a pax "hdrcharset=BINARY" record, which readers take as they are.
        if (archive_write_header(writer_.get(), entry.get()) < ARCHIVE_WARN) {
            return archiveError(fmt::format("write the tar header of {}", name));
        }
        return {};
    }

    Result<void> writeSymlink(int parentFd, const std::string& fileName, const std::string& name,
                              const struct stat& info) {
        std::string target(size_t(PATH_MAX), '\0');
        ssize_t length = ::readlinkat(parentFd, fileName.c_str(), target.data(), target.size());
        if (length < 0) {
            return failErrno(fmt::format("read link {}", name), errno);
        }
        target.resize(size_t(length));
        return writeHeader(name, info, target, {});
    }

    Result<void> writeRegular(int parentFd, const std::string& fileName, const std::string& name,
                              const struct stat& info) {
        if (info.st_nlink > 1) {
            auto key = std::pair(info.st_dev, info.st_ino);
            if (auto first = hardlinks_.find(key); first != hardlinks_.end()) {
                return writeHeader(name, info, {}, first->second);
            }
            hardlinks_.emplace(key, name);
        }
        UniqueFd file(
            ::openat(parentFd, fileName.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (!file) {
            return failErrno(fmt::format("open {}", name), errno);
        }
        if (auto written = writeHeader(name, info, {}, {}); !written) {
            return written;
        }
        // The header promised st_size bytes: a file that grows is cut there, one that
        // shrinks is padded with zeros, so the stream stays a valid tar.
        int64_t remaining = info.st_size;
        while (remaining > 0) {
            size_t wanted = size_t(std::min<int64_t>(remaining, int64_t(buffer_.size())));
            ssize_t got = ::read(file.get(), buffer_.data(), wanted);
            if (got < 0 && errno == EINTR) {
                continue;
            }
            if (got < 0) {
                return failErrno(fmt::format("read {}", name), errno);
            }
            if (got == 0) {
                std::fill_n(buffer_.begin(), wanted, '\0');
                got = ssize_t(wanted);
            }
            if (archive_write_data(writer_.get(), buffer_.data(), size_t(got)) < 0) {
                return archiveError(fmt::format("write the data of {}", name));
            }
            remaining -= got;
        }
        return {};
    }

    Result<void> writeDirectory(int parentFd, const std::string& fileName, const std::string& name,
                                const struct stat& info) {
        if (auto written = writeHeader(name, info, {}, {}); !written) {
            return written;
        }
        UniqueFd directory(
            ::openat(parentFd, fileName.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!directory) {
            return failErrno(fmt::format("open directory {}", name), errno);
        }
        if (isPseudoFileSystem(directory.get())) {
            return {};
        }
        auto children = listDirectory(directory.get(), name);
        if (!children) {
            return std::unexpected(children.error());
        }
        for (const auto& child : *children) {
            if (auto written = writeObject(directory.get(), child, name + "/" + child); !written) {
                return written;
            }
        }
        return {};
    }

    static Result<std::vector<std::string>> listDirectory(int directoryFd,
                                                          const std::string& name) {
        int listFd = ::dup(directoryFd);
        if (listFd < 0) {
            return failErrno(fmt::format("list {}", name), errno);
        }
        std::unique_ptr<DIR, int (*)(DIR*)> stream(::fdopendir(listFd), ::closedir);
        if (!stream) {
            int saved = errno;
            ::close(listFd);
            return failErrno(fmt::format("list {}", name), saved);
        }
        std::vector<std::string> children;
        errno = 0;
        while (dirent* item = ::readdir(stream.get())) {
            std::string_view child = item->d_name;
            if (child != "." && child != "..") {
                children.emplace_back(child);
            }
        }
        if (errno != 0) {
            return failErrno(fmt::format("list {}", name), errno);
        }
        std::ranges::sort(children);
        return children;
    }

    const TarSink& sink_;
    std::unique_ptr<archive, ArchiveDeleter> writer_;
    std::vector<char> buffer_;
    std::map<std::pair<dev_t, ino_t>, std::string> hardlinks_;
    std::optional<Error> sinkError_;
};

} // namespace

Result<void> writeTarTreeContents(int rootFd, const std::string& sourcePath, const TarSink& sink) {
    auto directory = openInRoot(rootFd, sourcePath, O_RDONLY | O_DIRECTORY);
    if (!directory) {
        return std::unexpected(directory.error());
    }
    auto children = TreeWriter::children(directory->get(), sourcePath);
    if (!children) {
        return std::unexpected(children.error());
    }
    TreeWriter writer(sink);
    if (auto opened = writer.open(); !opened) {
        return opened;
    }
    for (const std::string& child : *children) {
        if (auto written = writer.writeObject(directory->get(), child, child); !written) {
            return written;
        }
    }
    return writer.finish();
}

Result<void> writeTarTree(int rootFd, const std::string& sourcePath, const std::string& entryName,
                          const TarSink& sink) {
    std::string parent = parentPath(sourcePath);
    std::string fileName = sourcePath == "/" ? "." : baseName(sourcePath);
    auto parentFd = openInRoot(rootFd, sourcePath == "/" ? "/" : parent, O_PATH | O_DIRECTORY);
    if (!parentFd) {
        return std::unexpected(parentFd.error());
    }
    TreeWriter writer(sink);
    if (auto opened = writer.open(); !opened) {
        return opened;
    }
    if (auto written = writer.writeObject(parentFd->get(), fileName, entryName); !written) {
        return written;
    }
    return writer.finish();
}

} // namespace berth::container

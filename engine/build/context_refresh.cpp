// BuildContext::refresh: a kept context directory updated in place from a new tar.

#include "build/context.h"

#include "build/context_tar_input.h"

#include "common/fs.h"
#include "common/unique_fd.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <set>
#include <string>
#include <system_error>
#include <vector>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

// Entries larger than this are written without comparing, so memory stays bounded.
constexpr la_int64_t kMaxComparedSize = 16 * 1024 * 1024;

// Opens relative below rootFd for reading without following any symlink on the way, so a
// comparison never reads outside the context.
UniqueFd openBeneath(int rootFd, const std::string& relative) {
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
    return UniqueFd(int(::syscall(SYS_openat2, rootFd, relative.c_str(), &how, sizeof how)));
}

// True when the file at relative is a regular file with the entry's owner, mode and data.
bool sameFile(int rootFd, const std::string& relative, archive_entry* entry,
              const std::string& data) {
    UniqueFd file = openBeneath(rootFd, relative);
    struct stat status {};
    if (!file || ::fstat(file.get(), &status) != 0 || !S_ISREG(status.st_mode)) {
        return false;
    }
    if ((status.st_mode & 07777) != (archive_entry_mode(entry) & 07777) ||
        status.st_uid != uid_t(archive_entry_uid(entry)) ||
        status.st_gid != gid_t(archive_entry_gid(entry)) ||
        status.st_size != la_int64_t(data.size())) {
        return false;
    }
    std::string existing(data.size(), '\0');
    std::size_t done = 0;
    while (done < existing.size()) {
        ssize_t count = ::read(file.get(), existing.data() + done, existing.size() - done);
        if (count <= 0) {
            return false;
        }
        done += std::size_t(count);
    }
    return existing == data;
}

Result<std::string> readEntryData(archive* input, const std::string& name) {
    std::string data;
    std::vector<char> buffer(256 * 1024);
    for (;;) {
        la_ssize_t count = archive_read_data(input, buffer.data(), buffer.size());
        if (count < 0) {
            return fail(ErrorKind::InvalidArgument, fmt::format("read build context entry {}: {}",
                                                                name, archiveErrorText(input)));
        }
        if (count == 0) {
            return data;
        }
        data.append(buffer.data(), std::size_t(count));
    }
}

Result<void> streamEntryData(archive* input, archive* output, const std::string& name) {
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    int status = ARCHIVE_OK;
    while ((status = archive_read_data_block(input, &block, &size, &offset)) == ARCHIVE_OK) {
        if (archive_write_data_block(output, block, size, offset) < ARCHIVE_WARN) {
            return fail(ErrorKind::System, fmt::format("unpack build context entry {}: {}", name,
                                                       archiveErrorText(output)));
        }
    }
    if (status != ARCHIVE_EOF) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read build context entry {}: {}", name, archiveErrorText(input)));
    }
    return {};
}

// The entry's path relative to the context: "./a/b" → "a/b"; empty for the root itself.
Result<std::string> relativeName(const std::string& name) {
    stdfs::path path = stdfs::path(name).lexically_normal();
    if (path.is_absolute() || (!path.empty() && *path.begin() == "..")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("build context entry {} is outside the context", name));
    }
    std::string relative = path.generic_string();
    while (relative.ends_with('/')) {
        relative.pop_back();
    }
    return relative == "." ? std::string() : relative;
}

// Removes what the new tar no longer has, deepest first.
Result<void> removeUnlisted(const stdfs::path& root, const std::set<std::string>& listed) {
    std::vector<stdfs::path> unlisted;
    std::error_code ec;
    for (stdfs::recursive_directory_iterator it(root, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (!listed.contains(it->path().lexically_relative(root).generic_string())) {
            unlisted.push_back(it->path());
            it.disable_recursion_pending();
        }
    }
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("walk the build context {}: {}", root.string(), ec.message()));
    }
    for (const auto& path : unlisted) {
        if (auto removed = fs::removeTree(path); !removed) {
            return removed;
        }
    }
    return {};
}

} // namespace

Result<std::unique_ptr<BuildContext>> BuildContext::refresh(const image::ReadFunction& read,
                                                            const stdfs::path& root) {
    if (auto made = fs::makeDirectories(root, 0700); !made) {
        return std::unexpected(made.error());
    }
    UniqueFd rootFd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd) {
        return failSys(fmt::format("open the build context {}", root.string()));
    }
    ArchiveHandle input(archive_read_new());
    ArchiveHandle output(archive_write_disk_new());
    archive_read_support_filter_all(input.get());
    archive_read_support_format_tar(input.get());
    archive_read_support_format_empty(input.get());
    archive_write_disk_set_options(
        output.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_OWNER |
                          ARCHIVE_EXTRACT_UNLINK | ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                          ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    ContextTarInput state{&read};
    if (archive_read_open(input.get(), &state, nullptr, readContextTar, nullptr) != ARCHIVE_OK) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read the build context: {}", archiveErrorText(input.get())));
    }

    std::set<std::string> listed;
    for (;;) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(input.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            std::string reason = state.error.empty() ? archiveErrorText(input.get()) : state.error;
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("read the build context: {}", reason));
        }
        const std::string name = archive_entry_pathname(entry);
        auto relative = relativeName(name);
        if (!relative) {
            return std::unexpected(relative.error());
        }
        if (relative->empty()) {
            continue;
        }
        for (stdfs::path part = *relative; !part.empty(); part = part.parent_path()) {
            listed.insert(part.generic_string());
        }
        if (const char* link = archive_entry_hardlink(entry)) {
            auto target = relativeName(link);
            if (!target) {
                return std::unexpected(target.error());
            }
            archive_entry_copy_hardlink(entry, (root / *target).c_str());
        }
        archive_entry_copy_pathname(entry, (root / *relative).c_str());

        const bool compare = archive_entry_filetype(entry) == AE_IFREG &&
                             !archive_entry_hardlink(entry) &&
                             archive_entry_size(entry) <= kMaxComparedSize;
        if (!compare) {
            if (archive_write_header(output.get(), entry) < ARCHIVE_WARN) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("unpack build context entry {}: {}", name,
                                        archiveErrorText(output.get())));
            }
            if (auto copied = streamEntryData(input.get(), output.get(), name); !copied) {
                return std::unexpected(copied.error());
            }
            continue;
        }
        auto data = readEntryData(input.get(), name);
        if (!data) {
            return std::unexpected(data.error());
        }
        if (sameFile(rootFd.get(), *relative, entry, *data)) {
            continue;
        }
        if (archive_write_header(output.get(), entry) < ARCHIVE_WARN ||
            archive_write_data(output.get(), data->data(), data->size()) < 0 ||
            archive_write_finish_entry(output.get()) < ARCHIVE_WARN) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unpack build context entry {}: {}", name,
                                    archiveErrorText(output.get())));
        }
    }
    if (archive_write_close(output.get()) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("finish unpacking the build context: {}",
                                                   archiveErrorText(output.get())));
    }
    if (auto removed = removeUnlisted(root, listed); !removed) {
        return std::unexpected(removed.error());
    }
    return std::unique_ptr<BuildContext>(new BuildContext(root, false));
}

} // namespace berth::build

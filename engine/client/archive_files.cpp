#include "client/archive_files.h"

#include "common/time.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace berth::client {

namespace {

constexpr size_t kBlockSize = 256 * 1024;

struct ReaderDeleter {
    void operator()(archive* reader) const { archive_read_free(reader); }
};
struct WriterDeleter {
    void operator()(archive* writer) const { archive_write_free(writer); }
};
using Reader = std::unique_ptr<archive, ReaderDeleter>;
using Writer = std::unique_ptr<archive, WriterDeleter>;

std::unexpected<Error> archiveError(archive* handle, std::string_view action) {
    const char* text = archive_error_string(handle);
    return fail(ErrorKind::System, fmt::format("{}: {}", action, text ? text : "unknown error"));
}

// Go's os.FileMode bits, which the engine's stat header carries.
uint32_t goFileMode(mode_t mode) {
    uint32_t result = mode & 0777;
    switch (mode & S_IFMT) {
    case S_IFDIR:
        result |= 1u << 31;
        break;
    case S_IFLNK:
        result |= 1u << 27;
        break;
    case S_IFBLK:
        result |= 1u << 26;
        break;
    case S_IFCHR:
        result |= (1u << 26) | (1u << 21);
        break;
    case S_IFIFO:
        result |= 1u << 25;
        break;
    default:
        break;
    }
    return result;
}

std::string base64Decode(std::string_view text) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    };
    std::string decoded;
    uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        int digit = value(c);
        if (digit < 0) {
            continue; // padding and line breaks
        }
        bits = (bits << 6) | uint32_t(digit);
        count += 6;
        if (count >= 8) {
            count -= 8;
            decoded += char((bits >> count) & 0xff);
        }
    }
    return decoded;
}

// True when name is relative and has no ".." component.
bool isSafeEntryName(std::string_view name) {
    if (name.starts_with('/')) {
        return false;
    }
    size_t start = 0;
    while (start <= name.size()) {
        size_t slash = name.find('/', start);
        if (name.substr(start, slash - start) == "..") {
            return false;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return true;
}

Result<void> copyData(archive* reader, archive* writer, std::string_view name) {
    for (;;) {
        const void* block = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        int status = archive_read_data_block(reader, &block, &size, &offset);
        if (status == ARCHIVE_EOF) {
            return {};
        }
        if (status < ARCHIVE_WARN) {
            return archiveError(reader, fmt::format("read {}", name));
        }
        if (archive_write_data_block(writer, block, size, offset) < ARCHIVE_WARN) {
            return archiveError(writer, fmt::format("write {}", name));
        }
    }
}

} // namespace

Result<void> packHostPath(const std::string& hostPath, int outFd) {
    std::filesystem::path source(hostPath);
    std::string parent = source.parent_path().string();
    std::string base = source.filename().string();
    if (base.empty() || base == ".") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("cannot copy {}: name a file or directory", hostPath));
    }
    Reader disk(archive_read_disk_new());
    archive_read_disk_set_symlink_physical(disk.get());
    if (archive_read_disk_open(disk.get(), hostPath.c_str()) != ARCHIVE_OK) {
        return archiveError(disk.get(), fmt::format("open {}", hostPath));
    }
    Writer tar(archive_write_new());
    archive_write_set_format_pax_restricted(tar.get());
    if (archive_write_open_fd(tar.get(), outFd) != ARCHIVE_OK) {
        return archiveError(tar.get(), "start the archive");
    }
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> entry(archive_entry_new(),
                                                                   archive_entry_free);
    for (;;) {
        archive_entry_clear(entry.get());
        int status = archive_read_next_header2(disk.get(), entry.get());
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            return archiveError(disk.get(), fmt::format("read {}", hostPath));
        }
        archive_read_disk_descend(disk.get());
        std::string name = archive_entry_pathname(entry.get());
        std::string relative = name.substr(std::min(name.size(), parent.size()));
        while (relative.starts_with('/')) {
            relative.erase(0, 1);
        }
        archive_entry_copy_pathname(entry.get(), relative.c_str());
        archive_entry_set_uname(entry.get(), nullptr);
        archive_entry_set_gname(entry.get(), nullptr);
        if (archive_write_header(tar.get(), entry.get()) < ARCHIVE_WARN) {
            return archiveError(tar.get(), fmt::format("write {}", relative));
        }
        if (archive_entry_filetype(entry.get()) == AE_IFREG &&
            archive_entry_size(entry.get()) > 0) {
            std::vector<char> buffer(kBlockSize);
            for (;;) {
                la_ssize_t got = archive_read_data(disk.get(), buffer.data(), buffer.size());
                if (got < 0) {
                    return archiveError(disk.get(), fmt::format("read {}", name));
                }
                if (got == 0) {
                    break;
                }
                if (archive_write_data(tar.get(), buffer.data(), size_t(got)) < 0) {
                    return archiveError(tar.get(), fmt::format("write {}", relative));
                }
            }
        }
    }
    if (archive_write_close(tar.get()) != ARCHIVE_OK) {
        return archiveError(tar.get(), "end the archive");
    }
    return {};
}

Result<void> unpackToHost(int tarFd, const std::string& hostDirectory) {
    // libarchive's symlink check walks every component, so the prefix must have none.
    char resolved[PATH_MAX];
    if (::realpath(hostDirectory.c_str(), resolved) == nullptr) {
        return failSys(fmt::format("resolve {}", hostDirectory));
    }
    std::string prefix = std::string(resolved) + "/";
    Reader tar(archive_read_new());
    archive_read_support_format_tar(tar.get());
    if (archive_read_open_fd(tar.get(), tarFd, kBlockSize) != ARCHIVE_OK) {
        return archiveError(tar.get(), "open the downloaded archive");
    }
    Writer disk(archive_write_disk_new());
    archive_write_disk_set_options(disk.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                                   ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    for (;;) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(tar.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            return archiveError(tar.get(), "read the downloaded archive");
        }
        std::string name = archive_entry_pathname(entry);
        const char* hardlink = archive_entry_hardlink(entry);
        if (!isSafeEntryName(name) || (hardlink && !isSafeEntryName(hardlink))) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("archive entry \"{}\" leaves {}", name, hostDirectory));
        }
        archive_entry_copy_pathname(entry, (prefix + name).c_str());
        if (hardlink) {
            archive_entry_copy_hardlink(entry, (prefix + hardlink).c_str());
        }
        if (archive_write_header(disk.get(), entry) < ARCHIVE_WARN) {
            return archiveError(disk.get(), fmt::format("extract {}", name));
        }
        if (auto copied = copyData(tar.get(), disk.get(), name); !copied) {
            return copied;
        }
    }
    if (archive_write_close(disk.get()) != ARCHIVE_OK) {
        return archiveError(disk.get(), "finish the extraction");
    }
    return {};
}

Result<std::vector<ContainerPathStat>> listTopLevel(int tarFd) {
    Reader tar(archive_read_new());
    archive_read_support_format_tar(tar.get());
    if (archive_read_open_fd(tar.get(), tarFd, kBlockSize) != ARCHIVE_OK) {
        return archiveError(tar.get(), "open the directory archive");
    }
    std::vector<ContainerPathStat> entries;
    std::string top;
    for (;;) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(tar.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            return archiveError(tar.get(), "read the directory archive");
        }
        std::string name = archive_entry_pathname(entry);
        while (name.size() > 1 && name.ends_with('/')) {
            name.pop_back();
        }
        if (top.empty()) {
            top = name + "/"; // the directory itself comes first
            continue;
        }
        if (!name.starts_with(top) || name.find('/', top.size()) != std::string::npos) {
            continue;
        }
        ContainerPathStat stat;
        stat.name = name.substr(top.size());
        stat.size = archive_entry_size(entry);
        stat.mode = goFileMode(archive_entry_mode(entry));
        stat.mtime = formatRfc3339Nano(int64_t(archive_entry_mtime(entry)) * 1'000'000'000 +
                                       archive_entry_mtime_nsec(entry));
        if (const char* link = archive_entry_symlink(entry)) {
            stat.linkTarget = link;
        }
        entries.push_back(std::move(stat));
    }
    return entries;
}

Result<ContainerPathStat> decodePathStat(const std::string& header) {
    if (header.empty()) {
        return fail(ErrorKind::System, "the engine sent no X-Docker-Container-Path-Stat header");
    }
    Json json = Json::parse(base64Decode(header), nullptr, false);
    if (!json.is_object()) {
        return fail(ErrorKind::System, "the X-Docker-Container-Path-Stat header is not JSON");
    }
    ContainerPathStat stat;
    stat.name = json.value("name", "");
    stat.size = json.value("size", int64_t(0));
    stat.mode = json.value("mode", uint32_t(0));
    stat.mtime = json.value("mtime", "");
    stat.linkTarget = json.value("linkTarget", "");
    return stat;
}

} // namespace berth::client

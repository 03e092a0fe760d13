#pragma once

// Writes small tar archives entry by entry with libarchive, for tests that need entries
// GNU tar will not write (".." components, absolute names, whiteouts, odd hard links).

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <map>
#include <string>
#include <vector>

// Owner, mode, time and extended attributes of one entry.
struct TarMeta {
    unsigned mode = 0644;
    int64_t uid = 0;
    int64_t gid = 0;
    int64_t mtime = 1'000'000'000;
    std::map<std::string, std::string> xattrs;
};

class TarBuilder final {
public:
    using Meta = TarMeta;

    TarBuilder()
        : archive_(archive_write_new()) {
        archive_write_set_format_pax_restricted(archive_);
        archive_write_open_memory(archive_, buffer_.data(), buffer_.size(), &used_);
    }
    ~TarBuilder() { archive_write_free(archive_); }
    TarBuilder(const TarBuilder&) = delete;
    TarBuilder& operator=(const TarBuilder&) = delete;

    TarBuilder& file(const std::string& name, const std::string& content, Meta meta = {}) {
        archive_entry* entry = makeEntry(name, AE_IFREG, meta);
        archive_entry_set_size(entry, la_int64_t(content.size()));
        archive_write_header(archive_, entry);
        archive_write_data(archive_, content.data(), content.size());
        archive_entry_free(entry);
        return *this;
    }

    TarBuilder& directory(const std::string& name, Meta meta = {.mode = 0755}) {
        return plain(name, AE_IFDIR, meta);
    }

    TarBuilder& symlink(const std::string& name, const std::string& target) {
        archive_entry* entry = makeEntry(name, AE_IFLNK, {.mode = 0777});
        archive_entry_set_symlink(entry, target.c_str());
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }

    TarBuilder& hardlink(const std::string& name, const std::string& target) {
        archive_entry* entry = makeEntry(name, AE_IFREG, {});
        archive_entry_set_hardlink(entry, target.c_str());
        archive_entry_set_size(entry, 0);
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }

    TarBuilder& device(const std::string& name, unsigned type, unsigned major, unsigned minor,
                       Meta meta = {}) {
        archive_entry* entry = makeEntry(name, type, meta);
        archive_entry_set_rdev(entry, makedev(major, minor));
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }

    // The finished archive.
    std::string bytes() {
        archive_write_close(archive_);
        return std::string(buffer_.data(), used_);
    }

private:
    TarBuilder& plain(const std::string& name, unsigned type, Meta meta) {
        archive_entry* entry = makeEntry(name, type, meta);
        archive_write_header(archive_, entry);
        archive_entry_free(entry);
        return *this;
    }

    archive_entry* makeEntry(const std::string& name, unsigned type, const Meta& meta) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, name.c_str());
        archive_entry_set_filetype(entry, type);
        archive_entry_set_perm(entry, meta.mode);
        archive_entry_set_uid(entry, meta.uid);
        archive_entry_set_gid(entry, meta.gid);
        archive_entry_set_mtime(entry, meta.mtime, 0);
        for (const auto& [key, value] : meta.xattrs) {
            archive_entry_xattr_add_entry(entry, key.c_str(), value.data(), value.size());
        }
        return entry;
    }

    std::vector<char> buffer_ = std::vector<char>(1 << 20);
    size_t used_ = 0;
    archive* archive_;
};

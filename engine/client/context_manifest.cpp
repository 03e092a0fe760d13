// contextManifestJson and ContextManifestCache: walks of the context directory into a
// manifest of its files.

#include "client/context_manifest.h"

#include "client/context_filter.h"
#include "common/sha256.h"
#include "common/unique_fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace berth::client {

namespace {

constexpr std::size_t kReadBufferSize = 256 * 1024;
// A file changed less than this long before it was hashed may change again within the
// same modification-time tick, so its digest is not kept (git's "racy" check).
constexpr int64_t kRacyNanoseconds = 2'000'000'000;

int64_t nanoseconds(const struct timespec& time) {
    return int64_t(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

int64_t nowNanoseconds() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Reads the file at path, whose size was sizeHint bytes, into consume piece by piece.
// The buffer fits a small file, because filling a large one costs more than reading most
// context files.
Result<void> readFile(const std::string& path, int64_t sizeHint,
                      const std::function<void(std::string_view)>& consume) {
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!file) {
        return failSys(fmt::format("open {}", path));
    }
    std::vector<char> buffer(
        std::clamp<std::size_t>(std::size_t(sizeHint) + 1, 4096, kReadBufferSize));
    for (;;) {
        ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0) {
            return failSys(fmt::format("read {}", path));
        }
        if (count == 0) {
            return {};
        }
        consume(std::string_view(buffer.data(), std::size_t(count)));
    }
}

Result<std::string> hashFile(const std::string& path, int64_t sizeHint) {
    Sha256 hasher;
    auto read = readFile(path, sizeHint, [&](std::string_view piece) { hasher.update(piece); });
    if (!read) {
        return std::unexpected(read.error());
    }
    return digestOf(hasher.finishHex());
}

// Checks that text is UTF-8, which is all a JSON string can carry.
bool isUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t length = byte < 0x80           ? 1
                                   : (byte >> 5) == 0x6  ? 2
                                   : (byte >> 4) == 0xe  ? 3
                                   : (byte >> 3) == 0x1e ? 4
                                                         : 0;
        if (length == 0 || i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) {
                return false;
            }
        }
        i += length;
    }
    return true;
}

// Appends text as a JSON string. The manifest is written by hand rather than as a JSON
// tree, because a context of thousands of files is written on every pause in typing.
Result<void> appendJsonString(std::string& out, std::string_view text) {
    if (!isUtf8(text)) {
        return fail(ErrorKind::InvalidArgument,
                    "a file name or text in the context is not UTF-8, which a JSON manifest "
                    "cannot carry");
    }
    out += '"';
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                fmt::format_to(std::back_inserter(out), "\\u{:04x}", int(c));
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return {};
}

struct DirectoryClose {
    void operator()(DIR* directory) const { ::closedir(directory); }
};
using DirectoryHandle = std::unique_ptr<DIR, DirectoryClose>;

// The manifest entry of one file as a JSON object.
Result<std::string> fileJson(const std::string& path, mode_t mode, uid_t uid, gid_t gid,
                             int64_t size, int64_t modified, const std::string& digest,
                             const std::string& linkTarget,
                             const std::optional<std::string>& content) {
    std::string out = "{\"Path\":";
    if (auto added = appendJsonString(out, path); !added) {
        return std::unexpected(added.error());
    }
    fmt::format_to(std::back_inserter(out),
                   ",\"Mode\":{},\"Uid\":{},\"Gid\":{},\"Size\":{},\"ModTime\":{}", mode, uid, gid,
                   size, modified);
    if (!digest.empty()) {
        out += ",\"Digest\":\"" + digest + "\"";
    }
    if (S_ISLNK(mode)) {
        out += ",\"Linkname\":";
        if (auto added = appendJsonString(out, linkTarget); !added) {
            return std::unexpected(added.error());
        }
    }
    if (content) {
        out += ",\"Content\":";
        if (auto added = appendJsonString(out, *content); !added) {
            return std::unexpected(added.error());
        }
    }
    out += '}';
    return out;
}

// The engine reads the Dockerfile and the ignore files that may apply to it.
bool carriesContent(const BuildContextSource& source, const std::string& relative) {
    return relative == source.dockerfile || relative == ".dockerignore" ||
           relative == source.dockerfile + ".dockerignore";
}

Result<std::string> readText(const std::string& path, int64_t sizeHint) {
    std::string text;
    auto read = readFile(path, sizeHint, [&](std::string_view piece) { text.append(piece); });
    if (!read) {
        return std::unexpected(read.error());
    }
    return text;
}

// Writes the manifest entries of a context's files as JSON objects by relative path, for
// the whole directory or for one path and everything below it.
class EntryWriter final {
public:
    EntryWriter(const BuildContextSource& source, ContextDigestCache& cache,
                std::map<std::string, std::string>& entries)
        : source_(source)
        , cache_(cache)
        , entries_(entries)
        , filter_(source)
        , root_(source.directory) {
        while (root_.size() > 1 && root_.ends_with('/')) {
            root_.pop_back();
        }
    }

    // Replaces every entry with those of a walk of the whole directory.
    Result<void> writeAll() {
        UniqueFd rootFd = openRoot();
        if (!rootFd) {
            return failSys(fmt::format("open the build context {}", root_));
        }
        entries_.clear();
        if (auto walked = walk(std::move(rootFd), std::string()); !walked) {
            return walked;
        }
        cache_.forgetOthers(root_, seen_);
        return {};
    }

    // Replaces the entries of relative and of the paths below it with what is on disk now.
    // There are none when it was removed or when the manifest does not reach it.
    Result<void> refresh(const std::string& relative) {
        const std::string below = relative + "/";
        entries_.erase(relative);
        for (auto it = entries_.lower_bound(below);
             it != entries_.end() && it->first.starts_with(below);) {
            it = entries_.erase(it);
        }
        UniqueFd rootFd = openRoot();
        if (!rootFd) {
            return failSys(fmt::format("open the build context {}", root_));
        }
        // A path goes into the manifest only below directories that the walk enters,
        // which are listed themselves, and never below a symlink.
        const auto slash = relative.rfind('/');
        const std::string parent = slash == std::string::npos ? "" : relative.substr(0, slash);
        if (!parent.empty() && !entries_.contains(parent)) {
            return {};
        }
        struct stat status {};
        if (::fstatat(rootFd.get(), relative.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0) {
            if (errno == ENOENT || errno == ENOTDIR) {
                return {};
            }
            return failSys(fmt::format("lstat {}/{}", root_, relative));
        }
        if (parent.empty()) {
            return visit(rootFd.get(), relative, relative, status);
        }
        UniqueFd parentFd(::openat(rootFd.get(), parent.c_str(),
                                   O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!parentFd) {
            return failSys(fmt::format("open the directory {}/{}", root_, parent));
        }
        return visit(parentFd.get(), relative.substr(slash + 1), relative, status);
    }

private:
    UniqueFd openRoot() const {
        return UniqueFd(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    }

    Result<void> walk(UniqueFd directoryFd, const std::string& relativeDirectory) {
        DirectoryHandle directory(::fdopendir(directoryFd.get()));
        if (!directory) {
            return failSys(fmt::format("read the directory {}/{}", root_, relativeDirectory));
        }
        (void)directoryFd.release(); // closedir closes it
        while (dirent* item = ::readdir(directory.get())) {
            const std::string name = item->d_name;
            if (name == "." || name == "..") {
                continue;
            }
            const std::string relative =
                relativeDirectory.empty() ? name : relativeDirectory + "/" + name;
            struct stat status {};
            if (::fstatat(::dirfd(directory.get()), name.c_str(), &status, AT_SYMLINK_NOFOLLOW) !=
                0) {
                return failSys(fmt::format("lstat {}/{}", root_, relative));
            }
            if (auto visited = visit(::dirfd(directory.get()), name, relative, status); !visited) {
                return visited;
            }
        }
        return {};
    }

    // Adds the entry of one path, and walks into it when it is a directory.
    Result<void> visit(int directoryFd, const std::string& name, const std::string& relative,
                       const struct stat& status) {
        if (S_ISSOCK(status.st_mode) || !filter_.keeps(relative, S_ISDIR(status.st_mode))) {
            return {}; // a tar cannot hold a socket either
        }
        if (auto added = addEntry(directoryFd, name, relative, status); !added) {
            return added;
        }
        if (!S_ISDIR(status.st_mode)) {
            return {};
        }
        UniqueFd child(
            ::openat(directoryFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!child) {
            return failSys(fmt::format("open the directory {}/{}", root_, relative));
        }
        return walk(std::move(child), relative);
    }

    Result<void> addEntry(int directoryFd, const std::string& name, const std::string& relative,
                          const struct stat& status) {
        const std::string absolute = root_ + "/" + relative;
        std::string digest;
        std::optional<std::string> content;
        std::string linkTarget;
        int64_t size = 0;
        if (S_ISREG(status.st_mode)) {
            seen_.insert(absolute);
            auto found = cache_.digest(absolute, status);
            if (!found) {
                return std::unexpected(found.error());
            }
            digest = std::move(*found);
            size = status.st_size;
            if (carriesContent(source_, relative)) {
                auto text = readText(absolute, status.st_size);
                if (!text) {
                    return std::unexpected(text.error());
                }
                content = std::move(*text);
            }
        } else if (S_ISLNK(status.st_mode)) {
            linkTarget.resize(std::size_t(status.st_size) + 1);
            ssize_t length =
                ::readlinkat(directoryFd, name.c_str(), linkTarget.data(), linkTarget.size());
            if (length < 0) {
                return failSys(fmt::format("read the symlink {}", absolute));
            }
            linkTarget.resize(std::size_t(length));
            size = int64_t(linkTarget.size());
        }
        auto entry = fileJson(relative, status.st_mode, status.st_uid, status.st_gid, size,
                              nanoseconds(status.st_mtim), digest, linkTarget, content);
        if (!entry) {
            return std::unexpected(entry.error());
        }
        entries_[relative] = std::move(*entry);
        return {};
    }

    const BuildContextSource& source_;
    ContextDigestCache& cache_;
    std::map<std::string, std::string>& entries_;
    ContextFilter filter_;
    std::string root_;
    std::unordered_set<std::string> seen_;
};

// The JSON body of a plan: the entries in path order, then the editor's Dockerfile.
Result<std::string> manifestBody(const BuildContextSource& source,
                                 const std::map<std::string, std::string>& entries) {
    std::size_t size = 16;
    for (const auto& [path, entry] : entries) {
        size += entry.size() + 1;
    }
    std::string out;
    out.reserve(size);
    out = "{\"Files\":[";
    bool first = true;
    for (const auto& [path, entry] : entries) {
        if (!first) {
            out += ',';
        }
        first = false;
        out += entry;
    }
    if (source.dockerfileText) {
        // The Dockerfile as the editor has it, with the owner and mode the tar form gives it.
        const std::string& text = *source.dockerfileText;
        auto entry = fileJson(source.dockerfile, S_IFREG | 0644, 0, 0, int64_t(text.size()), 0,
                              digestOf(sha256Hex(text)), {}, text);
        if (!entry) {
            return std::unexpected(entry.error());
        }
        if (!first) {
            out += ',';
        }
        out += *entry;
    }
    out += "]}";
    return out;
}

} // namespace

Result<std::string> ContextDigestCache::digest(const std::string& path, const struct stat& status) {
    const int64_t modified = nanoseconds(status.st_mtim);
    {
        std::lock_guard lock(mutex_);
        auto found = items_.find(path);
        if (found != items_.end() && found->second.size == status.st_size &&
            found->second.modified == modified && found->second.inode == status.st_ino) {
            return found->second.digest;
        }
    }
    auto digest = hashFile(path, status.st_size);
    if (!digest) {
        return digest;
    }
    std::lock_guard lock(mutex_);
    ++filesHashed_;
    if (nowNanoseconds() - modified > kRacyNanoseconds) {
        items_[path] = Item{status.st_size, modified, status.st_ino, *digest};
    } else {
        items_.erase(path);
    }
    return digest;
}

void ContextDigestCache::forgetOthers(const std::string& directory,
                                      const std::unordered_set<std::string>& seen) {
    const std::string prefix = directory + "/";
    std::lock_guard lock(mutex_);
    std::erase_if(items_, [&](const auto& item) {
        return item.first.starts_with(prefix) && !seen.contains(item.first);
    });
}

std::size_t ContextDigestCache::filesHashed() const {
    std::lock_guard lock(mutex_);
    return filesHashed_;
}

Result<std::string> contextManifestJson(const BuildContextSource& source,
                                        ContextDigestCache& cache) {
    std::map<std::string, std::string> entries;
    if (auto written = EntryWriter(source, cache, entries).writeAll(); !written) {
        return std::unexpected(written.error());
    }
    return manifestBody(source, entries);
}

void ContextManifestCache::markChanged(const std::string& relative) {
    std::lock_guard lock(markMutex_);
    if (relative.empty() || relative == "." || relative == ".." || relative.starts_with("../") ||
        relative.starts_with('/')) {
        allChanged_ = true;
        return;
    }
    changed_.insert(relative);
}

void ContextManifestCache::markAllChanged() {
    std::lock_guard lock(markMutex_);
    allChanged_ = true;
}

Result<std::string> ContextManifestCache::manifestJson(const BuildContextSource& source) {
    std::lock_guard lock(manifestMutex_);
    if (auto updated = update(source); !updated) {
        return std::unexpected(updated.error());
    }
    return manifestBody(source, entries_);
}

Result<ContextManifestCache::RequestBody>
ContextManifestCache::requestBody(const BuildContextSource& source, bool allowBase) {
    std::lock_guard lock(manifestMutex_);
    if (auto updated = update(source); !updated) {
        return std::unexpected(updated.error());
    }
    RequestBody body;
    body.version = version_;
    if (!allowBase || engineDigest_.empty() || engineVersion_ != version_) {
        auto whole = manifestBody(source, entries_);
        if (!whole) {
            return std::unexpected(whole.error());
        }
        body.json = std::move(*whole);
        return body;
    }
    auto editor = manifestBody(source, {});
    if (!editor) {
        return std::unexpected(editor.error());
    }
    // {"Files":[...]} becomes {"BaseManifest":"sha256:...","Files":[...]}.
    body.json = "{\"BaseManifest\":\"" + engineDigest_ + "\"," + editor->substr(1);
    body.onBase = true;
    return body;
}

void ContextManifestCache::setEngineDigest(uint64_t version, std::string digest) {
    std::lock_guard lock(manifestMutex_);
    engineVersion_ = version;
    engineDigest_ = std::move(digest);
}

// Brings entries_ up to date with the paths marked changed. Called with manifestMutex_ held.
Result<void> ContextManifestCache::update(const BuildContextSource& source) {
    std::set<std::string> changed;
    bool walkAll = false;
    {
        std::lock_guard markLock(markMutex_);
        changed.swap(changed_);
        walkAll = allChanged_;
        allChanged_ = false;
    }
    // The ignore rules decide which paths are listed at all.
    walkAll = walkAll || changed.contains(".dockerignore") || source.directory != directory_ ||
              source.dockerfile != dockerfile_ ||
              source.dockerfileText.has_value() != hasEditorText_;
    if (!walkAll && changed.empty()) {
        return {};
    }
    directory_ = source.directory;
    dockerfile_ = source.dockerfile;
    hasEditorText_ = source.dockerfileText.has_value();
    ++version_;

    EntryWriter writer(source, digests_, entries_);
    Result<void> written;
    if (walkAll) {
        ++fullWalks_;
        written = writer.writeAll();
    } else {
        std::string refreshed; // the last path refreshed, with all below it
        for (const std::string& path : changed) {
            if (!refreshed.empty() && path.starts_with(refreshed + "/")) {
                continue;
            }
            refreshed = path;
            written = writer.refresh(path);
            if (!written) {
                break;
            }
        }
    }
    if (!written) {
        markAllChanged(); // the entries are partly updated
    }
    return written;
}

std::size_t ContextManifestCache::fullWalks() const {
    std::lock_guard lock(manifestMutex_);
    return fullWalks_;
}

} // namespace berth::client

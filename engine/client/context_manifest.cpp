// contextManifestJson: a walk of the context directory into a manifest of its files.

#include "client/context_manifest.h"

#include "client/context_filter.h"
#include "common/sha256.h"
#include "common/unique_fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iterator>
#include <memory>
#include <optional>
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

Result<std::string> hashFile(const std::string& path) {
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!file) {
        return failSys(fmt::format("open {}", path));
    }
    Sha256 hasher;
    std::vector<char> buffer(kReadBufferSize);
    for (;;) {
        ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0) {
            return failSys(fmt::format("read {}", path));
        }
        if (count == 0) {
            return digestOf(hasher.finishHex());
        }
        hasher.update(std::string_view(buffer.data(), std::size_t(count)));
    }
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

class ManifestWriter final {
public:
    ManifestWriter(const BuildContextSource& source, ContextDigestCache& cache)
        : source_(source)
        , cache_(cache)
        , filter_(source)
        , root_(source.directory) {
        while (root_.size() > 1 && root_.ends_with('/')) {
            root_.pop_back();
        }
    }

    Result<std::string> write() {
        UniqueFd rootFd(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!rootFd) {
            return failSys(fmt::format("open the build context {}", root_));
        }
        out_ = "{\"Files\":[";
        if (auto walked = walk(std::move(rootFd), std::string()); !walked) {
            return std::unexpected(walked.error());
        }
        if (source_.dockerfileText) {
            if (auto added = addEditorText(); !added) {
                return std::unexpected(added.error());
            }
        }
        out_ += "]}";
        cache_.forgetOthers(root_, seen_);
        return std::move(out_);
    }

private:
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
            if (S_ISSOCK(status.st_mode) || !filter_.keeps(relative, S_ISDIR(status.st_mode))) {
                continue; // a tar cannot hold a socket either
            }
            if (auto added = addEntry(::dirfd(directory.get()), name, relative, status); !added) {
                return added;
            }
            if (!S_ISDIR(status.st_mode)) {
                continue;
            }
            UniqueFd child(::openat(::dirfd(directory.get()), name.c_str(),
                                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
            if (!child) {
                return failSys(fmt::format("open the directory {}/{}", root_, relative));
            }
            if (auto walked = walk(std::move(child), relative); !walked) {
                return walked;
            }
        }
        return {};
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
            if (carriesContent(relative)) {
                auto text = readText(absolute);
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
        return appendFile(relative, status.st_mode, status.st_uid, status.st_gid, size,
                          nanoseconds(status.st_mtim), digest, linkTarget, content);
    }

    Result<void> appendFile(const std::string& path, mode_t mode, uid_t uid, gid_t gid,
                            int64_t size, int64_t modified, const std::string& digest,
                            const std::string& linkTarget,
                            const std::optional<std::string>& content) {
        out_ += first_ ? "{\"Path\":" : ",{\"Path\":";
        first_ = false;
        if (auto added = appendJsonString(out_, path); !added) {
            return added;
        }
        fmt::format_to(std::back_inserter(out_),
                       ",\"Mode\":{},\"Uid\":{},\"Gid\":{},\"Size\":{},\"ModTime\":{}", mode, uid,
                       gid, size, modified);
        if (!digest.empty()) {
            out_ += ",\"Digest\":\"" + digest + "\"";
        }
        if (S_ISLNK(mode)) {
            out_ += ",\"Linkname\":";
            if (auto added = appendJsonString(out_, linkTarget); !added) {
                return added;
            }
        }
        if (content) {
            out_ += ",\"Content\":";
            if (auto added = appendJsonString(out_, *content); !added) {
                return added;
            }
        }
        out_ += '}';
        return {};
    }

    // The Dockerfile as the editor has it, with the owner and mode the tar form gives it.
    Result<void> addEditorText() {
        const std::string& text = *source_.dockerfileText;
        return appendFile(source_.dockerfile, S_IFREG | 0644, 0, 0, int64_t(text.size()), 0,
                          digestOf(sha256Hex(text)), {}, text);
    }

    // The engine reads the Dockerfile and the ignore files that may apply to it.
    bool carriesContent(const std::string& relative) const {
        return relative == source_.dockerfile || relative == ".dockerignore" ||
               relative == source_.dockerfile + ".dockerignore";
    }

    static Result<std::string> readText(const std::string& path) {
        UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
        if (!file) {
            return failSys(fmt::format("open {}", path));
        }
        std::string text;
        std::vector<char> buffer(kReadBufferSize);
        for (;;) {
            ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
            if (count < 0 && errno == EINTR) {
                continue;
            }
            if (count < 0) {
                return failSys(fmt::format("read {}", path));
            }
            if (count == 0) {
                return text;
            }
            text.append(buffer.data(), std::size_t(count));
        }
    }

    const BuildContextSource& source_;
    ContextDigestCache& cache_;
    ContextFilter filter_;
    std::string root_;
    std::string out_;
    bool first_ = true;
    std::unordered_set<std::string> seen_;
};

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
    auto digest = hashFile(path);
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
    return ManifestWriter(source, cache).write();
}

} // namespace berth::client

// DiskTree and SourceChecksum: COPY and ADD sources on disk, and their cache checksum.

#include "build/source_tree.h"

#include "common/fs.h"
#include "common/sha256.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <system_error>

namespace berth::build {

namespace stdfs = std::filesystem;

namespace {

constexpr size_t kReadBufferSize = 256 * 1024;

std::string lastComponent(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

// A source argument as a path of the tree: "" for the root, no trailing "/".
Result<std::string> cleanSource(const std::string& source) {
    std::string relative = stdfs::path(source).lexically_normal().relative_path().generic_string();
    while (relative.ends_with('/')) {
        relative.pop_back();
    }
    if (relative == ".") {
        relative.clear();
    }
    if (relative == ".." || relative.starts_with("../")) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("forbidden path outside the build context: {}", source));
    }
    return relative;
}

Result<std::vector<std::string>> expandPattern(const SourceTree& tree, const std::string& source,
                                               const std::string& pattern) {
    auto matches = tree.glob(pattern);
    if (!matches) {
        return std::unexpected(matches.error());
    }
    // glob(3) lists "." and ".." for a pattern such as ".*"; neither is a source.
    std::erase_if(*matches, [](const std::string& path) {
        const std::string last = lastComponent(path);
        return last == "." || last == "..";
    });
    if (matches->empty()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("no source files were specified: no file matches {}", source));
    }
    return matches;
}

} // namespace

Result<std::vector<std::string>> resolveSources(const SourceTree& tree,
                                                const std::vector<std::string>& sources) {
    std::vector<std::string> resolved;
    for (const auto& source : sources) {
        auto relative = cleanSource(source);
        if (!relative) {
            return std::unexpected(relative.error());
        }
        if (relative->find_first_of("*?[") != std::string::npos) {
            auto matches = expandPattern(tree, source, *relative);
            if (!matches) {
                return std::unexpected(matches.error());
            }
            resolved.insert(resolved.end(), matches->begin(), matches->end());
            continue;
        }
        if (!relative->empty() && !tree.entry(*relative)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("file not found in build context or excluded by "
                                    ".dockerignore: stat {}: file does not exist",
                                    source));
        }
        resolved.push_back(std::move(*relative));
    }
    std::ranges::sort(resolved);
    return resolved;
}

Result<std::string> checksumSources(const SourceTree& tree, const std::vector<stdfs::path>& staged,
                                    const std::vector<std::string>& resolved) {
    SourceChecksum checksum;
    for (const auto& file : staged) {
        const std::string name = file.filename().string();
        if (auto added = checksum.add(DiskTree(file.parent_path()), name, name); !added) {
            return std::unexpected(added.error());
        }
    }
    for (const auto& path : resolved) {
        if (auto added = checksum.add(tree, path, path.empty() ? "." : lastComponent(path));
            !added) {
            return std::unexpected(added.error());
        }
    }
    return checksum.finishHex();
}

Result<SourceEntry> DiskTree::entry(const std::string& path) const {
    const stdfs::path full = diskPath(path);
    struct stat status {};
    if (::lstat(full.c_str(), &status) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return fail(ErrorKind::NotFound,
                        fmt::format("lstat {}: {}", full.string(), std::strerror(errno)));
        }
        return failSys(fmt::format("lstat {}", full.string()));
    }
    SourceEntry entry{status.st_mode, status.st_uid, status.st_gid, status.st_size, {}};
    if (S_ISLNK(status.st_mode)) {
        std::error_code ec;
        entry.linkTarget = stdfs::read_symlink(full, ec).string();
        if (ec) {
            return fail(ErrorKind::System,
                        fmt::format("read the symlink {}: {}", full.string(), ec.message()));
        }
    }
    return entry;
}

Result<std::vector<std::string>> DiskTree::childNames(const std::string& path) const {
    return fs::sortedDirectoryNames(diskPath(path));
}

Result<std::string> DiskTree::fileDigest(const std::string& path) const {
    const stdfs::path full = diskPath(path);
    UniqueFd file(::open(full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!file) {
        return failSys(fmt::format("open {}", full.string()));
    }
    Sha256 hasher;
    std::vector<char> buffer(kReadBufferSize);
    for (;;) {
        ssize_t count = ::read(file.get(), buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0) {
            return failSys(fmt::format("read {}", full.string()));
        }
        if (count == 0) {
            break;
        }
        hasher.update(std::string_view(buffer.data(), size_t(count)));
    }
    return digestOf(hasher.finishHex());
}

Result<std::vector<std::string>> DiskTree::glob(const std::string& pattern) const {
    const stdfs::path full = diskPath(pattern);
    glob_t matches{};
    int status = ::glob(full.c_str(), GLOB_NOSORT, nullptr, &matches);
    std::vector<std::string> paths;
    for (size_t i = 0; status == 0 && i < matches.gl_pathc; ++i) {
        paths.push_back(
            stdfs::path(matches.gl_pathv[i]).lexically_relative(root_).generic_string());
    }
    ::globfree(&matches);
    if (status != 0 && status != GLOB_NOMATCH) {
        return fail(ErrorKind::System, fmt::format("glob {}: error {}", full.string(), status));
    }
    return paths;
}

stdfs::path DiskTree::diskPath(const std::string& path) const {
    return path.empty() ? root_ : root_ / path;
}

struct SourceChecksum::State {
    Sha256 hasher;
};

SourceChecksum::SourceChecksum()
    : state_(std::make_unique<State>()) {}

SourceChecksum::~SourceChecksum() = default;

Result<void> SourceChecksum::add(const SourceTree& tree, const std::string& path,
                                 const std::string& name) {
    // A context's root is made by the engine, not sent by the client, so its own mode and
    // owner say nothing about the sources.
    SourceEntry entry{S_IFDIR, 0, 0, 0, {}};
    if (!path.empty()) {
        auto found = tree.entry(path);
        if (!found) {
            return std::unexpected(found.error());
        }
        entry = std::move(*found);
    }
    const bool directory = S_ISDIR(entry.mode);
    state_->hasher.update(fmt::format("{}\n{:o} {} {} {}\n", name, entry.mode, entry.uid, entry.gid,
                                      directory ? 0 : entry.size));
    if (S_ISLNK(entry.mode)) {
        state_->hasher.update(entry.linkTarget);
    } else if (S_ISREG(entry.mode)) {
        auto digest = tree.fileDigest(path);
        if (!digest) {
            return std::unexpected(digest.error());
        }
        state_->hasher.update(*digest);
    } else if (directory) {
        auto names = tree.childNames(path);
        if (!names) {
            return std::unexpected(names.error());
        }
        for (const auto& child : *names) {
            const std::string childPath = path.empty() ? child : path + "/" + child;
            if (auto added = add(tree, childPath, name + "/" + child); !added) {
                return added;
            }
        }
    }
    return {};
}

std::string SourceChecksum::finishHex() {
    return state_->hasher.finishHex();
}

} // namespace berth::build

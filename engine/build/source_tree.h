#pragma once

// The files that COPY and ADD read, seen through one interface whether they are on disk
// (an unpacked context, another stage's filesystem, a staged heredoc) or only described
// by a context manifest (per-file metadata and content digests, no content). The cache
// key of a COPY or ADD step is the checksum of its sources, computed here the same way
// from both, so a plan from a manifest and a build from the tar agree on hits.

#include "common/error.h"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace berth::build {

struct SourceEntry {
    mode_t mode = 0; // st_mode: the file type and permission bits
    uid_t uid = 0;
    gid_t gid = 0;
    int64_t size = 0;       // bytes of a regular file, length of a symlink's target
    std::string linkTarget; // symlinks only
};

// Paths are relative to the tree's root and "/"-separated; "" is the root itself.
class SourceTree {
public:
    virtual ~SourceTree() = default;

    // The entry at path, without following a symlink there; NotFound when it is missing.
    [[nodiscard]] virtual Result<SourceEntry> entry(const std::string& path) const = 0;
    // The names in the directory at path, in byte order.
    [[nodiscard]] virtual Result<std::vector<std::string>>
    childNames(const std::string& path) const = 0;
    // "sha256:HEX" of the content of the regular file at path.
    [[nodiscard]] virtual Result<std::string> fileDigest(const std::string& path) const = 0;
    // The paths that match a shell pattern as glob(3) matches it: "*", "?" and "[...]"
    // within one path component, no match of a leading "." by a wildcard.
    [[nodiscard]] virtual Result<std::vector<std::string>>
    glob(const std::string& pattern) const = 0;
    // Where the build reads path from.
    [[nodiscard]] virtual std::filesystem::path diskPath(const std::string& path) const = 0;
};

// A tree of files on disk under root.
class DiskTree final : public SourceTree {
public:
    explicit DiskTree(std::filesystem::path root)
        : root_(std::move(root)) {}

    [[nodiscard]] Result<SourceEntry> entry(const std::string& path) const override;
    [[nodiscard]] Result<std::vector<std::string>>
    childNames(const std::string& path) const override;
    [[nodiscard]] Result<std::string> fileDigest(const std::string& path) const override;
    [[nodiscard]] Result<std::vector<std::string>> glob(const std::string& pattern) const override;
    [[nodiscard]] std::filesystem::path diskPath(const std::string& path) const override;

private:
    std::filesystem::path root_;
};

// The checksum of a COPY or ADD step's sources: for each source, in the order added, its
// name, mode, owner and size (0 for a directory, whose size on disk depends on the file
// system), then the digest of a file's content, the target of a symlink, or the entries
// of a directory in byte order. Modification times are left out, so a touched but
// unchanged file keeps the cache.
class SourceChecksum final {
public:
    SourceChecksum();
    ~SourceChecksum();
    SourceChecksum(const SourceChecksum&) = delete;
    SourceChecksum& operator=(const SourceChecksum&) = delete;

    // Adds the entry at path of tree under name (the last component of the source).
    [[nodiscard]] Result<void> add(const SourceTree& tree, const std::string& path,
                                   const std::string& name);
    [[nodiscard]] std::string finishHex();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Resolves the source arguments of a COPY or ADD against tree: each one cleaned (a leading
// "/" or "./" and a trailing "/" dropped, "." for the root) and its patterns expanded.
// Returns the paths in byte order. A path that leaves the tree, a missing file and a
// pattern without matches fail with InvalidArgument, worded as Docker words them.
[[nodiscard]] Result<std::vector<std::string>>
resolveSources(const SourceTree& tree, const std::vector<std::string>& sources);

// The cache checksum of a COPY or ADD step: the staged files on disk (heredocs,
// downloads) in their order, then the resolved paths of tree.
[[nodiscard]] Result<std::string> checksumSources(const SourceTree& tree,
                                                  const std::vector<std::filesystem::path>& staged,
                                                  const std::vector<std::string>& resolved);

} // namespace berth::build

#pragma once

// A build context described instead of sent: the JSON body that a client may post to
// /berth/build/plan in place of the context tar. Each file of the context is listed with
// its metadata and the digest of its content, and only the files the engine must read
// (the Dockerfile and the .dockerignore files) carry their text:
//
//   {"Files": [{"Path": "src/main.c", "Mode": 33188, "Uid": 1000, "Gid": 1000,
//               "Size": 812, "ModTime": 1733390000000000000, "Digest": "sha256:..."},
//              {"Path": "bin", "Mode": 16877, ...},
//              {"Path": "latest", "Mode": 41471, "Linkname": "src", ...},
//              {"Path": "Dockerfile", "Mode": 33188, ..., "Content": "FROM ..."}]}
//
// Mode is st_mode (file type and permission bits), ModTime nanoseconds since the epoch
// (not part of any cache key). A directory a path needs but the list lacks is taken as
// mode 0755 owned by root.
//
// A client that planned the same context before may send only what changed since:
//
//   {"BaseManifest": "sha256:...", "Files": [{"Path": "Dockerfile", ..., "Content": "..."}]}
//
// BaseManifest is the digest the engine returned for an earlier whole manifest that it was
// asked to keep, and each file listed replaces the base's file at the same path or is
// added to it.

#include "build/dockerignore.h"
#include "build/source_tree.h"
#include "common/error.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

struct ListedFile;

class ContextManifest final : public SourceTree {
public:
    // Returns the manifest kept under a BaseManifest digest, or null when there is none.
    using BaseLookup =
        std::function<std::shared_ptr<const ContextManifest>(const std::string& digest)>;

    // Parses and checks the JSON body: every path relative and clean, a digest for every
    // regular file, a target for every symlink, and content matching its digest. A body
    // with a BaseManifest gets its base from findBase, and fails with NotFound when
    // findBase has none.
    [[nodiscard]] static Result<std::unique_ptr<ContextManifest>>
    parse(std::string_view json, const BaseLookup& findBase = {});

    // An independent copy, to keep as the base of later manifests.
    [[nodiscard]] std::unique_ptr<ContextManifest> copy() const;

    // The text a file carries, or nothing when the manifest lacks the file or its text.
    [[nodiscard]] std::optional<std::string> content(const std::string& path) const;
    [[nodiscard]] bool contains(const std::string& path) const;

    // Drops the entries that rules exclude, as BuildContext does with the files of an
    // unpacked context: kept paths and their parents stay, and with "!" rules an
    // excluded directory stays so that its files are checked one by one.
    void removeIgnored(const std::vector<IgnoreRule>& rules, const std::vector<std::string>& kept);

    // Where diskPath points: the manifest has no files on disk, so paths under root
    // exist only for the builder's bookkeeping (staging and mount points beside it).
    void setRoot(std::filesystem::path root) { root_ = std::move(root); }

    // Lookups follow a symlink in a parent component of the path, as a lookup in the
    // unpacked tar does, but not one in the last component (lstat). A symlink target is
    // resolved inside the context: an absolute target starts at the context's root, and
    // ".." stops there.
    // NOTE: on disk an absolute target or one that climbs out of the context points at
    // the host's files, so for those the plan and the build may disagree.
    [[nodiscard]] Result<SourceEntry> entry(const std::string& path) const override;
    [[nodiscard]] Result<std::vector<std::string>>
    childNames(const std::string& path) const override;
    [[nodiscard]] Result<std::string> fileDigest(const std::string& path) const override;
    [[nodiscard]] Result<std::vector<std::string>> glob(const std::string& pattern) const override;
    [[nodiscard]] std::filesystem::path diskPath(const std::string& path) const override;

private:
    struct File {
        SourceEntry entry;
        std::string digest;
        std::optional<std::string> content;
    };

    ContextManifest() = default;
    [[nodiscard]] static Result<File> checkedFile(std::size_t index, ListedFile& listed);
    // The listed path that path leads to, following the symlinks among its components:
    // all of them, or all but the last.
    [[nodiscard]] Result<std::string> resolve(const std::string& path, bool followLast) const;
    // The listed file at path, after following the symlinks among its parent components.
    [[nodiscard]] Result<std::map<std::string, File>::const_iterator>
    find(const std::string& path) const;
    // The listed path of the directory at path, following symlinks in every component.
    [[nodiscard]] std::optional<std::string> directoryAt(const std::string& path) const;
    void addMissingParents();
    void indexChildren();

    std::map<std::string, File> files_; // by path, "" being the root
    std::map<std::string, std::vector<std::string>> children_;
    std::filesystem::path root_;
};

} // namespace berth::build

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

#include "build/dockerignore.h"
#include "build/source_tree.h"
#include "common/error.h"

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
    // Parses and checks the JSON body: every path relative and clean, a digest for every
    // regular file, a target for every symlink, and content matching its digest.
    [[nodiscard]] static Result<std::unique_ptr<ContextManifest>> parse(std::string_view json);

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

    // NOTE: paths are looked up as listed, so a symlink to a directory on the way is not
    // followed, where the unpacked tar would follow it. Such a COPY plans as a miss.
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
    void addMissingParents();
    void indexChildren();

    std::map<std::string, File> files_; // by path, "" being the root
    std::map<std::string, std::vector<std::string>> children_;
    std::filesystem::path root_;
};

} // namespace berth::build

#pragma once

// A build context: the tar that `docker build` sends, unpacked into a private directory,
// with the .dockerignore rules applied; or, for a plan, a manifest of the files in place
// of the tar.

#include "build/context_manifest.h"
#include "build/dockerignore.h"
#include "build/source_tree.h"
#include "common/error.h"
#include "image/input.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace berth::build {

class BuildContext final {
public:
    // Unpacks the tar (plain or compressed) into a new directory under parentDir. An entry
    // whose path is absolute or climbs out with "..", or that would be written through a
    // symlink, is rejected with InvalidArgument.
    [[nodiscard]] static Result<std::unique_ptr<BuildContext>>
    unpack(const image::ReadFunction& read, const std::filesystem::path& parentDir);

    // Brings the directory root, kept from an earlier call, up to date with the tar and
    // returns it as a context that stays on disk. A file whose owner, mode and content
    // are unchanged is not written again and an entry the tar no longer has is removed,
    // so a plan repeated on the same context writes only what changed. The caller keeps
    // other users of root out until the context is destroyed (context_refresh.cpp).
    [[nodiscard]] static Result<std::unique_ptr<BuildContext>>
    refresh(const image::ReadFunction& read, const std::filesystem::path& root);

    // A context known only by its manifest, which a plan reads like files on disk but a
    // build cannot copy from. It gets an empty private directory under parentDir for the
    // builder's staging, removed with the context.
    [[nodiscard]] static Result<std::unique_ptr<BuildContext>>
    fromManifest(std::unique_ptr<ContextManifest> manifest, const std::filesystem::path& parentDir);
    ~BuildContext();
    BuildContext(const BuildContext&) = delete;
    BuildContext& operator=(const BuildContext&) = delete;

    // Reads the Dockerfile (the name given to /build) and its ignore file: "NAME.dockerignore"
    // beside it when present, otherwise ".dockerignore". Files the rules exclude are
    // removed from the context, except the Dockerfile and the ignore file themselves.
    [[nodiscard]] Result<std::string> loadDockerfile(const std::string& name);

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }
    // The files COPY and ADD read: the directory at root, or the manifest.
    [[nodiscard]] const SourceTree& sources() const { return *sources_; }
    // False for a context from a manifest, which has no file content to copy.
    [[nodiscard]] bool hasFileContent() const { return manifest_ == nullptr; }

private:
    explicit BuildContext(std::filesystem::path root, bool removeOnDestroy = true)
        : root_(std::move(root))
        , removeOnDestroy_(removeOnDestroy)
        , sources_(std::make_unique<DiskTree>(root_)) {}
    [[nodiscard]] Result<void> removeIgnored(const std::vector<IgnoreRule>& rules,
                                             const std::vector<std::string>& kept);
    [[nodiscard]] Result<std::string> loadManifestDockerfile(const std::string& name);

    std::filesystem::path root_;
    bool removeOnDestroy_ = true;
    std::unique_ptr<SourceTree> sources_;
    ContextManifest* manifest_ = nullptr; // owned by sources_ when set
};

} // namespace berth::build

#pragma once

// The content-addressed image store under <data-root>/image.
//
// A layer is identified by its diff id: the sha256 of its uncompressed tar stream. Each
// layer is unpacked once into a directory that serves as an overlayfs lower dir. An image
// is a Docker/OCI image config (JSON) whose id is the sha256 of that JSON; its rootfs
// lists the diff ids bottom-first. Repositories and tags map names to image ids.
//
// Thread-safe: one mutex guards the index; unpacking runs outside it.

#include "common/error.h"
#include "common/unique_fd.h"
#include "image/config.h"
#include "image/input.h"
#include "image/reference.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::image {

struct Image {
    std::string id; // "sha256:<64 hex>"
    ImageConfig config;
    std::vector<std::string> repoTags; // "name:tag", normalised, e.g. "busybox:latest"
    // "name@sha256:<manifest digest>" for each manifest the image was pulled or pushed as.
    std::vector<std::string> repoDigests;
    int64_t size = 0;        // sum of the layers' unpacked sizes, bytes
    int64_t lastTagTime = 0; // nanoseconds of the last tagging, 0 if never
};

struct ImportOptions {
    std::optional<Reference> reference; // name:tag to give the image, if any
    std::vector<std::string> changes;   // Dockerfile lines: "CMD [\"sh\"]", "ENV A=b", ...
    std::string message;                // the history comment
    std::string platformOs = "linux";
    // Called with the number of input bytes consumed so far; may be called often.
    std::function<void(int64_t)> progress;
    const std::atomic<bool>* cancelled = nullptr;
};

// One image to store with Store::storeImages.
struct ImageSource {
    std::string configJson; // the config bytes; the image id is their sha256
    std::vector<Reference> tags;
    // Opens the tar of layer index i (plain or compressed), as the config's diff ids list
    // them. Only called for layers the store does not have.
    std::function<Result<ReadFunction>(size_t index)> openLayer;
};

struct TransferOptions {
    // Called with a layer's diff id before and after unpacking it (done false, then true),
    // for each layer the store did not have.
    std::function<void(const std::string& diffId, bool done)> layerProgress;
    const std::atomic<bool>* cancelled = nullptr;
};

// What one removal did, in the order Docker reports it.
struct RemovedEntry {
    std::string untagged; // "name:tag" when a tag went away
    std::string deleted;  // image id when the image itself went away
};

struct HistoryEntry {
    std::string id;      // image id for the top entry, "<missing>" for the ones below
    int64_t created = 0; // seconds since the epoch
    std::string createdBy;
    std::vector<std::string> tags;
    int64_t size = 0;
    std::string comment;
};

// The host's architecture as Go spells it in image configs and platforms: "amd64", "arm64".
[[nodiscard]] std::string hostArchitecture();

class Store final {
public:
    // Opens or creates the store under root (created with mode 0700).
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& root);
    ~Store();

    // Imports a tar (plain, gzip, bzip2, xz or zstd, detected by content) read from fd
    // until end of file. Memory stays flat whatever the size. On any error nothing is
    // left behind: no layer, no image, no tag.
    [[nodiscard]] Result<Image> importTar(int fd, const ImportOptions& options);

    // The same, reading from read until it returns 0: for an HTTP body, with no pipe.
    [[nodiscard]] Result<Image> importTar(const ReadFunction& read, const ImportOptions& options);

    // Resolves "name[:tag]", "name@sha256:<manifest digest>" recorded by addRepoDigest, a
    // full id with or without "sha256:", or a unique id prefix of at least one hex digit.
    // NotFound reads "No such image: REF", with REF normalised as
    // Docker prints it ("busybox:latest" for "busybox"). An ambiguous prefix is
    // InvalidArgument. A full id also finds an image that was force-removed while a
    // container still used it, so that container keeps its layers.
    [[nodiscard]] Result<Image> resolve(std::string_view reference) const;

    [[nodiscard]] std::vector<Image> list() const;

    // Tags image source with target (replacing target's previous image, as Docker does).
    [[nodiscard]] Result<void> tag(std::string_view source, const Reference& target);

    // Records that image imageId is the manifest reference.digest of repository
    // reference.name, so that "name@digest" resolves to it and RepoDigests lists it.
    [[nodiscard]] Result<void> addRepoDigest(const Reference& reference,
                                             const std::string& imageId);

    // Removes a reference or an image with Docker's rules. When the reference is a tag and
    // other tags point to the same image, only the tag goes. Removing the last tag of a
    // repository also removes that repository's digest references. An id with several tags needs
    // force. usedBy returns the id of a container using an image id, if any. Without force
    // an image in use is a Conflict naming the container, and with force the image goes but
    // its layers stay until no container uses them. Untagged parents go too (Docker's
    // prune), and so do layers no image lists any more. usedBy runs with the store's lock
    // held, so it must not call back into the store.
    [[nodiscard]] Result<std::vector<RemovedEntry>>
    remove(std::string_view reference, bool force,
           const std::function<std::optional<std::string>(const std::string& imageId)>& usedBy);

    // Removes only the tag that reference names, even when it is the image's last one.
    [[nodiscard]] Result<std::vector<RemovedEntry>> untag(std::string_view reference);

    [[nodiscard]] Result<std::vector<HistoryEntry>> history(std::string_view reference) const;

    // Unpacked layer directories for overlayfs, top-most first (the order lowerdir takes),
    // as paths through the short links <root>/l/<10 characters>, so a mount option string
    // of many layers stays under the page size.
    [[nodiscard]] Result<std::vector<std::filesystem::path>> layerDirs(const Image& image) const;

    // Stores a new image made of an existing image's layers plus a tar diff (commit, build).
    // parentId (a full id) may be empty for an image from scratch, and diffFd < 0 adds no layer
    // (a metadata-only build step). config.parent and config.diffIds are set here. When
    // config.history is empty it becomes the parent's history plus one entry from
    // config.created, config.author and config.comment. Otherwise it is kept as given.
    // config.created = 0 means now.
    [[nodiscard]] Result<Image> createFromDiff(const std::string& parentId, int diffFd,
                                               ImageConfig config,
                                               const std::optional<Reference>& reference);

    // The same, reading the tar diff from readDiff; an empty function adds no layer. An
    // error that readDiff returns fails the whole call, so a writer on the other end can
    // report a diff it could not finish.
    [[nodiscard]] Result<Image> createFromDiff(const std::string& parentId,
                                               const ReadFunction& readDiff, ImageConfig config,
                                               const std::optional<Reference>& reference);

    [[nodiscard]] const std::filesystem::path& root() const;

    // The image config exactly as stored: the JSON whose sha256 is imageId.
    [[nodiscard]] Result<std::string> configJson(const std::string& imageId) const;

    [[nodiscard]] bool hasLayer(const std::string& diffId) const;

    // The unpacked size in bytes of every stored layer, by diff id. Images that share a
    // layer share its one directory, so the sum is the disk the layers take.
    [[nodiscard]] std::map<std::string, int64_t> layerSizes() const;

    // The size in bytes of a layer's tar as it was imported.
    [[nodiscard]] Result<int64_t> layerTarSize(const std::string& diffId) const;

    // Writes a layer's tar again, byte for byte as it was imported, from its unpacked files,
    // and checks its digest. A layer removed while it is written fails the call.
    [[nodiscard]] Result<int64_t>
    writeLayerTar(const std::string& diffId,
                  const std::function<Result<void>(std::string_view)>& write) const;

    // Stores images read from an archive (docker load) or a registry: each layer is unpacked
    // and its diff id checked against the config before anything is committed, and nothing
    // is stored or tagged unless every image is complete.
    [[nodiscard]] Result<std::vector<Image>> storeImages(const std::vector<ImageSource>& sources,
                                                         const TransferOptions& options);

private:
    Store();
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace berth::image

#include "image/image_archive_reader.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/scope_guard.h"
#include "common/sha256.h"
#include "common/unique_fd.h"
#include "image/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace berth::image {

namespace stdfs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kMaxJsonSize = 16 << 20;
constexpr int kMaxLinkHops = 16;

constexpr std::string_view kOciIndexType = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kDockerListType =
    "application/vnd.docker.distribution.manifest.list.v2+json";

std::unexpected<Error> invalidArchive(std::string_view problem) {
    return fail(ErrorKind::InvalidArgument, fmt::format("invalid image archive: {}", problem));
}

// Cleans an archive path: no leading "./", no empty or "." parts. Rejects ".." and
// absolute paths, which could reach outside the work directory.
Result<std::string> cleanArchivePath(std::string_view raw, std::string_view shown) {
    if (raw.starts_with('/')) {
        return invalidArchive(fmt::format("entry \"{}\" is an absolute path", shown));
    }
    std::string clean;
    size_t start = 0;
    while (start <= raw.size()) {
        size_t slash = raw.find('/', start);
        std::string_view part = raw.substr(start, slash - start);
        if (part == "..") {
            return invalidArchive(
                fmt::format("entry \"{}\" contains \"..\" and would leave the archive", shown));
        }
        if (!part.empty() && part != ".") {
            clean += clean.empty() ? "" : "/";
            clean += part;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return clean;
}

// The unpacked archive: regular files under dir, links as a map from name to target.
class ArchiveTree final {
public:
    explicit ArchiveTree(stdfs::path dir)
        : dir_(std::move(dir)) {}

    Result<void> extract(TarReader& reader) {
        archive* tar = reader.tar();
        std::vector<char> buffer(256 * 1024);
        for (;;) {
            archive_entry* entry = nullptr;
            int status = archive_read_next_header(tar, &entry);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status != ARCHIVE_OK && status != ARCHIVE_WARN) {
                return std::unexpected(reader.lastError().context("read image archive"));
            }
            const char* name = archive_entry_pathname(entry);
            auto path = cleanArchivePath(name != nullptr ? name : "", name != nullptr ? name : "");
            if (!path) {
                return std::unexpected(path.error());
            }
            if (auto added = addEntry(reader, entry, *path, buffer); !added) {
                return added;
            }
        }
        return {};
    }

    // The file that path names, after following archive links.
    Result<stdfs::path> find(std::string_view path) const {
        auto clean = cleanArchivePath(path, path);
        if (!clean) {
            return std::unexpected(clean.error());
        }
        std::string current = *clean;
        for (int hop = 0; hop < kMaxLinkHops; ++hop) {
            auto link = links_.find(current);
            if (link == links_.end()) {
                break;
            }
            current = link->second;
        }
        if (!files_.contains(current)) {
            return invalidArchive(fmt::format("file \"{}\" is missing", path));
        }
        return dir_ / current;
    }

    Result<std::string> readJson(std::string_view path) const {
        auto file = find(path);
        if (!file) {
            return std::unexpected(file.error());
        }
        std::error_code error;
        if (stdfs::file_size(*file, error) > kMaxJsonSize) {
            return invalidArchive(
                fmt::format("\"{}\" is larger than {} bytes", path, kMaxJsonSize));
        }
        return fs::readFile(*file);
    }

    [[nodiscard]] bool contains(const std::string& path) const { return files_.contains(path); }

private:
    Result<void> addEntry(TarReader& reader, archive_entry* entry, const std::string& path,
                          std::vector<char>& buffer) {
        if (path.empty()) {
            return {};
        }
        if (const char* hardlink = archive_entry_hardlink(entry); hardlink != nullptr) {
            auto target = cleanArchivePath(hardlink, hardlink);
            if (!target) {
                return std::unexpected(target.error());
            }
            links_[path] = *target;
            return {};
        }
        switch (archive_entry_filetype(entry)) {
        case AE_IFLNK:
            return addSymlink(path, archive_entry_symlink(entry));
        case AE_IFREG:
            return addFile(reader, path, buffer);
        default:
            return {}; // directories are made as files need them; nothing else matters
        }
    }

    Result<void> addSymlink(const std::string& path, const char* target) {
        std::string_view text = target != nullptr ? target : "";
        std::string base;
        if (!text.starts_with('/')) {
            size_t slash = path.rfind('/');
            base = slash == std::string::npos ? "" : path.substr(0, slash + 1);
        } else {
            text.remove_prefix(1);
        }
        auto resolved = cleanArchivePath(base + std::string(text), path);
        if (!resolved) {
            return std::unexpected(resolved.error());
        }
        links_[path] = *resolved;
        return {};
    }

    Result<void> addFile(TarReader& reader, const std::string& path, std::vector<char>& buffer) {
        stdfs::path target = dir_ / path;
        if (auto made = fs::makeDirectories(target.parent_path(), 0700); !made) {
            return made;
        }
        // Only files and folders made here are in the work directory, so O_NOFOLLOW on the
        // last component is all the protection the cleaned path needs.
        UniqueFd file(
            ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!file) {
            return failSys(fmt::format("create {}", target.string()));
        }
        for (;;) {
            la_ssize_t n = archive_read_data(reader.tar(), buffer.data(), buffer.size());
            if (n < 0) {
                return std::unexpected(reader.lastError().context("read image archive"));
            }
            if (n == 0) {
                break;
            }
            for (la_ssize_t done = 0; done < n;) {
                ssize_t written = ::write(file.get(), buffer.data() + done, size_t(n - done));
                if (written < 0 && errno == EINTR) {
                    continue;
                }
                if (written < 0) {
                    return failSys(fmt::format("write {}", target.string()));
                }
                done += written;
            }
        }
        files_.insert(path);
        links_.erase(path);
        return {};
    }

    stdfs::path dir_;
    std::set<std::string> files_;
    std::map<std::string, std::string> links_;
};

// An archive image before it is stored: its config and where its layer tars are.
struct ArchiveImage {
    std::string configJson;
    std::vector<stdfs::path> layers;
    std::vector<Reference> tags;
};

ReadFunction readOwnedFd(std::shared_ptr<UniqueFd> fd) {
    return [fd](std::span<char> buffer) -> Result<size_t> { return readFromFd(fd->get())(buffer); };
}

// The digest an archive path names: "blobs/sha256/<hex>", "<hex>.json" or "<hex>/...".
std::optional<std::string> digestInPath(std::string_view path) {
    size_t slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (base.ends_with(".json")) {
        base.remove_suffix(5);
    }
    bool hex = base.size() == 64 && std::ranges::all_of(base, [](char c) {
                   return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
               });
    return hex ? std::optional(std::string(base)) : std::nullopt;
}

Result<ArchiveImage> readConfigAndLayers(const ArchiveTree& tree, const std::string& configPath,
                                         const std::vector<std::string>& layerPaths,
                                         std::string_view manifestName) {
    ArchiveImage image;
    auto configJson = tree.readJson(configPath);
    if (!configJson) {
        return std::unexpected(configJson.error());
    }
    image.configJson = std::move(*configJson);
    if (auto named = digestInPath(configPath); named && *named != sha256Hex(image.configJson)) {
        return invalidArchive(fmt::format("config \"{}\" does not match its digest", configPath));
    }
    auto config = parseImageConfig(image.configJson);
    if (!config) {
        return std::unexpected(config.error().context(
            fmt::format("invalid image archive: config \"{}\"", configPath)));
    }
    if (config->diffIds.size() != layerPaths.size()) {
        return invalidArchive(fmt::format("malformed {}: it lists {} layers for config \"{}\", "
                                          "which has {}",
                                          manifestName, layerPaths.size(), configPath,
                                          config->diffIds.size()));
    }
    for (const std::string& layerPath : layerPaths) {
        auto file = tree.find(layerPath);
        if (!file) {
            return invalidArchive(
                fmt::format("layer \"{}\" listed in {} is missing", layerPath, manifestName));
        }
        image.layers.push_back(*file);
    }
    return image;
}

Result<std::vector<Reference>> parseTags(const json& repoTags) {
    std::vector<Reference> tags;
    if (repoTags.is_null()) {
        return tags;
    }
    for (const json& tag : repoTags) {
        auto reference = parseReference(tag.is_string() ? tag.get<std::string>() : "");
        if (!reference) {
            return std::unexpected(
                reference.error().context("invalid image archive: malformed manifest.json"));
        }
        tags.push_back(std::move(*reference));
    }
    return tags;
}

Result<std::vector<ArchiveImage>> readDockerManifest(const ArchiveTree& tree) {
    auto text = tree.readJson("manifest.json");
    if (!text) {
        return std::unexpected(text.error());
    }
    json manifest = json::parse(*text, nullptr, false);
    if (!manifest.is_array()) {
        return invalidArchive("malformed manifest.json: it is not a JSON array");
    }
    std::vector<ArchiveImage> images;
    for (const json& item : manifest) {
        if (!item.is_object() || !item.contains("Config") || !item["Config"].is_string() ||
            !item.contains("Layers") || !item["Layers"].is_array() ||
            !std::ranges::all_of(item["Layers"], [](const json& l) { return l.is_string(); }) ||
            (item.contains("RepoTags") && !item["RepoTags"].is_null() &&
             !item["RepoTags"].is_array())) {
            return invalidArchive("malformed manifest.json: each entry needs \"Config\" (a "
                                  "path) and \"Layers\" (a list of paths)");
        }
        auto image =
            readConfigAndLayers(tree, item["Config"].get<std::string>(),
                                item["Layers"].get<std::vector<std::string>>(), "manifest.json");
        if (!image) {
            return std::unexpected(image.error());
        }
        auto tags = parseTags(item.value("RepoTags", json()));
        if (!tags) {
            return std::unexpected(tags.error());
        }
        image->tags = std::move(*tags);
        images.push_back(std::move(*image));
    }
    return images;
}

// Reads the blob a descriptor names and checks its digest.
Result<std::string> readBlobJson(const ArchiveTree& tree, const json& descriptor) {
    std::string digest = descriptor.value("digest", "");
    if (!digest.starts_with("sha256:") || !digestInPath(digest.substr(7))) {
        return invalidArchive(fmt::format("malformed index.json: digest \"{}\"", digest));
    }
    auto text = tree.readJson("blobs/sha256/" + digest.substr(7));
    if (!text) {
        return std::unexpected(text.error());
    }
    if (sha256Hex(*text) != digest.substr(7)) {
        return invalidArchive(fmt::format("blob {} does not match its digest", digest));
    }
    return text;
}

std::optional<Reference> ociTag(const json& descriptor) {
    json annotations = descriptor.value("annotations", json::object());
    for (const char* key : {"io.containerd.image.name", "org.opencontainers.image.ref.name"}) {
        std::string value = annotations.is_object() ? annotations.value(key, "") : "";
        if (value.find_first_of(":/") == std::string::npos) {
            continue; // absent, or a tag without a repository name
        }
        if (auto reference = parseReference(value); reference) {
            return *reference;
        }
    }
    return std::nullopt;
}

Result<void> readOciDescriptor(const ArchiveTree& tree, const json& descriptor, int depth,
                               std::vector<ArchiveImage>& images) {
    if (!descriptor.is_object() || depth > 4) {
        return invalidArchive("malformed index.json: a manifest entry is not an object");
    }
    auto text = readBlobJson(tree, descriptor);
    if (!text) {
        return std::unexpected(text.error());
    }
    json manifest = json::parse(*text, nullptr, false);
    std::string mediaType =
        manifest.is_object() ? manifest.value("mediaType", descriptor.value("mediaType", "")) : "";
    if (manifest.is_object() && (mediaType == kOciIndexType || mediaType == kDockerListType ||
                                 manifest.contains("manifests"))) {
        for (const json& child : manifest.value("manifests", json::array())) {
            if (auto read = readOciDescriptor(tree, child, depth + 1, images); !read) {
                return read;
            }
        }
        return {};
    }
    if (!manifest.is_object() || !manifest.contains("config") || !manifest["config"].is_object() ||
        !manifest.contains("layers") || !manifest["layers"].is_array()) {
        return invalidArchive("malformed image manifest: it needs \"config\" and \"layers\"");
    }
    std::vector<std::string> layerPaths;
    for (const json& layer : manifest["layers"]) {
        std::string digest = layer.is_object() ? layer.value("digest", "") : "";
        if (!digest.starts_with("sha256:")) {
            return invalidArchive(fmt::format("malformed image manifest: layer \"{}\"", digest));
        }
        layerPaths.push_back("blobs/sha256/" + digest.substr(7));
    }
    std::string configDigest = manifest["config"].value("digest", "");
    if (!configDigest.starts_with("sha256:")) {
        return invalidArchive("malformed image manifest: config digest");
    }
    auto image = readConfigAndLayers(tree, "blobs/sha256/" + configDigest.substr(7), layerPaths,
                                     "the image manifest");
    if (!image) {
        return std::unexpected(image.error());
    }
    if (auto tag = ociTag(descriptor)) {
        image->tags.push_back(*tag);
    }
    images.push_back(std::move(*image));
    return {};
}

Result<std::vector<ArchiveImage>> readOciIndex(const ArchiveTree& tree) {
    auto text = tree.readJson("index.json");
    if (!text) {
        return std::unexpected(text.error());
    }
    json index = json::parse(*text, nullptr, false);
    if (!index.is_object() || !index.contains("manifests") || !index["manifests"].is_array()) {
        return invalidArchive("malformed index.json: it needs a \"manifests\" list");
    }
    std::vector<ArchiveImage> images;
    for (const json& descriptor : index["manifests"]) {
        if (auto read = readOciDescriptor(tree, descriptor, 0, images); !read) {
            return std::unexpected(read.error());
        }
    }
    // One manifest tagged several times appears once per tag: merge those.
    std::vector<ArchiveImage> merged;
    for (ArchiveImage& image : images) {
        auto same = std::ranges::find(merged, image.configJson, &ArchiveImage::configJson);
        if (same == merged.end()) {
            merged.push_back(std::move(image));
        } else {
            same->tags.insert(same->tags.end(), image.tags.begin(), image.tags.end());
        }
    }
    return merged;
}

} // namespace

Result<std::vector<LoadedImage>> loadImageArchive(Store& store, ReadFunction read,
                                                  const LoadOptions& options) {
    stdfs::path work = store.root() / "tmp" / ("load-" + randomHexId().substr(0, 16));
    if (auto made = fs::makeDirectories(work, 0700); !made) {
        return std::unexpected(made.error());
    }
    ScopeGuard removeWork([&work] {
        if (auto removed = fs::removeTree(work); !removed) {
            log::warning("image load: {}", removed.error().message);
        }
    });

    ArchiveTree tree(work);
    auto reader = TarReader::open(std::move(read), TarReader::Options{{}, options.cancelled});
    if (!reader) {
        return std::unexpected(reader.error().context("read image archive"));
    }
    if (auto extracted = tree.extract(**reader); !extracted) {
        return std::unexpected(extracted.error());
    }

    Result<std::vector<ArchiveImage>> images =
        tree.contains("manifest.json") ? readDockerManifest(tree)
        : tree.contains("index.json")
            ? readOciIndex(tree)
            : invalidArchive("it has neither manifest.json nor index.json; was it written by "
                             "\"docker save\"?");
    if (!images) {
        return std::unexpected(images.error());
    }

    std::vector<ImageSource> sources;
    for (const ArchiveImage& image : *images) {
        ImageSource source;
        source.configJson = image.configJson;
        source.tags = image.tags;
        source.openLayer = [layers = image.layers](size_t index) -> Result<ReadFunction> {
            auto fd = std::make_shared<UniqueFd>(
                ::open(layers.at(index).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
            if (!*fd) {
                return failSys(fmt::format("open {}", layers.at(index).string()));
            }
            return readOwnedFd(std::move(fd));
        };
        sources.push_back(std::move(source));
    }
    auto stored =
        store.storeImages(sources, TransferOptions{options.layerProgress, options.cancelled});
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::vector<LoadedImage> loaded;
    for (size_t i = 0; i < stored->size(); ++i) {
        LoadedImage image{(*stored)[i].id, {}};
        for (const Reference& tag : (*images)[i].tags) {
            image.tags.push_back(tag.str());
        }
        loaded.push_back(std::move(image));
    }
    return loaded;
}

} // namespace berth::image

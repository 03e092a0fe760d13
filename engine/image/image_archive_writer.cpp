#include "image/image_archive_writer.h"

#include "common/sha256.h"
#include "image/archive_output.h"
#include "image/store_index.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <map>
#include <memory>
#include <optional>
#include <set>

namespace berth::image {

using nlohmann::json;

namespace {

constexpr std::string_view kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kOciIndexType = "application/vnd.oci.image.index.v1+json";
constexpr std::string_view kOciConfigType = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kOciLayerType = "application/vnd.oci.image.layer.v1.tar";

struct ArchiveDeleter {
    void operator()(archive* writer) const { archive_write_free(writer); }
};
struct EntryDeleter {
    void operator()(archive_entry* entry) const { archive_entry_free(entry); }
};

// A libarchive tar writer whose output goes to a sink.
class BlobArchive final {
public:
    explicit BlobArchive(const std::function<Result<void>(std::string_view)>& sink)
        : sink_(sink) {}

    Result<void> open() {
        writer_.reset(archive_write_new());
        archive* writer = writer_.get();
        if (archive_write_set_format_pax_restricted(writer) != ARCHIVE_OK ||
            archive_write_set_bytes_in_last_block(writer, 1) != ARCHIVE_OK ||
            archive_write_open2(writer, this, nullptr, &BlobArchive::write, nullptr, nullptr) !=
                ARCHIVE_OK) {
            return failure("open the image archive");
        }
        return {};
    }

    Result<void> addDirectory(const std::string& path) {
        return writeHeader(path, AE_IFDIR | 0755, 0);
    }

    Result<void> addFile(const std::string& path, std::string_view content) {
        if (auto header = writeHeader(path, AE_IFREG | 0644, int64_t(content.size())); !header) {
            return header;
        }
        if (!content.empty() && archive_write_data(writer_.get(), content.data(), content.size()) !=
                                    la_ssize_t(content.size())) {
            return failure(fmt::format("write {}", path));
        }
        return {};
    }

    // Writes an entry of size bytes whose data fill() passes to the function it is given.
    Result<void> addStreamed(
        const std::string& path, int64_t size,
        const std::function<Result<int64_t>(const std::function<Result<void>(std::string_view)>&)>&
            fill) {
        if (auto header = writeHeader(path, AE_IFREG | 0644, size); !header) {
            return header;
        }
        auto written = fill([this, &path](std::string_view bytes) -> Result<void> {
            if (archive_write_data(writer_.get(), bytes.data(), bytes.size()) !=
                la_ssize_t(bytes.size())) {
                return failure(fmt::format("write {}", path));
            }
            return {};
        });
        if (!written) {
            return std::unexpected(written.error());
        }
        if (*written != size) {
            return fail(ErrorKind::System, fmt::format("write {}: {} bytes expected, {} written",
                                                       path, size, *written));
        }
        return {};
    }

    Result<void> close() {
        if (archive_write_close(writer_.get()) != ARCHIVE_OK) {
            return failure("finish the image archive");
        }
        return {};
    }

private:
    Result<void> writeHeader(const std::string& path, unsigned mode, int64_t size) {
        std::unique_ptr<archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), path.c_str());
        archive_entry_set_mode(entry.get(), mode);
        archive_entry_set_size(entry.get(), size);
        archive_entry_set_mtime(entry.get(), 0, 0);
        if (archive_write_header(writer_.get(), entry.get()) != ARCHIVE_OK) {
            return failure(fmt::format("write the header of {}", path));
        }
        return {};
    }

    // The sink's own error comes first: libarchive only knows that the write failed.
    std::unexpected<Error> failure(std::string_view action) {
        if (sinkError_) {
            return std::unexpected(*sinkError_);
        }
        return archiveFailure(writer_.get(), action);
    }

    static la_ssize_t write(archive* writer, void* self, const void* data, size_t size) {
        auto* that = static_cast<BlobArchive*>(self);
        auto written = that->sink_(std::string_view(static_cast<const char*>(data), size));
        if (!written) {
            that->sinkError_ = written.error();
            archive_set_error(writer, written.error().errnum, "%s",
                              written.error().message.c_str());
            return -1;
        }
        return la_ssize_t(size);
    }

    const std::function<Result<void>(std::string_view)>& sink_;
    std::unique_ptr<archive, ArchiveDeleter> writer_;
    std::optional<Error> sinkError_;
};

std::string blobPath(const std::string& digest) {
    return "blobs/sha256/" + hexOf(digest);
}

json descriptor(std::string_view mediaType, const std::string& digest, int64_t size) {
    return json{{"mediaType", mediaType}, {"digest", digest}, {"size", size}};
}

// One image as it goes into the archive.
struct ImageEntry {
    std::string id;
    std::string configJson;
    ImageConfig config;
    std::vector<std::string> repoTags;
    std::string manifestJson;
};

// Groups the requested images by id, keeping the order of first mention.
std::vector<SavedImage> mergeImages(const std::vector<SavedImage>& images) {
    std::vector<SavedImage> merged;
    for (const SavedImage& image : images) {
        auto same = std::ranges::find(merged, image.id, &SavedImage::id);
        if (same == merged.end()) {
            merged.push_back(image);
            continue;
        }
        for (const std::string& tag : image.repoTags) {
            if (std::ranges::find(same->repoTags, tag) == same->repoTags.end()) {
                same->repoTags.push_back(tag);
            }
        }
    }
    return merged;
}

Result<std::vector<ImageEntry>> collectImages(const Store& store,
                                              const std::vector<SavedImage>& images,
                                              std::map<std::string, int64_t>& layerSizes) {
    std::vector<ImageEntry> entries;
    for (const SavedImage& saved : mergeImages(images)) {
        ImageEntry entry{saved.id, {}, {}, saved.repoTags, {}};
        auto configJson = store.configJson(saved.id);
        if (!configJson) {
            return std::unexpected(configJson.error());
        }
        entry.configJson = std::move(*configJson);
        auto config = parseImageConfig(entry.configJson);
        if (!config) {
            return std::unexpected(config.error().context(fmt::format("image {}", saved.id)));
        }
        entry.config = std::move(*config);

        json layers = json::array();
        for (const std::string& diffId : entry.config.diffIds) {
            if (!layerSizes.contains(diffId)) {
                auto size = store.layerTarSize(diffId);
                if (!size) {
                    return std::unexpected(size.error());
                }
                layerSizes[diffId] = *size;
            }
            layers.push_back(descriptor(kOciLayerType, diffId, layerSizes[diffId]));
        }
        json manifest = {
            {"schemaVersion", 2},
            {"mediaType", kOciManifestType},
            {"config", descriptor(kOciConfigType, saved.id, int64_t(entry.configJson.size()))},
            {"layers", layers},
        };
        entry.manifestJson = manifest.dump();
        entries.push_back(std::move(entry));
    }
    return entries;
}

json indexJson(const std::vector<ImageEntry>& images) {
    json manifests = json::array();
    for (const ImageEntry& image : images) {
        json base = descriptor(kOciManifestType, digestOf(sha256Hex(image.manifestJson)),
                               int64_t(image.manifestJson.size()));
        if (image.repoTags.empty()) {
            manifests.push_back(base);
        }
        for (const std::string& repoTag : image.repoTags) {
            auto reference = parseReference(repoTag);
            if (!reference) {
                continue;
            }
            json tagged = base;
            tagged["annotations"] = {
                {"io.containerd.image.name", qualifiedName(reference->name) + ":" + reference->tag},
                {"org.opencontainers.image.ref.name", reference->tag},
            };
            manifests.push_back(std::move(tagged));
        }
    }
    return json{{"schemaVersion", 2}, {"mediaType", kOciIndexType}, {"manifests", manifests}};
}

json dockerManifestJson(const std::vector<ImageEntry>& images) {
    json list = json::array();
    for (const ImageEntry& image : images) {
        json layers = json::array();
        for (const std::string& diffId : image.config.diffIds) {
            layers.push_back(blobPath(diffId));
        }
        list.push_back(
            {{"Config", blobPath(image.id)}, {"RepoTags", image.repoTags}, {"Layers", layers}});
    }
    return list;
}

// The legacy "repositories" file: repository, tag, and the top layer's id.
json repositoriesJson(const std::vector<ImageEntry>& images) {
    json repositories = json::object();
    for (const ImageEntry& image : images) {
        if (image.config.diffIds.empty()) {
            continue;
        }
        for (const std::string& repoTag : image.repoTags) {
            auto reference = parseReference(repoTag);
            if (reference) {
                repositories[reference->name][reference->tag] = hexOf(image.config.diffIds.back());
            }
        }
    }
    return repositories;
}

} // namespace

std::string qualifiedName(std::string_view name) {
    size_t slash = name.find('/');
    std::string_view first = name.substr(0, slash);
    bool hasDomain = slash != std::string_view::npos &&
                     (first.find('.') != std::string_view::npos ||
                      first.find(':') != std::string_view::npos || first == "localhost");
    if (hasDomain) {
        return std::string(name);
    }
    if (slash == std::string_view::npos) {
        return "docker.io/library/" + std::string(name);
    }
    return "docker.io/" + std::string(name);
}

Result<void> writeImageArchive(const Store& store, const std::vector<SavedImage>& images,
                               const std::function<Result<void>(std::string_view)>& sink) {
    std::map<std::string, int64_t> layerSizes;
    auto entries = collectImages(store, images, layerSizes);
    if (!entries) {
        return std::unexpected(entries.error());
    }

    BlobArchive output(sink);
    if (auto opened = output.open(); !opened) {
        return opened;
    }
    for (const char* dir : {"blobs/", "blobs/sha256/"}) {
        if (auto added = output.addDirectory(dir); !added) {
            return added;
        }
    }
    std::set<std::string> written;
    for (const ImageEntry& image : *entries) {
        for (const std::string& diffId : image.config.diffIds) {
            if (!written.insert(diffId).second) {
                continue;
            }
            auto added =
                output.addStreamed(blobPath(diffId), layerSizes.at(diffId),
                                   [&](const std::function<Result<void>(std::string_view)>& write) {
                                       return store.writeLayerTar(diffId, write);
                                   });
            if (!added) {
                return added;
            }
        }
        std::string manifestDigest = digestOf(sha256Hex(image.manifestJson));
        for (const auto& [digest, content] :
             {std::pair{image.id, std::string_view(image.configJson)},
              std::pair{manifestDigest, std::string_view(image.manifestJson)}}) {
            if (!written.insert(digest).second) {
                continue;
            }
            if (auto added = output.addFile(blobPath(digest), content); !added) {
                return added;
            }
        }
    }
    for (const auto& [path, content] :
         {std::pair{"index.json", indexJson(*entries).dump()},
          std::pair{"manifest.json", dockerManifestJson(*entries).dump()},
          std::pair{"oci-layout", json{{"imageLayoutVersion", "1.0.0"}}.dump()},
          std::pair{"repositories", repositoriesJson(*entries).dump()}}) {
        if (auto added = output.addFile(path, content); !added) {
            return added;
        }
    }
    return output.close();
}

} // namespace berth::image

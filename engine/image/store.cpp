#include "image/store.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/time.h"
#include "image/layer_unpacker.h"
#include "image/store_index.h"
#include "image/store_ops.h"
#include "image/store_staging.h"
#include "image/tar_reader.h"
#include "image/tar_split.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <algorithm>
#include <mutex>

namespace berth::image {

namespace stdfs = std::filesystem;

std::string hostArchitecture() {
    utsname name{};
    ::uname(&name);
    std::string_view machine = name.machine;
    if (machine == "x86_64") {
        return "amd64";
    }
    if (machine == "aarch64") {
        return "arm64";
    }
    if (machine.starts_with("arm")) {
        return "arm";
    }
    if (machine == "i686" || machine == "i386") {
        return "386";
    }
    return std::string(machine);
}

Store::Store()
    : state_(std::make_unique<State>()) {}
Store::~Store() = default;

const stdfs::path& Store::root() const {
    return state_->index.root;
}

Result<std::unique_ptr<Store>> Store::open(const stdfs::path& root) {
    auto index = StoreIndex::load(root);
    if (!index) {
        return std::unexpected(index.error());
    }
    std::unique_ptr<Store> store(new Store());
    store->state_->index = std::move(*index);
    log::debug("image store: opened {} with {} images, {} layers, {} tags", root.string(),
               store->state_->index.images.size(), store->state_->index.layers.size(),
               store->state_->index.tags.size());
    return store;
}

namespace {

// Commits a staged layer (when there is one), the image config and its tag, under the lock.
Result<Image> commitImage(StoreIndex& index, std::optional<StagedLayer> staged,
                          const ImageConfig& config, const std::optional<Reference>& reference) {
    if (staged) {
        if (auto committed = commitStagedLayer(index, *staged); !committed) {
            return std::unexpected(committed.error());
        }
    }
    std::vector<Reference> references;
    if (reference) {
        references.push_back(*reference);
    }
    return commitConfig(index, serialize(config), config, references);
}

} // namespace

Result<Image> Store::importTar(int fd, const ImportOptions& options) {
    return importTar(readFromFd(fd), options);
}

Result<Image> Store::importTar(const ReadFunction& read, const ImportOptions& options) {
    if (!options.platformOs.empty() && options.platformOs != "linux") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("import image: operating system \"{}\" is not supported; this "
                                "engine runs linux images",
                                options.platformOs));
    }
    ImageConfig config;
    config.architecture = hostArchitecture();
    config.comment = options.message;
    auto changed = applyChanges(config.config, options.changes);
    if (!changed) {
        return std::unexpected(changed.error());
    }
    if (options.reference && !options.reference->digest.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("import: cannot tag an image with a digest reference {}",
                                options.reference->str()));
    }

    auto staged = stageLayer(state_->index.stagingDir(), read,
                             TarReader::Options{options.progress, options.cancelled});
    if (!staged) {
        return std::unexpected(staged.error().context("import image"));
    }

    // As Docker's import: one history entry with the message and no created_by.
    config.created = nowNanoseconds();
    config.diffIds = {staged->layer.diffId};
    config.history = {HistoryItem{config.created, "", "", options.message, false}};

    std::lock_guard lock(state_->mutex);
    auto image = commitImage(state_->index, std::move(*staged), config, options.reference);
    if (!image) {
        return std::unexpected(image.error().context("import image"));
    }
    log::info("image store: imported {} as {} ({} bytes)", image->id,
              options.reference ? options.reference->str() : "<none>", image->size);
    return image;
}

Result<Image> Store::createFromDiff(const std::string& parentId, int diffFd, ImageConfig config,
                                    const std::optional<Reference>& reference) {
    ReadFunction readDiff = diffFd >= 0 ? readFromFd(diffFd) : ReadFunction{};
    return createFromDiff(parentId, readDiff, std::move(config), reference);
}

Result<Image> Store::createFromDiff(const std::string& parentId, const ReadFunction& readDiff,
                                    ImageConfig config, const std::optional<Reference>& reference) {
    std::optional<ImageConfig> parent;
    if (!parentId.empty()) {
        std::lock_guard lock(state_->mutex);
        auto it = state_->index.images.find(parentId);
        if (it == state_->index.images.end()) {
            return noSuchImage(parentId);
        }
        parent = it->second.config;
    }
    std::optional<StagedLayer> staged;
    if (readDiff) {
        auto layer = stageLayer(state_->index.stagingDir(), readDiff, {});
        if (!layer) {
            return std::unexpected(layer.error().context("apply diff"));
        }
        staged.emplace(std::move(*layer));
    }

    if (config.created == 0) {
        config.created = nowNanoseconds();
    }
    config.parent = parentId;
    config.diffIds = parent ? parent->diffIds : std::vector<std::string>{};
    if (staged) {
        config.diffIds.push_back(staged->layer.diffId);
    }
    if (config.history.empty()) {
        config.history = parent ? parent->history : std::vector<HistoryItem>{};
        config.history.push_back(
            HistoryItem{config.created, "", config.author, config.comment, !staged});
    }

    std::lock_guard lock(state_->mutex);
    if (!parentId.empty() && !state_->index.images.contains(parentId)) {
        return noSuchImage(parentId);
    }
    auto image = commitImage(state_->index, std::move(staged), config, reference);
    if (!image) {
        return std::unexpected(image.error().context("create image"));
    }
    return image;
}

Result<Image> Store::resolve(std::string_view reference) const {
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    auto id = ops.findId(reference);
    if (!id) {
        return std::unexpected(id.error());
    }
    return ops.makeImage(*id);
}

std::vector<Image> Store::list() const {
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    std::vector<Image> images;
    for (const auto& [id, record] : state_->index.images) {
        if (!record.retained) {
            images.push_back(ops.makeImage(id));
        }
    }
    std::ranges::sort(
        images, [](const Image& a, const Image& b) { return a.config.created > b.config.created; });
    return images;
}

std::map<std::string, int64_t> Store::layerSizes() const {
    std::lock_guard lock(state_->mutex);
    std::map<std::string, int64_t> sizes;
    for (const auto& [diffId, layer] : state_->index.layers) {
        sizes.emplace(diffId, layer.size);
    }
    return sizes;
}

Result<void> Store::tag(std::string_view source, const Reference& target) {
    if (!target.digest.empty()) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("refusing to create a tag with a digest reference: {}", target.str()));
    }
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    auto id = ops.findId(source);
    if (!id) {
        return std::unexpected(id.error());
    }
    if (!ops.visible(*id)) {
        return noSuchImage(source);
    }
    auto tagged = ops.setTag(target.str(), *id);
    if (!tagged) {
        return std::unexpected(tagged.error().context(fmt::format("tag {}", target.str())));
    }
    return {};
}

Result<void> Store::addRepoDigest(const Reference& reference, const std::string& imageId) {
    if (reference.digest.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("record repository digest: {} has no digest", reference.str()));
    }
    std::string name = Reference{reference.name, "", reference.digest}.str();
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    if (!ops.visible(imageId)) {
        return noSuchImage(imageId);
    }
    auto recorded = ops.setDigest(name, imageId);
    if (!recorded) {
        return std::unexpected(recorded.error().context(fmt::format("record {}", name)));
    }
    return {};
}

Result<std::vector<RemovedEntry>>
Store::remove(std::string_view reference, bool force,
              const std::function<std::optional<std::string>(const std::string& imageId)>& usedBy) {
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    auto records = ops.remove(reference, force, usedBy);
    if (!records) {
        return std::unexpected(records.error());
    }
    return records;
}

Result<std::vector<RemovedEntry>> Store::untag(std::string_view reference) {
    auto name = parseReference(reference);
    if (!name) {
        return std::unexpected(name.error());
    }
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    if (auto id = ops.findId(reference); !id) {
        return std::unexpected(id.error());
    }
    std::vector<RemovedEntry> records;
    if (auto untagged = ops.untag(name->str(), records); !untagged) {
        return std::unexpected(untagged.error());
    }
    return records;
}

Result<std::vector<std::filesystem::path>> Store::layerDirs(const Image& image) const {
    std::lock_guard lock(state_->mutex);
    std::vector<stdfs::path> dirs;
    for (auto it = image.config.diffIds.rbegin(); it != image.config.diffIds.rend(); ++it) {
        auto layer = state_->index.layers.find(*it);
        if (layer == state_->index.layers.end()) {
            return fail(ErrorKind::NotFound,
                        fmt::format("layer {} of image {} is missing", *it, image.id));
        }
        dirs.push_back(state_->index.linkPath(layer->second.link));
    }
    return dirs;
}

Result<std::vector<HistoryEntry>> Store::history(std::string_view reference) const {
    std::lock_guard lock(state_->mutex);
    StoreOps ops(state_->index);
    auto id = ops.findId(reference);
    if (!id) {
        return std::unexpected(id.error());
    }
    const ImageConfig& config = state_->index.images.at(*id).config;

    std::vector<HistoryEntry> entries;
    size_t layerIndex = 0;
    for (const auto& item : config.history) {
        HistoryEntry entry{"<missing>", item.created / 1'000'000'000, item.createdBy, {}, 0,
                           item.comment};
        if (!item.emptyLayer && layerIndex < config.diffIds.size()) {
            auto layer = state_->index.layers.find(config.diffIds[layerIndex++]);
            entry.size = layer != state_->index.layers.end() ? layer->second.size : 0;
        }
        entries.push_back(std::move(entry));
    }
    std::ranges::reverse(entries);

    // The top entry is the image, and each local parent claims the entry of its top step.
    std::string current = *id;
    while (!current.empty() && state_->index.images.contains(current)) {
        const ImageConfig& step = state_->index.images.at(current).config;
        if (step.history.empty() || step.history.size() > entries.size()) {
            break;
        }
        HistoryEntry& entry = entries[entries.size() - step.history.size()];
        entry.id = current;
        entry.tags = ops.tagsOf(current);
        current = step.parent;
    }
    return entries;
}

} // namespace berth::image

#include "image/store_staging.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "image/store_ops.h"
#include "image/tar_split.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace berth::image {

namespace stdfs = std::filesystem;

StagingDir::~StagingDir() {
    if (!path_.empty()) {
        auto removed = fs::removeTree(path_);
        if (!removed) {
            log::warning("image store: {}", removed.error().message);
        }
    }
}

Result<StagedLayer> stageLayer(const stdfs::path& stagingRoot, ReadFunction read,
                               TarReader::Options options) {
    StagingDir staging(stagingRoot / ("layer-" + randomHexId().substr(0, 16)));
    if (::mkdir(staging.path().c_str(), 0700) != 0 ||
        ::mkdir((staging.path() / "diff").c_str(), 0755) != 0) {
        return failSys(fmt::format("create staging directory {}", staging.path().string()));
    }
    stdfs::path recordPath = staging.path() / kTarSplitFile;
    UniqueFd record(::open(recordPath.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!record) {
        return failSys(fmt::format("create {}", recordPath.string()));
    }
    TarSplitRecorder recorder(std::move(record));
    options.recorder = &recorder;
    auto reader = TarReader::open(std::move(read), std::move(options));
    if (!reader) {
        return std::unexpected(reader.error());
    }
    auto layer = unpackLayer(**reader, staging.path() / "diff");
    if (!layer) {
        return std::unexpected(layer.error());
    }
    // Without its record a layer still runs; only save and push of it fail.
    if (auto recorded = recorder.finish(); !recorded) {
        log::warning("image store: layer {} cannot be written again as a tar: {}", layer->diffId,
                     recorded.error().message);
        ::unlink(recordPath.c_str());
    }
    return StagedLayer{std::move(staging), std::move(*layer)};
}

Result<void> commitStagedLayer(StoreIndex& index, StagedLayer& staged) {
    if (index.layers.contains(staged.layer.diffId)) {
        return {};
    }
    auto committed = index.commitLayer(staged.dir.path(), staged.layer.diffId, staged.layer.size);
    if (!committed) {
        return std::unexpected(committed.error());
    }
    return {};
}

Result<Image> commitConfig(StoreIndex& index, const std::string& json, const ImageConfig& config,
                           const std::vector<Reference>& references) {
    std::string id = "sha256:" + sha256Hex(json);
    StoreOps ops(index);
    auto existing = index.images.find(id);
    bool known = existing != index.images.end() && !existing->second.retained;
    if (!known) {
        auto saved = index.saveImage(id, json, false);
        if (!saved) {
            (void)index.collectLayers();
            return std::unexpected(saved.error());
        }
        if (existing != index.images.end()) {
            (void)index.deleteImageFile(id, true);
        }
        index.images[id] = ImageRecord{config, false};
    }
    for (const Reference& reference : references) {
        auto tagged = ops.setTag(reference.str(), id);
        if (!tagged) {
            return std::unexpected(tagged.error());
        }
    }
    return ops.makeImage(id);
}

} // namespace berth::image

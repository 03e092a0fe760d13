// The store's side of moving images in and out whole: the stored config bytes and layer
// tars for save and push, and storing complete images for load and pull.

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "image/store.h"
#include "image/store_ops.h"
#include "image/store_staging.h"
#include "image/tar_split.h"

#include <fmt/format.h>

#include <map>

namespace berth::image {

namespace stdfs = std::filesystem;

namespace {

std::unexpected<Error> missingLayer(const std::string& diffId) {
    return fail(ErrorKind::NotFound, fmt::format("layer {} is not in the store", diffId));
}

std::unexpected<Error> noTarSplit(const std::string& diffId) {
    return fail(ErrorKind::Unsupported,
                fmt::format("layer {} has no record of its original tar, so it cannot be "
                            "exported; it was stored by an older version or its tar held one "
                            "file twice",
                            diffId));
}

} // namespace

Result<std::string> Store::configJson(const std::string& imageId) const {
    stdfs::path path;
    {
        std::lock_guard lock(state_->mutex);
        auto image = state_->index.images.find(imageId);
        if (image == state_->index.images.end()) {
            return noSuchImage(imageId);
        }
        path = state_->index.imagePath(imageId, image->second.retained);
    }
    return fs::readFile(path);
}

bool Store::hasLayer(const std::string& diffId) const {
    std::lock_guard lock(state_->mutex);
    return state_->index.layers.contains(diffId);
}

Result<int64_t> Store::layerTarSize(const std::string& diffId) const {
    stdfs::path record;
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->index.layers.contains(diffId)) {
            return missingLayer(diffId);
        }
        record = state_->index.layerDir(diffId) / kTarSplitFile;
    }
    if (::access(record.c_str(), F_OK) != 0) {
        return noTarSplit(diffId);
    }
    return layerTarSizeFromSplit(record);
}

Result<int64_t>
Store::writeLayerTar(const std::string& diffId,
                     const std::function<Result<void>(std::string_view)>& write) const {
    stdfs::path dir;
    {
        std::lock_guard lock(state_->mutex);
        if (!state_->index.layers.contains(diffId)) {
            return missingLayer(diffId);
        }
        dir = state_->index.layerDir(diffId);
    }
    if (::access((dir / kTarSplitFile).c_str(), F_OK) != 0) {
        return noTarSplit(diffId);
    }
    return writeLayerTarFromSplit(dir / kTarSplitFile, dir / "diff", diffId, write);
}

namespace {

struct ParsedSource {
    const ImageSource* source = nullptr;
    ImageConfig config;
};

Result<std::vector<ParsedSource>> parseSources(const std::vector<ImageSource>& sources) {
    std::vector<ParsedSource> parsed;
    for (const ImageSource& source : sources) {
        auto config = parseImageConfig(source.configJson);
        if (!config) {
            return std::unexpected(config.error().context(
                fmt::format("invalid image config sha256:{}", sha256Hex(source.configJson))));
        }
        if (!config->os.empty() && config->os != "linux") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("image sha256:{} is for operating system \"{}\"; this "
                                    "engine runs linux images",
                                    sha256Hex(source.configJson), config->os));
        }
        parsed.push_back(ParsedSource{&source, std::move(*config)});
    }
    return parsed;
}

// Unpacks layer index of source, checking that its content is the diff id the config lists.
Result<StagedLayer> stageSourceLayer(const stdfs::path& stagingRoot, const ParsedSource& parsed,
                                     size_t index, const TransferOptions& options) {
    const std::string& expected = parsed.config.diffIds[index];
    if (options.layerProgress) {
        options.layerProgress(expected, false);
    }
    auto read = parsed.source->openLayer(index);
    if (!read) {
        return std::unexpected(read.error());
    }
    auto staged = stageLayer(stagingRoot, std::move(*read),
                             TarReader::Options{{}, options.cancelled, nullptr});
    if (!staged) {
        return std::unexpected(staged.error().context(fmt::format("layer {}", expected)));
    }
    if (staged->layer.diffId != expected) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("layer {} of image sha256:{} has content {}; the layer does not "
                                "match the image config",
                                index + 1, sha256Hex(parsed.source->configJson),
                                staged->layer.diffId));
    }
    if (options.layerProgress) {
        options.layerProgress(expected, true);
    }
    return staged;
}

} // namespace

Result<std::vector<Image>> Store::storeImages(const std::vector<ImageSource>& sources,
                                              const TransferOptions& options) {
    auto parsed = parseSources(sources);
    if (!parsed) {
        return std::unexpected(parsed.error());
    }

    // Unpack every layer the store lacks; the staged ones are removed again on any error.
    std::map<std::string, StagedLayer> staged;
    for (const ParsedSource& source : *parsed) {
        for (size_t i = 0; i < source.config.diffIds.size(); ++i) {
            const std::string& diffId = source.config.diffIds[i];
            bool present = false;
            {
                std::lock_guard lock(state_->mutex);
                present = state_->index.layers.contains(diffId);
            }
            if (present || staged.contains(diffId)) {
                continue;
            }
            auto layer = stageSourceLayer(state_->index.stagingDir(), source, i, options);
            if (!layer) {
                return std::unexpected(layer.error());
            }
            staged.emplace(diffId, std::move(*layer));
        }
    }

    std::lock_guard lock(state_->mutex);
    for (const ParsedSource& source : *parsed) {
        for (const std::string& diffId : source.config.diffIds) {
            if (!state_->index.layers.contains(diffId) && !staged.contains(diffId)) {
                return missingLayer(diffId); // removed by a concurrent rmi
            }
        }
    }
    for (auto& [diffId, layer] : staged) {
        if (auto committed = commitStagedLayer(state_->index, layer); !committed) {
            (void)state_->index.collectLayers();
            return std::unexpected(committed.error());
        }
    }
    // NOTE: a failure to save the second of several configs keeps the first one stored.
    std::vector<Image> images;
    for (const ParsedSource& source : *parsed) {
        auto image = commitConfig(state_->index, source.source->configJson, source.config,
                                  source.source->tags);
        if (!image) {
            (void)state_->index.collectLayers();
            return std::unexpected(image.error());
        }
        log::info("image store: stored {} ({} layers)", image->id, source.config.diffIds.size());
        images.push_back(std::move(*image));
    }
    return images;
}

} // namespace berth::image

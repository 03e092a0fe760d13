// docker diff and docker commit: a container's upper dir read as changes, or stored as one
// new layer on top of its image.

#include "common/log.h"
#include "common/scope_guard.h"
#include "common/time.h"
#include "container/manager.h"
#include "image/diff_stream.h"
#include "image/layer_tar_writer.h"
#include "image/overlay_changes.h"
#include "image/store.h"

#include <fmt/format.h>

namespace berth::container {

namespace {

std::string joinWords(const std::optional<std::vector<std::string>>& words) {
    std::string text;
    for (const auto& word : words.value_or(std::vector<std::string>{})) {
        text += text.empty() ? word : " " + word;
    }
    return text;
}

// The new image's config: the container's merged configuration, then the changes.
Result<image::ImageConfig> commitConfig(const Container& container,
                                        const image::ImageConfig& parent,
                                        const CommitOptions& options) {
    auto runConfig = options.config ? Result<image::RunConfig>(*options.config)
                                    : image::runConfigFromJson(toJson(container.config));
    if (!runConfig) {
        return std::unexpected(runConfig.error().context("read the container's configuration"));
    }
    if (auto changed = image::applyChanges(*runConfig, options.changes); !changed) {
        return std::unexpected(changed.error());
    }
    image::ImageConfig config;
    config.architecture = parent.architecture;
    config.os = parent.os;
    config.created = nowNanoseconds();
    config.author = options.author;
    config.comment = options.comment;
    config.config = std::move(*runConfig);
    config.history = parent.history;
    // Docker records the container's command as the step that made the layer.
    std::string createdBy = options.createdBy.value_or(joinWords(container.config.cmd));
    config.history.push_back(
        image::HistoryItem{config.created, createdBy, options.author, options.comment, false});
    return config;
}

} // namespace

Result<std::vector<image::Change>> Manager::changes(std::string_view reference) const {
    auto container = inspect(reference);
    if (!container) {
        return std::unexpected(container.error());
    }
    auto image = options_.images->resolve(container->imageId);
    if (!image) {
        return std::unexpected(image.error().context(
            fmt::format("list the changes of container {}", container->shortId())));
    }
    auto lowers = options_.images->layerDirs(*image);
    if (!lowers) {
        return std::unexpected(lowers.error());
    }
    return image::listChanges({container->upperDir(), *lowers, image::runtimeMountPoints()});
}

Result<image::Image> Manager::commit(std::string_view reference, const CommitOptions& options) {
    auto container = inspect(reference);
    if (!container) {
        return std::unexpected(container.error());
    }
    auto parent = options_.images->resolve(container->imageId);
    if (!parent) {
        return std::unexpected(
            parent.error().context(fmt::format("commit container {}", container->shortId())));
    }
    auto config = commitConfig(*container, parent->config, options);
    if (!config) {
        return std::unexpected(config.error());
    }

    // Frozen while its upper dir is read, so that no file is stored half-written. As in
    // Docker, this publishes pause and unpause events.
    bool paused = options.pause && container->state.status == Status::Running;
    if (paused) {
        if (auto frozen = pause(container->id); !frozen) {
            return std::unexpected(frozen.error().context("commit container"));
        }
    }
    ScopeGuard unpauseAfter([&] {
        if (paused) {
            if (auto thawed = unpause(container->id); !thawed) {
                log::warning("container {}: {}", container->shortId(), thawed.error().message);
            }
        }
    });
    auto stream = image::DiffStream::start([upper = container->upperDir()](int fd) {
        return image::writeLayerTar(upper, image::runtimeMountPoints(), fd);
    });
    if (!stream) {
        return std::unexpected(stream.error());
    }
    auto image = options_.images->createFromDiff(parent->id, (*stream)->reader(),
                                                 std::move(*config), options.reference);
    if (!image) {
        return std::unexpected(
            image.error().context(fmt::format("commit container {}", container->shortId())));
    }

    publish(*container, "commit");
    log::info("container {} committed as image {}{}", container->shortId(), image->id,
              options.reference ? " (" + options.reference->str() + ")" : "");
    return image;
}

} // namespace berth::container

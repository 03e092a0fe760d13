// docker diff and docker commit: a container's upper dir read as changes, or stored as one
// new layer on top of its image.

#include "common/log.h"
#include "common/time.h"
#include "common/unique_fd.h"
#include "container/manager.h"
#include "image/layer_tar_writer.h"
#include "image/overlay_changes.h"
#include "image/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <thread>

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
    auto runConfig = image::runConfigFromJson(toJson(container.config));
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
    config.history.push_back(image::HistoryItem{config.created, joinWords(container.config.cmd),
                                                options.author, options.comment, false});
    return config;
}

// Streams the upper dir as a tar through a pipe to the store, which reads it on this
// thread. A failed writer turns the end of the stream into its error, so a half-written
// layer is never stored.
class LayerStream final {
public:
    static Result<std::unique_ptr<LayerStream>> start(const std::filesystem::path& upper) {
        int ends[2] = {-1, -1};
        if (::pipe2(ends, O_CLOEXEC) != 0) {
            return failSys("create a pipe for the layer tar");
        }
        auto stream = std::unique_ptr<LayerStream>(new LayerStream(UniqueFd(ends[0])));
        stream->writer_ = std::thread([stream = stream.get(), upper, writeEnd = UniqueFd(ends[1])] {
            stream->written_ =
                image::writeLayerTar(upper, image::runtimeMountPoints(), writeEnd.get());
        });
        return stream;
    }

    ~LayerStream() {
        // Closing the read end first ends a writer blocked on a full pipe (EPIPE).
        readEnd_.reset();
        finish();
    }

    image::ReadFunction reader() {
        return [this, read = image::readFromFd(readEnd_.get())](
                   std::span<char> buffer) -> Result<size_t> {
            auto count = read(buffer);
            if (count && *count == 0) {
                finish();
                if (!written_) {
                    return std::unexpected(written_.error());
                }
            }
            return count;
        };
    }

private:
    explicit LayerStream(UniqueFd readEnd)
        : readEnd_(std::move(readEnd)) {}

    void finish() {
        if (writer_.joinable()) {
            writer_.join();
        }
    }

    UniqueFd readEnd_;
    std::thread writer_;
    Result<void> written_;
};

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

    // NOTE: options.pause is accepted, but the container keeps running while its upper dir
    // is read because the engine cannot freeze containers yet. A file written meanwhile may
    // be stored half-written.
    auto stream = LayerStream::start(container->upperDir());
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

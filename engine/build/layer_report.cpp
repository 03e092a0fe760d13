// readLayerChanges and wastedBytes: the file view of the plan's cached layers.

#include "build/layer_report.h"

#include "image/overlay_changes.h"

#include <sys/stat.h>

#include <map>
#include <mutex>
#include <set>
#include <utility>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

// The size of relative in the first of lowers (top-most first) that has it.
std::pair<int64_t, bool> lowerEntrySize(const std::vector<stdfs::path>& lowers,
                                        const std::string& relative) {
    for (const auto& lower : lowers) {
        struct stat status {};
        if (::lstat((lower / relative).c_str(), &status) == 0 && !image::isWhiteout(status)) {
            return {S_ISREG(status.st_mode) ? status.st_size : 0, S_ISDIR(status.st_mode)};
        }
    }
    return {0, false};
}

LayerChange describe(const image::Change& change, const stdfs::path& layerDir,
                     const std::vector<stdfs::path>& lowers) {
    LayerChange entry{change.path, LayerChangeKind::Added, 0, false};
    const std::string relative = change.path.substr(1);
    if (change.kind == image::ChangeKind::Deleted) {
        entry.kind = LayerChangeKind::Deleted;
        std::tie(entry.size, entry.directory) = lowerEntrySize(lowers, relative);
        return entry;
    }
    entry.kind = change.kind == image::ChangeKind::Added ? LayerChangeKind::Added
                                                         : LayerChangeKind::Modified;
    struct stat status {};
    if (::lstat((layerDir / relative).c_str(), &status) == 0) {
        entry.directory = S_ISDIR(status.st_mode);
        entry.size = entry.directory ? 0 : status.st_size;
    }
    return entry;
}

std::mutex cacheMutex;
std::map<std::pair<std::string, std::string>, std::vector<LayerChange>> cachedChanges;

bool underDeletedDirectory(const std::string& path, const std::set<std::string>& directories) {
    for (std::size_t slash = path.rfind('/'); slash != std::string::npos && slash > 0;
         slash = path.rfind('/', slash - 1)) {
        if (directories.contains(path.substr(0, slash))) {
            return true;
        }
    }
    return false;
}

} // namespace

Result<std::vector<LayerChange>> readLayerChanges(const stdfs::path& layerDir,
                                                  const std::vector<stdfs::path>& lowers) {
    const auto key = std::make_pair(layerDir.string(), lowers.empty() ? "" : lowers[0].string());
    {
        std::lock_guard lock(cacheMutex);
        if (auto found = cachedChanges.find(key); found != cachedChanges.end()) {
            return found->second;
        }
    }
    auto changes = image::listChanges(image::OverlayLayers{layerDir, lowers, {}});
    if (!changes) {
        return std::unexpected(changes.error().context("read the layer " + layerDir.string()));
    }
    std::vector<LayerChange> entries;
    entries.reserve(changes->size());
    for (const auto& change : *changes) {
        entries.push_back(describe(change, layerDir, lowers));
    }
    std::lock_guard lock(cacheMutex);
    cachedChanges[key] = entries;
    return entries;
}

std::vector<int64_t> wastedBytes(const std::vector<const std::vector<LayerChange>*>& layers) {
    std::vector<int64_t> wasted(layers.size(), 0);
    // Walking from the top, `replaced` holds every path a higher layer writes or deletes.
    std::set<std::string> replaced;
    std::set<std::string> deletedDirectories;
    for (std::size_t i = layers.size(); i-- > 0;) {
        for (const LayerChange& change : *layers[i]) {
            if (change.directory || change.kind == LayerChangeKind::Deleted) {
                continue;
            }
            if (replaced.contains(change.path) ||
                underDeletedDirectory(change.path, deletedDirectories)) {
                wasted[i] += change.size;
            }
        }
        for (const LayerChange& change : *layers[i]) {
            if (!change.directory) {
                replaced.insert(change.path);
            } else if (change.kind == LayerChangeKind::Deleted) {
                deletedDirectories.insert(change.path);
            }
        }
    }
    return wasted;
}

std::string_view changeKindName(LayerChangeKind kind) {
    switch (kind) {
    case LayerChangeKind::Added:
        return "added";
    case LayerChangeKind::Modified:
        return "modified";
    case LayerChangeKind::Deleted:
        break;
    }
    return "deleted";
}

} // namespace berth::build

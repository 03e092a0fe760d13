#include "image/store_index.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

namespace berth::image {

namespace stdfs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kLinkLength = 10;

bool isHexId(std::string_view text) {
    return text.size() == 64 && std::ranges::all_of(text, [](char c) {
               return std::isxdigit(static_cast<unsigned char>(c)) &&
                      !std::isupper(static_cast<unsigned char>(c));
           });
}

std::string randomLinkName() {
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::string hex = randomHexId();
    std::string name;
    for (size_t i = 0; i < kLinkLength; ++i) {
        unsigned byte = unsigned(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
        name += kAlphabet[byte % kAlphabet.size()];
    }
    return name;
}

void syncDirectory(const stdfs::path& dir) {
    UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd) {
        ::fsync(fd.get());
    }
}

void removeQuietly(const stdfs::path& path) {
    auto removed = fs::removeTree(path);
    if (!removed) {
        log::warning("image store: {}", removed.error().message);
    }
}

Result<void> makeLayout(const stdfs::path& root) {
    for (const char* sub : {"", "layers", "l", "images", "images/retained", "tmp"}) {
        auto made = fs::makeDirectories(root / sub, 0700);
        if (!made) {
            return made;
        }
    }
    return {};
}

// Removes staging dirs of imports a crash interrupted, and the temporary files
// fs::writeFileAtomic leaves when it dies before its rename.
void clearStaging(const stdfs::path& root) {
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator(root / "tmp", ec)) {
        log::info("image store: removing unfinished import {}", entry.path().string());
        removeQuietly(entry.path());
    }
    for (const auto& entry : stdfs::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with("repositories.json.tmp") ||
            name.starts_with("repository-digests.json.tmp")) {
            removeQuietly(entry.path());
        }
    }
}

void loadLayers(StoreIndex& index) {
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator(index.root / "layers", ec)) {
        std::string hex = entry.path().filename().string();
        auto text = fs::readFile(entry.path() / "layer.json");
        json record = text ? json::parse(*text, nullptr, false) : json();
        if (!isHexId(hex) || !record.is_object() || !record.contains("size") ||
            !record.contains("link") || !stdfs::is_directory(entry.path() / "diff")) {
            log::warning("image store: removing incomplete layer {}", entry.path().string());
            removeQuietly(entry.path());
            continue;
        }
        LayerRecord layer;
        layer.size = record.value("size", int64_t(0));
        layer.link = record.value("link", std::string());
        index.layers["sha256:" + hex] = std::move(layer);
    }
}

void loadImages(StoreIndex& index, bool retained) {
    std::error_code ec;
    stdfs::path dir = index.root / (retained ? "images/retained" : "images");
    for (const auto& entry : stdfs::directory_iterator(dir, ec)) {
        if (entry.is_directory()) {
            continue;
        }
        std::string file = entry.path().filename().string();
        std::string hex = file.substr(0, file.find('.'));
        auto text = fs::readFile(entry.path());
        if (!file.ends_with(".json") || !isHexId(hex) || !text || sha256Hex(*text) != hex) {
            log::warning("image store: removing damaged image file {}", entry.path().string());
            removeQuietly(entry.path());
            continue;
        }
        auto config = parseImageConfig(*text);
        bool complete = config && std::ranges::all_of(config->diffIds, [&](const auto& id) {
                            return index.layers.contains(id);
                        });
        if (!complete) {
            log::warning("image store: removing image sha256:{}: its config or layers are "
                         "missing or invalid",
                         hex);
            removeQuietly(entry.path());
            continue;
        }
        index.images["sha256:" + hex] = ImageRecord{std::move(*config), retained};
    }
}

void loadTags(StoreIndex& index) {
    auto text = fs::readFile(index.root / "repositories.json");
    if (!text) {
        return;
    }
    json object = json::parse(*text, nullptr, false);
    if (!object.is_object()) {
        log::warning("image store: ignoring unreadable {}/repositories.json", index.root.string());
        return;
    }
    for (const auto& [name, value] : object.items()) {
        if (!value.is_object()) {
            continue;
        }
        TagRecord tag{value.value("id", std::string()), value.value("tagged", int64_t(0))};
        auto image = index.images.find(tag.imageId);
        if (image == index.images.end() || image->second.retained) {
            log::warning("image store: dropping tag {} of missing image {}", name, tag.imageId);
            continue;
        }
        index.tags[name] = std::move(tag);
    }
}

void loadDigests(StoreIndex& index) {
    auto text = fs::readFile(index.root / "repository-digests.json");
    if (!text) {
        return;
    }
    json object = json::parse(*text, nullptr, false);
    if (!object.is_object()) {
        log::warning("image store: ignoring unreadable {}/repository-digests.json",
                     index.root.string());
        return;
    }
    for (const auto& [reference, value] : object.items()) {
        std::string imageId = value.is_string() ? value.get<std::string>() : std::string();
        auto image = index.images.find(imageId);
        if (image == index.images.end() || image->second.retained) {
            log::warning("image store: dropping digest reference {} of missing image {}", reference,
                         imageId);
            continue;
        }
        index.digests[reference] = std::move(imageId);
    }
}

// Links are made before their layer is renamed into place, so a crash can leave one
// dangling. A layer whose link went missing gets a new one.
void repairLinks(StoreIndex& index) {
    std::set<std::string> wanted;
    for (auto& [diffId, layer] : index.layers) {
        stdfs::path link = index.linkPath(layer.link);
        std::error_code ec;
        if (!stdfs::is_symlink(link, ec)) {
            stdfs::create_directory_symlink(stdfs::path("../layers") / hexOf(diffId) / "diff", link,
                                            ec);
            if (ec) {
                log::warning("image store: cannot recreate link {}: {}", link.string(),
                             ec.message());
            }
        }
        wanted.insert(layer.link);
    }
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator(index.root / "l", ec)) {
        if (!wanted.contains(entry.path().filename().string())) {
            stdfs::remove(entry.path(), ec);
        }
    }
}

} // namespace

std::string hexOf(const std::string& id) {
    return id.starts_with("sha256:") ? id.substr(7) : id;
}

stdfs::path StoreIndex::layerDir(const std::string& diffId) const {
    return root / "layers" / hexOf(diffId);
}

stdfs::path StoreIndex::linkPath(const std::string& link) const {
    return root / "l" / link;
}

stdfs::path StoreIndex::imagePath(const std::string& imageId, bool retained) const {
    return root / (retained ? "images/retained" : "images") / (hexOf(imageId) + ".json");
}

Result<StoreIndex> StoreIndex::load(const stdfs::path& root) {
    StoreIndex index;
    index.root = root;
    auto made = makeLayout(root);
    if (!made) {
        return std::unexpected(made.error().context("open image store"));
    }
    clearStaging(root);
    loadLayers(index);
    loadImages(index, false);
    loadImages(index, true);
    loadTags(index);
    loadDigests(index);
    for (const auto& diffId : index.collectLayers()) {
        log::info("image store: removed layer {} that no image uses", diffId);
    }
    repairLinks(index);
    return index;
}

Result<void> StoreIndex::saveTags() const {
    json object = json::object();
    for (const auto& [name, tag] : tags) {
        object[name] = {{"id", tag.imageId}, {"tagged", tag.tagged}};
    }
    return fs::writeFileAtomic(root / "repositories.json", object.dump(), 0600);
}

Result<void> StoreIndex::saveDigests() const {
    json object = json::object();
    for (const auto& [reference, imageId] : digests) {
        object[reference] = imageId;
    }
    return fs::writeFileAtomic(root / "repository-digests.json", object.dump(), 0600);
}

Result<void> StoreIndex::saveImage(const std::string& imageId, const std::string& json,
                                   bool retained) const {
    return fs::writeFileAtomic(imagePath(imageId, retained), json, 0600);
}

Result<void> StoreIndex::deleteImageFile(const std::string& imageId, bool retained) const {
    stdfs::path path = imagePath(imageId, retained);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        return failSys(fmt::format("remove {}", path.string()));
    }
    syncDirectory(path.parent_path());
    return {};
}

Result<LayerRecord> StoreIndex::commitLayer(const stdfs::path& staging, const std::string& diffId,
                                            int64_t size) {
    LayerRecord layer{size, ""};
    stdfs::path target = stdfs::path("../layers") / hexOf(diffId) / "diff";
    for (int attempt = 0; layer.link.empty(); ++attempt) {
        std::string name = randomLinkName();
        if (::symlink(target.c_str(), linkPath(name).c_str()) == 0) {
            layer.link = name;
        } else if (errno != EEXIST || attempt > 8) {
            return failSys(fmt::format("create layer link {}", linkPath(name).string()));
        }
    }
    json record = {{"diffId", diffId}, {"size", size}, {"link", layer.link}};
    auto written = fs::writeFileAtomic(staging / "layer.json", record.dump(), 0600);
    stdfs::path dir = layerDir(diffId);
    if (written && ::rename(staging.c_str(), dir.c_str()) != 0) {
        written = failSys(fmt::format("rename {} to {}", staging.string(), dir.string()));
    }
    if (!written) {
        ::unlink(linkPath(layer.link).c_str());
        return std::unexpected(written.error());
    }
    syncDirectory(dir.parent_path());
    layers[diffId] = layer;
    return layer;
}

std::vector<std::string> StoreIndex::collectLayers() {
    std::set<std::string> used;
    for (const auto& [id, image] : images) {
        used.insert(image.config.diffIds.begin(), image.config.diffIds.end());
    }
    std::vector<std::string> removed;
    for (auto it = layers.begin(); it != layers.end();) {
        if (used.contains(it->first)) {
            ++it;
            continue;
        }
        // Rename first so that a crash mid-removal leaves a staging dir, cleared at open,
        // not a half-empty layer.
        stdfs::path doomed = stagingDir() / ("remove-" + hexOf(it->first));
        std::error_code ec;
        stdfs::remove(linkPath(it->second.link), ec);
        if (::rename(layerDir(it->first).c_str(), doomed.c_str()) == 0) {
            removeQuietly(doomed);
        } else {
            removeQuietly(layerDir(it->first));
        }
        removed.push_back(it->first);
        it = layers.erase(it);
    }
    return removed;
}

} // namespace berth::image

// BuildCache: step keys to image ids, saved as one JSON object.

#include "build/cache.h"

#include "common/fs.h"
#include "common/sha256.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <system_error>

namespace berth::build {

Result<std::unique_ptr<BuildCache>> BuildCache::open(std::filesystem::path file) {
    auto cache = std::unique_ptr<BuildCache>(new BuildCache(std::move(file)));
    std::error_code ec;
    if (!std::filesystem::exists(cache->file_, ec)) {
        return cache;
    }
    auto text = fs::readFile(cache->file_);
    if (!text) {
        return std::unexpected(text.error().context("open the build cache"));
    }
    auto parsed = nlohmann::json::parse(*text, nullptr, false);
    if (!parsed.is_object()) {
        return fail(ErrorKind::System, fmt::format("open the build cache: {} is not a JSON object",
                                                   cache->file_.string()));
    }
    for (const auto& [key, value] : parsed.items()) {
        if (value.is_string()) {
            cache->entries_[key] = value.get<std::string>();
        }
    }
    return cache;
}

std::string BuildCache::key(const std::string& parentId, const std::string& text,
                            const std::string& extra) {
    Sha256 hasher;
    hasher.update(parentId);
    hasher.update(std::string_view("\n", 1));
    hasher.update(text);
    hasher.update(std::string_view("\n", 1));
    hasher.update(extra);
    return hasher.finishHex();
}

std::optional<std::string> BuildCache::find(const std::string& key) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        return std::nullopt;
    }
    return it->second;
}

Result<void> BuildCache::store(const std::string& key, const std::string& imageId) {
    std::lock_guard lock(mutex_);
    entries_[key] = imageId;
    // A lost entry costs only a rebuilt step, so the file is not fsynced.
    auto saved =
        fs::writeFileAtomic(file_, nlohmann::json(entries_).dump(), 0600, fs::Durability::Volatile);
    if (!saved) {
        return std::unexpected(saved.error().context("save the build cache"));
    }
    return {};
}

Result<std::vector<std::string>> BuildCache::clear() {
    std::lock_guard lock(mutex_);
    std::vector<std::string> keys;
    for (const auto& [key, imageId] : entries_) {
        keys.push_back(key);
    }
    // A daemon that never built anything has no cache file, and maybe no folder for it.
    std::error_code ec;
    if (keys.empty() && !std::filesystem::exists(file_, ec)) {
        return keys;
    }
    auto saved = fs::writeFileAtomic(file_, "{}", 0600, fs::Durability::Volatile);
    if (!saved) {
        return std::unexpected(saved.error().context("clear the build cache"));
    }
    entries_.clear();
    return keys;
}

} // namespace berth::build

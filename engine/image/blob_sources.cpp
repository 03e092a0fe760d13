#include "image/blob_sources.h"

#include "common/fs.h"
#include "common/log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <mutex>

namespace berth::image {

using nlohmann::json;

namespace {

// Entries kept per layer: enough for the repositories a user pushes one layer to.
constexpr size_t kSourcesPerLayer = 8;

// One lock for every store of the process. Each read-modify-replace of the file holds it,
// so two transfers cannot lose each other's records.
std::mutex& fileMutex() {
    static std::mutex mutex;
    return mutex;
}

json readRecords(const std::filesystem::path& file) {
    auto content = fs::readFile(file);
    if (!content) {
        return json::object();
    }
    json records = json::parse(*content, nullptr, false);
    return records.is_object() ? records : json::object();
}

} // namespace

Result<void> BlobSources::record(const std::string& diffId, const BlobSource& source) const {
    std::lock_guard lock(fileMutex());
    json records = readRecords(file_);
    json entries = json::array();
    entries.push_back({{"digest", source.digest},
                       {"mediaType", source.mediaType},
                       {"size", source.size},
                       {"registry", source.registry},
                       {"repository", source.repository}});
    if (records.contains(diffId) && records[diffId].is_array()) {
        for (const json& entry : records[diffId]) {
            bool same = entry.is_object() && entry.value("digest", "") == source.digest &&
                        entry.value("registry", "") == source.registry &&
                        entry.value("repository", "") == source.repository;
            if (!same && entries.size() < kSourcesPerLayer) {
                entries.push_back(entry);
            }
        }
    }
    records[diffId] = entries;
    return fs::writeFileAtomic(file_, records.dump(), 0600);
}

std::vector<BlobSource> BlobSources::find(const std::string& diffId,
                                          const std::string& registry) const {
    std::lock_guard lock(fileMutex());
    json records = readRecords(file_);
    std::vector<BlobSource> sources;
    if (!records.contains(diffId) || !records[diffId].is_array()) {
        return sources;
    }
    for (const json& entry : records[diffId]) {
        if (!entry.is_object() || entry.value("registry", "") != registry) {
            continue;
        }
        sources.push_back({entry.value("digest", ""), entry.value("mediaType", ""),
                           entry.value("size", int64_t(0)), registry,
                           entry.value("repository", "")});
    }
    return sources;
}

} // namespace berth::image

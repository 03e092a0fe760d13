#include "pruneplan.h"

#include <algorithm>
#include <map>
#include <set>

namespace berth::studio {

namespace {

using client::Json;

const Json& emptyArray() {
    static const Json kEmpty = Json::array();
    return kEmpty;
}

// The list itself, or an empty one when the engine sent something else.
const Json& asArray(const Json& list) {
    return list.is_array() ? list : emptyArray();
}

const Json& arrayMember(const Json& object, const char* key) {
    if (!object.is_object()) {
        return emptyArray();
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : emptyArray();
}

int64_t integer(const Json& object, const char* key, int64_t fallback = 0) {
    if (!object.is_object()) {
        return fallback;
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<int64_t>() : fallback;
}

std::string text(const Json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean() &&
           object[key].get<bool>();
}

std::string shortId(const std::string& id) {
    const std::string bare = id.starts_with("sha256:") ? id.substr(7) : id;
    return bare.substr(0, 12);
}

void add(PrunePlan& plan, PruneCandidate candidate) {
    if (candidate.size > 0) {
        plan.reclaimableBytes += candidate.size;
    }
    plan.candidates.push_back(std::move(candidate));
}

bool keepsContainer(const std::string& state) {
    return state == "running" || state == "paused" || state == "restarting" || state == "removing";
}

std::string containerName(const Json& container) {
    const Json& names = arrayMember(container, "Names");
    if (!names.empty() && names.front().is_string()) {
        std::string name = names.front().get<std::string>();
        return name.starts_with('/') ? name.substr(1) : name;
    }
    return shortId(text(container, "Id"));
}

std::vector<std::string> realTags(const Json& image) {
    std::vector<std::string> tags;
    for (const Json& tag : arrayMember(image, "RepoTags")) {
        if (tag.is_string() && tag.get<std::string>() != "<none>:<none>") {
            tags.push_back(tag.get<std::string>());
        }
    }
    return tags;
}

} // namespace

PrunePlan planContainerPrune(const Json& containers, const Json& diskUsage) {
    std::map<std::string, int64_t> sizes;
    for (const Json& container : arrayMember(diskUsage, "Containers")) {
        sizes[text(container, "Id")] = integer(container, "SizeRw", -1);
    }
    PrunePlan plan{PruneKind::Containers, {}, 0};
    for (const Json& container : asArray(containers)) {
        if (keepsContainer(text(container, "State"))) {
            continue;
        }
        const std::string id = text(container, "Id");
        const auto size = sizes.find(id);
        add(plan, {id, containerName(container),
                   size != sizes.end() ? size->second : integer(container, "SizeRw", -1)});
    }
    return plan;
}

PrunePlan planImagePrune(const Json& images, const Json& containers, bool all) {
    std::set<std::string> used;
    for (const Json& container : asArray(containers)) {
        used.insert(text(container, "ImageID"));
    }
    PrunePlan plan{PruneKind::Images, {}, 0};
    for (const Json& image : asArray(images)) {
        const std::string id = text(image, "Id");
        const std::vector<std::string> tags = realTags(image);
        if (used.contains(id) || integer(image, "Containers", 0) > 0) {
            continue;
        }
        if (!all && !tags.empty()) {
            continue;
        }
        add(plan, {id, tags.empty() ? shortId(id) : tags.front(), integer(image, "Size", -1)});
    }
    return plan;
}

PrunePlan planVolumePrune(const Json& diskUsage, bool anonymousOnly) {
    PrunePlan plan{PruneKind::Volumes, {}, 0};
    for (const Json& volume : arrayMember(diskUsage, "Volumes")) {
        const Json usage = volume.value("UsageData", Json::object());
        if (integer(usage, "RefCount", 0) > 0) {
            continue;
        }
        const Json labels = volume.value("Labels", Json::object());
        if (anonymousOnly &&
            !(labels.is_object() && labels.contains("com.docker.volume.anonymous"))) {
            continue;
        }
        const std::string name = text(volume, "Name");
        add(plan, {name, name, integer(usage, "Size", -1)});
    }
    return plan;
}

PrunePlan planBuildCachePrune(const Json& diskUsage, bool all) {
    PrunePlan plan{PruneKind::BuildCache, {}, 0};
    for (const Json& record : arrayMember(diskUsage, "BuildCache")) {
        if (flag(record, "InUse") || (!all && flag(record, "Shared"))) {
            continue;
        }
        const std::string id = text(record, "ID");
        std::string name = text(record, "Description");
        add(plan, {id, name.empty() ? shortId(id) : name, integer(record, "Size", -1)});
    }
    return plan;
}

std::vector<DiskUseRow> summarizeDiskUse(const Json& diskUsage) {
    DiskUseRow images{PruneKind::Images};
    int64_t imageSizes = 0;
    int64_t usedImageBytes = 0;
    for (const Json& image : arrayMember(diskUsage, "Images")) {
        ++images.count;
        const int64_t size = std::max<int64_t>(integer(image, "Size"), 0);
        imageSizes += size;
        if (integer(image, "Containers", 0) > 0) {
            ++images.active;
            usedImageBytes += size - std::max<int64_t>(integer(image, "SharedSize", 0), 0);
        }
    }
    images.size = integer(diskUsage, "LayersSize", imageSizes);
    images.reclaimable = std::max<int64_t>(images.size - usedImageBytes, 0);

    DiskUseRow containers{PruneKind::Containers};
    for (const Json& container : arrayMember(diskUsage, "Containers")) {
        ++containers.count;
        const int64_t size = std::max<int64_t>(integer(container, "SizeRw"), 0);
        containers.size += size;
        if (keepsContainer(text(container, "State"))) {
            ++containers.active;
        } else {
            containers.reclaimable += size;
        }
    }

    DiskUseRow volumes{PruneKind::Volumes};
    for (const Json& volume : arrayMember(diskUsage, "Volumes")) {
        ++volumes.count;
        const Json usage = volume.value("UsageData", Json::object());
        const int64_t size = std::max<int64_t>(integer(usage, "Size"), 0);
        volumes.size += size;
        if (integer(usage, "RefCount", 0) > 0) {
            ++volumes.active;
        } else {
            volumes.reclaimable += size;
        }
    }

    DiskUseRow cache{PruneKind::BuildCache};
    for (const Json& record : arrayMember(diskUsage, "BuildCache")) {
        ++cache.count;
        const int64_t size = std::max<int64_t>(integer(record, "Size"), 0);
        cache.size += size;
        if (flag(record, "InUse")) {
            ++cache.active;
        } else if (!flag(record, "Shared")) {
            cache.reclaimable += size;
        }
    }
    return {images, containers, volumes, cache};
}

} // namespace berth::studio

// listChanges: the walk of a container's upper dir behind `docker diff`.

#include "image/overlay_changes.h"

#include "common/fs.h"

#include <fmt/format.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>

#include <algorithm>
#include <set>
#include <system_error>

namespace berth::image {

namespace {

namespace stdfs = std::filesystem;

constexpr const char* kOpaqueXattr = "trusted.overlay.opaque";

struct LowerEntry {
    bool exists = false;
    struct stat status {};
};

std::string joinRelative(const std::string& directory, const std::string& name) {
    return directory.empty() ? name : directory + "/" + name;
}

class ChangeScanner final {
public:
    explicit ChangeScanner(const OverlayLayers& layers)
        : layers_(layers) {}

    // Appends the changes below the upper dir's directory `relative` ("" is the root).
    Result<void> scan(const std::string& relative, std::vector<Change>& changes) const {
        auto names = fs::sortedDirectoryNames(layers_.upper / relative);
        if (!names) {
            return std::unexpected(names.error());
        }
        for (const auto& name : *names) {
            std::string child = joinRelative(relative, name);
            if (isExcluded("/" + child)) {
                continue;
            }
            if (auto scanned = scanEntry(child, changes); !scanned) {
                return scanned;
            }
        }
        return {};
    }

private:
    Result<void> scanEntry(const std::string& relative, std::vector<Change>& changes) const {
        stdfs::path upperPath = layers_.upper / relative;
        struct stat status {};
        if (::lstat(upperPath.c_str(), &status) != 0) {
            return failSys(fmt::format("lstat {}", upperPath.string()));
        }
        std::string containerPath = "/" + relative;
        if (isWhiteout(status)) {
            changes.push_back({containerPath, ChangeKind::Deleted});
            return {};
        }
        LowerEntry lower = findInLowers(relative);
        if (!S_ISDIR(status.st_mode)) {
            changes.push_back(
                {containerPath, lower.exists ? ChangeKind::Modified : ChangeKind::Added});
            return {};
        }

        size_t before = changes.size();
        if (auto scanned = scan(relative, changes); !scanned) {
            return scanned;
        }
        bool lowerIsDirectory = lower.exists && S_ISDIR(lower.status.st_mode);
        bool opaque = isOpaqueDirectory(upperPath);
        if (opaque && lowerIsDirectory) {
            addHiddenLowerEntries(relative, changes);
        }
        if (!lower.exists) {
            changes.push_back({containerPath, ChangeKind::Added});
        } else if (!lowerIsDirectory || opaque || changes.size() > before ||
                   status.st_mode != lower.status.st_mode || status.st_uid != lower.status.st_uid ||
                   status.st_gid != lower.status.st_gid) {
            changes.push_back({containerPath, ChangeKind::Modified});
        }
        return {};
    }

public:
    // The path as the lower dirs show it together: the top-most entry wins, and a whiteout
    // or an opaque parent stops the search.
    LowerEntry findInLowers(const std::string& relative) const {
        LowerEntry entry;
        for (const auto& lower : layers_.lowers) {
            stdfs::path path = lower / relative;
            if (::lstat(path.c_str(), &entry.status) == 0) {
                entry.exists = !isWhiteout(entry.status);
                return entry;
            }
            if (errno == ENOTDIR || isOpaqueDirectory(path.parent_path())) {
                return {};
            }
        }
        return {};
    }

private:
    // An opaque upper directory hides what the lower dirs have there: each of those
    // entries that the upper dir does not have again is deleted.
    void addHiddenLowerEntries(const std::string& relative, std::vector<Change>& changes) const {
        std::set<std::string> hidden;
        std::set<std::string> visible;
        for (const auto& lower : layers_.lowers) {
            stdfs::path directory = lower / relative;
            auto names = fs::sortedDirectoryNames(directory);
            if (!names) {
                break;
            }
            for (const auto& name : *names) {
                struct stat status {};
                if (::lstat((directory / name).c_str(), &status) != 0 || hidden.contains(name)) {
                    continue;
                }
                (isWhiteout(status) ? hidden : visible).insert(name);
            }
            if (isOpaqueDirectory(directory)) {
                break;
            }
        }
        for (const auto& name : visible) {
            struct stat status {};
            std::string child = joinRelative(relative, name);
            if (::lstat((layers_.upper / child).c_str(), &status) != 0 && errno == ENOENT) {
                changes.push_back({"/" + child, ChangeKind::Deleted});
            }
        }
    }

    bool isExcluded(const std::string& containerPath) const {
        return std::ranges::any_of(layers_.excluded, [&](const std::string& excluded) {
            return containerPath == excluded ||
                   (containerPath.starts_with(excluded) && containerPath[excluded.size()] == '/');
        });
    }

    const OverlayLayers& layers_;
};

} // namespace

bool existsInLayers(const std::vector<std::filesystem::path>& lowers, const std::string& relative) {
    OverlayLayers layers{{}, lowers, {}};
    return ChangeScanner(layers).findInLowers(relative).exists;
}

bool isDirectoryInLayers(const std::vector<std::filesystem::path>& lowers,
                         const std::string& relative) {
    OverlayLayers layers{{}, lowers, {}};
    auto entry = ChangeScanner(layers).findInLowers(relative);
    return entry.exists && S_ISDIR(entry.status.st_mode);
}

std::vector<std::string> runtimeMountPoints() {
    return {"/dev", "/proc", "/sys", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"};
}

bool isWhiteout(const struct stat& status) {
    return S_ISCHR(status.st_mode) && status.st_rdev == makedev(0, 0);
}

bool isOpaqueDirectory(const std::filesystem::path& path) {
    char value = 0;
    ssize_t size = ::lgetxattr(path.c_str(), kOpaqueXattr, &value, 1);
    return size == 1 && value == 'y';
}

Result<std::vector<Change>> listChanges(const OverlayLayers& layers) {
    std::vector<Change> changes;
    if (auto scanned = ChangeScanner(layers).scan("", changes); !scanned) {
        return std::unexpected(scanned.error().context("list changes"));
    }
    std::ranges::sort(changes, {}, &Change::path);
    return changes;
}

} // namespace berth::image

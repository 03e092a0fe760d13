// ContextManifest: a build context known by its files' metadata and digests.

#include "build/context_manifest.h"

#include "common/sha256.h"

#include <fmt/format.h>
#include <fnmatch.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>

namespace berth::build {

// One file of the manifest as the JSON has it, before checks.
struct ListedFile {
    std::string path;
    std::optional<uint64_t> mode;
    uint64_t uid = 0;
    uint64_t gid = 0;
    uint64_t size = 0;
    std::string digest;
    std::string linkname;
    std::optional<std::string> content;
};

namespace {

namespace stdfs = std::filesystem;
using nlohmann::json;

std::unexpected<Error> invalid(std::size_t index, const std::string& path,
                               std::string_view reason) {
    return fail(ErrorKind::InvalidArgument,
                fmt::format("invalid build context manifest: file {} ({}): {}", index,
                            path.empty() ? "no path" : path, reason));
}

// True for a relative path without ".", ".." or empty components. Checked by hand rather
// than with std::filesystem, because a manifest has a path per file of the context.
bool isCleanRelative(std::string_view path) {
    if (path.empty() || path.starts_with('/') || path.ends_with('/')) {
        return false;
    }
    for (std::size_t start = 0; start <= path.size();) {
        std::size_t end = std::min(path.find('/', start), path.size());
        std::string_view part = path.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") {
            return false;
        }
        start = end + 1;
    }
    return true;
}

bool isSha256Digest(const std::string& digest) {
    return digest.size() == 71 && digest.starts_with("sha256:") &&
           std::ranges::all_of(digest.substr(7), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// Reads {"Files": [...]} without building a JSON tree: a large context's manifest has
// hundreds of thousands of values, and a plan must stay within a keystroke's time.
class ManifestReader final : public nlohmann::json_sax<json> {
public:
    std::vector<ListedFile> files;
    bool sawFiles = false;
    std::optional<std::string> baseManifest;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t number) override {
        if (inFile()) {
            ListedFile& file = files.back();
            if (key_ == "Mode") {
                file.mode = number;
            } else if (key_ == "Uid") {
                file.uid = number;
            } else if (key_ == "Gid") {
                file.gid = number;
            } else if (key_ == "Size") {
                file.size = number;
            }
        }
        return value();
    }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t& text) override {
        if (depth_ == 1 && key_ == "BaseManifest") {
            baseManifest = std::move(text);
            return value();
        }
        if (inFile()) {
            ListedFile& file = files.back();
            if (key_ == "Path") {
                file.path = std::move(text);
            } else if (key_ == "Digest") {
                file.digest = std::move(text);
            } else if (key_ == "Linkname") {
                file.linkname = std::move(text);
            } else if (key_ == "Content") {
                file.content = std::move(text);
            }
        }
        return value();
    }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override {
        ++depth_;
        if (depth_ == 3 && inFilesArray_) {
            files.emplace_back();
        }
        return true;
    }
    bool end_object() override {
        --depth_;
        return true;
    }
    bool start_array(std::size_t) override {
        ++depth_;
        if (depth_ == 2 && key_ == "Files") {
            inFilesArray_ = true;
            sawFiles = true;
        }
        return true;
    }
    bool end_array() override {
        if (depth_ == 2) {
            inFilesArray_ = false;
        }
        --depth_;
        return true;
    }
    bool key(string_t& name) override {
        key_ = std::move(name);
        return true;
    }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::detail::exception& error) override {
        errorText = fmt::format("at byte {}: {}", position, error.what());
        return false;
    }

    std::string errorText;

private:
    bool inFile() const { return inFilesArray_ && depth_ == 3; }
    bool value() { return true; }

    int depth_ = 0;
    bool inFilesArray_ = false;
    std::string key_;
};

std::string parentOf(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string joinPath(const std::string& directory, const std::string& name) {
    return directory.empty() ? name : directory + "/" + name;
}

// The non-empty components of a "/"-separated path.
std::vector<std::string> pathComponents(std::string_view path) {
    std::vector<std::string> parts;
    for (std::size_t start = 0; start < path.size();) {
        std::size_t end = std::min(path.find('/', start), path.size());
        if (end > start) {
            parts.emplace_back(path.substr(start, end - start));
        }
        start = end + 1;
    }
    return parts;
}

// Linux fails a path lookup with ELOOP after this many symlinks.
constexpr int kMaxSymlinks = 40;

// A component of a glob pattern that matches only its own text.
bool isLiteral(const std::string& part) {
    return part.find_first_of("*?[\\") == std::string::npos;
}

} // namespace

Result<std::unique_ptr<ContextManifest>> ContextManifest::parse(std::string_view text,
                                                                const BaseLookup& findBase) {
    ManifestReader reader;
    const bool parsed = json::sax_parse(text, &reader);
    if (!parsed || !reader.sawFiles) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid build context manifest: expected a JSON object with a "
                                "Files array{}",
                                reader.errorText.empty() ? "" : " (" + reader.errorText + ")"));
    }
    std::shared_ptr<const ContextManifest> base;
    if (reader.baseManifest) {
        base = findBase ? findBase(*reader.baseManifest) : nullptr;
        if (!base) {
            return fail(ErrorKind::NotFound,
                        fmt::format("base manifest {} not found: the engine keeps only recent "
                                    "manifests, so send the whole manifest",
                                    *reader.baseManifest));
        }
    }
    auto manifest = std::unique_ptr<ContextManifest>(new ContextManifest());
    std::set<std::string> listedPaths;
    bool newPaths = false;
    if (base) {
        manifest->files_ = base->files_;
    }
    for (std::size_t index = 0; index < reader.files.size(); ++index) {
        ListedFile& listed = reader.files[index];
        auto file = checkedFile(index, listed);
        if (!file) {
            return std::unexpected(file.error());
        }
        if (!base) {
            if (!manifest->files_.try_emplace(listed.path, std::move(*file)).second) {
                return invalid(index, listed.path, "the path is listed twice");
            }
            continue;
        }
        // The base lists the path already, so a repeat shows only in a set of its own.
        if (!listedPaths.insert(listed.path).second) {
            return invalid(index, listed.path, "the path is listed twice");
        }
        newPaths =
            manifest->files_.insert_or_assign(listed.path, std::move(*file)).second || newPaths;
    }
    if (base && !newPaths) {
        manifest->children_ = base->children_; // the same paths as the base
        return manifest;
    }
    manifest->addMissingParents();
    manifest->indexChildren();
    return manifest;
}

std::unique_ptr<ContextManifest> ContextManifest::copy() const {
    auto copied = std::unique_ptr<ContextManifest>(new ContextManifest());
    copied->files_ = files_;
    copied->children_ = children_;
    copied->root_ = root_;
    return copied;
}

Result<ContextManifest::File> ContextManifest::checkedFile(std::size_t index, ListedFile& listed) {
    const std::string& path = listed.path;
    if (!isCleanRelative(path)) {
        return invalid(index, path, "the path must be relative, without . or .. parts");
    }
    if (!listed.mode) {
        return invalid(index, path, "Mode must be the file's st_mode");
    }
    File file;
    file.entry.mode = mode_t(*listed.mode);
    file.entry.uid = uid_t(listed.uid);
    file.entry.gid = gid_t(listed.gid);
    file.entry.size = int64_t(listed.size);
    if (S_ISREG(file.entry.mode)) {
        file.digest = std::move(listed.digest);
        if (!isSha256Digest(file.digest)) {
            return invalid(index, path, "a regular file needs a Digest of sha256:HEX");
        }
    } else if (S_ISLNK(file.entry.mode)) {
        file.entry.linkTarget = std::move(listed.linkname);
        file.entry.size = int64_t(file.entry.linkTarget.size());
        if (file.entry.linkTarget.empty()) {
            return invalid(index, path, "a symlink needs a Linkname");
        }
    }
    if (listed.content) {
        file.content = std::move(listed.content);
        if (!S_ISREG(file.entry.mode) || digestOf(sha256Hex(*file.content)) != file.digest ||
            int64_t(file.content->size()) != file.entry.size) {
            return invalid(index, path, "Content does not match the Digest and Size");
        }
    }
    return file;
}

void ContextManifest::addMissingParents() {
    files_.try_emplace(std::string(), File{SourceEntry{S_IFDIR | 0755, 0, 0, 0, {}}, {}, {}});
    std::vector<std::string> missing;
    for (const auto& [path, file] : files_) {
        for (std::string parent = parentOf(path); !parent.empty(); parent = parentOf(parent)) {
            if (files_.contains(parent)) {
                break;
            }
            missing.push_back(parent);
        }
    }
    for (const auto& parent : missing) {
        files_.try_emplace(parent, File{SourceEntry{S_IFDIR | 0755, 0, 0, 0, {}}, {}, {}});
    }
}

void ContextManifest::indexChildren() {
    children_.clear();
    for (const auto& [path, file] : files_) {
        if (path.empty()) {
            continue;
        }
        const std::string parent = parentOf(path);
        children_[parent].push_back(parent.empty() ? path : path.substr(parent.size() + 1));
    }
    for (auto& [parent, names] : children_) {
        std::ranges::sort(names);
    }
}

std::optional<std::string> ContextManifest::content(const std::string& path) const {
    auto found = files_.find(path);
    if (found == files_.end()) {
        return std::nullopt;
    }
    return found->second.content;
}

bool ContextManifest::contains(const std::string& path) const {
    return files_.contains(path);
}

void ContextManifest::removeIgnored(const std::vector<IgnoreRule>& rules,
                                    const std::vector<std::string>& kept) {
    if (rules.empty()) {
        return;
    }
    const bool hasIncludeRules =
        std::ranges::any_of(rules, [](const IgnoreRule& rule) { return rule.include; });
    // A map lists a directory before the paths below it, as a directory walk does.
    for (auto it = files_.begin(); it != files_.end();) {
        const std::string& path = it->first;
        const bool isKept = std::ranges::find(kept, path) != kept.end();
        const bool isParentOfKept = std::ranges::any_of(
            kept, [&](const std::string& keptPath) { return keptPath.starts_with(path + "/"); });
        if (path.empty() || isKept || isParentOfKept || !isIgnored(rules, path)) {
            ++it;
            continue;
        }
        if (!S_ISDIR(it->second.entry.mode)) {
            it = files_.erase(it);
            continue;
        }
        if (hasIncludeRules) {
            ++it; // its files are checked one by one
            continue;
        }
        const std::string prefix = path + "/";
        auto below = files_.lower_bound(prefix);
        auto end = below;
        while (end != files_.end() && end->first.starts_with(prefix)) {
            ++end;
        }
        files_.erase(below, end);
        it = files_.erase(it);
    }
    indexChildren();
}

Result<std::string> ContextManifest::resolve(const std::string& path, bool followLast) const {
    std::vector<std::string> pending = pathComponents(path);
    std::ranges::reverse(pending); // the next component is at the back
    std::string resolved;
    int symlinks = 0;
    while (!pending.empty()) {
        const std::string name = std::move(pending.back());
        pending.pop_back();
        if (name == ".") {
            continue;
        }
        if (name == "..") {
            resolved = parentOf(resolved); // the root is its own parent
            continue;
        }
        const std::string candidate = joinPath(resolved, name);
        const bool last = pending.empty();
        if (last && !followLast) {
            return candidate;
        }
        auto found = files_.find(candidate);
        if (found == files_.end()) {
            return fail(ErrorKind::NotFound,
                        fmt::format("{}: not in the build context manifest", path));
        }
        const SourceEntry& entry = found->second.entry;
        if (S_ISLNK(entry.mode)) {
            if (++symlinks > kMaxSymlinks) {
                return fail(ErrorKind::NotFound,
                            fmt::format("{}: too many levels of symbolic links", path));
            }
            if (entry.linkTarget.starts_with('/')) {
                resolved.clear();
            }
            std::vector<std::string> target = pathComponents(entry.linkTarget);
            pending.insert(pending.end(), target.rbegin(), target.rend());
            continue;
        }
        if (!last && !S_ISDIR(entry.mode)) {
            return fail(ErrorKind::NotFound,
                        fmt::format("{}: {} is not a directory", path, candidate));
        }
        resolved = candidate;
    }
    return resolved;
}

Result<std::map<std::string, ContextManifest::File>::const_iterator>
ContextManifest::find(const std::string& path) const {
    auto found = files_.find(path);
    if (found != files_.end()) {
        return found;
    }
    auto resolved = resolve(path, false);
    if (!resolved) {
        return std::unexpected(resolved.error());
    }
    found = files_.find(*resolved);
    if (found == files_.end()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("{}: not in the build context manifest", path));
    }
    return found;
}

std::optional<std::string> ContextManifest::directoryAt(const std::string& path) const {
    auto resolved = resolve(path, true);
    if (!resolved) {
        return std::nullopt;
    }
    auto found = files_.find(*resolved);
    if (found == files_.end() || !S_ISDIR(found->second.entry.mode)) {
        return std::nullopt;
    }
    return *resolved;
}

Result<SourceEntry> ContextManifest::entry(const std::string& path) const {
    auto found = find(path);
    if (!found) {
        return std::unexpected(found.error());
    }
    return (*found)->second.entry;
}

Result<std::vector<std::string>> ContextManifest::childNames(const std::string& path) const {
    auto found = children_.find(path);
    if (found == children_.end()) {
        const auto directory = directoryAt(path);
        found = directory ? children_.find(*directory) : children_.end();
    }
    if (found == children_.end()) {
        return std::vector<std::string>();
    }
    return found->second;
}

Result<std::string> ContextManifest::fileDigest(const std::string& path) const {
    auto found = find(path);
    if (!found || (*found)->second.digest.empty()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("{}: no file with a digest in the build context manifest", path));
    }
    return (*found)->second.digest;
}

// Matches one component at a time, as glob(3) does on disk, so that a pattern reaches
// through a symlink to a directory.
Result<std::vector<std::string>> ContextManifest::glob(const std::string& pattern) const {
    const std::vector<std::string> parts = pathComponents(pattern);
    std::vector<std::string> matches{std::string()};
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& part = parts[i];
        const bool last = i + 1 == parts.size();
        std::vector<std::string> next;
        for (const std::string& directory : matches) {
            std::vector<std::string> candidates;
            if (isLiteral(part)) {
                candidates.push_back(joinPath(directory, part));
            } else if (const auto listed = directoryAt(directory)) {
                auto names = children_.find(*listed);
                if (names == children_.end()) {
                    continue;
                }
                for (const std::string& name : names->second) {
                    if (::fnmatch(part.c_str(), name.c_str(), FNM_PERIOD) == 0) {
                        candidates.push_back(joinPath(directory, name));
                    }
                }
            }
            for (std::string& candidate : candidates) {
                const bool exists =
                    last ? find(candidate).has_value() : directoryAt(candidate).has_value();
                if (exists) {
                    next.push_back(std::move(candidate));
                }
            }
        }
        matches = std::move(next);
    }
    if (parts.empty()) {
        matches.clear();
    }
    return matches;
}

stdfs::path ContextManifest::diskPath(const std::string& path) const {
    return path.empty() ? root_ : root_ / path;
}

} // namespace berth::build

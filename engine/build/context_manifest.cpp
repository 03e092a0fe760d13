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

} // namespace

Result<std::unique_ptr<ContextManifest>> ContextManifest::parse(std::string_view text) {
    ManifestReader reader;
    const bool parsed = json::sax_parse(text, &reader);
    if (!parsed || !reader.sawFiles) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid build context manifest: expected a JSON object with a "
                                "Files array{}",
                                reader.errorText.empty() ? "" : " (" + reader.errorText + ")"));
    }
    auto manifest = std::unique_ptr<ContextManifest>(new ContextManifest());
    for (std::size_t index = 0; index < reader.files.size(); ++index) {
        ListedFile& listed = reader.files[index];
        auto file = checkedFile(index, listed);
        if (!file) {
            return std::unexpected(file.error());
        }
        if (!manifest->files_.try_emplace(listed.path, std::move(*file)).second) {
            return invalid(index, listed.path, "the path is listed twice");
        }
    }
    manifest->addMissingParents();
    manifest->indexChildren();
    return manifest;
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

Result<SourceEntry> ContextManifest::entry(const std::string& path) const {
    auto found = files_.find(path);
    if (found == files_.end()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("{}: not in the build context manifest", path));
    }
    return found->second.entry;
}

Result<std::vector<std::string>> ContextManifest::childNames(const std::string& path) const {
    auto found = children_.find(path);
    if (found == children_.end()) {
        return std::vector<std::string>();
    }
    return found->second;
}

Result<std::string> ContextManifest::fileDigest(const std::string& path) const {
    auto found = files_.find(path);
    if (found == files_.end() || found->second.digest.empty()) {
        return fail(ErrorKind::NotFound,
                    fmt::format("{}: no file with a digest in the build context manifest", path));
    }
    return found->second.digest;
}

Result<std::vector<std::string>> ContextManifest::glob(const std::string& pattern) const {
    std::vector<std::string> matches;
    for (const auto& [path, file] : files_) {
        if (!path.empty() &&
            ::fnmatch(pattern.c_str(), path.c_str(), FNM_PATHNAME | FNM_PERIOD) == 0) {
            matches.push_back(path);
        }
    }
    return matches;
}

stdfs::path ContextManifest::diskPath(const std::string& path) const {
    return path.empty() ? root_ : root_ / path;
}

} // namespace berth::build

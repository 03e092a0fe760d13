// Build contexts: secure unpacking of the context tar and the .dockerignore rules.

#include "build/context.h"

#include "build/context_tar_input.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <system_error>
#include <vector>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

Result<void> copyData(archive* input, archive* output, const std::string& name) {
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    int status = ARCHIVE_OK;
    while ((status = archive_read_data_block(input, &block, &size, &offset)) == ARCHIVE_OK) {
        if (archive_write_data_block(output, block, size, offset) < ARCHIVE_WARN) {
            return fail(ErrorKind::System, fmt::format("unpack build context entry {}: {}", name,
                                                       archiveErrorText(output)));
        }
    }
    if (status != ARCHIVE_EOF) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read build context entry {}: {}", name, archiveErrorText(input)));
    }
    return {};
}

} // namespace

Result<std::unique_ptr<BuildContext>> BuildContext::unpack(const image::ReadFunction& read,
                                                           const stdfs::path& parentDir) {
    if (auto made = fs::makeDirectories(parentDir, 0700); !made) {
        return std::unexpected(made.error());
    }
    stdfs::path root = parentDir / randomHexId().substr(0, 16);
    if (auto made = fs::makeDirectories(root, 0700); !made) {
        return std::unexpected(made.error());
    }
    auto context = std::unique_ptr<BuildContext>(new BuildContext(root));

    ArchiveHandle input(archive_read_new());
    ArchiveHandle output(archive_write_disk_new());
    archive_read_support_filter_all(input.get());
    archive_read_support_format_tar(input.get());
    archive_read_support_format_empty(input.get());
    archive_write_disk_set_options(
        output.get(), ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_OWNER |
                          ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_SYMLINKS);
    ContextTarInput data{&read};
    if (archive_read_open(input.get(), &data, nullptr, readContextTar, nullptr) != ARCHIVE_OK) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("read the build context: {}", archiveErrorText(input.get())));
    }
    for (;;) {
        archive_entry* entry = nullptr;
        int status = archive_read_next_header(input.get(), &entry);
        if (status == ARCHIVE_EOF) {
            break;
        }
        if (status < ARCHIVE_WARN) {
            std::string reason = data.error.empty() ? archiveErrorText(input.get()) : data.error;
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("read the build context: {}", reason));
        }
        std::string name = archive_entry_pathname(entry);
        auto rebase = [&](const char* path, void (*set)(archive_entry*, const char*)) {
            if (path != nullptr) {
                set(entry, (root / stdfs::path(path).relative_path()).c_str());
            }
        };
        if (stdfs::path(name).is_absolute() || name.find("..") != std::string::npos) {
            for (const auto& part : stdfs::path(name)) {
                if (part == "..") {
                    return fail(ErrorKind::InvalidArgument,
                                fmt::format("build context entry {} is outside the context", name));
                }
            }
        }
        rebase(archive_entry_pathname(entry), archive_entry_copy_pathname);
        rebase(archive_entry_hardlink(entry), archive_entry_copy_hardlink);
        if (archive_write_header(output.get(), entry) < ARCHIVE_WARN) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unpack build context entry {}: {}", name,
                                    archiveErrorText(output.get())));
        }
        if (auto copied = copyData(input.get(), output.get(), name); !copied) {
            return std::unexpected(copied.error());
        }
    }
    if (archive_write_close(output.get()) != ARCHIVE_OK) {
        return fail(ErrorKind::System, fmt::format("finish unpacking the build context: {}",
                                                   archiveErrorText(output.get())));
    }
    return context;
}

Result<std::unique_ptr<BuildContext>>
BuildContext::fromManifest(std::unique_ptr<ContextManifest> manifest,
                           const stdfs::path& parentDir) {
    if (auto made = fs::makeDirectories(parentDir, 0700); !made) {
        return std::unexpected(made.error());
    }
    std::string pattern = (parentDir / "manifest-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return failSys(
            fmt::format("create a directory for a planned context in {}", parentDir.string()));
    }
    auto context = std::unique_ptr<BuildContext>(new BuildContext(pattern));
    manifest->setRoot(context->root_);
    context->manifest_ = manifest.get();
    context->sources_ = std::move(manifest);
    return context;
}

BuildContext::~BuildContext() {
    if (!removeOnDestroy_) {
        return;
    }
    if (auto removed = fs::removeTree(root_); !removed) {
        log::warning("remove build context {}: {}", root_.string(), removed.error().message);
    }
}

Result<std::string> BuildContext::loadDockerfile(const std::string& name) {
    stdfs::path relative = stdfs::path(name).lexically_normal();
    if (relative.is_absolute() || relative.empty() || *relative.begin() == "..") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("the Dockerfile {} must be inside the build context", name));
    }
    if (manifest_ != nullptr) {
        return loadManifestDockerfile(relative.generic_string());
    }
    auto text = fs::readFile(root_ / relative);
    if (!text) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Cannot locate specified Dockerfile: {}", name));
    }
    std::string ignoreName = relative.generic_string() + ".dockerignore";
    std::error_code ec;
    if (!stdfs::exists(root_ / ignoreName, ec)) {
        ignoreName = ".dockerignore";
    }
    std::vector<IgnoreRule> rules;
    if (auto ignoreText = fs::readFile(root_ / ignoreName); ignoreText) {
        rules = parseDockerignore(*ignoreText);
    }
    if (auto removed = removeIgnored(rules, {relative.generic_string(), ignoreName}); !removed) {
        return std::unexpected(removed.error());
    }
    return text;
}

// The manifest form of loadDockerfile: the texts come with the manifest.
Result<std::string> BuildContext::loadManifestDockerfile(const std::string& name) {
    auto text = manifest_->content(name);
    if (!text) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Cannot locate specified Dockerfile: {} (the build context "
                                "manifest must carry its Content)",
                                name));
    }
    std::string ignoreName = name + ".dockerignore";
    if (!manifest_->contains(ignoreName)) {
        ignoreName = ".dockerignore";
    }
    std::vector<IgnoreRule> rules;
    if (manifest_->contains(ignoreName)) {
        auto ignoreText = manifest_->content(ignoreName);
        if (!ignoreText) {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("the build context manifest lists {} without its Content", ignoreName));
        }
        rules = parseDockerignore(*ignoreText);
    }
    manifest_->removeIgnored(rules, {name, ignoreName});
    return std::move(*text);
}

Result<void> BuildContext::removeIgnored(const std::vector<IgnoreRule>& rules,
                                         const std::vector<std::string>& kept) {
    if (rules.empty()) {
        return {};
    }
    bool hasIncludeRules =
        std::ranges::any_of(rules, [](const IgnoreRule& rule) { return rule.include; });
    std::vector<stdfs::path> doomed;
    std::error_code ec;
    for (stdfs::recursive_directory_iterator it(root_, ec), end; !ec && it != end;
         it.increment(ec)) {
        std::string relative = it->path().lexically_relative(root_).generic_string();
        bool isKept = std::ranges::find(kept, relative) != kept.end();
        bool isParentOfKept = std::ranges::any_of(
            kept, [&](const std::string& path) { return path.starts_with(relative + "/"); });
        if (isKept || isParentOfKept || !isIgnored(rules, relative)) {
            continue;
        }
        // With "!" rules a file below an excluded directory may be included again, so
        // directories stay and only the files below them are checked one by one.
        bool directory = it->is_directory(ec) && !it->is_symlink(ec);
        if (!directory) {
            doomed.push_back(it->path());
        } else if (!hasIncludeRules) {
            doomed.push_back(it->path());
            it.disable_recursion_pending();
        }
    }
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("walk the build context {}: {}", root_.string(), ec.message()));
    }
    for (const auto& path : doomed) {
        if (auto removed = fs::removeTree(path); !removed) {
            return removed;
        }
    }
    return {};
}

} // namespace berth::build

#pragma once

// The manifest of a build context that Berth's plan endpoint takes in place of the tar:
// each file the tar would carry, with its metadata and the sha256 of its content, and the
// text of the Dockerfile and .dockerignore files (engine/build/context_manifest.h has the
// format). Content digests are kept between manifests, so a plan repeated while the user
// types reads only the files that changed since the last one, and ContextManifestCache
// keeps the whole manifest, so that only the paths a file watcher reports are examined.

#include "client/build_context.h"
#include "common/error.h"

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace berth::client {

// Content digests by absolute path, valid while the file's size, modification time and
// inode stay the same. Safe to share between threads.
class ContextDigestCache final {
public:
    // "sha256:HEX" of the regular file at path whose lstat is status; read again only when
    // the file changed since the last call.
    [[nodiscard]] Result<std::string> digest(const std::string& path, const struct stat& status);

    // Forgets the files under directory that are not in seen: removed or ignored now.
    void forgetOthers(const std::string& directory, const std::unordered_set<std::string>& seen);

    // How many files were read and hashed so far (the cache misses).
    [[nodiscard]] std::size_t filesHashed() const;

private:
    struct Item {
        int64_t size = 0;
        int64_t modified = 0; // nanoseconds since the epoch
        ino_t inode = 0;
        std::string digest;
    };

    mutable std::mutex mutex_;
    std::unordered_map<std::string, Item> items_;
    std::size_t filesHashed_ = 0;
};

// Returns the manifest of source as the JSON body of POST /berth/build/plan, with the
// files that ContextFilter keeps. InvalidArgument when a path or a text there is not
// UTF-8, which JSON cannot carry: the caller sends the tar then.
[[nodiscard]] Result<std::string> contextManifestJson(const BuildContextSource& source,
                                                      ContextDigestCache& cache);

// The manifest of one build context, kept between plans. The first manifest walks the
// whole directory. After that only the paths passed to markChanged are read again, so
// the caller must report every change below the directory (the studio's file watcher
// does), or call markAllChanged when it cannot. Safe to share between threads.
class ContextManifestCache final {
public:
    // Marks a path relative to the context's directory as changed: a file, or a
    // directory with everything below it. "" or "." marks the whole context.
    void markChanged(const std::string& relative);
    // Makes the next manifest walk the whole directory again.
    void markAllChanged();

    // Returns the manifest of source, as contextManifestJson does. The whole directory
    // is walked again when source names another directory or Dockerfile than the last
    // call, gains or loses the editor's text, or when .dockerignore changed.
    [[nodiscard]] Result<std::string> manifestJson(const BuildContextSource& source);

    // A plan request's body, and the version of the context's files it carries.
    struct RequestBody {
        std::string json;
        bool onBase = false; // only the editor's Dockerfile, on the engine's kept manifest
        uint64_t version = 0;
    };
    // Returns the body for a plan of source. When allowBase is set and the engine kept the
    // manifest of the files as they are now, the body is only the editor's Dockerfile on
    // that BaseManifest. Otherwise it is the whole manifest.
    [[nodiscard]] Result<RequestBody> requestBody(const BuildContextSource& source,
                                                  bool allowBase = true);
    // Stores the digest under which the engine kept the whole manifest of version.
    void setEngineDigest(uint64_t version, std::string digest);

    // How many times the whole directory was walked so far.
    [[nodiscard]] std::size_t fullWalks() const;
    [[nodiscard]] const ContextDigestCache& digests() const { return digests_; }

private:
    std::mutex markMutex_; // guards changed_ and allChanged_
    std::set<std::string> changed_;
    bool allChanged_ = true;

    mutable std::mutex manifestMutex_; // one manifest at a time; guards the members below
    std::string directory_;
    std::string dockerfile_;
    bool hasEditorText_ = false;
    std::map<std::string, std::string> entries_; // JSON objects by relative path
    uint64_t version_ = 0;                       // counts the updates of entries_
    uint64_t engineVersion_ = 0;                 // the version that engineDigest_ names
    std::string engineDigest_;
    ContextDigestCache digests_;
    std::size_t fullWalks_ = 0;

    [[nodiscard]] Result<void> update(const BuildContextSource& source);
};

} // namespace berth::client

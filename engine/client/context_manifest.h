#pragma once

// The manifest of a build context that Berth's plan endpoint takes in place of the tar:
// each file the tar would carry, with its metadata and the sha256 of its content, and the
// text of the Dockerfile and .dockerignore files (engine/build/context_manifest.h has the
// format). Content digests are kept between manifests, so a plan repeated while the user
// types reads only the files that changed since the last one.

#include "client/build_context.h"
#include "common/error.h"

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
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

} // namespace berth::client

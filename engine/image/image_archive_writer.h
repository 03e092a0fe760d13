#pragma once

// Writes images as `docker save` does since Docker 25: one tar that is both Docker's
// archive (manifest.json, repositories) and an OCI image layout (oci-layout, index.json,
// blobs/sha256/). Layer blobs are the uncompressed layer tars, written again from the store
// byte for byte, so their digests are the configs' diff ids. Memory stays flat: every blob
// is streamed to the sink as it is written.

#include "common/error.h"
#include "image/store.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

struct SavedImage {
    std::string id;                    // "sha256:<hex>"
    std::vector<std::string> repoTags; // "name:tag" as the store spells them; may be empty
};

// Writes images to sink. An image listed twice is written once, with all its tags.
[[nodiscard]] Result<void>
writeImageArchive(const Store& store, const std::vector<SavedImage>& images,
                  const std::function<Result<void>(std::string_view)>& sink);

// The fully qualified name of a stored repository: "docker.io/library/busybox" for
// "busybox", unchanged for a name with a registry host.
[[nodiscard]] std::string qualifiedName(std::string_view name);

} // namespace berth::image

#pragma once

// Unpacks a layer tar into an empty directory that will serve as an overlayfs lower dir.
//
// Safety: every entry path is cleaned and checked first ("..", absolute paths and empty
// names are rejected), and every lookup below the root goes through openat2 with
// RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, so no symlink is ever followed, whether it came
// from this archive or not. Final components are created with O_EXCL/O_NOFOLLOW or the *at
// calls that do not follow. Hard links must name an entry already inside the layer. No
// chdir and no chroot: the daemon is multithreaded.
//
// Whiteouts: ".wh.NAME" becomes a 0/0 character device NAME, and ".wh..wh..opq" sets
// trusted.overlay.opaque="y" on its directory, the forms overlayfs reads.

#include "common/error.h"
#include "image/tar_reader.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace berth::image {

struct UnpackedLayer {
    std::string diffId; // "sha256:<hex>" of the uncompressed tar stream
    int64_t size = 0;   // sum of regular file sizes, bytes
};

// Unpacks all of reader into dir, which must exist and be empty, then flushes the file
// system once (syncfs), so the caller may rename dir into place as a durable layer.
[[nodiscard]] Result<UnpackedLayer> unpackLayer(TarReader& reader,
                                                const std::filesystem::path& dir);

} // namespace berth::image

#pragma once

// docker pull and docker push against a registry that speaks the OCI distribution API.
//
// Pull reads the manifest (Docker v2 schema 2 or OCI; a manifest list or OCI index picks
// the entry for the requested or the host's platform), then the config and each layer the
// store lacks, three at a time. Blobs download into the store's download cache (see
// blob_cache.h) and are checked against their digests. A pull that failed resumes from the
// blobs and bytes it had. The store checks each unpacked layer against the config's diff
// ids and stores and tags the image only when all of it is there.
//
// Push sends nothing for a layer when the repository has a blob of it: the uncompressed
// tar, or a compressed blob it was pulled or pushed as. When another repository of the
// registry has one, push mounts it from there. Otherwise it compresses the layer's tar with
// gzip into a temporary file (blocks that look incompressible are stored, see layer_gzip.h)
// and uploads that (media type application/vnd.oci.image.layer.v1.tar+gzip): in one PUT up
// to 16 MiB, in 16 MiB PATCH chunks above that, each retried when it fails. Three layers go
// up at a time. Then the config (its diff ids stay the digests of the uncompressed tars),
// then an OCI manifest under the tag. Pulls and pushes record where each layer's blobs are
// (blob_sources.h).

#include "common/error.h"
#include "image/reference.h"
#include "image/registry_client.h"
#include "image/store.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace berth::image {

// One progress line as Docker streams it: id is a layer's short digest or a tag, status
// "Pulling fs layer", "Downloading", "Pushed", ...; current and total are bytes when known.
struct TransferEvent {
    std::string id;
    std::string status;
    int64_t current = -1;
    int64_t total = -1;
};

struct TransferRequest {
    RegistryCredentials credentials;
    std::string platform; // "os/arch[/variant]" for pull, empty for the host's
    std::function<void(const TransferEvent&)> progress;
    const std::atomic<bool>* cancelled = nullptr;
};

struct PullResult {
    Image image;
    std::string digest; // the manifest's digest, "sha256:..."
    // True when the reference was new or named another image before the pull, which Docker
    // reports as "Downloaded newer image" even when the image was stored under another name.
    bool downloaded = false;
};

[[nodiscard]] Result<PullResult> pullImage(Store& store, const Reference& reference,
                                           const TransferRequest& request);

struct PushResult {
    std::string digest; // the manifest's digest
    int64_t size = 0;   // the manifest's size in bytes
};

// Pushes the image that reference (name:tag) names in the store under that name and tag.
[[nodiscard]] Result<PushResult> pushImage(Store& store, const Reference& reference,
                                           const TransferRequest& request);

} // namespace berth::image

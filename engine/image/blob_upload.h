#pragma once

// Blob operations of docker push on one repository: check that a blob exists, mount it from
// another repository, upload it.
//
// A blob up to 16 MiB goes up in one PUT. A larger one goes in PATCH requests of 16 MiB,
// each with its Content-Range, then a PUT with the digest. A chunk that fails is sent again
// up to three times, from the offset that a GET of the upload URL reports. When the registry
// dropped the upload session (Docker's distribution 2.8 drops it once a chunk arrived only
// in part), the blob starts over in a new session. A 401 or 403 is never retried.

#include "common/error.h"
#include "image/blob_sources.h"
#include "image/input.h"
#include "image/registry_client.h"

#include <cstdint>
#include <functional>
#include <string>

namespace berth::image {

struct BlobUpload {
    std::string digest; // "sha256:..."
    int64_t size = 0;
    // Returns a reader of the blob that starts at a byte offset, so that a retried chunk
    // can read its range again.
    std::function<ReadFunction(int64_t offset)> readFrom;
    // Receives the offset of the next byte to send after each read. It goes back when a
    // chunk is retried.
    std::function<void(int64_t offset)> progress;
    // Called before a failed chunk is sent again, with the offset it restarts from.
    std::function<void(int64_t offset)> retrying;
};

// Returns whether the client's repository has the blob (HEAD).
[[nodiscard]] Result<bool> blobExists(RegistryClient& client, const std::string& digest);

// Asks the registry to link source.digest from source.repository into the client's
// repository. Returns true when it did (201). A registry that does not mount starts an
// upload session instead (202), which is cancelled here.
[[nodiscard]] Result<bool> mountBlob(RegistryClient& client, const BlobSource& source);

// Uploads a blob in a new upload session.
[[nodiscard]] Result<void> uploadBlob(RegistryClient& client, const BlobUpload& blob);

} // namespace berth::image

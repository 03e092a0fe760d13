#include "image/blob_upload.h"

#include "common/log.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>

namespace berth::image {

namespace {

// Blobs up to this size go up in one PUT. Larger ones go in PATCH requests of this size
// each, so that no single request runs for long.
constexpr int64_t kUploadChunk = 16 << 20;
// Times a chunk is sent before the push fails: the first attempt and three retries.
constexpr int kChunkAttempts = 4;
// The wait before a retry, multiplied by the number of failures so far.
constexpr std::chrono::milliseconds kRetryDelay{500};

std::string withQuery(const std::string& url, std::string_view parameter) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + std::string(parameter);
}

std::string absoluteUrl(RegistryClient& client, const std::string& location) {
    return location.starts_with("http") ? location : client.baseUrl() + location;
}

// Starts an upload session and returns its URL.
Result<std::string> startUpload(RegistryClient& client) {
    RegistryRequest start;
    start.method = "POST";
    start.target = fmt::format("/v2/{}/blobs/uploads/", client.location().repository);
    auto response = client.send(start);
    if (!response) {
        return std::unexpected(response.error());
    }
    auto location = response->headers.find("location");
    if (response->status != 202 || location == response->headers.end()) {
        return std::unexpected(RegistryClient::statusError(*response, "start a blob upload"));
    }
    return absoluteUrl(client, location->second);
}

// Wraps read so that it returns at most limit bytes and reports the offset of the next byte
// after each read, counting from start.
ReadFunction limitedReader(ReadFunction read, int64_t start, int64_t limit,
                           const std::function<void(int64_t)>& progress) {
    auto position = std::make_shared<int64_t>(start);
    int64_t end = start + limit;
    return [read = std::move(read), position, end,
            progress](std::span<char> buffer) -> Result<size_t> {
        if (*position == end) {
            return size_t(0);
        }
        auto n =
            read(buffer.first(size_t(std::min<int64_t>(int64_t(buffer.size()), end - *position))));
        if (n && *n > 0) {
            *position += int64_t(*n);
            if (progress) {
                progress(*position);
            }
        }
        return n;
    };
}

// Closes an upload session at url with the blob's digest.
Result<void> finishUpload(RegistryClient& client, const std::string& url, const std::string& digest,
                          RegistryRequest put) {
    put.method = "PUT";
    put.target = withQuery(url, "digest=" + digest);
    put.headers.push_back("Content-Type: application/octet-stream");
    auto response = client.send(put);
    if (!response) {
        return std::unexpected(response.error().context(fmt::format("upload {}", digest)));
    }
    if (response->status != 201) {
        return std::unexpected(
            RegistryClient::statusError(*response, fmt::format("upload {}", digest)));
    }
    return {};
}

// An upload session and the offset of the next byte it expects.
struct UploadPosition {
    std::string url;
    int64_t offset = 0;
};

// Sends length bytes of the blob from offset in one PATCH and returns the session's next
// URL.
Result<std::string> sendChunk(RegistryClient& client, const std::string& url,
                              const BlobUpload& blob, int64_t offset, int64_t length) {
    RegistryRequest patch;
    patch.method = "PATCH";
    patch.target = url;
    patch.headers = {"Content-Type: application/octet-stream",
                     fmt::format("Content-Range: {}-{}", offset, offset + length - 1)};
    patch.upload = limitedReader(blob.readFrom(offset), offset, length, blob.progress);
    patch.uploadSize = length;
    std::string action = fmt::format("upload {} at byte {}", blob.digest, offset);
    auto response = client.send(patch);
    if (!response) {
        return std::unexpected(response.error().context(action));
    }
    auto location = response->headers.find("location");
    if (response->status != 202 || location == response->headers.end()) {
        return std::unexpected(RegistryClient::statusError(*response, action));
    }
    return absoluteUrl(client, location->second);
}

// The offset after the last byte that a Range header "0-LAST" of an upload status covers.
// Docker's distribution 2.8 sends "0-0" for an empty upload too, so "0-0" is read as 0.
std::optional<int64_t> rangeEnd(const std::string& range) {
    size_t dash = range.find('-');
    if (dash == std::string::npos) {
        return std::nullopt;
    }
    char* end = nullptr;
    long long last = std::strtoll(range.c_str() + dash + 1, &end, 10);
    if (end == range.c_str() + dash + 1 || last < 0) {
        return std::nullopt;
    }
    return last == 0 ? 0 : int64_t(last) + 1;
}

// Returns the session's next URL and offset from a GET of the upload URL. A session that
// the registry no longer knows (404) or has abandoned (400) is replaced by a new one at
// offset 0.
Result<UploadPosition> resumeUpload(RegistryClient& client, const std::string& url,
                                    const BlobUpload& blob) {
    RegistryRequest status;
    status.target = url;
    auto response = client.send(status);
    if (!response) {
        return std::unexpected(response.error().context("get the upload status"));
    }
    if (response->status == 404 || response->status == 400) {
        log::warning("image push: the registry dropped the upload session of {} ({}), starting "
                     "over",
                     blob.digest, RegistryClient::statusError(*response, "upload status").message);
        auto restarted = startUpload(client);
        if (!restarted) {
            return std::unexpected(restarted.error());
        }
        return UploadPosition{*restarted, 0};
    }
    auto location = response->headers.find("location");
    if (response->status / 100 != 2 || location == response->headers.end()) {
        return std::unexpected(RegistryClient::statusError(*response, "get the upload status"));
    }
    // No Range header: the registry has none of the blob.
    auto range = response->headers.find("range");
    std::string rangeText = range == response->headers.end() ? "0-0" : range->second;
    std::optional<int64_t> offset = rangeEnd(rangeText);
    if (!offset || *offset > blob.size) {
        return fail(ErrorKind::System,
                    fmt::format("get the upload status: invalid Range \"{}\" for a blob of {} "
                                "bytes",
                                rangeText, blob.size));
    }
    return UploadPosition{absoluteUrl(client, location->second), *offset};
}

// Sends the blob in PATCH requests of kUploadChunk bytes, retrying a failed one, and
// returns the URL to finish the session at.
Result<std::string> uploadChunks(RegistryClient& client, std::string url, const BlobUpload& blob) {
    int failures = 0;
    for (int64_t offset = 0; offset < blob.size;) {
        int64_t length = std::min(kUploadChunk, blob.size - offset);
        auto next = sendChunk(client, url, blob, offset, length);
        if (next) {
            url = *next;
            offset += length;
            failures = 0;
            continue;
        }
        ++failures;
        if (next.error().kind == ErrorKind::Unauthorized || failures == kChunkAttempts) {
            return std::unexpected(next.error());
        }
        log::warning("image push: {}; retrying ({} of {} attempts failed)", next.error().message,
                     failures, kChunkAttempts);
        std::this_thread::sleep_for(kRetryDelay * failures);
        auto resumed = resumeUpload(client, url, blob);
        if (!resumed) {
            return std::unexpected(
                resumed.error().context(fmt::format("resume after \"{}\"", next.error().message)));
        }
        url = resumed->url;
        offset = resumed->offset;
        if (blob.retrying) {
            blob.retrying(offset);
        }
    }
    return url;
}

} // namespace

Result<bool> blobExists(RegistryClient& client, const std::string& digest) {
    RegistryRequest head;
    head.method = "HEAD";
    head.target = fmt::format("/v2/{}/blobs/{}", client.location().repository, digest);
    auto response = client.send(head);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status == 200) {
        return true;
    }
    if (response->status == 404) {
        return false;
    }
    return std::unexpected(
        RegistryClient::statusError(*response, fmt::format("check blob {}", digest)));
}

Result<bool> mountBlob(RegistryClient& client, const BlobSource& source) {
    RegistryRequest mount;
    mount.method = "POST";
    mount.target = fmt::format("/v2/{}/blobs/uploads/?mount={}&from={}",
                               client.location().repository, source.digest, source.repository);
    auto response = client.send(mount);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status == 201) {
        return true;
    }
    auto location = response->headers.find("location");
    if (response->status == 202 && location != response->headers.end()) {
        RegistryRequest cancel;
        cancel.method = "DELETE";
        cancel.target = absoluteUrl(client, location->second);
        (void)client.send(cancel);
    }
    return false;
}

Result<void> uploadBlob(RegistryClient& client, const BlobUpload& blob) {
    auto url = startUpload(client);
    if (!url) {
        return std::unexpected(url.error());
    }
    RegistryRequest put;
    if (blob.size <= kUploadChunk) {
        put.upload = limitedReader(blob.readFrom(0), 0, blob.size, blob.progress);
        put.uploadSize = blob.size;
        return finishUpload(client, *url, blob.digest, std::move(put));
    }
    auto last = uploadChunks(client, *url, blob);
    if (!last) {
        return std::unexpected(last.error());
    }
    return finishUpload(client, *last, blob.digest, std::move(put));
}

} // namespace berth::image

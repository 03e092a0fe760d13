// docker push. Each layer is skipped when the repository has its blob, mounted when another
// repository of the registry has it, and uploaded otherwise. The config and then the
// manifest follow.

#include "common/log.h"
#include "common/sha256.h"
#include "image/blob_sources.h"
#include "image/diff_stream.h"
#include "image/image_transfer.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace berth::image {

using nlohmann::json;

namespace {

constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kOciLayer = "application/vnd.oci.image.layer.v1.tar";
constexpr int64_t kProgressStep = 512 * 1024;
// Blobs up to this size go up in one PUT. Larger ones go in PATCH requests of this size
// each, so that no single request runs for long.
constexpr int64_t kUploadChunk = 16 << 20;
// Mounts tried per layer before it is uploaded.
constexpr size_t kMountAttempts = 3;

std::string shortId(const std::string& digest) {
    return digest.substr(7, 12);
}

// The OCI media type for a layer blob of the given type: Docker's names for gzip and plain
// layers map to the OCI names of the same content.
std::string ociLayerType(const std::string& mediaType) {
    if (mediaType == "application/vnd.docker.image.rootfs.diff.tar.gzip") {
        return "application/vnd.oci.image.layer.v1.tar+gzip";
    }
    if (mediaType == "application/vnd.docker.image.rootfs.diff.tar" || mediaType.empty()) {
        return std::string(kOciLayer);
    }
    return mediaType;
}

json descriptor(const std::string& mediaType, const std::string& digest, int64_t size) {
    return {{"mediaType", ociLayerType(mediaType)}, {"digest", digest}, {"size", size}};
}

std::string withQuery(const std::string& url, std::string_view parameter) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + std::string(parameter);
}

std::string absoluteUrl(RegistryClient& client, const std::string& location) {
    return location.starts_with("http") ? location : client.baseUrl() + location;
}

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

// Asks the registry to link blob source.digest from source.repository into the client's
// repository. True when it did (201); a registry that does not mount starts an upload
// session instead (202), which is cancelled here.
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

// Wraps read so that it returns at most limit bytes and reports progress as they pass.
ReadFunction limitedReader(const ReadFunction& read, int64_t limit,
                           const std::function<void(int64_t)>& counted) {
    auto left = std::make_shared<int64_t>(limit);
    return [read, left, counted](std::span<char> buffer) -> Result<size_t> {
        if (*left == 0) {
            return size_t(0);
        }
        auto n = read(buffer.first(size_t(std::min<int64_t>(int64_t(buffer.size()), *left))));
        if (n && *n > 0) {
            *left -= int64_t(*n);
            counted(int64_t(*n));
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

// Sends size bytes of read in PATCH requests of kUploadChunk bytes, each with its
// Content-Range, following the session URL each response returns. Returns the last URL.
Result<std::string> uploadChunks(RegistryClient& client, std::string url, const ReadFunction& read,
                                 int64_t size, const std::string& digest,
                                 const std::function<void(int64_t)>& counted) {
    for (int64_t offset = 0; offset < size;) {
        int64_t length = std::min(kUploadChunk, size - offset);
        RegistryRequest patch;
        patch.method = "PATCH";
        patch.target = url;
        patch.headers = {"Content-Type: application/octet-stream",
                         fmt::format("Content-Range: {}-{}", offset, offset + length - 1)};
        patch.upload = limitedReader(read, length, counted);
        patch.uploadSize = length;
        auto response = client.send(patch);
        if (!response) {
            return std::unexpected(response.error().context(fmt::format("upload {}", digest)));
        }
        auto location = response->headers.find("location");
        if (response->status != 202 || location == response->headers.end()) {
            return std::unexpected(RegistryClient::statusError(
                *response, fmt::format("upload {} at byte {}", digest, offset)));
        }
        url = absoluteUrl(client, location->second);
        offset += length;
    }
    return url;
}

// Uploads one blob of size bytes from read: in one PUT when it is small, in chunks
// otherwise. counted receives the number of bytes each read passed on.
Result<void> uploadBlob(RegistryClient& client, const std::string& digest, const ReadFunction& read,
                        int64_t size, const std::function<void(int64_t)>& counted) {
    auto url = startUpload(client);
    if (!url) {
        return std::unexpected(url.error());
    }
    RegistryRequest put;
    if (size <= kUploadChunk) {
        put.upload = limitedReader(read, size, counted);
        put.uploadSize = size;
        return finishUpload(client, *url, digest, std::move(put));
    }
    auto last = uploadChunks(client, *url, read, size, digest, counted);
    if (!last) {
        return std::unexpected(last.error());
    }
    return finishUpload(client, *last, digest, std::move(put));
}

// A blob of layer diffId that the repository has or can mount, as its manifest
// descriptor, or null when the layer has to be uploaded.
Result<json> reuseLayer(RegistryClient& client, const BlobSources& sources,
                        const std::string& diffId, int64_t tarSize,
                        const TransferRequest& request) {
    const RegistryLocation& target = client.location();
    std::vector<BlobSource> known = sources.find(diffId, target.host);
    known.push_back({diffId, std::string(kOciLayer), tarSize, target.host, target.repository});
    for (const BlobSource& source : known) {
        if (source.repository != target.repository) {
            continue;
        }
        auto exists = blobExists(client, source.digest);
        if (!exists) {
            return std::unexpected(exists.error());
        }
        if (*exists) {
            if (request.progress) {
                request.progress({shortId(diffId), "Layer already exists"});
            }
            return descriptor(source.mediaType, source.digest, source.size);
        }
    }
    size_t attempts = 0;
    for (const BlobSource& source : known) {
        if (source.repository == target.repository || attempts++ == kMountAttempts) {
            continue;
        }
        auto mounted = mountBlob(client, source);
        if (!mounted) {
            return std::unexpected(mounted.error());
        }
        if (*mounted) {
            if (request.progress) {
                request.progress({shortId(diffId), "Mounted from " + source.repository});
            }
            return descriptor(source.mediaType, source.digest, source.size);
        }
    }
    return json();
}

// Writes the layer's tar on a second thread; libcurl reads it through a pipe.
Result<std::unique_ptr<DiffStream>> streamLayerTar(Store& store, const std::string& diffId) {
    return DiffStream::start([&store, diffId](int fd) -> Result<void> {
        auto written = store.writeLayerTar(diffId, [fd](std::string_view bytes) -> Result<void> {
            while (!bytes.empty()) {
                ssize_t n = ::write(fd, bytes.data(), bytes.size());
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                if (n < 0) {
                    return failSys("write layer tar to the upload");
                }
                bytes.remove_prefix(size_t(n));
            }
            return {};
        });
        if (!written) {
            return std::unexpected(written.error());
        }
        return {};
    });
}

// Pushes one layer and returns its manifest descriptor.
Result<json> pushLayer(Store& store, RegistryClient& client, const BlobSources& sources,
                       const std::string& diffId, const TransferRequest& request) {
    auto size = store.layerTarSize(diffId);
    if (!size) {
        return std::unexpected(size.error());
    }
    auto reused = reuseLayer(client, sources, diffId, *size, request);
    if (!reused || !reused->is_null()) {
        return reused;
    }
    auto stream = streamLayerTar(store, diffId);
    if (!stream) {
        return std::unexpected(stream.error());
    }
    int64_t sent = 0;
    int64_t reported = 0;
    auto counted = [&](int64_t bytes) {
        sent += bytes;
        if (request.progress && (sent - reported >= kProgressStep || sent == *size)) {
            reported = sent;
            request.progress({shortId(diffId), "Pushing", sent, *size});
        }
    };
    if (request.progress) {
        request.progress({shortId(diffId), "Pushing", 0, *size});
    }
    if (auto uploaded = uploadBlob(client, diffId, (*stream)->reader(), *size, counted);
        !uploaded) {
        return std::unexpected(uploaded.error());
    }
    if (request.progress) {
        request.progress({shortId(diffId), "Pushed"});
    }
    return descriptor(std::string(kOciLayer), diffId, *size);
}

Result<void> pushConfig(RegistryClient& client, const std::string& imageId,
                        const std::string& configJson) {
    auto exists = blobExists(client, imageId);
    if (!exists) {
        return std::unexpected(exists.error());
    }
    if (*exists) {
        return {};
    }
    auto read = [&configJson, offset = size_t(0)](std::span<char> buffer) mutable {
        size_t n = std::min(buffer.size(), configJson.size() - offset);
        std::copy_n(configJson.data() + offset, n, buffer.data());
        offset += n;
        return Result<size_t>(n);
    };
    return uploadBlob(client, imageId, read, int64_t(configJson.size()), [](int64_t) {});
}

Result<PushResult> putManifest(RegistryClient& client, const Reference& reference,
                               const std::string& body) {
    RegistryRequest put;
    put.method = "PUT";
    put.target = fmt::format("/v2/{}/manifests/{}", client.location().repository, reference.tag);
    put.headers = {fmt::format("Content-Type: {}", kOciManifest)};
    put.body = body;
    auto response = client.send(put);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status != 201) {
        return std::unexpected(RegistryClient::statusError(
            *response, fmt::format("push the manifest of {}", reference.str())));
    }
    return PushResult{digestOf(sha256Hex(body)), int64_t(body.size())};
}

} // namespace

Result<PushResult> pushImage(Store& store, const Reference& reference,
                             const TransferRequest& request) {
    auto image = store.resolve(reference.str());
    if (!image) {
        return std::unexpected(image.error());
    }
    auto configJson = store.configJson(image->id);
    if (!configJson) {
        return std::unexpected(configJson.error());
    }
    RegistryClient client(locateRepository(reference.name), request.credentials, true);
    BlobSources sources(store.root() / "blob-sources.json");

    for (const std::string& diffId : image->config.diffIds) {
        if (request.progress) {
            request.progress({shortId(diffId), "Preparing"});
        }
        for (const BlobSource& source : sources.find(diffId, client.location().host)) {
            if (source.repository != client.location().repository) {
                client.addScope(fmt::format("repository:{}:pull", source.repository));
            }
        }
    }
    json layers = json::array();
    for (const std::string& diffId : image->config.diffIds) {
        auto layer = pushLayer(store, client, sources, diffId, request);
        if (!layer) {
            return std::unexpected(layer.error());
        }
        BlobSource pushed{(*layer)["digest"], (*layer)["mediaType"], (*layer)["size"],
                          client.location().host, client.location().repository};
        if (auto recorded = sources.record(diffId, pushed); !recorded) {
            log::warning("image push: {}", recorded.error().message);
        }
        layers.push_back(std::move(*layer));
    }
    if (auto pushed = pushConfig(client, image->id, *configJson); !pushed) {
        return std::unexpected(pushed.error());
    }

    json manifest = {
        {"schemaVersion", 2},
        {"mediaType", kOciManifest},
        {"config",
         {{"mediaType", kOciConfig}, {"digest", image->id}, {"size", configJson->size()}}},
        {"layers", layers},
    };
    auto result = putManifest(client, reference, manifest.dump());
    if (result) {
        log::info("image push: {} as {}", reference.str(), result->digest);
    }
    return result;
}

} // namespace berth::image

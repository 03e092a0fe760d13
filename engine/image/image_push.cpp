// docker push. Each layer is skipped when the repository has a blob of it, mounted when
// another repository of the registry has one, and otherwise compressed with gzip and
// uploaded (blob_upload.h). The config and then the manifest follow.

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "image/blob_sources.h"
#include "image/blob_upload.h"
#include "image/image_transfer.h"
#include "image/layer_gzip.h"
#include "image/transfer_workers.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <mutex>

namespace berth::image {

using nlohmann::json;

namespace {

constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kOciLayer = "application/vnd.oci.image.layer.v1.tar";
constexpr std::string_view kOciGzipLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
constexpr int64_t kProgressStep = 512 * 1024;
// Layers pushed at once. Docker's max-concurrent-uploads is 5, but compression keeps a
// core busy per layer, so more than 3 would only take turns on most machines.
constexpr size_t kParallelUploads = 3;
// Mounts tried per layer before it is uploaded.
constexpr size_t kMountAttempts = 3;

// A cancelled push (the client closed its connection) stops at the next chunk it reads and
// sends no manifest, so the tag on the registry stays as it was.
Result<void> checkCancelled(const TransferRequest& request) {
    if (request.cancelled != nullptr && request.cancelled->load()) {
        return fail(ErrorKind::Cancelled, "push cancelled");
    }
    return {};
}

std::string shortId(const std::string& digest) {
    return digest.substr(7, 12);
}

// The OCI media type for a layer blob of the given type: Docker's names for gzip and plain
// layers map to the OCI names of the same content.
std::string ociLayerType(const std::string& mediaType) {
    if (mediaType == "application/vnd.docker.image.rootfs.diff.tar.gzip") {
        return std::string(kOciGzipLayer);
    }
    if (mediaType == "application/vnd.docker.image.rootfs.diff.tar" || mediaType.empty()) {
        return std::string(kOciLayer);
    }
    return mediaType;
}

json descriptor(const std::string& mediaType, const std::string& digest, int64_t size) {
    return {{"mediaType", ociLayerType(mediaType)}, {"digest", digest}, {"size", size}};
}

// A blob of layer diffId that the repository has or can mount, as its manifest
// descriptor, or null when the layer has to be uploaded. known lists the blobs the
// registry is recorded to have of the layer.
Result<json> reuseLayer(RegistryClient& client, std::vector<BlobSource> known,
                        const std::string& diffId, int64_t tarSize,
                        const TransferRequest& request) {
    const RegistryLocation& target = client.location();
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

// Reads fd from offset with pread, so readers at different offsets do not disturb each other.
ReadFunction readFileFrom(int fd, int64_t offset) {
    auto position = std::make_shared<int64_t>(offset);
    return [fd, position](std::span<char> buffer) -> Result<size_t> {
        for (;;) {
            ssize_t n = ::pread(fd, buffer.data(), buffer.size(), off_t(*position));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n < 0) {
                return failSys("read the compressed layer");
            }
            *position += n;
            return size_t(n);
        }
    };
}

// Compresses layer diffId into an unnamed file under the store's uploads directory,
// reporting "Compressing" progress over the tar's bytes.
Result<GzipBlob> compressLayer(Store& store, const std::string& diffId, int64_t tarSize,
                               const TransferRequest& request) {
    std::filesystem::path directory = store.root() / "uploads";
    if (auto made = fs::makeDirectories(directory, 0700); !made) {
        return std::unexpected(made.error());
    }
    int64_t reported = 0;
    auto progress = [&](int64_t done) {
        if (request.progress && (done - reported >= kProgressStep || done == tarSize)) {
            reported = done;
            request.progress({shortId(diffId), "Compressing", done, tarSize});
        }
    };
    auto writeTar = [&](const std::function<Result<void>(std::string_view)>& sink) -> Result<void> {
        auto written = store.writeLayerTar(diffId, [&](std::string_view bytes) -> Result<void> {
            if (auto cancelled = checkCancelled(request); !cancelled) {
                return cancelled;
            }
            return sink(bytes);
        });
        if (!written) {
            return std::unexpected(written.error());
        }
        return {};
    };
    auto blob = compressToGzipFile(directory, writeTar, progress);
    if (!blob) {
        return std::unexpected(blob.error().context(fmt::format("compress layer {}", diffId)));
    }
    return blob;
}

// Uploads a compressed layer, reporting "Pushing" progress over its compressed bytes.
Result<void> uploadLayer(RegistryClient& client, const std::string& diffId, const GzipBlob& blob,
                         const TransferRequest& request) {
    std::string id = shortId(diffId);
    int64_t reported = 0;
    BlobUpload upload;
    upload.digest = blob.digest;
    upload.size = blob.size;
    upload.readFrom = [fd = blob.file.get(), &request](int64_t offset) -> ReadFunction {
        return [read = readFileFrom(fd, offset), &request](std::span<char> buffer) {
            if (auto cancelled = checkCancelled(request); !cancelled) {
                return Result<size_t>(std::unexpected(cancelled.error()));
            }
            return read(buffer);
        };
    };
    upload.progress = [&](int64_t offset) {
        if (request.progress && (offset - reported >= kProgressStep || offset == blob.size)) {
            reported = offset;
            request.progress({id, "Pushing", offset, blob.size});
        }
    };
    upload.retrying = [&](int64_t offset) {
        reported = offset;
        if (request.progress) {
            request.progress({id, fmt::format("Retrying from byte {}", offset)});
        }
    };
    if (request.progress) {
        request.progress({id, "Pushing", 0, blob.size});
    }
    return uploadBlob(client, upload);
}

// Pushes one layer and returns its manifest descriptor.
Result<json> pushLayer(Store& store, RegistryClient& client, std::vector<BlobSource> known,
                       const std::string& diffId, const TransferRequest& request) {
    auto size = store.layerTarSize(diffId);
    if (!size) {
        return std::unexpected(size.error());
    }
    auto reused = reuseLayer(client, std::move(known), diffId, *size, request);
    if (!reused || !reused->is_null()) {
        return reused;
    }
    auto blob = compressLayer(store, diffId, *size, request);
    if (!blob) {
        return std::unexpected(blob.error());
    }
    json pushed = descriptor(std::string(kOciGzipLayer), blob->digest, blob->size);
    // The repository may have this blob although no record names it: another client pushed
    // the same layer, or the records were lost.
    auto exists = blobExists(client, blob->digest);
    if (!exists) {
        return std::unexpected(exists.error());
    }
    if (*exists) {
        if (request.progress) {
            request.progress({shortId(diffId), "Layer already exists"});
        }
        return pushed;
    }
    if (auto uploaded = uploadLayer(client, diffId, *blob, request); !uploaded) {
        return std::unexpected(uploaded.error());
    }
    if (request.progress) {
        request.progress({shortId(diffId), "Pushed"});
    }
    return pushed;
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
    BlobUpload upload;
    upload.digest = imageId;
    upload.size = int64_t(configJson.size());
    upload.readFrom = [&configJson](int64_t offset) -> ReadFunction {
        return [&configJson, position = size_t(offset)](std::span<char> buffer) mutable {
            size_t n = std::min(buffer.size(), configJson.size() - position);
            std::copy_n(configJson.data() + position, n, buffer.data());
            position += n;
            return Result<size_t>(n);
        };
    };
    return uploadBlob(client, upload);
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

// Docker's errors for a push of a reference the store lacks: one for a repository with no
// tag at all, another for a missing tag of a repository that has others.
std::unexpected<Error> missingPushReference(const Store& store, const Reference& reference) {
    for (const Image& image : store.list()) {
        for (const std::string& repoTag : image.repoTags) {
            auto tagged = parseReference(repoTag);
            if (tagged && tagged->name == reference.name) {
                return fail(ErrorKind::NotFound,
                            fmt::format("tag does not exist: {}", reference.str()));
            }
        }
    }
    return fail(ErrorKind::NotFound,
                fmt::format("An image does not exist locally with the tag: {}", reference.name));
}

} // namespace

Result<PushResult> pushImage(Store& store, const Reference& reference,
                             const TransferRequest& request) {
    auto image = store.resolve(reference.str());
    if (!image && image.error().kind == ErrorKind::NotFound) {
        return missingPushReference(store, reference);
    }
    if (!image) {
        return std::unexpected(image.error());
    }
    auto configJson = store.configJson(image->id);
    if (!configJson) {
        return std::unexpected(configJson.error());
    }
    RegistryLocation location = locateRepository(reference.name);
    BlobSources sources(store.root() / "blob-sources.json");
    // An image may list a layer twice; it goes up once.
    std::vector<std::string> diffIds;
    for (const std::string& diffId : image->config.diffIds) {
        if (std::ranges::find(diffIds, diffId) == diffIds.end()) {
            diffIds.push_back(diffId);
        }
    }

    // Progress lines come from several upload threads, so they pass one at a time.
    std::mutex progressMutex;
    TransferRequest serial = withSerialProgress(request, progressMutex);
    std::vector<std::vector<BlobSource>> known;
    std::vector<std::string> scopes;
    for (const std::string& diffId : diffIds) {
        if (serial.progress) {
            serial.progress({shortId(diffId), "Preparing"});
        }
        known.push_back(sources.find(diffId, location.host));
        for (const BlobSource& source : known.back()) {
            std::string scope = fmt::format("repository:{}:pull", source.repository);
            if (source.repository != location.repository &&
                std::ranges::find(scopes, scope) == scopes.end()) {
                scopes.push_back(std::move(scope));
            }
        }
    }
    // As with Docker, a layer queued behind the uploads that start at once is Waiting.
    for (size_t i = kParallelUploads; serial.progress && i < diffIds.size(); ++i) {
        serial.progress({shortId(diffIds[i]), "Waiting"});
    }
    auto makeClient = [&] {
        auto client = std::make_unique<RegistryClient>(location, request.credentials, true);
        for (const std::string& scope : scopes) {
            client->addScope(scope);
        }
        return client;
    };
    std::vector<json> pushedLayers(diffIds.size());
    std::mutex sourcesMutex;
    auto pushOne = [&](RegistryClient& client, size_t index) -> Result<void> {
        if (auto cancelled = checkCancelled(request); !cancelled) {
            return cancelled;
        }
        auto layer = pushLayer(store, client, known[index], diffIds[index], serial);
        if (!layer) {
            return std::unexpected(layer.error());
        }
        BlobSource blob{(*layer)["digest"], (*layer)["mediaType"], (*layer)["size"], location.host,
                        location.repository};
        std::lock_guard lock(sourcesMutex);
        if (auto recorded = sources.record(diffIds[index], blob); !recorded) {
            log::warning("image push: {}", recorded.error().message);
        }
        pushedLayers[index] = std::move(*layer);
        return {};
    };
    auto uploaded = runTransferTasks(diffIds.size(), kParallelUploads, makeClient, pushOne);
    if (!uploaded) {
        return std::unexpected(uploaded.error());
    }
    json layers = json::array();
    for (const std::string& diffId : image->config.diffIds) {
        auto at = std::ranges::find(diffIds, diffId) - diffIds.begin();
        layers.push_back(pushedLayers[size_t(at)]);
    }
    if (auto cancelled = checkCancelled(request); !cancelled) {
        return std::unexpected(cancelled.error());
    }
    std::unique_ptr<RegistryClient> client = makeClient();
    if (auto pushed = pushConfig(*client, image->id, *configJson); !pushed) {
        return std::unexpected(pushed.error());
    }

    json manifest = {
        {"schemaVersion", 2},
        {"mediaType", kOciManifest},
        {"config",
         {{"mediaType", kOciConfig}, {"digest", image->id}, {"size", configJson->size()}}},
        {"layers", std::move(layers)},
    };
    if (auto cancelled = checkCancelled(request); !cancelled) {
        return std::unexpected(cancelled.error());
    }
    auto result = putManifest(*client, reference, manifest.dump());
    if (!result) {
        return result;
    }
    log::info("image push: {} as {}", reference.str(), result->digest);
    // The registry has the manifest now, so a failure to record its digest only costs the
    // RepoDigests entry and does not fail the push.
    Reference pinned{reference.name, "", result->digest};
    if (auto recorded = store.addRepoDigest(pinned, image->id); !recorded) {
        log::warning("image push: {}", recorded.error().message);
    }
    return result;
}

} // namespace berth::image

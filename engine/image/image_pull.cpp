// docker pull: manifest, platform choice, config and layers, each checked by digest.

#include "common/log.h"
#include "common/sha256.h"
#include "common/unique_fd.h"
#include "image/blob_cache.h"
#include "image/blob_sources.h"
#include "image/image_transfer.h"
#include "image/transfer_workers.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <strings.h>
#include <unistd.h>

#include <memory>
#include <mutex>
#include <vector>

namespace berth::image {

namespace stdfs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
constexpr std::string_view kDockerList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
// Docker's default for max-concurrent-downloads.
constexpr size_t kParallelDownloads = 3;

std::string shortId(const std::string& digest) {
    return digest.substr(digest.find(':') + 1, 12);
}

bool validDigest(const std::string& digest) {
    return digest.starts_with("sha256:") && digest.size() == 71 &&
           digest.find_first_not_of("0123456789abcdef", 7) == std::string::npos;
}

struct Manifest {
    std::string body;
    std::string mediaType;
    std::string digest;
};

// Fetches the manifest that reference (a tag or a digest) names, checking its digest.
// named is the whole reference as the user gave it, normalised.
Result<Manifest> fetchManifest(RegistryClient& client, const std::string& reference,
                               const Reference& named) {
    std::string shown = named.str();
    RegistryRequest request;
    request.target = fmt::format("/v2/{}/manifests/{}", client.location().repository, reference);
    request.headers.push_back(fmt::format("Accept: {}, {}, {}, {}", kOciIndex, kDockerList,
                                          kOciManifest, kDockerManifest));
    auto response = client.send(request);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status == 404) {
        return fail(
            ErrorKind::NotFound,
            fmt::format("manifest for {} not found: manifest unknown: manifest unknown", shown));
    }
    // dockerd fails a pull that meets a Basic challenge without credentials with a plain
    // error (HTTP 500), which the docker CLI prints instead of asking for a login.
    auto challenge = response->headers.find("www-authenticate");
    if (response->status == 401 && !client.hasCredentials() &&
        challenge != response->headers.end() && challenge->second.size() >= 5 &&
        strncasecmp(challenge->second.c_str(), "Basic", 5) == 0) {
        return fail(ErrorKind::System, fmt::format("Head \"{}{}\": no basic auth credentials",
                                                   client.baseUrl(), request.target));
    }
    if (response->status == 401 || response->status == 403) {
        Error denied = RegistryClient::statusError(
            *response, fmt::format("pull access denied for {}, repository does not exist or "
                                   "may require 'docker login'",
                                   named.name));
        // Docker returns 404 for a registry's denial (403), as for a missing repository, so
        // the CLI prints the error instead of prompting for a login.
        if (response->status == 403) {
            denied.kind = ErrorKind::NotFound;
        }
        return std::unexpected(denied);
    }
    if (response->status != 200) {
        return std::unexpected(
            RegistryClient::statusError(*response, fmt::format("get the manifest of {}", shown)));
    }
    Manifest manifest;
    manifest.body = std::move(response->body);
    manifest.digest = digestOf(sha256Hex(manifest.body));
    if (reference.starts_with("sha256:") && reference != manifest.digest) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("manifest for {} does not match its digest: got {}", shown,
                                manifest.digest));
    }
    json parsed = json::parse(manifest.body, nullptr, false);
    if (!parsed.is_object()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("the manifest of {} is not a JSON object", shown));
    }
    auto type = response->headers.find("content-type");
    manifest.mediaType = parsed.value(
        "mediaType",
        type != response->headers.end() ? type->second.substr(0, type->second.find(';')) : "");
    return manifest;
}

// Picks the manifest for platform ("os/arch[/variant]") from a list or index.
Result<std::string> choosePlatform(const json& index, const std::string& platform,
                                   const std::string& shown) {
    std::string wanted = platform.empty() ? "linux/" + hostArchitecture() : platform;
    for (const json& entry : index.value("manifests", json::array())) {
        if (!entry.is_object() || !entry.contains("platform") || !entry["platform"].is_object()) {
            continue;
        }
        const json& p = entry["platform"];
        std::string os = p.value("os", "");
        std::string architecture = p.value("architecture", "");
        std::string variant = p.value("variant", "");
        std::string name = os + "/" + architecture;
        if (wanted == name || wanted == name + "/" + variant) {
            std::string digest = entry.value("digest", "");
            if (!validDigest(digest)) {
                break;
            }
            return digest;
        }
    }
    return fail(ErrorKind::NotFound,
                fmt::format("no matching manifest for {} in the manifest list entries of {}",
                            wanted, shown));
}

Result<std::string> fetchConfig(RegistryClient& client, const std::string& digest) {
    RegistryRequest request;
    request.target = fmt::format("/v2/{}/blobs/{}", client.location().repository, digest);
    auto response = client.send(request);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status != 200) {
        return std::unexpected(
            RegistryClient::statusError(*response, fmt::format("get the config {}", digest)));
    }
    if (digestOf(sha256Hex(response->body)) != digest) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("config {} does not match its digest", digest));
    }
    return std::move(response->body);
}

// Downloads blobs into cache, kParallelDownloads at a time.
Result<void> downloadBlobs(const RegistryLocation& location, const RegistryCredentials& credentials,
                           const std::vector<std::pair<std::string, int64_t>>& blobs,
                           BlobCache& cache, const TransferRequest& request) {
    return runTransferTasks(
        blobs.size(), kParallelDownloads,
        [&] { return std::make_unique<RegistryClient>(location, credentials, false); },
        [&](RegistryClient& client, size_t index) -> Result<void> {
            const auto& [digest, size] = blobs[index];
            if (auto downloaded = cache.fetch(client, digest, size, request); !downloaded) {
                return std::unexpected(downloaded.error());
            }
            return {};
        });
}

struct ImageManifest {
    std::string configDigest;
    std::vector<std::pair<std::string, int64_t>> layers; // digest, size
    std::vector<std::string> layerTypes;                 // media types, in the same order
};

Result<ImageManifest> parseImageManifest(const Manifest& manifest, const std::string& shown) {
    json parsed = json::parse(manifest.body, nullptr, false);
    auto malformed = [&](std::string_view what) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("malformed manifest for {}: {}", shown, what));
    };
    if (manifest.mediaType != kDockerManifest && manifest.mediaType != kOciManifest &&
        !manifest.mediaType.empty()) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("unsupported manifest media type {} for {}", manifest.mediaType, shown));
    }
    if (!parsed.contains("config") || !parsed["config"].is_object() || !parsed.contains("layers") ||
        !parsed["layers"].is_array()) {
        return malformed("it needs \"config\" and \"layers\"");
    }
    ImageManifest image;
    image.configDigest = parsed["config"].value("digest", "");
    if (!validDigest(image.configDigest)) {
        return malformed("invalid config digest");
    }
    for (const json& layer : parsed["layers"]) {
        std::string digest = layer.is_object() ? layer.value("digest", "") : "";
        if (!validDigest(digest)) {
            return malformed(fmt::format("invalid layer digest \"{}\"", digest));
        }
        image.layers.emplace_back(digest, layer.value("size", int64_t(-1)));
        image.layerTypes.push_back(layer.value("mediaType", ""));
    }
    return image;
}

// Records where each layer's blob came from, so that a push to another repository of the
// registry can mount it.
void recordSources(const Store& store, const RegistryLocation& location, const ImageManifest& image,
                   const std::vector<std::string>& diffIds) {
    BlobSources sources(store.root() / "blob-sources.json");
    for (size_t i = 0; i < image.layers.size(); ++i) {
        BlobSource source{image.layers[i].first, image.layerTypes[i], image.layers[i].second,
                          location.host, location.repository};
        if (auto recorded = sources.record(diffIds[i], source); !recorded) {
            log::warning("image pull: {}", recorded.error().message);
        }
    }
}

Result<Manifest> resolveManifest(RegistryClient& client, const Reference& reference,
                                 const TransferRequest& request) {
    std::string shown = reference.str();
    std::string target = reference.digest.empty() ? reference.tag : reference.digest;
    auto manifest = fetchManifest(client, target, reference);
    if (!manifest) {
        return manifest;
    }
    if (manifest->mediaType == kDockerList || manifest->mediaType == kOciIndex) {
        std::string listDigest = manifest->digest;
        auto chosen = choosePlatform(json::parse(manifest->body), request.platform, shown);
        if (!chosen) {
            return std::unexpected(chosen.error());
        }
        manifest = fetchManifest(client, *chosen, reference);
        if (manifest) {
            manifest->digest = listDigest; // Docker reports the digest of what was named
        }
    }
    return manifest;
}

} // namespace

Result<PullResult> pullImage(Store& store, const Reference& reference,
                             const TransferRequest& request) {
    std::string shown = reference.str();
    RegistryClient client(locateRepository(reference.name), request.credentials, false);
    auto manifest = resolveManifest(client, reference, request);
    if (!manifest) {
        return std::unexpected(manifest.error());
    }
    // Progress starts once the manifest is known, so an unknown image is a plain 404.
    if (request.progress) {
        request.progress({reference.digest.empty() ? reference.tag : reference.digest,
                          "Pulling from " + client.location().repository});
    }
    auto image = parseImageManifest(*manifest, shown);
    if (!image) {
        return std::unexpected(image.error());
    }
    auto configJson = fetchConfig(client, image->configDigest);
    if (!configJson) {
        return std::unexpected(configJson.error());
    }
    auto config = parseImageConfig(*configJson);
    if (!config) {
        return std::unexpected(config.error().context(fmt::format("config of {}", shown)));
    }
    if (config->diffIds.size() != image->layers.size()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("malformed manifest for {}: {} layers, but its config lists {}",
                                shown, image->layers.size(), config->diffIds.size()));
    }
    // Docker reports a new image when the reference was unknown or pointed elsewhere, even
    // when the image itself was in the store under another name.
    auto previous = store.resolve(shown);
    bool moved = !previous || previous->id != image->configDigest;

    BlobCache cache(store.root() / "downloads");
    if (auto prepared = cache.prepare(); !prepared) {
        return std::unexpected(prepared.error());
    }
    // Progress lines come from several download threads, so they pass one at a time.
    std::mutex progressMutex;
    TransferRequest serial = withSerialProgress(request, progressMutex);
    std::vector<std::pair<std::string, int64_t>> missing;
    for (size_t i = 0; i < image->layers.size(); ++i) {
        bool have = store.hasLayer(config->diffIds[i]);
        if (serial.progress) {
            serial.progress(
                {shortId(image->layers[i].first), have ? "Already exists" : "Pulling fs layer"});
        }
        if (!have && std::ranges::find(missing, image->layers[i]) == missing.end()) {
            missing.push_back(image->layers[i]);
        }
    }
    // As with Docker, a layer queued behind the downloads that start at once is Waiting.
    for (size_t i = kParallelDownloads; serial.progress && i < missing.size(); ++i) {
        serial.progress({shortId(missing[i].first), "Waiting"});
    }
    if (auto downloaded =
            downloadBlobs(client.location(), request.credentials, missing, cache, serial);
        !downloaded) {
        return std::unexpected(downloaded.error());
    }

    ImageSource source;
    source.configJson = *configJson;
    if (reference.digest.empty()) {
        source.tags.push_back(reference);
    }
    // Download complete was reported when the blobs arrived, so the second fetch is silent.
    TransferRequest quiet = serial;
    quiet.progress = nullptr;
    source.openLayer = [&](size_t index) -> Result<ReadFunction> {
        const auto& [digest, size] = image->layers[index];
        // Downloaded above, unless the layer went away from the store since then.
        auto path = cache.fetch(client, digest, size, quiet);
        if (!path) {
            return std::unexpected(path.error());
        }
        auto fd = std::make_shared<UniqueFd>(::open(path->c_str(), O_RDONLY | O_CLOEXEC));
        if (!*fd) {
            return failSys(fmt::format("open {}", path->string()));
        }
        if (serial.progress) {
            serial.progress({shortId(digest), "Extracting"});
        }
        return ReadFunction([fd](std::span<char> buffer) { return readFromFd(fd->get())(buffer); });
    };
    TransferOptions options;
    options.cancelled = request.cancelled;
    options.layerProgress = [&](const std::string& diffId, bool done) {
        auto it = std::ranges::find(config->diffIds, diffId);
        if (done && serial.progress && it != config->diffIds.end()) {
            size_t index = size_t(it - config->diffIds.begin());
            serial.progress({shortId(image->layers[index].first), "Pull complete"});
        }
    };
    auto stored = store.storeImages({source}, options);
    // Verified blobs stay for the next attempt unless their content was what failed.
    if (stored || stored.error().kind == ErrorKind::InvalidArgument) {
        for (const auto& [digest, size] : missing) {
            cache.remove(digest);
        }
    }
    if (!stored) {
        return std::unexpected(stored.error());
    }
    recordSources(store, client.location(), *image, config->diffIds);
    Reference pinned{reference.name, "", manifest->digest};
    if (auto recorded = store.addRepoDigest(pinned, stored->front().id); !recorded) {
        return std::unexpected(recorded.error());
    }
    log::info("image pull: {} is {} ({})", shown, stored->front().id, manifest->digest);
    // Read back, so that the result lists the digest reference just recorded.
    auto pulled = store.resolve(stored->front().id);
    return PullResult{pulled ? *pulled : stored->front(), manifest->digest, moved};
}

} // namespace berth::image

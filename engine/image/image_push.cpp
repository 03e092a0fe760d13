// docker push: layers the registry lacks, then the config, then the manifest.

#include "common/log.h"
#include "common/sha256.h"
#include "image/diff_stream.h"
#include "image/image_transfer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cerrno>

namespace berth::image {

using nlohmann::json;

namespace {

constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr std::string_view kOciConfig = "application/vnd.oci.image.config.v1+json";
constexpr std::string_view kOciLayer = "application/vnd.oci.image.layer.v1.tar";

std::string shortId(const std::string& digest) {
    return digest.substr(7, 12);
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
    std::string url = location->second;
    return url.starts_with("http") ? url : client.baseUrl() + url;
}

// Uploads one blob in a single PUT, from body or from read (size bytes).
Result<void> uploadBlob(RegistryClient& client, const std::string& digest, std::string body,
                        ReadFunction read, int64_t size) {
    auto url = startUpload(client);
    if (!url) {
        return std::unexpected(url.error());
    }
    RegistryRequest put;
    put.method = "PUT";
    put.target = *url + (url->find('?') == std::string::npos ? "?" : "&") + "digest=" + digest;
    put.headers = {"Content-Type: application/octet-stream"};
    put.body = std::move(body);
    put.upload = std::move(read);
    put.uploadSize = size;
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

Result<void> pushLayer(Store& store, RegistryClient& client, const std::string& diffId,
                       const TransferRequest& request) {
    auto size = store.layerTarSize(diffId);
    if (!size) {
        return std::unexpected(size.error());
    }
    auto exists = blobExists(client, diffId);
    if (!exists) {
        return std::unexpected(exists.error());
    }
    if (*exists) {
        if (request.progress) {
            request.progress({shortId(diffId), "Layer already exists"});
        }
        return {};
    }
    if (request.progress) {
        request.progress({shortId(diffId), "Pushing", 0, *size});
    }
    // The tar is written again on a second thread and read by libcurl through a pipe.
    auto stream = DiffStream::start([&store, diffId](int fd) -> Result<void> {
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
    if (!stream) {
        return std::unexpected(stream.error());
    }
    if (auto uploaded = uploadBlob(client, diffId, {}, (*stream)->reader(), *size); !uploaded) {
        return uploaded;
    }
    if (request.progress) {
        request.progress({shortId(diffId), "Pushed"});
    }
    return {};
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

    json layers = json::array();
    for (const std::string& diffId : image->config.diffIds) {
        if (request.progress) {
            request.progress({shortId(diffId), "Preparing"});
        }
        auto size = store.layerTarSize(diffId);
        if (!size) {
            return std::unexpected(size.error());
        }
        layers.push_back({{"mediaType", kOciLayer}, {"digest", diffId}, {"size", *size}});
    }
    for (const std::string& diffId : image->config.diffIds) {
        if (auto pushed = pushLayer(store, client, diffId, request); !pushed) {
            return std::unexpected(pushed.error());
        }
    }
    auto configExists = blobExists(client, image->id);
    if (!configExists) {
        return std::unexpected(configExists.error());
    }
    if (!*configExists) {
        auto uploaded = uploadBlob(client, image->id, *configJson, {}, -1);
        if (!uploaded) {
            return std::unexpected(uploaded.error());
        }
    }

    json manifest = {
        {"schemaVersion", 2},
        {"mediaType", kOciManifest},
        {"config",
         {{"mediaType", kOciConfig}, {"digest", image->id}, {"size", configJson->size()}}},
        {"layers", layers},
    };
    std::string body = manifest.dump();
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
    PushResult result{digestOf(sha256Hex(body)), int64_t(body.size())};
    log::info("image push: {} as {}", reference.str(), result.digest);
    return result;
}

} // namespace berth::image

// Client::buildImage and Client::planBuild: the context goes up as a tar in the body.

#include "client/client.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace berth::client {

namespace {

Result<UniqueFd> packToTemporaryFile(const BuildContextSource& source, uint64_t& size) {
    const std::string directory = std::filesystem::temp_directory_path().string();
    UniqueFd fd(::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (!fd) {
        return failSys(fmt::format("create a temporary file in {}", directory));
    }
    if (auto packed = packBuildContext(source, fd.get()); !packed) {
        return std::unexpected(packed.error());
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) {
        return failSys(fmt::format("rewind the build context of {}", source.directory));
    }
    size = uint64_t(info.st_size);
    return fd;
}

std::string buildQuery(const BuildRequest& request) {
    std::string query = "dockerfile=" + urlEncode(request.context.dockerfile);
    for (const std::string& tag : request.tags) {
        query += "&t=" + urlEncode(tag);
    }
    if (!request.buildArgs.empty()) {
        query += "&buildargs=" + urlEncode(Json(request.buildArgs).dump());
    }
    if (!request.target.empty()) {
        query += "&target=" + urlEncode(request.target);
    }
    if (request.noCache) {
        query += "&nocache=1";
    }
    return query;
}

// Splits the progress stream into JSON lines.
class MessageLines final {
public:
    explicit MessageLines(const BuildCallback& onMessage)
        : onMessage_(onMessage) {}

    void feed(std::string_view bytes) {
        pending_.append(bytes);
        std::size_t start = 0;
        for (std::size_t end; (end = pending_.find('\n', start)) != std::string::npos;
             start = end + 1) {
            handle(std::string_view(pending_).substr(start, end - start));
        }
        pending_.erase(0, start);
    }

    void finish() {
        handle(pending_);
        pending_.clear();
    }

    [[nodiscard]] const std::string& imageId() const { return imageId_; }
    [[nodiscard]] const std::string& error() const { return error_; }

private:
    void handle(std::string_view line) {
        Json message = Json::parse(line, nullptr, false);
        if (!message.is_object()) {
            return;
        }
        if (auto error = message.find("error"); error != message.end() && error->is_string()) {
            error_ = error->get<std::string>();
        }
        if (auto aux = message.find("aux");
            aux != message.end() && aux->contains("ID") && (*aux)["ID"].is_string()) {
            imageId_ = (*aux)["ID"].get<std::string>();
        }
        if (onMessage_) {
            onMessage_(message);
        }
    }

    const BuildCallback& onMessage_;
    std::string pending_;
    std::string imageId_;
    std::string error_;
};

// The body of a response of POST /berth/build/plan.
Result<std::string> planResponseText(const BuildRequest& request, Result<HttpResponse> response) {
    if (!response) {
        return std::unexpected(
            response.error().context("plan the build of " + request.context.directory));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    return std::move(response->body);
}

} // namespace

Result<std::string> Client::buildImage(const BuildRequest& request, const BuildCallback& onMessage,
                                       CancelToken* cancel) {
    uint64_t size = 0;
    auto context = packToTemporaryFile(request.context, size);
    if (!context) {
        return std::unexpected(context.error());
    }
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest http;
    http.method = "POST";
    http.contentType = "application/x-tar";
    http.target = fmt::format("{}/build?{}", *prefix, buildQuery(request));
    MessageLines lines(onMessage);
    auto response = transport_.upload(
        http, context->get(), size, [](uint64_t) {},
        [&](std::string_view bytes) {
            lines.feed(bytes);
            return true;
        },
        cancel);
    if (!response) {
        return std::unexpected(response.error().context("build " + request.context.directory));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    lines.finish();
    if (!lines.error().empty()) {
        return fail(ErrorKind::System, lines.error());
    }
    if (lines.imageId().empty()) {
        return fail(ErrorKind::System, "build " + request.context.directory +
                                           ": the engine's stream ended without an image id");
    }
    return lines.imageId();
}

// Sends the manifest that request.manifestCache keeps, or only the editor's Dockerfile when
// the engine keeps that manifest. An engine that no longer has it (restarted, or it kept
// newer ones) gets the whole manifest. Returns nothing, without a request sent, when the
// context cannot be a manifest.
Result<std::optional<std::string>>
Client::planWithKeptManifest(const BuildRequest& request, HttpRequest& http, CancelToken* cancel) {
    ContextManifestCache& manifests = *request.manifestCache;
    http.target += "&keepmanifest=1";
    auto body = manifests.requestBody(request.context);
    if (!body && body.error().kind == ErrorKind::InvalidArgument) {
        return std::nullopt;
    }
    if (!body) {
        return std::unexpected(
            body.error().context("plan the build of " + request.context.directory));
    }
    http.contentType = "application/json";
    http.body = std::move(body->json);
    auto response = transport_.exchange(http, Deadline(), cancel);
    if (response && body->onBase && response->status == 404) {
        body = manifests.requestBody(request.context, false);
        if (!body) {
            return std::unexpected(
                body.error().context("plan the build of " + request.context.directory));
        }
        http.body = std::move(body->json);
        response = transport_.exchange(http, Deadline(), cancel);
    }
    if (response && response->status < 300) {
        if (std::string digest = response->header("berth-manifest-digest"); !digest.empty()) {
            manifests.setEngineDigest(body->version, std::move(digest));
        }
    }
    return planResponseText(request, std::move(response));
}

Result<Json> Client::planBuild(const BuildRequest& request, CancelToken* cancel) {
    auto text = planBuildText(request, cancel);
    if (!text) {
        return std::unexpected(text.error());
    }
    Json plan = Json::parse(*text, nullptr, false);
    if (!plan.is_object()) {
        return fail(ErrorKind::System, "plan the build of " + request.context.directory +
                                           ": the engine's response is not a JSON object");
    }
    return plan;
}

Result<std::string> Client::planBuildText(const BuildRequest& request, CancelToken* cancel) {
    // The plan is Berth's own route, so it has no API version prefix.
    HttpRequest http;
    http.method = "POST";
    http.target = "/berth/build/plan?" + buildQuery(request);
    if (request.planConfigChanges) {
        http.target += "&configchanges=1";
    }
    if (!request.planWithTar && request.manifestCache) {
        auto text = planWithKeptManifest(request, http, cancel);
        if (!text) {
            return std::unexpected(text.error());
        }
        if (*text) {
            return std::move(**text);
        }
    } else if (!request.planWithTar) {
        ContextDigestCache uncached;
        auto manifest = contextManifestJson(request.context, uncached);
        if (!manifest && manifest.error().kind != ErrorKind::InvalidArgument) {
            return std::unexpected(
                manifest.error().context("plan the build of " + request.context.directory));
        }
        if (manifest) {
            http.contentType = "application/json";
            http.body = std::move(*manifest);
            auto response = transport_.exchange(http, Deadline(), cancel);
            return planResponseText(request, std::move(response));
        }
    }
    uint64_t size = 0;
    auto context = packToTemporaryFile(request.context, size);
    if (!context) {
        return std::unexpected(context.error());
    }
    http.contentType = "application/x-tar";
    std::string body;
    auto response = transport_.upload(
        http, context->get(), size, [](uint64_t) {},
        [&](std::string_view bytes) {
            body.append(bytes);
            return true;
        },
        cancel);
    if (response && response->body.empty()) {
        response->body = std::move(body);
    }
    return planResponseText(request, std::move(response));
}

} // namespace berth::client

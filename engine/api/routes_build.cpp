// POST /build: the classic builder's protocol. The body is the context tar, and the
// response is a stream of JSON messages ({"stream": ...}, {"aux": ...}, {"errorDetail": ...}).

#include "api/error_status.h"
#include "api/routes.h"
#include "build/builder.h"
#include "build/context.h"
#include "common/log.h"
#include "common/sha256.h"
#include "container/events.h"
#include "image/reference.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace berth::api {

using nlohmann::json;

namespace {

Result<std::map<std::string, std::string>> stringMapParameter(const Request& request,
                                                              std::string_view name) {
    std::map<std::string, std::string> values;
    auto text = request.queryValue(name);
    if (!text || text->empty()) {
        return values;
    }
    auto parsed = json::parse(*text, nullptr, false);
    if (!parsed.is_object()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid {} parameter: expected a JSON object", name));
    }
    for (const auto& [key, value] : parsed.items()) {
        // A build arg given without a value ("--build-arg NAME" with NAME unset) is null.
        if (value.is_string()) {
            values[key] = value.get<std::string>();
        }
    }
    return values;
}

Result<build::BuildOptions> buildOptions(const Request& request) {
    build::BuildOptions options;
    options.dockerfile = request.queryValue("dockerfile").value_or("");
    if (options.dockerfile.empty()) {
        options.dockerfile = "Dockerfile";
    }
    for (const auto& tag : request.queryValues("t")) {
        auto reference = image::parseReference(tag);
        if (!reference) {
            return std::unexpected(reference.error());
        }
        options.tags.push_back(std::move(*reference));
    }
    auto buildArgs = stringMapParameter(request, "buildargs");
    if (!buildArgs) {
        return std::unexpected(buildArgs.error());
    }
    options.buildArgs = std::move(*buildArgs);

    auto labels = stringMapParameter(request, "labels");
    if (!labels) {
        return std::unexpected(labels.error());
    }
    options.labels = std::move(*labels);
    if (auto target = request.queryValue("target"); target && !target->empty()) {
        options.target = *target;
    }
    options.noCache = request.queryBool("nocache");
    options.planConfigChanges = request.queryBool("configchanges");
    if (auto network = request.queryValue("networkmode"); network && !network->empty()) {
        options.networkMode = *network;
    }
    return options;
}

// The body as the builder reads it.
image::ReadFunction bodyReader(BodyReader& body) {
    return [&body](std::span<char> buffer) { return body.read(buffer.data(), buffer.size()); };
}

void buildImage(ApiContext& context, Request& request, ResponseWriter& response) {
    auto options = buildOptions(request);
    if (!options) {
        sendError(response, options.error());
        return;
    }
    // The whole context arrives before anything is built, as with Docker's classic builder.
    auto buildContext = build::BuildContext::unpack(bodyReader(*request.body),
                                                    context.daemon.dataRoot / "build" / "contexts");
    if (!buildContext) {
        sendError(response, buildContext.error());
        return;
    }

    if (!response.beginStream(200, "application/json")) {
        return;
    }
    bool quiet = request.queryBool("q");
    auto send = [&](const json& message) {
        if (quiet && message.contains("stream")) {
            return;
        }
        (void)response.writeChunk(message.dump(-1, ' ', false, json::error_handler_t::replace) +
                                  "\r\n");
    };
    // A client that closes the connection (docker build interrupted, the studio's Cancel)
    // stops the build and removes the container of the RUN step in progress.
    options->cancelled = [&response] { return response.clientGone(); };
    build::BuildServices services{context.containers, context.images, context.buildCache};
    auto built = build::runBuild(services, **buildContext, *options, send);
    if (built) {
        // Image lists (the studio's Images page) follow /events, as they do for docker tag.
        for (const auto& tag : options->tags) {
            container::Event event;
            event.type = "image";
            event.action = "tag";
            event.actorId = *built;
            event.attributes["name"] = tag.str();
            context.events->publish(std::move(event));
        }
    }
    if (built && quiet) {
        // The CLI's -q prints the stream text of a quiet build, which is the image id alone.
        (void)response.writeChunk(json{{"stream", *built + "\n"}}.dump() + "\r\n");
    }
    if (!built) {
        log::info("build failed: {}", built.error().message);
        const std::string& message = built.error().message;
        (void)response.writeChunk(
            json{{"errorDetail", {{"message", message}}}, {"error", message}}.dump() + "\r\n");
    }
    (void)response.endStream();
}

// The largest context manifest a plan accepts: about 100,000 files.
constexpr size_t kMaxManifestBytes = 64 << 20;

// A request body whose first bytes were read already to look at them.
class PeekedBody final : public BodyReader {
public:
    explicit PeekedBody(BodyReader& body)
        : body_(body) {}

    // Reads until the first byte that is not JSON white space, and returns it (0 at the
    // end of the body).
    Result<char> firstSignificantByte() {
        for (;;) {
            if (auto found = head_.find_first_not_of(" \t\r\n"); found != std::string::npos) {
                return head_[found];
            }
            char buffer[4096];
            auto count = body_.read(buffer, sizeof buffer);
            if (!count) {
                return std::unexpected(count.error());
            }
            if (*count == 0) {
                return '\0';
            }
            head_.append(buffer, *count);
        }
    }

    Result<size_t> read(char* buffer, size_t size) override {
        if (offset_ < head_.size()) {
            size_t count = std::min(size, head_.size() - offset_);
            std::memcpy(buffer, head_.data() + offset_, count);
            offset_ += count;
            return count;
        }
        return body_.read(buffer, size);
    }

private:
    BodyReader& body_;
    std::string head_;
    size_t offset_ = 0;
};

// The whole manifests of recent plans by the digest of their body, so that a client that
// plans the same context again sends only what changed (a BaseManifest). Each one holds
// an entry per file of its context.
class RecentManifests final {
public:
    std::shared_ptr<const build::ContextManifest> find(const std::string& digest) {
        std::lock_guard lock(mutex_);
        auto found = std::ranges::find(items_, digest, &Item::digest);
        if (found == items_.end()) {
            return nullptr;
        }
        std::rotate(items_.begin(), found, found + 1); // the most recent first
        return items_.front().manifest;
    }

    void add(std::string digest, std::shared_ptr<const build::ContextManifest> manifest) {
        std::lock_guard lock(mutex_);
        std::erase_if(items_, [&](const Item& item) { return item.digest == digest; });
        items_.insert(items_.begin(), Item{std::move(digest), std::move(manifest)});
        if (items_.size() > kCapacity) {
            items_.pop_back();
        }
    }

private:
    // Enough for a few studio windows on different contexts.
    static constexpr std::size_t kCapacity = 4;

    struct Item {
        std::string digest;
        std::shared_ptr<const build::ContextManifest> manifest;
    };

    std::mutex mutex_;
    std::vector<Item> items_;
};

// A plan's context from a manifest (a JSON body): nothing is unpacked, so plans of the same
// context need no shared directory. With keep set, a whole manifest is kept for later
// plans and manifestDigest is set to the digest that names it. A manifest on a base sets
// it to the base's digest.
Result<std::unique_ptr<build::BuildContext>>
manifestContext(ApiContext& context, BodyReader& body, bool keep, std::string& manifestDigest) {
    static RecentManifests recent;
    auto text = body.readAll(kMaxManifestBytes);
    if (!text) {
        return std::unexpected(text.error());
    }
    std::string baseDigest;
    auto findBase = [&baseDigest](const std::string& digest) {
        baseDigest = digest;
        return recent.find(digest);
    };
    auto manifest = build::ContextManifest::parse(*text, findBase);
    if (!manifest) {
        return std::unexpected(manifest.error());
    }
    if (baseDigest.empty() && keep) {
        manifestDigest = digestOf(sha256Hex(*text));
        recent.add(manifestDigest, (*manifest)->copy());
    } else if (!baseDigest.empty()) {
        manifestDigest = baseDigest;
    }
    return build::BuildContext::fromManifest(std::move(*manifest),
                                             context.daemon.dataRoot / "build" / "plans");
}

// Plans of a tar share one kept directory that is updated in place: only changed files
// are written again. The whole tar is still read and compared on every plan, which a
// manifest avoids.
Result<nlohmann::json> planFromTar(ApiContext& context, BodyReader& body,
                                   const build::BuildOptions& options) {
    static std::mutex planContextMutex;
    std::lock_guard planContextLock(planContextMutex);
    auto buildContext = build::BuildContext::refresh(
        bodyReader(body), context.daemon.dataRoot / "build" / "plan-context");
    if (!buildContext) {
        return std::unexpected(buildContext.error());
    }
    build::BuildServices services{context.containers, context.images, context.buildCache};
    return build::planBuild(services, **buildContext, options);
}

// Berth's own: what POST /build would do with the same body and parameters, without running
// anything (see build::planBuild). The body is the context tar, or a manifest of the
// context's files (build/context_manifest.h): a JSON object sent as application/json.
// With keepmanifest=1 the engine keeps a whole manifest, and the Berth-Manifest-Digest
// header of the response names it for a later plan's BaseManifest.
void planImageBuild(ApiContext& context, Request& request, ResponseWriter& response) {
    auto options = buildOptions(request);
    if (!options) {
        sendError(response, options.error());
        return;
    }
    PeekedBody body(*request.body);
    bool manifest = false;
    if (request.header("content-type").starts_with("application/json")) {
        // Clients that send every body as JSON send the tar so too.
        auto first = body.firstSignificantByte();
        if (!first) {
            sendError(response, first.error());
            return;
        }
        manifest = *first == '{';
    }
    Result<nlohmann::json> plan;
    if (manifest) {
        std::string manifestDigest;
        auto buildContext =
            manifestContext(context, body, request.queryBool("keepmanifest"), manifestDigest);
        if (!buildContext) {
            sendError(response, buildContext.error());
            return;
        }
        build::BuildServices services{context.containers, context.images, context.buildCache};
        plan = build::planBuild(services, **buildContext, *options);
        if (!manifestDigest.empty()) {
            response.setHeader("Berth-Manifest-Digest", manifestDigest);
        }
    } else {
        plan = planFromTar(context, body, *options);
    }
    if (!plan) {
        sendError(response, plan.error());
        return;
    }
    response.sendJson(200, *plan);
}

// POST /build/prune (docker builder prune, docker system prune). The classic cache has no
// per-record sizes or ages, so every record goes whatever the filters, and no space is
// reclaimed: the step images stay as the built images' parents.
void pruneBuildCache(ApiContext& context, ResponseWriter& response) {
    auto removed = context.buildCache->clear();
    if (!removed) {
        log::warning("build cache prune failed: {}", removed.error().message);
        sendError(response, removed.error());
        return;
    }
    response.sendJson(200, json{{"CachesDeleted", *removed}, {"SpaceReclaimed", 0}});
}

} // namespace

void addBuildRoutes(Router& router, ApiContext& context) {
    router.add("POST", "/build/prune", [&context](Request&, ResponseWriter& response) {
        pruneBuildCache(context, response);
    });
    router.add("POST", "/build", [&context](Request& request, ResponseWriter& response) {
        buildImage(context, request, response);
    });
    router.add("POST", "/berth/build/plan", [&context](Request& request, ResponseWriter& response) {
        planImageBuild(context, request, response);
    });
}

} // namespace berth::api

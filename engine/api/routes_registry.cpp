// Registry routes: docker pull (POST /images/create?fromImage=), docker push
// (POST /images/{name}/push) and docker login (POST /auth). Progress is streamed as
// Docker streams it: one JSON object per line with status, id and progressDetail.

#include "api/error_status.h"
#include "api/routes.h"
#include "common/log.h"
#include "container/events.h"
#include "image/image_archive_writer.h"
#include "image/image_transfer.h"
#include "image/reference.h"
#include "image/registry_client.h"
#include "image/store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::api {

using nlohmann::json;

namespace {

// A JSON progress stream that starts with its first line, so an error found before any
// progress is still a plain error response with its status code.
class ProgressStream final {
public:
    explicit ProgressStream(ResponseWriter& response)
        : response_(response) {}

    void send(const json& line) {
        if (!response_.responded() && !response_.beginStream(200, "application/json")) {
            return;
        }
        (void)response_.writeChunk(line.dump() + "\r\n");
    }

    void event(const image::TransferEvent& event) {
        json line = {{"status", event.status}};
        if (!event.id.empty()) {
            line["id"] = event.id;
        }
        json detail = json::object();
        if (event.current >= 0) {
            detail["current"] = event.current;
        }
        if (event.total >= 0) {
            detail["total"] = event.total;
        }
        line["progressDetail"] = detail;
        send(line);
    }

    void finish(const Result<void>& outcome) {
        if (!outcome && !response_.responded()) {
            sendError(response_, outcome.error());
            return;
        }
        if (!outcome) {
            log::warning("registry transfer failed: {}", outcome.error().message);
            send({{"errorDetail", {{"message", outcome.error().message}}},
                  {"error", outcome.error().message}});
        }
        if (response_.responded()) {
            (void)response_.endStream();
        }
    }

private:
    ResponseWriter& response_;
};

// Sets a transfer's cancel flag when the client closes its connection (docker pull or push
// interrupted, the studio's Cancel), so that a pull stops and stores nothing and a push
// stops before its manifest. The transfer itself may be blocked in a download or upload,
// so a thread polls the socket.
class DisconnectWatch final {
public:
    explicit DisconnectWatch(ResponseWriter& response)
        : thread_([this, &response](std::stop_token stop) { watch(response, stop); }) {}

    [[nodiscard]] const std::atomic<bool>* flag() const { return &gone_; }

private:
    void watch(ResponseWriter& response, const std::stop_token& stop) {
        std::mutex mutex;
        std::condition_variable_any wakeUp;
        std::unique_lock lock(mutex);
        while (!stop.stop_requested()) {
            if (response.clientGone()) {
                gone_ = true;
                return;
            }
            wakeUp.wait_for(lock, stop, std::chrono::milliseconds(200), [] { return false; });
        }
    }

    std::atomic<bool> gone_{false};
    std::jthread thread_; // last, so that it stops before gone_ goes away
};

void publishImageEvent(ApiContext& context, const std::string& action, const std::string& id,
                       const std::string& name) {
    container::Event event;
    event.type = "image";
    event.action = action;
    event.actorId = id;
    event.attributes["name"] = name;
    context.events->publish(std::move(event));
}

Result<image::TransferRequest> transferRequest(const Request& request, ProgressStream& stream) {
    auto credentials = image::decodeRegistryAuth(request.header("x-registry-auth"));
    if (!credentials) {
        return std::unexpected(credentials.error());
    }
    image::TransferRequest transfer;
    transfer.credentials = std::move(*credentials);
    transfer.platform = request.queryValue("platform").value_or("");
    transfer.progress = [&stream](const image::TransferEvent& event) { stream.event(event); };
    return transfer;
}

// The tags docker push sends: the one named, or every tag of the repository when the
// request names none, as Docker pushes them.
std::vector<image::Reference> pushTargets(ApiContext& context, const Request& request,
                                          const image::Reference& reference) {
    const std::string& name = request.param("name");
    size_t slash = name.rfind('/');
    size_t colon = name.rfind(':');
    bool namesTag = (colon != std::string::npos && (slash == std::string::npos || colon > slash)) ||
                    name.find('@') != std::string::npos ||
                    !request.queryValue("tag").value_or("").empty();
    std::vector<image::Reference> targets;
    if (!namesTag) {
        for (const image::Image& image : context.images->list()) {
            for (const std::string& repoTag : image.repoTags) {
                auto tagged = image::parseReference(repoTag);
                if (tagged && tagged->name == reference.name) {
                    targets.push_back(*tagged);
                }
            }
        }
    }
    if (targets.empty()) {
        targets.push_back(reference);
    }
    return targets;
}

void pushImage(ApiContext& context, Request& request, ResponseWriter& response) {
    ProgressStream stream(response);
    auto reference =
        image::parseRepoTag(request.param("name"), request.queryValue("tag").value_or(""));
    auto transfer = reference ? transferRequest(request, stream)
                              : Result<image::TransferRequest>(std::unexpected(reference.error()));
    if (!transfer) {
        stream.finish(std::unexpected(transfer.error()));
        return;
    }
    stream.send({{"status", fmt::format("The push refers to repository [{}]",
                                        image::qualifiedName(reference->name))}});
    DisconnectWatch disconnect(response);
    transfer->cancelled = disconnect.flag();
    for (const image::Reference& target : pushTargets(context, request, *reference)) {
        auto pushed = image::pushImage(*context.images, target, *transfer);
        if (!pushed) {
            stream.finish(std::unexpected(pushed.error()));
            return;
        }
        stream.send({{"status", fmt::format("{}: digest: {} size: {}", target.tag, pushed->digest,
                                            pushed->size)}});
        stream.send(
            {{"progressDetail", json::object()},
             {"aux", {{"Tag", target.tag}, {"Digest", pushed->digest}, {"Size", pushed->size}}}});
        publishImageEvent(context, "push", target.str(), target.str());
    }
    stream.finish({});
}

// The registry host of a docker login address: "https://127.0.0.1:5000/v2/" is
// "127.0.0.1:5000"; Docker Hub's addresses and an empty one are Docker Hub.
std::string loginHost(std::string address) {
    for (std::string_view scheme : {"https://", "http://"}) {
        if (address.starts_with(scheme)) {
            address.erase(0, scheme.size());
        }
    }
    address = address.substr(0, address.find('/'));
    if (address.empty() || address == "index.docker.io" || address == "docker.io" ||
        address == "registry-1.docker.io") {
        return "registry-1.docker.io";
    }
    return address;
}

void login(ApiContext&, Request& request, ResponseWriter& response) {
    auto body = request.body != nullptr ? request.body->readAll(1 << 20)
                                        : Result<std::string>(std::string());
    json auth = body ? json::parse(*body, nullptr, false) : json();
    if (!auth.is_object()) {
        sendError(response, Error{ErrorKind::InvalidArgument,
                                  "invalid login request: the body must be a JSON object"});
        return;
    }
    image::RegistryCredentials credentials{auth.value("username", ""), auth.value("password", ""),
                                           auth.value("identitytoken", "")};
    image::RegistryLocation location{loginHost(auth.value("serveraddress", "")), ""};
    image::RegistryClient client(location, credentials, false);
    if (auto checked = client.checkLogin(); !checked) {
        sendError(response, checked.error());
        return;
    }
    response.sendJson(200, {{"Status", "Login Succeeded"}, {"IdentityToken", ""}});
}

} // namespace

void pullImage(ApiContext& context, Request& request, ResponseWriter& response) {
    ProgressStream stream(response);
    auto reference = image::parseRepoTag(request.queryValue("fromImage").value_or(""),
                                         request.queryValue("tag").value_or(""));
    auto transfer = reference ? transferRequest(request, stream)
                              : Result<image::TransferRequest>(std::unexpected(reference.error()));
    if (!transfer) {
        stream.finish(std::unexpected(transfer.error()));
        return;
    }
    DisconnectWatch disconnect(response);
    transfer->cancelled = disconnect.flag();
    auto pulled = image::pullImage(*context.images, *reference, *transfer);
    if (!pulled) {
        stream.finish(std::unexpected(pulled.error()));
        return;
    }
    std::string shown = reference->str();
    stream.send({{"status", "Digest: " + pulled->digest}});
    stream.send({{"status", pulled->downloaded ? "Status: Downloaded newer image for " + shown
                                               : "Status: Image is up to date for " + shown}});
    publishImageEvent(context, "pull", pulled->image.id, shown);
    stream.finish({});
}

void addRegistryRoutes(Router& router, ApiContext& context) {
    router.add("POST", "/images/{name*}/push",
               [&context](Request& request, ResponseWriter& response) {
                   pushImage(context, request, response);
               });
    router.add("POST", "/auth", [&context](Request& request, ResponseWriter& response) {
        login(context, request, response);
    });
}

} // namespace berth::api

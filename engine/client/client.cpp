#include "client/client.h"

#include "client/api_version.h"
#include "client/json_lines.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

namespace berth::client {

namespace {

std::string stringField(const Json& object, const char* key) {
    if (!object.is_object()) {
        return {};
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t intField(const Json& object, const char* key, int64_t fallback = 0) {
    if (!object.is_object()) {
        return fallback;
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_number() ? it->get<int64_t>() : fallback;
}

std::vector<std::string> stringList(const Json& object, const char* key) {
    std::vector<std::string> out;
    if (!object.is_object()) {
        return out;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_array()) {
        return out;
    }
    for (const Json& item : *it) {
        if (item.is_string()) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

std::map<std::string, std::string> stringMap(const Json& object, const char* key) {
    std::map<std::string, std::string> out;
    if (!object.is_object()) {
        return out;
    }
    const auto it = object.find(key);
    if (it == object.end() || !it->is_object()) {
        return out;
    }
    for (const auto& [name, value] : it->items()) {
        if (value.is_string()) {
            out[name] = value.get<std::string>();
        }
    }
    return out;
}

Result<Json> parseJson(std::string_view text, std::string_view what) {
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        return fail(ErrorKind::System, fmt::format("{}: the engine sent invalid JSON", what));
    }
    return parsed;
}

ContainerSummary decodeContainer(const Json& item) {
    ContainerSummary container;
    container.id = stringField(item, "Id");
    container.names = stringList(item, "Names");
    container.image = stringField(item, "Image");
    container.imageId = stringField(item, "ImageID");
    container.command = stringField(item, "Command");
    container.created = intField(item, "Created");
    container.state = stringField(item, "State");
    container.status = stringField(item, "Status");
    container.labels = stringMap(item, "Labels");
    if (const auto ports = item.find("Ports"); ports != item.end() && ports->is_array()) {
        for (const Json& port : *ports) {
            container.ports.push_back(
                {stringField(port, "IP"), static_cast<int>(intField(port, "PrivatePort")),
                 static_cast<int>(intField(port, "PublicPort")), stringField(port, "Type")});
        }
    }
    container.raw = item;
    return container;
}

ImageSummary decodeImage(const Json& item) {
    ImageSummary image;
    image.id = stringField(item, "Id");
    image.repoTags = stringList(item, "RepoTags");
    image.created = intField(item, "Created");
    image.size = intField(item, "Size");
    image.containers = intField(item, "Containers", -1);
    image.raw = item;
    return image;
}

Event decodeEvent(const Json& item) {
    Event event;
    event.type = stringField(item, "Type");
    event.action = stringField(item, "Action");
    if (const auto actor = item.find("Actor"); actor != item.end() && actor->is_object()) {
        event.actorId = stringField(*actor, "ID");
        event.attributes = stringMap(*actor, "Attributes");
    }
    if (event.actorId.empty()) {
        event.actorId = stringField(item, "id");
    }
    if (event.action.empty()) {
        event.action = stringField(item, "status");
    }
    event.timeNano = intField(item, "timeNano", intField(item, "time") * 1'000'000'000);
    event.raw = item;
    return event;
}

std::string boolParam(bool value) {
    return value ? "1" : "0";
}

} // namespace

std::string urlEncode(std::string_view text) {
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

Error responseError(const HttpResponse& response) {
    std::string message;
    const Json body = Json::parse(response.body, nullptr, false);
    if (!body.is_discarded()) {
        message = stringField(body, "message");
    }
    if (message.empty()) {
        message = response.body.empty()
                      ? fmt::format("the engine answered HTTP {}", response.status)
                      : response.body;
        while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
            message.pop_back();
        }
    }
    ErrorKind kind = ErrorKind::System;
    switch (response.status) {
    case 400:
        kind = ErrorKind::InvalidArgument;
        break;
    case 401:
        kind = ErrorKind::Unauthorized;
        break;
    case 404:
        kind = ErrorKind::NotFound;
        break;
    case 409:
        kind = ErrorKind::Conflict;
        break;
    case 501:
        kind = ErrorKind::Unsupported;
        break;
    default:
        break;
    }
    return Error{kind, std::move(message), 0};
}

Client::Client(Endpoint endpoint, ClientOptions options)
    : transport_(std::move(endpoint))
    , options_(options) {}

std::string Client::apiVersion() const {
    std::lock_guard lock(versionMutex_);
    return apiVersion_;
}

Deadline Client::callDeadline() const {
    return Clock::now() + options_.timeout;
}

Result<PingResult> Client::ping() {
    HttpRequest request;
    request.target = "/_ping";
    auto response = transport_.exchange(request, callDeadline());
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status != 200) {
        return std::unexpected(responseError(*response));
    }
    PingResult result;
    result.serverApiVersion = response->header("api-version");
    result.negotiatedApiVersion = negotiateApiVersion(result.serverApiVersion).str();
    result.osType = response->header("ostype");
    result.builderVersion = response->header("builder-version");
    std::lock_guard lock(versionMutex_);
    apiVersion_ = result.negotiatedApiVersion;
    return result;
}

Result<std::string> Client::versionPrefix() {
    {
        std::lock_guard lock(versionMutex_);
        if (!apiVersion_.empty()) {
            return "/v" + apiVersion_;
        }
    }
    auto pinged = ping();
    if (!pinged) {
        return std::unexpected(pinged.error());
    }
    return "/v" + pinged->negotiatedApiVersion;
}

Result<HttpResponse> Client::call(std::string method, std::string_view path, std::string body) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = std::move(method);
    request.target = *prefix + std::string(path);
    if (!body.empty()) {
        request.body = std::move(body);
        request.contentType = "application/json";
    }
    auto response = transport_.exchange(request, callDeadline());
    if (!response) {
        return std::unexpected(response.error());
    }
    // The engine responds 304 to starting or stopping a container already in that state.
    // The CLI takes that as success, and so does this client.
    if (response->status >= 300 && response->status != 304) {
        return std::unexpected(responseError(*response));
    }
    return response;
}

Result<Json> Client::callJson(std::string method, std::string_view path, std::string body) {
    auto response = call(std::move(method), path, std::move(body));
    if (!response) {
        return std::unexpected(response.error());
    }
    return parseJson(response->body, fmt::format("decode the answer to {}", path));
}

Result<Json> Client::version() {
    return callJson("GET", "/version");
}

Result<Json> Client::info() {
    return callJson("GET", "/info");
}

Result<std::vector<ContainerSummary>> Client::listContainers(bool all) {
    auto list = callJson("GET", fmt::format("/containers/json?all={}", boolParam(all)));
    if (!list) {
        return std::unexpected(list.error());
    }
    std::vector<ContainerSummary> containers;
    if (list->is_array()) {
        for (const Json& item : *list) {
            containers.push_back(decodeContainer(item));
        }
    }
    return containers;
}

Result<Json> Client::inspectContainer(std::string_view id) {
    return callJson("GET", fmt::format("/containers/{}/json", urlEncode(id)));
}

Result<CreateResult> Client::createContainer(const Json& config, std::string_view name) {
    std::string path = "/containers/create";
    if (!name.empty()) {
        path += "?name=" + urlEncode(name);
    }
    auto answer = callJson("POST", path, config.dump());
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return CreateResult{stringField(*answer, "Id"), stringList(*answer, "Warnings")};
}

Result<void> Client::startContainer(std::string_view id) {
    auto response = call("POST", fmt::format("/containers/{}/start", urlEncode(id)));
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<void> Client::stopContainer(std::string_view id, std::optional<int> timeoutSeconds) {
    std::string path = fmt::format("/containers/{}/stop", urlEncode(id));
    if (timeoutSeconds) {
        path += fmt::format("?t={}", *timeoutSeconds);
    }
    auto response = call("POST", path);
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<void> Client::killContainer(std::string_view id, std::string_view signal) {
    std::string path = fmt::format("/containers/{}/kill", urlEncode(id));
    if (!signal.empty()) {
        path += "?signal=" + urlEncode(signal);
    }
    auto response = call("POST", path);
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<void> Client::restartContainer(std::string_view id, std::optional<int> timeoutSeconds) {
    std::string path = fmt::format("/containers/{}/restart", urlEncode(id));
    if (timeoutSeconds) {
        path += fmt::format("?t={}", *timeoutSeconds);
    }
    auto response = call("POST", path);
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<void> Client::removeContainer(std::string_view id, bool force, bool removeVolumes) {
    auto response = call("DELETE", fmt::format("/containers/{}?force={}&v={}", urlEncode(id),
                                               boolParam(force), boolParam(removeVolumes)));
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<WaitResult> Client::waitContainer(std::string_view id, std::chrono::milliseconds timeout,
                                         std::string_view condition) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = "POST";
    request.target = fmt::format("{}/containers/{}/wait?condition={}", *prefix, urlEncode(id),
                                 urlEncode(condition));
    auto response = transport_.exchange(request, Clock::now() + timeout);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    auto answer = parseJson(response->body, "decode the answer to wait");
    if (!answer) {
        return std::unexpected(answer.error());
    }
    WaitResult result;
    result.statusCode = intField(*answer, "StatusCode");
    if (const auto error = answer->find("Error"); error != answer->end() && error->is_object()) {
        result.error = stringField(*error, "Message");
    }
    return result;
}

Result<void> Client::resizeContainer(std::string_view id, int height, int width) {
    auto response =
        call("POST", fmt::format("/containers/{}/resize?h={}&w={}", urlEncode(id), height, width));
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<void> Client::logs(std::string_view id, const LogOptions& options, const LogCallback& onData,
                          CancelToken* cancel) {
    bool tty = false;
    if (options.tty) {
        tty = *options.tty;
    } else {
        auto inspected = inspectContainer(id);
        if (!inspected) {
            return std::unexpected(inspected.error());
        }
        tty = inspected->contains("Config") && (*inspected)["Config"].is_object() &&
              (*inspected)["Config"].value("Tty", false);
    }
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.target = fmt::format(
        "{}/containers/{}/logs?follow={}&stdout={}&stderr={}&timestamps={}&tail={}", *prefix,
        urlEncode(id), boolParam(options.follow), boolParam(options.stdoutStream),
        boolParam(options.stderrStream), boolParam(options.timestamps), urlEncode(options.tail));

    bool stopped = false;
    LogFrameDecoder decoder([&](LogStream stream, std::string_view payload) {
        if (!stopped && !onData(stream, payload)) {
            stopped = true;
        }
    });
    Result<void> decodeResult;
    auto response = transport_.stream(
        request, callDeadline(),
        [&](std::string_view bytes) {
            if (tty) {
                return onData(LogStream::Stdout, bytes);
            }
            decodeResult = decoder.feed(bytes);
            return decodeResult.has_value() && !stopped;
        },
        cancel);
    if (!response) {
        if (response.error().kind == ErrorKind::Cancelled) {
            return {};
        }
        return std::unexpected(response.error());
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    return decodeResult;
}

Result<HijackedConnection> Client::attach(std::string_view id, const AttachOptions& options) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = "POST";
    request.target = fmt::format("{}/containers/{}/attach?stream={}&stdin={}&stdout={}&stderr={}"
                                 "&logs={}",
                                 *prefix, urlEncode(id), boolParam(options.stream),
                                 boolParam(options.stdinStream), boolParam(options.stdoutStream),
                                 boolParam(options.stderrStream), boolParam(options.logs));
    auto connection = transport_.hijack(request, callDeadline());
    if (!connection) {
        return std::unexpected(connection.error());
    }
    if (!connection->fd) {
        return std::unexpected(responseError({connection->status, {}, connection->errorBody}));
    }
    return connection;
}

Result<std::string> Client::createExec(std::string_view containerId, const ExecOptions& options) {
    Json body = {{"AttachStdin", options.attachStdin},
                 {"AttachStdout", true},
                 {"AttachStderr", true},
                 {"Tty", options.tty},
                 {"Cmd", options.cmd}};
    if (!options.user.empty()) {
        body["User"] = options.user;
    }
    if (!options.workingDir.empty()) {
        body["WorkingDir"] = options.workingDir;
    }
    if (!options.env.empty()) {
        body["Env"] = options.env;
    }
    auto answer =
        callJson("POST", fmt::format("/containers/{}/exec", urlEncode(containerId)), body.dump());
    if (!answer) {
        return std::unexpected(answer.error());
    }
    return stringField(*answer, "Id");
}

Result<HijackedConnection> Client::startExec(std::string_view execId, bool tty) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.method = "POST";
    request.target = fmt::format("{}/exec/{}/start", *prefix, urlEncode(execId));
    request.contentType = "application/json";
    request.body = Json{{"Detach", false}, {"Tty", tty}}.dump();
    auto connection = transport_.hijack(request, callDeadline());
    if (!connection) {
        return std::unexpected(connection.error());
    }
    if (!connection->fd) {
        return std::unexpected(responseError({connection->status, {}, connection->errorBody}));
    }
    return connection;
}

Result<void> Client::resizeExec(std::string_view execId, int height, int width) {
    auto response =
        call("POST", fmt::format("/exec/{}/resize?h={}&w={}", urlEncode(execId), height, width));
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<Json> Client::inspectExec(std::string_view execId) {
    return callJson("GET", fmt::format("/exec/{}/json", urlEncode(execId)));
}

Result<std::vector<ImageSummary>> Client::listImages() {
    auto list = callJson("GET", "/images/json");
    if (!list) {
        return std::unexpected(list.error());
    }
    std::vector<ImageSummary> images;
    if (list->is_array()) {
        for (const Json& item : *list) {
            images.push_back(decodeImage(item));
        }
    }
    return images;
}

Result<Json> Client::inspectImage(std::string_view name) {
    return callJson("GET", fmt::format("/images/{}/json", urlEncode(name)));
}

Result<std::vector<ImageDeleteEntry>> Client::removeImage(std::string_view name, bool force) {
    auto answer =
        callJson("DELETE", fmt::format("/images/{}?force={}", urlEncode(name), boolParam(force)));
    if (!answer) {
        return std::unexpected(answer.error());
    }
    std::vector<ImageDeleteEntry> entries;
    if (answer->is_array()) {
        for (const Json& item : *answer) {
            entries.push_back({stringField(item, "Untagged"), stringField(item, "Deleted")});
        }
    }
    return entries;
}

Result<void> Client::tagImage(std::string_view source, std::string_view repo,
                              std::string_view tag) {
    std::string path = fmt::format("/images/{}/tag?repo={}", urlEncode(source), urlEncode(repo));
    if (!tag.empty()) {
        path += "&tag=" + urlEncode(tag);
    }
    auto response = call("POST", path);
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<std::vector<ImageHistoryEntry>> Client::imageHistory(std::string_view name) {
    auto list = callJson("GET", fmt::format("/images/{}/history", urlEncode(name)));
    if (!list) {
        return std::unexpected(list.error());
    }
    std::vector<ImageHistoryEntry> history;
    if (list->is_array()) {
        for (const Json& item : *list) {
            history.push_back({stringField(item, "Id"), intField(item, "Created"),
                               stringField(item, "CreatedBy"), intField(item, "Size"),
                               stringList(item, "Tags"), stringField(item, "Comment")});
        }
    }
    return history;
}

Result<std::string> Client::importImage(const std::string& path, const ImportOptions& options,
                                        const ImportProgress& progress, CancelToken* cancel) {
    UniqueFd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!file) {
        return failSys(fmt::format("open {}", path));
    }
    struct stat status {};
    if (::fstat(file.get(), &status) < 0) {
        return failSys(fmt::format("stat {}", path));
    }
    const auto size = static_cast<uint64_t>(status.st_size);
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }

    HttpRequest request;
    request.method = "POST";
    request.contentType = "application/x-tar";
    request.target = fmt::format("{}/images/create?fromSrc=-", *prefix);
    if (!options.repo.empty()) {
        request.target += "&repo=" + urlEncode(options.repo);
    }
    if (!options.tag.empty()) {
        request.target += "&tag=" + urlEncode(options.tag);
    }
    if (!options.message.empty()) {
        request.target += "&message=" + urlEncode(options.message);
    }
    for (const std::string& change : options.changes) {
        request.target += "&changes=" + urlEncode(change);
    }

    // The engine streams JSON progress messages; the last "status" contains the image id and
    // an "error" field reports a failure after the 200 header was sent.
    std::string imageId;
    std::string streamError;
    JsonLineSplitter splitter;
    Result<bool> splitResult = true;
    const auto onObject = [&](const Json& object) {
        if (const std::string error = stringField(object, "error"); !error.empty()) {
            streamError = error;
            return false;
        }
        if (const std::string status = stringField(object, "status"); !status.empty()) {
            imageId = status;
        }
        return true;
    };
    auto response = transport_.upload(
        request, file.get(), size,
        [&](uint64_t sent) {
            if (progress) {
                progress(sent, size);
            }
        },
        [&](std::string_view bytes) {
            splitResult = splitter.feed(bytes, onObject);
            return splitResult.has_value() && *splitResult;
        },
        cancel);
    if (!response) {
        return std::unexpected(response.error().context(fmt::format("import {}", path)));
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    if (!splitResult) {
        return std::unexpected(splitResult.error());
    }
    if (!splitter.rest().empty() && streamError.empty()) {
        // The last message may come without a trailing newline.
        if (auto last = parseJson(splitter.rest(), "read import progress"); last) {
            onObject(*last);
        }
    }
    if (!streamError.empty()) {
        return fail(ErrorKind::System, streamError);
    }
    return imageId;
}

Result<void> Client::events(const EventOptions& options, const EventCallback& onEvent,
                            CancelToken& cancel) {
    auto prefix = versionPrefix();
    if (!prefix) {
        return std::unexpected(prefix.error());
    }
    HttpRequest request;
    request.target = *prefix + "/events";
    std::vector<std::string> query;
    if (!options.types.empty()) {
        query.push_back("filters=" + urlEncode(Json{{"type", options.types}}.dump()));
    }
    if (options.since) {
        query.push_back(fmt::format("since={}", *options.since));
    }
    for (size_t i = 0; i < query.size(); ++i) {
        request.target += (i == 0 ? "?" : "&") + query[i];
    }

    JsonLineSplitter splitter;
    Result<bool> splitResult = true;
    auto response = transport_.stream(
        request, Clock::now() + options.connectTimeout,
        [&](std::string_view bytes) {
            splitResult = splitter.feed(
                bytes, [&](const Json& object) { return onEvent(decodeEvent(object)); });
            return splitResult.has_value() && *splitResult;
        },
        &cancel);
    if (!response) {
        if (response.error().kind == ErrorKind::Cancelled) {
            return {};
        }
        return std::unexpected(response.error());
    }
    if (response->status >= 300) {
        return std::unexpected(responseError(*response));
    }
    if (!splitResult) {
        return std::unexpected(splitResult.error());
    }
    return {};
}

} // namespace berth::client

// Exec routes: create an exec instance in a running container, start it (detached, or on
// a hijacked connection), resize its terminal, inspect it.

#include "api/error_status.h"
#include "api/exec_stream.h"
#include "api/routes.h"
#include "api/stream_io.h"
#include "common/log.h"
#include "container/manager.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <thread>

namespace berth::api {

using nlohmann::json;

namespace {

constexpr std::string_view kRawStream = "application/vnd.docker.raw-stream";
constexpr std::string_view kMultiplexedStream = "application/vnd.docker.multiplexed-stream";

Result<json> readJsonBody(Request& request) {
    auto body = request.body->readAll();
    if (!body) {
        return std::unexpected(body.error());
    }
    if (body->empty()) {
        return json::object();
    }
    auto parsed = json::parse(*body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return fail(ErrorKind::InvalidArgument, "invalid JSON in the request body");
    }
    return parsed;
}

std::vector<std::string> stringList(const json& body, const char* name) {
    std::vector<std::string> list;
    if (auto it = body.find(name); it != body.end() && it->is_array()) {
        for (const json& item : *it) {
            if (item.is_string()) {
                list.push_back(item.get<std::string>());
            }
        }
    }
    return list;
}

std::string stringField(const json& body, const char* name) {
    auto it = body.find(name);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool boolField(const json& body, const char* name) {
    auto it = body.find(name);
    return it != body.end() && it->is_boolean() && it->get<bool>();
}

Result<container::ExecConfig> decodeExecConfig(const json& body) {
    container::ExecConfig config;
    config.cmd = stringList(body, "Cmd");
    config.env = stringList(body, "Env");
    config.user = stringField(body, "User");
    config.workingDir = stringField(body, "WorkingDir");
    config.tty = boolField(body, "Tty");
    config.attachStdin = boolField(body, "AttachStdin");
    config.attachStdout = boolField(body, "AttachStdout");
    config.attachStderr = boolField(body, "AttachStderr");
    config.privileged = boolField(body, "Privileged");
    config.detachKeys = stringField(body, "DetachKeys");
    if (auto keys = parseDetachKeys(config.detachKeys); !keys) {
        return std::unexpected(keys.error());
    }
    if (!config.workingDir.empty() && config.workingDir.front() != '/') {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("the working directory '{}' is invalid, it needs to be an "
                                "absolute path",
                                config.workingDir));
    }
    if (auto size = body.find("ConsoleSize"); size != body.end() && size->is_array() &&
                                              size->size() == 2 && (*size)[0].is_number() &&
                                              (*size)[1].is_number()) {
        config.rows = uint16_t(std::clamp((*size)[0].get<int64_t>(), int64_t(0), int64_t(65535)));
        config.columns =
            uint16_t(std::clamp((*size)[1].get<int64_t>(), int64_t(0), int64_t(65535)));
    }
    return config;
}

void createExec(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = readJsonBody(request);
    if (!body) {
        sendError(response, body.error());
        return;
    }
    auto config = decodeExecConfig(*body);
    if (!config) {
        sendError(response, config.error());
        return;
    }
    auto id = context.containers->createExec(request.param("id"), std::move(*config));
    if (!id) {
        sendError(response, id.error());
        return;
    }
    response.sendJson(201, {{"Id", *id}});
}

json execJson(const container::ExecInfo& info) {
    const container::ExecConfig& config = info.config;
    json arguments = json::array();
    for (size_t i = 1; i < config.cmd.size(); ++i) {
        arguments.push_back(config.cmd[i]);
    }
    return {
        {"ID", info.id},
        {"ContainerID", info.containerId},
        {"Running", info.running},
        {"ExitCode", info.exitCode ? json(*info.exitCode) : json(nullptr)},
        {"Pid", info.pid},
        {"CanRemove", false},
        {"DetachKeys", config.detachKeys},
        {"OpenStdin", config.attachStdin},
        {"OpenStdout", config.attachStdout},
        {"OpenStderr", config.attachStderr},
        {"ProcessConfig",
         {{"tty", config.tty},
          {"entrypoint", config.cmd.empty() ? std::string() : config.cmd.front()},
          {"arguments", arguments},
          {"privileged", config.privileged},
          {"user", config.user}}},
    };
}

void inspectExec(ApiContext& context, Request& request, ResponseWriter& response) {
    auto info = context.containers->inspectExec(request.param("id"));
    if (!info) {
        sendError(response, info.error());
        return;
    }
    response.sendJson(200, execJson(*info));
}

void startDetached(ApiContext& context, const std::string& id, ResponseWriter& response) {
    auto session = context.containers->startExec(id, true);
    if (!session) {
        sendError(response, session.error());
        return;
    }
    container::Manager* manager = context.containers;
    std::thread([manager, session = *session] { manager->finishExec(session); }).detach();
    response.sendEmpty(200);
}

// Docker reports a process that could not start inside the stream, and its exit code
// through inspect.
void writeStartError(HijackedConnection& client, bool tty, const Error& error) {
    std::string text = error.message + "\r\n";
    (void)writeAll(client.socket.get(), tty ? text : encodeFrame(StreamKind::Stdout, text));
}

// Relays the started process's stdio, then records its exit code before the connection
// closes, because the CLI requests it right after the stream ends.
void relaySession(ApiContext& context, const container::ExecInfo& info, HijackedConnection& client,
                  const std::shared_ptr<container::ExecSession>& session) {
    runtime::ExecProcess& process = session->process;

    ExecStreams streams;
    if (process.terminalMaster) {
        streams.terminal = &process.terminalMaster;
    } else {
        streams.stdinWriter = &process.stdinWriter;
        streams.stdoutReader = &process.stdoutReader;
        streams.stderrReader = &process.stderrReader;
    }
    streams.exited = process.helperPidfd.get();
    streams.forwardStdin = info.config.attachStdin;
    if (auto keys = parseDetachKeys(info.config.detachKeys)) {
        streams.detachKeys = *keys;
    }
    streams.sendStdout = info.config.attachStdout;
    streams.sendStderr = info.config.attachStderr;

    if (relayExec(client, streams) == ExecRelayEnd::Detached) {
        // The process runs on; its exit is recorded when it comes.
        // NOTE: its output is no longer read, so a process that writes more than a pipe or
        // pty buffer can take blocks until it ends.
        log::debug("exec {}: the client detached", info.id);
        container::Manager* manager = context.containers;
        std::thread([manager, session] { manager->finishExec(session); }).detach();
        return;
    }
    context.containers->finishExec(session);
}

void startExec(ApiContext& context, Request& request, ResponseWriter& response) {
    auto body = readJsonBody(request);
    if (!body) {
        sendError(response, body.error());
        return;
    }
    const std::string& id = request.param("id");
    auto info = context.containers->inspectExec(id);
    if (!info) {
        sendError(response, info.error());
        return;
    }
    if (boolField(*body, "Detach")) {
        startDetached(context, id, response);
        return;
    }

    bool tty = info->config.tty;
    auto client = response.hijack(tty ? kRawStream : kMultiplexedStream);
    if (!client) {
        log::debug("exec {}: {}", id, client.error().message);
        return;
    }
    auto session = context.containers->startExec(id, false);
    if (!session) {
        log::debug("exec {}: {}", id, session.error().message);
        writeStartError(*client, tty, session.error());
        return;
    }
    relaySession(context, *info, *client, *session);
}

std::optional<uint16_t> querySize(const Request& request, std::string_view name) {
    auto value = request.queryValue(name);
    if (!value || value->empty()) {
        return std::nullopt;
    }
    unsigned number = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), number);
    if (ec != std::errc() || end != value->data() + value->size() || number > 65535) {
        return std::nullopt;
    }
    return uint16_t(number);
}

void resizeExec(ApiContext& context, Request& request, ResponseWriter& response) {
    auto height = querySize(request, "h");
    auto width = querySize(request, "w");
    if (!height || !width) {
        sendError(response, Error{ErrorKind::InvalidArgument,
                                  "invalid terminal size: h and w must be numbers from 0 to "
                                  "65535"});
        return;
    }
    auto resized = context.containers->resizeExec(request.param("id"), *height, *width);
    if (!resized) {
        sendError(response, resized.error());
        return;
    }
    response.sendEmpty(200);
}

} // namespace

void addExecRoutes(Router& router, ApiContext& context) {
    router.add("POST", "/containers/{id}/exec",
               [&context](Request& request, ResponseWriter& response) {
                   createExec(context, request, response);
               });
    router.add("POST", "/exec/{id}/start", [&context](Request& request, ResponseWriter& response) {
        startExec(context, request, response);
    });
    router.add("POST", "/exec/{id}/resize", [&context](Request& request, ResponseWriter& response) {
        resizeExec(context, request, response);
    });
    router.add("GET", "/exec/{id}/json", [&context](Request& request, ResponseWriter& response) {
        inspectExec(context, request, response);
    });
}

} // namespace berth::api

// Container routes that stream bytes: attach (a hijacked connection proxied to the
// container's shim) and logs (read from the json-file log, optionally followed).

#include "api/error_status.h"
#include "api/routes.h"
#include "api/stream_io.h"
#include "common/log.h"
#include "common/time.h"
#include "container/json_log.h"
#include "container/log_files.h"
#include "container/manager.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <deque>
#include <thread>

namespace berth::api {

void addContainerStreamRoutes(Router& router, ApiContext& context);

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kRawStream = "application/vnd.docker.raw-stream";
constexpr std::string_view kMultiplexedStream = "application/vnd.docker.multiplexed-stream";

// Docker takes since/until as Unix seconds with an optional fraction, or RFC 3339.
std::optional<int64_t> parseTimestamp(const std::string& text) {
    if (text.empty()) {
        return std::nullopt;
    }
    if (auto rfc = parseRfc3339(text)) {
        return rfc;
    }
    try {
        size_t used = 0;
        long double seconds = std::stold(text, &used);
        if (used != text.size()) {
            return std::nullopt;
        }
        return int64_t(seconds * 1'000'000'000.0L);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

struct LogOptions {
    bool stdout = false;
    bool stderr = false;
    bool follow = false;
    bool timestamps = false;
    std::optional<std::string> details; // with --details: the attributes before each line
    std::optional<size_t> tail;         // nullopt = all
    int64_t since = 0;
    int64_t until = 0; // 0 = no limit
    bool tty = false;
};

Result<LogOptions> decodeLogOptions(const Request& request, bool tty) {
    LogOptions options;
    options.stdout = request.queryBool("stdout");
    options.stderr = request.queryBool("stderr");
    if (!options.stdout && !options.stderr) {
        return fail(ErrorKind::InvalidArgument,
                    "Bad parameters: you must choose at least one stream");
    }
    options.follow = request.queryBool("follow");
    options.timestamps = request.queryBool("timestamps");
    // As in Docker, a negative or non-numeric count means all lines.
    std::string tail = request.queryValue("tail").value_or("all");
    long long count = -1;
    auto [end, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), count);
    if (ec == std::errc() && end == tail.data() + tail.size() && count >= 0) {
        options.tail = size_t(count);
    }
    std::string since = request.queryValue("since").value_or("");
    std::string until = request.queryValue("until").value_or("");
    if (!since.empty() && since != "0") {
        auto parsed = parseTimestamp(since);
        if (!parsed) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid since value: {}", since));
        }
        options.since = *parsed;
    }
    if (!until.empty() && until != "0") {
        auto parsed = parseTimestamp(until);
        if (!parsed) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid until value: {}", until));
        }
        options.until = *parsed;
    }
    options.tty = tty;
    return options;
}

bool wanted(const container::LogEntry& entry, const LogOptions& options) {
    if (entry.stream == "stderr" ? !options.stderr : !options.stdout) {
        return false;
    }
    if (options.since && entry.timeNano < options.since) {
        return false;
    }
    if (options.until && entry.timeNano > options.until) {
        return false;
    }
    return true;
}

std::string formatEntry(const container::LogEntry& entry, const LogOptions& options) {
    std::string text = options.details ? *options.details + " " + entry.text : entry.text;
    if (options.timestamps) {
        text = formatRfc3339Nano(entry.timeNano) + " " + text;
    }
    if (options.tty) {
        return text;
    }
    return encodeFrame(entry.stream == "stderr" ? StreamKind::Stderr : StreamKind::Stdout, text);
}

void streamLogs(ApiContext& context, Request& request, ResponseWriter& response) {
    auto c = context.containers->inspect(request.param("id"));
    if (!c) {
        sendError(response, c.error());
        return;
    }
    auto options = decodeLogOptions(request, c->config.tty);
    if (!options) {
        sendError(response, options.error());
        return;
    }
    if (!response.beginStream(200, options->tty ? kRawStream : kMultiplexedStream)) {
        return;
    }
    if (request.queryBool("details")) {
        options->details =
            container::logDetailsPrefix(c->hostConfig.logConfig, c->config.labels, c->config.env);
    }
    container::LogFollower follower(c->logPath());
    std::vector<std::string> lines = container::readRotatedLogLines(c->logPath());
    for (auto& line : follower.readLines()) {
        lines.push_back(std::move(line));
    }
    std::deque<std::string> backlog;
    for (auto& line : lines) {
        auto entry = container::parseJsonLogLine(line);
        if (!entry || !wanted(*entry, *options)) {
            continue;
        }
        backlog.push_back(formatEntry(*entry, *options));
        if (options->tail && backlog.size() > *options->tail) {
            backlog.pop_front();
        }
    }
    for (const auto& chunk : backlog) {
        if (!response.writeChunk(chunk)) {
            return;
        }
    }
    // Following ends when the container stops and the log has nothing more.
    while (options->follow && !response.clientGone()) {
        auto current = context.containers->inspect(c->id);
        bool running = current && (current->state.running() ||
                                   current->state.status == container::Status::Restarting);
        for (auto& line : follower.readLines()) {
            auto entry = container::parseJsonLogLine(line);
            if (entry && wanted(*entry, *options) &&
                !response.writeChunk(formatEntry(*entry, *options))) {
                return;
            }
        }
        if (!running) {
            break;
        }
        std::this_thread::sleep_for(100ms);
    }
    (void)response.endStream();
}

// Replays the log before a live attach when asked with logs=1.
void replayLogs(const container::Container& c, HijackedConnection& client,
                const runtime::AttachOptions& streams) {
    LogOptions options;
    options.stdout = streams.stdout;
    options.stderr = streams.stderr;
    options.tty = c.config.tty;
    container::LogFollower follower(c.logPath());
    std::vector<std::string> lines = container::readRotatedLogLines(c.logPath());
    for (auto& line : follower.readLines()) {
        lines.push_back(std::move(line));
    }
    for (auto& line : lines) {
        auto entry = container::parseJsonLogLine(line);
        if (entry && wanted(*entry, options) &&
            !writeAll(client.socket.get(), formatEntry(*entry, options))) {
            return;
        }
    }
}

void attachContainer(ApiContext& context, Request& request, ResponseWriter& response) {
    auto c = context.containers->inspect(request.param("id"));
    if (!c) {
        sendError(response, c.error());
        return;
    }
    runtime::AttachOptions streams;
    streams.stdin = request.queryBool("stdin");
    streams.stdout = request.queryBool("stdout");
    streams.stderr = request.queryBool("stderr");
    bool stream = request.queryBool("stream");
    bool logs = request.queryBool("logs");
    auto detachKeys = parseDetachKeys(request.queryValue("detachKeys").value_or(""));
    if (!detachKeys) {
        sendError(response, detachKeys.error());
        return;
    }
    // Counted before the response goes out: docker run sends its start request as soon
    // as the response arrives, and the process must not run before this client connects.
    container::AttachTicket ticket;
    if (stream) {
        auto announced = context.containers->announceAttach(c->id);
        if (!announced) {
            sendError(response, announced.error());
            return;
        }
        ticket = std::move(*announced);
    }
    auto client = response.hijack(c->config.tty ? kRawStream : kMultiplexedStream);
    if (!client) {
        log::debug("attach {}: {}", c->shortId(), client.error().message);
        return;
    }
    if (logs) {
        replayLogs(*c, *client, streams);
    }
    if (!stream) {
        return;
    }
    int socket = client->socket.get();
    auto clientGone = [socket] {
        pollfd descriptor{socket, 0, 0};
        return ::poll(&descriptor, 1, 0) > 0 && (descriptor.revents & (POLLHUP | POLLERR));
    };
    auto attached = context.containers->attach(c->id, streams, clientGone, std::move(ticket));
    if (!attached) {
        log::debug("attach {}: {}", c->shortId(), attached.error().message);
        return;
    }
    ProxyOptions proxy;
    proxy.forwardStdin = streams.stdin;
    proxy.detachKeys = *detachKeys;
    ProxyEnd end = proxyAttach(*client, attached->connection, proxy);
    if (end == ProxyEnd::Detached) {
        log::debug("attach {}: the client detached", c->shortId());
        context.containers->publish(*c, "detach");
    }
}

} // namespace

void addContainerStreamRoutes(Router& router, ApiContext& context) {
    router.add("GET", "/containers/{id}/logs",
               [&context](Request& request, ResponseWriter& response) {
                   streamLogs(context, request, response);
               });
    router.add("POST", "/containers/{id}/attach",
               [&context](Request& request, ResponseWriter& response) {
                   attachContainer(context, request, response);
               });
}

} // namespace berth::api

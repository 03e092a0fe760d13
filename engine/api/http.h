#pragma once

// The plain HTTP interface the routes see. The Beast server (http_server.cpp) is the only
// implementation; routes never include Asio or Beast, which keeps them fast to compile.

#include "common/error.h"
#include "common/unique_fd.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::api {

// Reads the request body as it arrives; read() returns 0 at its end.
class BodyReader {
public:
    virtual ~BodyReader() = default;
    [[nodiscard]] virtual Result<size_t> read(char* buffer, size_t size) = 0;

    // Reads the whole body; InvalidArgument when it is longer than maxBytes.
    [[nodiscard]] Result<std::string> readAll(size_t maxBytes = 16 << 20);
};

struct Request {
    std::string method;                            // "GET", "POST", ...
    std::string path;                              // decoded, without the "/v1.xx" prefix
    std::string apiVersion;                        // "1.43" when the path had a prefix, else empty
    std::multimap<std::string, std::string> query; // decoded names and values
    std::map<std::string, std::string> headers;    // names in lower case
    std::map<std::string, std::string> pathParams; // "{id}" of the route pattern
    BodyReader* body = nullptr;

    [[nodiscard]] std::optional<std::string> queryValue(std::string_view name) const;
    [[nodiscard]] std::vector<std::string> queryValues(std::string_view name) const;
    // Docker's boolean form: absent is fallback; "", "0", "false", "no" are false.
    [[nodiscard]] bool queryBool(std::string_view name, bool fallback = false) const;
    [[nodiscard]] std::string header(std::string_view lowerCaseName) const;
    [[nodiscard]] const std::string& param(const std::string& name) const;
};

// The raw connection after a 101 response: the socket plus bytes the server had already
// read past the request (a client may send stdin right behind the headers).
struct HijackedConnection {
    UniqueFd socket;
    std::string pending;
};

class ResponseWriter {
public:
    virtual ~ResponseWriter() = default;

    virtual void setHeader(std::string_view name, std::string_view value) = 0;

    // Complete responses; each may be sent once per request.
    virtual void sendJson(int status, const nlohmann::json& body) = 0;
    virtual void sendEmpty(int status) = 0;
    virtual void sendText(int status, std::string_view contentType, std::string_view body) = 0;

    // A chunked response: the status and headers go out at once, then each chunk as written.
    [[nodiscard]] virtual Result<void> beginStream(int status, std::string_view contentType) = 0;
    [[nodiscard]] virtual Result<void> writeChunk(std::string_view data) = 0;
    [[nodiscard]] virtual Result<void> endStream() = 0;

    // Sends "101 UPGRADED" (Connection: Upgrade, Upgrade: tcp) and hands over the socket.
    // The connection is closed by its new owner; the server serves nothing more on it.
    [[nodiscard]] virtual Result<HijackedConnection> hijack(std::string_view contentType) = 0;

    // True once the client has closed its side (used by long waits to stop early).
    [[nodiscard]] virtual bool clientGone() = 0;

    [[nodiscard]] virtual bool responded() const = 0;
};

using Handler = std::function<void(Request&, ResponseWriter&)>;

} // namespace berth::api

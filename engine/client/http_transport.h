#pragma once

// HTTP/1.1 over a unix or TCP socket, one connection per request. This is the only part of
// the client that sees Boost.Beast; everything above it deals in these plain structs.
// Socket I/O polls with a deadline and the caller's CancelToken, so no call can hang.

#include "client/cancel_token.h"
#include "client/endpoint.h"
#include "common/error.h"
#include "common/unique_fd.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::client {

using Clock = std::chrono::steady_clock;
using Deadline = std::optional<Clock::time_point>; // nullopt: wait as long as it takes

struct HttpRequest {
    std::string method = "GET";
    std::string target; // "/v1.43/containers/json?all=1"
    std::string body;
    std::string contentType; // set with a body
    std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;

    [[nodiscard]] std::string header(const std::string& lowerName) const;
};

// The socket of an upgraded connection (attach, exec start) and any bytes the server sent
// right after its response header, which the caller must consume before reading the fd.
// The status is 101 or 200 on success; any other status comes with the server's body and
// no fd.
struct HijackedConnection {
    int status = 0;
    std::string errorBody;
    UniqueFd fd; // non-blocking
    std::string pending;
};

// Called with each piece of a streamed body; returning false stops the stream.
using DataCallback = std::function<bool(std::string_view)>;
// Called with the bytes of an upload sent so far.
using UploadProgress = std::function<void(uint64_t sent)>;

class HttpTransport final {
public:
    explicit HttpTransport(Endpoint endpoint)
        : endpoint_(std::move(endpoint)) {}

    [[nodiscard]] const Endpoint& endpoint() const { return endpoint_; }

    // Sends a request and reads the whole response before the deadline.
    [[nodiscard]] Result<HttpResponse> exchange(const HttpRequest& request, Deadline deadline,
                                                CancelToken* cancel = nullptr) const;

    // Sends a request and, for a 2xx response, passes the body to onData as it arrives until
    // the server ends it, onData returns false, or cancel fires (a Cancelled error). The
    // deadline covers connecting and the response header only. Other statuses return the
    // response with its body collected.
    [[nodiscard]] Result<HttpResponse> stream(const HttpRequest& request, Deadline headerDeadline,
                                              const DataCallback& onData,
                                              CancelToken* cancel) const;

    // Sends the request header and then `size` bytes read from fileFd as the body, reporting
    // progress; then reads the response like stream().
    [[nodiscard]] Result<HttpResponse> upload(const HttpRequest& request, int fileFd, uint64_t size,
                                              const UploadProgress& progress,
                                              const DataCallback& onData,
                                              CancelToken* cancel) const;

    // Sends a request with "Connection: Upgrade" and returns the raw connection when the
    // server switches protocols (101) or responds 200 and keeps the stream open. An error
    // status is returned as a value, like exchange() does.
    [[nodiscard]] Result<HijackedConnection> hijack(const HttpRequest& request,
                                                    Deadline deadline) const;

private:
    Endpoint endpoint_;
};

} // namespace berth::client

#pragma once

// An HTTP client for one repository on a registry that speaks the OCI distribution API
// (libcurl). It handles a 401 the way Docker does: with the bearer-token flow when the
// registry's WWW-Authenticate names a realm, with basic auth when it asks for that, then
// repeats the request once. The token request names this repository's scope (pull, or
// pull,push when pushing) plus any other scope the challenge names. Redirects of GET and
// HEAD are followed, up to 10; a redirect to another host gets no credentials.
//
// Loopback registries (127.0.0.0/8, ::1, localhost) and those given to
// setInsecureRegistries are insecure registries, as in Docker: HTTPS without certificate
// checks, or plain HTTP when the registry does not speak TLS.
// Every other host is reached over HTTPS with verification. Credentials go only into Authorization
// headers and the token request, never into logs or error messages.

#include "common/error.h"
#include "image/input.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::image {

struct RegistryCredentials {
    std::string username;
    std::string password;
    std::string identityToken; // an OAuth refresh token, used as the password when set
};

// Sets the registries (HOST or HOST:PORT) that are reached like loopback ones. Call it
// before the first RegistryClient is made; it is not synchronised with them.
void setInsecureRegistries(std::vector<std::string> hosts);

// Decodes the X-Registry-Auth header of Docker's clients: base64 (URL or standard
// alphabet) of {"username", "password", "serveraddress", "identitytoken"}. An empty or
// "{}" header is no credentials.
[[nodiscard]] Result<RegistryCredentials> decodeRegistryAuth(std::string_view header);

// The registry host and repository of a name: "127.0.0.1:5000/team/app" is host "127.0.0.1:5000"
// and repository "team/app"; "busybox" is Docker Hub's "registry-1.docker.io", "library/busybox".
struct RegistryLocation {
    std::string host;
    std::string repository;
};
[[nodiscard]] RegistryLocation locateRepository(std::string_view name);

struct RegistryResponse {
    long status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;                           // unless a sink received it
};

struct RegistryRequest {
    std::string method = "GET"; // GET, HEAD, POST, PUT, PATCH
    std::string target;         // "/v2/..." on the registry, or an absolute URL (uploads)
    std::vector<std::string> headers;
    std::string body;    // a small body (manifests)
    ReadFunction upload; // a streamed body of uploadSize bytes, instead of body
    int64_t uploadSize = -1;
    // Receives the body of a 2xx response as it arrives, instead of RegistryResponse::body.
    std::function<Result<void>(std::string_view)> sink;
    // Called once with the status and headers of a 2xx response before its first byte
    // goes to sink: a ranged GET learns here whether the registry sent 206 or all of it.
    std::function<Result<void>(const RegistryResponse&)> onBodyStart;
};

class RegistryClient final {
public:
    RegistryClient(RegistryLocation location, RegistryCredentials credentials, bool push);
    ~RegistryClient();
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    // Sends request, authenticating once on a 401. Connection failures and timeouts are
    // errors naming the address; HTTP statuses are left to the caller.
    [[nodiscard]] Result<RegistryResponse> send(const RegistryRequest& request);

    // Adds a scope ("repository:team/base:pull") to the token requests of this client, so
    // that a push gets one token that also covers the repositories it mounts blobs from.
    void addScope(std::string scope) { extraScopes_.push_back(std::move(scope)); }

    // Checks that the registry accepts the credentials (GET /v2/), for docker login. A
    // rejection is kind Unauthorized with the registry's reason.
    [[nodiscard]] Result<void> checkLogin();

    [[nodiscard]] const RegistryLocation& location() const { return location_; }

    [[nodiscard]] bool hasCredentials() const {
        return !credentials_.username.empty() || !credentials_.identityToken.empty();
    }

    // "https://host", or "http://host" once a loopback host turned out to be plain HTTP.
    [[nodiscard]] std::string baseUrl() const;

    // An error for a failed registry response, with the registry's own message when it sent
    // one ({"errors": [{"code", "message"}]}). A 401 or 403 is kind Unauthorized, worded
    // as Docker words it: "unauthorized: authentication required".
    [[nodiscard]] static Error statusError(const RegistryResponse& response,
                                           std::string_view action);

private:
    // Sends one request, without retries or redirects. sendAuthorization adds the current
    // Authorization header; curlCode, when given, receives libcurl's result code.
    [[nodiscard]] Result<RegistryResponse> perform(const RegistryRequest& request,
                                                   bool sendAuthorization, int* curlCode);
    // Follows the redirects of a GET or HEAD (to blob storage, say), checking each hop
    // against the loopback rule. Another host gets no Authorization header.
    [[nodiscard]] Result<RegistryResponse> followRedirects(const RegistryRequest& request,
                                                           Result<RegistryResponse> response);
    [[nodiscard]] Result<void> authenticate(const RegistryResponse& challenge);
    // Picks HTTPS or plain HTTP for an insecure host with one probe of /v2/. A probe that
    // times out is an error naming the address.
    [[nodiscard]] Result<void> chooseScheme();

    RegistryLocation location_;
    RegistryCredentials credentials_;
    bool push_ = false;
    std::string authorization_; // the current "Authorization: ..." header, if any
    std::vector<std::string> extraScopes_;
    bool schemeChosen_ = false;
    bool plainHttp_ = false;
};

} // namespace berth::image

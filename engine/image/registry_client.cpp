#include "image/registry_client.h"

#include "common/log.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace berth::image {

using nlohmann::json;

namespace {

constexpr long kConnectTimeoutSeconds = 30;
// Redirects followed for one request, as many as Go's HTTP client that Docker uses allows.
constexpr int kMaxRedirects = 10;
// A transfer slower than 1 byte per second for this long has stalled.
constexpr long kStallSeconds = 60;

std::string base64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
    out.resize(size_t(std::max(n, 0)));
    return out;
}

std::optional<std::string> unbase64(std::string text) {
    std::ranges::replace(text, '-', '+');
    std::ranges::replace(text, '_', '/');
    while (text.size() % 4 != 0) {
        text += '=';
    }
    std::string out(text.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    if (n < 0) {
        return std::nullopt;
    }
    size_t padding = size_t(std::ranges::count(text, '='));
    out.resize(size_t(n) - std::min(padding, size_t(n)));
    return out;
}

// Set by the test fixtures, so that no test can reach Docker Hub or any other outside
// registry through a default.
constexpr const char* kLoopbackOnlyVariable = "BERTH_LOOPBACK_REGISTRIES_ONLY";

bool loopbackRegistriesOnly() {
    const char* value = std::getenv(kLoopbackOnlyVariable);
    return value != nullptr && std::string_view(value) == "1";
}

// "127.0.0.1:5000" of "http://127.0.0.1:5000/v2/...".
std::string hostOfUrl(std::string_view url) {
    size_t start = url.find("://");
    url = start == std::string_view::npos ? url : url.substr(start + 3);
    return std::string(url.substr(0, url.find_first_of("/?#")));
}

// The address Go's dialer names in its errors: the IP and port curl tried last, or the URL's
// host and port when curl tried none. An IPv6 address goes in brackets, as Go writes it.
std::string dialedAddress(CURL* handle, std::string_view url) {
    char* ip = nullptr;
    long port = 0;
    curl_easy_getinfo(handle, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(handle, CURLINFO_PRIMARY_PORT, &port);
    if (ip != nullptr && *ip != '\0' && port > 0) {
        std::string_view address = ip;
        return address.find(':') != std::string_view::npos ? fmt::format("[{}]:{}", address, port)
                                                           : fmt::format("{}:{}", address, port);
    }
    std::string host = hostOfUrl(url);
    bool hasPort = host.starts_with('[') ? host.find("]:") != std::string::npos
                                         : host.find(':') != std::string::npos;
    if (hasPort) {
        return host;
    }
    return host + (url.starts_with("http://") ? ":80" : ":443");
}

// The host name of a URL without its port and brackets.
std::string hostNameOf(std::string_view url) {
    std::string host = hostOfUrl(url);
    if (host.starts_with('[')) {
        return host.substr(1, host.find(']') - 1);
    }
    return host.substr(0, host.find(':'));
}

// Formats a failed connection's error as Go's HTTP client does, which is what Docker shows:
// Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused.
// Returns nothing for the errors that have no such form, such as a transfer cut off midway.
std::optional<std::string> goDialError(CURL* handle, CURLcode code, const std::string& method,
                                       const std::string& shownUrl) {
    std::string operation = method;
    std::transform(operation.begin() + (operation.empty() ? 0 : 1), operation.end(),
                   operation.begin() + (operation.empty() ? 0 : 1),
                   [](unsigned char c) { return char(std::tolower(c)); });
    std::string prefix = fmt::format("{} \"{}\": ", operation, shownUrl);
    // curl 7.88 reports CONNECT_TIME 0 even when only the TLS handshake timed out, but it
    // sets the local port once the TCP connection is up.
    long localPort = 0;
    curl_easy_getinfo(handle, CURLINFO_LOCAL_PORT, &localPort);
    if (code == CURLE_COULDNT_RESOLVE_HOST) {
        return prefix + fmt::format("dial tcp: lookup {}: no such host", hostNameOf(shownUrl));
    }
    // NOTE: no test covers this branch, because a connect that times out needs an address
    // that drops packets, and the tests reach nothing but loopback.
    if (code == CURLE_OPERATION_TIMEDOUT && localPort == 0) {
        return prefix + fmt::format("dial tcp {}: i/o timeout", dialedAddress(handle, shownUrl));
    }
    if (code == CURLE_COULDNT_CONNECT) {
        long osError = 0;
        curl_easy_getinfo(handle, CURLINFO_OS_ERRNO, &osError);
        // Go spells the system's error strings in lower case.
        std::string reason = osError != 0 ? std::strerror(int(osError)) : "connection refused";
        if (!reason.empty()) {
            reason[0] = char(std::tolower(static_cast<unsigned char>(reason[0])));
        }
        return prefix +
               fmt::format("dial tcp {}: connect: {}", dialedAddress(handle, shownUrl), reason);
    }
    return std::nullopt;
}

std::vector<std::string>& insecureRegistries() {
    static std::vector<std::string> hosts;
    return hosts;
}

bool isLoopbackHost(std::string_view host) {
    std::string_view name = host;
    if (name.starts_with('[')) {
        return name.starts_with("[::1]");
    }
    name = name.substr(0, name.find(':'));
    return name == "localhost" || name.starts_with("127.");
}

// A host given as "name" matches that name on any port; "name:port" matches only itself.
bool isInsecureHost(std::string_view host) {
    if (isLoopbackHost(host)) {
        return true;
    }
    std::string_view name = host.substr(0, host.rfind(':'));
    return std::ranges::any_of(insecureRegistries(), [&](const std::string& entry) {
        return entry == host || entry == name;
    });
}

// The parameters of a WWW-Authenticate challenge: scheme, then key="value" pairs.
struct Challenge {
    std::string scheme;
    std::map<std::string, std::string> params;
};

Challenge parseChallenge(std::string_view header) {
    Challenge challenge;
    size_t space = header.find(' ');
    challenge.scheme = std::string(header.substr(0, space));
    std::ranges::transform(challenge.scheme, challenge.scheme.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
    std::string_view rest = space == std::string_view::npos ? "" : header.substr(space + 1);
    while (!rest.empty()) {
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == ',')) {
            rest.remove_prefix(1);
        }
        size_t equals = rest.find('=');
        if (equals == std::string_view::npos) {
            break;
        }
        std::string key(rest.substr(0, equals));
        rest.remove_prefix(equals + 1);
        std::string value;
        if (!rest.empty() && rest.front() == '"') {
            size_t end = rest.find('"', 1);
            value = std::string(rest.substr(1, end - 1));
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
        } else {
            size_t end = rest.find(',');
            value = std::string(rest.substr(0, end));
            rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
        }
        challenge.params[key] = value;
    }
    return challenge;
}

std::string urlEncode(CURL* curl, const std::string& value) {
    char* encoded = curl_easy_escape(curl, value.c_str(), int(value.size()));
    std::string out = encoded != nullptr ? encoded : "";
    curl_free(encoded);
    return out;
}

bool isRedirect(long status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The absolute URL that location (absolute, or relative to base) names.
std::optional<std::string> resolveUrl(const std::string& base, const std::string& location) {
    std::unique_ptr<CURLU, void (*)(CURLU*)> url(curl_url(), curl_url_cleanup);
    if (!url || curl_url_set(url.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK ||
        curl_url_set(url.get(), CURLUPART_URL, location.c_str(), 0) != CURLUE_OK) {
        return std::nullopt;
    }
    char* resolved = nullptr;
    if (curl_url_get(url.get(), CURLUPART_URL, &resolved, 0) != CURLUE_OK) {
        return std::nullopt;
    }
    std::string out = resolved;
    curl_free(resolved);
    return out;
}

// The scopes to ask a token server for: this repository's (with push when pushing), then
// any other scope the challenge names, such as the source repository of a blob mount.
std::vector<std::string> tokenScopes(const std::string& repository, bool push,
                                     const std::vector<std::string>& extraScopes,
                                     std::string_view challengeScope) {
    std::vector<std::string> scopes;
    if (!repository.empty()) {
        scopes.push_back(fmt::format("repository:{}:{}", repository, push ? "pull,push" : "pull"));
    }
    for (const std::string& scope : extraScopes) {
        if (std::ranges::find(scopes, scope) == scopes.end()) {
            scopes.push_back(scope);
        }
    }
    while (!challengeScope.empty()) {
        size_t space = challengeScope.find(' ');
        std::string scope(challengeScope.substr(0, space));
        challengeScope.remove_prefix(space == std::string_view::npos ? challengeScope.size()
                                                                     : space + 1);
        if (!scope.empty() && std::ranges::find(scopes, scope) == scopes.end()) {
            scopes.push_back(scope);
        }
    }
    return scopes;
}

struct Transfer {
    const RegistryRequest* request = nullptr;
    RegistryResponse response;
    std::optional<Error> callbackError;
    bool bodyStarted = false;
};

size_t onHeader(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        // A new response, after a redirect or a 100: its status decides where the body goes.
        transfer->response.headers.clear();
        transfer->bodyStarted = false;
        size_t space = line.find(' ');
        transfer->response.status =
            space == std::string_view::npos ? 0 : std::strtol(line.data() + space + 1, nullptr, 10);
        return size * count;
    }
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
        std::string name(line.substr(0, colon));
        std::ranges::transform(name, name.begin(),
                               [](unsigned char c) { return char(std::tolower(c)); });
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
            value.remove_prefix(1);
        }
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
            value.remove_suffix(1);
        }
        transfer->response.headers[name] = std::string(value);
    }
    return size * count;
}

size_t onBody(char* data, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    std::string_view bytes(data, size * count);
    // Only the body of a success goes to the sink; an error body is kept for its message.
    if (transfer->request->sink && transfer->response.status / 100 == 2) {
        if (!transfer->bodyStarted && transfer->request->onBodyStart) {
            transfer->bodyStarted = true;
            if (auto started = transfer->request->onBodyStart(transfer->response); !started) {
                transfer->callbackError = started.error();
                return 0;
            }
        }
        if (auto written = transfer->request->sink(bytes); !written) {
            transfer->callbackError = written.error();
            return 0;
        }
        return bytes.size();
    }
    if (transfer->response.body.size() < (16 << 20)) {
        transfer->response.body.append(bytes);
    }
    return bytes.size();
}

size_t onUpload(char* buffer, size_t size, size_t count, void* self) {
    auto* transfer = static_cast<Transfer*>(self);
    auto n = transfer->request->upload(std::span(buffer, size * count));
    if (!n) {
        transfer->callbackError = n.error();
        return CURL_READFUNC_ABORT;
    }
    return *n;
}

} // namespace

void setInsecureRegistries(std::vector<std::string> hosts) {
    insecureRegistries() = std::move(hosts);
}

Result<RegistryCredentials> decodeRegistryAuth(std::string_view header) {
    RegistryCredentials credentials;
    if (header.empty()) {
        return credentials;
    }
    auto decoded = unbase64(std::string(header));
    json auth = decoded ? json::parse(*decoded, nullptr, false) : json();
    if (!auth.is_object()) {
        return fail(ErrorKind::InvalidArgument,
                    "invalid X-Registry-Auth header: it is not base64-encoded JSON");
    }
    credentials.username = auth.value("username", "");
    credentials.password = auth.value("password", "");
    credentials.identityToken = auth.value("identitytoken", "");
    return credentials;
}

RegistryLocation locateRepository(std::string_view name) {
    size_t slash = name.find('/');
    std::string_view first = name.substr(0, slash);
    bool hasDomain = slash != std::string_view::npos &&
                     (first.find('.') != std::string_view::npos ||
                      first.find(':') != std::string_view::npos || first == "localhost");
    if (hasDomain) {
        return {std::string(first), std::string(name.substr(slash + 1))};
    }
    std::string repository =
        slash == std::string_view::npos ? "library/" + std::string(name) : std::string(name);
    return {"registry-1.docker.io", repository};
}

RegistryClient::RegistryClient(RegistryLocation location, RegistryCredentials credentials,
                               bool push)
    : location_(std::move(location))
    , credentials_(std::move(credentials))
    , push_(push) {}

RegistryClient::~RegistryClient() = default;

std::string RegistryClient::baseUrl() const {
    return (plainHttp_ ? "http://" : "https://") + location_.host;
}

Result<void> RegistryClient::chooseScheme() {
    if (schemeChosen_) {
        return {};
    }
    if (!isInsecureHost(location_.host)) {
        schemeChosen_ = true;
        return {};
    }
    // Docker treats insecure registries so: HTTPS without verification first, then
    // plain HTTP when the TLS handshake fails. A registry that does not respond at all is
    // an error here, so that it is not waited for a second time over plain HTTP.
    RegistryRequest probe;
    probe.target = "/v2/";
    int curlCode = 0;
    if (auto probed = perform(probe, true, &curlCode); !probed) {
        if (curlCode == CURLE_OPERATION_TIMEDOUT) {
            return std::unexpected(probed.error());
        }
        plainHttp_ = true;
        // As Docker does, probe plain HTTP too, so that a port with no listener fails with
        // the error of the last attempt: GET http://HOST/v2/, connection refused.
        if (curlCode == CURLE_COULDNT_CONNECT || curlCode == CURLE_COULDNT_RESOLVE_HOST) {
            if (auto plain = perform(probe, true, &curlCode); !plain) {
                return std::unexpected(plain.error());
            }
        }
    }
    schemeChosen_ = true;
    return {};
}

Error RegistryClient::statusError(const RegistryResponse& response, std::string_view action) {
    std::string code;
    std::string reason;
    json body = json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("errors") && body["errors"].is_array() &&
        !body["errors"].empty() && body["errors"][0].is_object()) {
        const json& first = body["errors"][0];
        if (first.contains("code") && first["code"].is_string()) {
            code = first["code"].get<std::string>();
        }
        if (first.contains("message") && first["message"].is_string()) {
            reason = first["message"].get<std::string>();
        }
    }
    bool refused = response.status == 401 || response.status == 403;
    if (refused) {
        // Docker words a refusal as the error code in lower case, then the registry's
        // message: "unauthorized: authentication required". Without a body (the response
        // to a HEAD), the code and message are the distribution API's ones for the status.
        bool unauthorized = response.status == 401;
        if (code.empty()) {
            code = unauthorized ? "UNAUTHORIZED" : "DENIED";
        }
        if (reason.empty()) {
            reason = unauthorized ? "authentication required"
                                  : "requested access to the resource is denied";
        }
        std::ranges::transform(code, code.begin(), [](unsigned char c) {
            return c == '_' ? ' ' : char(std::tolower(c));
        });
        reason = fmt::format("{}: {}", code, reason);
    }
    if (reason.empty()) {
        reason = fmt::format("HTTP status {}", response.status);
    }
    ErrorKind kind = refused                  ? ErrorKind::Unauthorized
                     : response.status == 404 ? ErrorKind::NotFound
                                              : ErrorKind::System;
    return Error{kind, fmt::format("{}: {}", action, reason), 0};
}

Result<RegistryResponse> RegistryClient::perform(const RegistryRequest& request,
                                                 bool sendAuthorization, int* curlCode) {
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        return fail(ErrorKind::System, "start an HTTP request: curl_easy_init failed");
    }
    std::string url =
        request.target.starts_with("http") ? request.target : baseUrl() + request.target;
    bool loopbackOnly = loopbackRegistriesOnly();
    if (loopbackOnly && !isLoopbackHost(hostOfUrl(url))) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("registry host {} is not on loopback, and {} allows only "
                                "loopback registries",
                                hostOfUrl(url), kLoopbackOnlyVariable));
    }
    Transfer transfer;
    transfer.request = &request;

    curl_slist* headers = nullptr;
    for (const std::string& header : request.headers) {
        headers = curl_slist_append(headers, header.c_str());
    }
    if (request.upload) {
        // No "Expect: 100-continue": a server that never sends 100 would cost a second.
        headers = curl_slist_append(headers, "Expect:");
    }
    if (sendAuthorization && !authorization_.empty()) {
        headers = curl_slist_append(headers, authorization_.c_str());
    }
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> headerList(headers, curl_slist_free_all);

    CURL* handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    // send() follows redirects itself, so that each hop is checked against the loopback
    // rule and credentials do not go to another host.
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headerList.get());
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "berth");
    if (isInsecureHost(hostOfUrl(url))) {
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (request.method == "HEAD") {
        curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (request.upload) {
        curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(handle, CURLOPT_READFUNCTION, &onUpload);
        curl_easy_setopt(handle, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(request.uploadSize));
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    } else if (request.method != "GET") {
        curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.size()));
    }
    CURLcode code = curl_easy_perform(handle);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    if (curlCode != nullptr) {
        *curlCode = int(code);
    }
    if (transfer.callbackError) {
        return std::unexpected(*transfer.callbackError);
    }
    if (code != CURLE_OK) {
        // The URL may carry an upload session, never credentials.
        std::string shownUrl = url.substr(0, url.find('?'));
        if (auto dialError = goDialError(handle, code, request.method, shownUrl)) {
            return fail(ErrorKind::System, *dialError);
        }
        if (code == CURLE_OPERATION_TIMEDOUT) {
            return fail(ErrorKind::System,
                        fmt::format("{} {}: timed out: the registry at {} did not respond ({})",
                                    request.method, shownUrl, hostOfUrl(url),
                                    curl_easy_strerror(code)));
        }
        return fail(ErrorKind::System,
                    fmt::format("{} {}: {}", request.method, shownUrl, curl_easy_strerror(code)));
    }
    return std::move(transfer.response);
}

Result<void> RegistryClient::authenticate(const RegistryResponse& challengeResponse) {
    auto header = challengeResponse.headers.find("www-authenticate");
    if (header == challengeResponse.headers.end()) {
        return {};
    }
    Challenge challenge = parseChallenge(header->second);
    std::string secret =
        credentials_.identityToken.empty() ? credentials_.password : credentials_.identityToken;
    std::string basic =
        credentials_.username.empty()
            ? ""
            : "Authorization: Basic " + base64(credentials_.username + ":" + secret);
    if (challenge.scheme == "basic") {
        authorization_ = basic;
        return {};
    }
    if (challenge.scheme != "bearer" || !challenge.params.contains("realm")) {
        return {};
    }

    std::unique_ptr<CURL, void (*)(CURL*)> escaper(curl_easy_init(), curl_easy_cleanup);
    std::vector<std::string> query;
    if (challenge.params.contains("service")) {
        query.push_back("service=" + urlEncode(escaper.get(), challenge.params["service"]));
    }
    for (const std::string& scope :
         tokenScopes(location_.repository, push_, extraScopes_, challenge.params["scope"])) {
        query.push_back("scope=" + urlEncode(escaper.get(), scope));
    }
    std::string url = challenge.params["realm"];
    for (size_t i = 0; i < query.size(); ++i) {
        url += (i == 0 && url.find('?') == std::string::npos ? "?" : "&") + query[i];
    }
    RegistryRequest tokenRequest;
    tokenRequest.target = url;
    if (!basic.empty()) {
        tokenRequest.headers.push_back(basic);
    }
    authorization_.clear();
    auto answer = followRedirects(tokenRequest, perform(tokenRequest, false, nullptr));
    if (!answer) {
        return std::unexpected(answer.error().context("get a registry token"));
    }
    if (answer->status != 200) {
        return std::unexpected(statusError(*answer, "get a registry token"));
    }
    json token = json::parse(answer->body, nullptr, false);
    std::string value =
        token.is_object() ? token.value("token", token.value("access_token", "")) : "";
    if (value.empty()) {
        return fail(ErrorKind::System, "get a registry token: the response contains no token");
    }
    authorization_ = "Authorization: Bearer " + value;
    return {};
}

Result<RegistryResponse> RegistryClient::followRedirects(const RegistryRequest& request,
                                                         Result<RegistryResponse> response) {
    std::string url =
        request.target.starts_with("http") ? request.target : baseUrl() + request.target;
    std::string firstHost = hostOfUrl(url);
    for (int hop = 0; response && isRedirect(response->status); ++hop) {
        auto location = response->headers.find("location");
        bool readOnly = request.method == "GET" || request.method == "HEAD";
        if (!readOnly || location == response->headers.end()) {
            return response;
        }
        if (hop == kMaxRedirects) {
            return fail(ErrorKind::System,
                        fmt::format("{} {}: stopped after {} redirects", request.method,
                                    url.substr(0, url.find('?')), hop));
        }
        auto next = resolveUrl(url, location->second);
        if (!next) {
            return fail(ErrorKind::System,
                        fmt::format("{} {}: invalid redirect location", request.method,
                                    url.substr(0, url.find('?'))));
        }
        url = *next;
        RegistryRequest hopRequest = request;
        hopRequest.target = url;
        // Blob storage behind a redirect gets no registry credentials, as with Docker.
        log::debug("registry: {} redirected to {}", request.method, url.substr(0, url.find('?')));
        response = perform(hopRequest, hostOfUrl(url) == firstHost, nullptr);
    }
    return response;
}

Result<RegistryResponse> RegistryClient::send(const RegistryRequest& request) {
    if (auto chosen = chooseScheme(); !chosen) {
        return std::unexpected(chosen.error());
    }
    auto response = perform(request, true, nullptr);
    if (response && response->status == 401 && !request.upload) {
        if (auto authenticated = authenticate(*response); !authenticated) {
            return std::unexpected(authenticated.error());
        }
        response = perform(request, true, nullptr);
    }
    return followRedirects(request, std::move(response));
}

Result<void> RegistryClient::checkLogin() {
    std::string action = fmt::format("login to {}", location_.host);
    auto response = send(RegistryRequest{"GET", "/v2/", {}, {}, {}, -1, {}});
    if (!response) {
        return std::unexpected(response.error().context(action));
    }
    if (response->status / 100 != 2) {
        return std::unexpected(statusError(*response, action));
    }
    return {};
}

} // namespace berth::image

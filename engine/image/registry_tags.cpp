#include "image/registry_tags.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::image {

namespace {

// Tags asked for per page; a registry may send fewer and then links the next page.
constexpr int kPageSize = 1000;
// Bounds the pages followed, so that a registry whose links loop cannot hold the request.
constexpr int kMaxPages = 100;

} // namespace

std::string nextPageTarget(std::string_view linkHeader) {
    // <url>; rel="next", possibly among other comma-separated links.
    size_t next = linkHeader.find("rel=\"next\"");
    if (next == std::string_view::npos) {
        return {};
    }
    size_t open = linkHeader.rfind('<', next);
    size_t close = open == std::string_view::npos ? open : linkHeader.find('>', open);
    if (close == std::string_view::npos || close > next) {
        return {};
    }
    return std::string(linkHeader.substr(open + 1, close - open - 1));
}

Result<std::vector<std::string>> listRepositoryTags(RegistryClient& client) {
    const std::string repository = client.location().repository;
    const std::string action = fmt::format("list the tags of {}", repository);
    std::vector<std::string> tags;
    std::string target = fmt::format("/v2/{}/tags/list?n={}", repository, kPageSize);
    for (int page = 0; page < kMaxPages && !target.empty(); ++page) {
        RegistryRequest request;
        request.target = target;
        request.headers.push_back("Accept: application/json");
        auto response = client.send(request);
        if (!response) {
            return std::unexpected(response.error().context(action));
        }
        if (response->status != 200) {
            return std::unexpected(RegistryClient::statusError(*response, action));
        }
        auto body = nlohmann::json::parse(response->body, nullptr, false);
        if (!body.is_object()) {
            return fail(ErrorKind::System,
                        fmt::format("{}: the registry sent invalid JSON", action));
        }
        // A repository without tags has "tags": null.
        if (auto list = body.find("tags"); list != body.end() && list->is_array()) {
            for (const auto& tag : *list) {
                if (tag.is_string()) {
                    tags.push_back(tag.get<std::string>());
                }
            }
        }
        auto link = response->headers.find("link");
        target = link == response->headers.end() ? std::string() : nextPageTarget(link->second);
    }
    return tags;
}

} // namespace berth::image

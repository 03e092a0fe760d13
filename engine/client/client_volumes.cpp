#include "client/client.h"

#include <fmt/format.h>

namespace berth::client {

Result<Json> Client::listVolumes() {
    return callJson("GET", "/volumes");
}

Result<Json> Client::createVolume(std::string_view name,
                                  const std::map<std::string, std::string>& labels) {
    Json body = {{"Driver", "local"}, {"Labels", Json::object()}};
    if (!name.empty()) {
        body["Name"] = name;
    }
    for (const auto& [key, value] : labels) {
        body["Labels"][key] = value;
    }
    return callJson("POST", "/volumes/create", body.dump());
}

Result<void> Client::removeVolume(std::string_view name, bool force) {
    auto response = call(
        "DELETE", fmt::format("/volumes/{}?force={}", urlEncode(name), force ? "true" : "false"));
    return response ? Result<void>() : std::unexpected(response.error());
}

Result<Json> Client::pruneVolumes(bool all) {
    std::string path = "/volumes/prune";
    if (all) {
        path += "?filters=" + urlEncode(R"({"all":["true"]})");
    }
    return callJson("POST", path);
}

Result<Json> Client::diskUsage() {
    return callJson("GET", "/system/df");
}

} // namespace berth::client

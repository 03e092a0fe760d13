#include "client/client.h"

#include <fmt/format.h>

namespace berth::client {

Result<Json> Client::listNetworks() {
    return callJson("GET", "/networks");
}

Result<Json> Client::createNetwork(std::string_view name, std::string_view subnet) {
    Json body = {{"Name", name}, {"Driver", "bridge"}};
    if (!subnet.empty()) {
        body["IPAM"] = {{"Driver", "default"}, {"Config", Json::array({{{"Subnet", subnet}}})}};
    }
    return callJson("POST", "/networks/create", body.dump());
}

Result<void> Client::removeNetwork(std::string_view nameOrId) {
    auto response = call("DELETE", fmt::format("/networks/{}", urlEncode(nameOrId)));
    return response ? Result<void>() : std::unexpected(response.error());
}

} // namespace berth::client

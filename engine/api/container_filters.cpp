#include "api/container_filters.h"

#include "network/network_store.h"
#include "network/port_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

namespace berth::api {
namespace {

bool contains(const std::vector<network::ContainerPort>& ports,
              const network::ContainerPort& port) {
    return std::ranges::find(ports, port) != ports.end();
}

} // namespace

Result<void> checkPortFilter(std::string_view filter, std::string_view value) {
    if (auto ports = network::parseExposedPort(value); !ports) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid filter '{}={}': {}", filter,
                                                            value, ports.error().message));
    }
    return {};
}

bool onNetwork(const container::Container& container, std::string_view value) {
    if (value.empty()) {
        return false;
    }
    for (const container::NetworkAttachment& attachment : container.attachments) {
        if (attachment.networkName == value ||
            (!attachment.networkId.empty() && attachment.networkId.starts_with(value))) {
            return true;
        }
    }
    std::string mode = container.hostConfig.networkMode;
    if (mode.empty() || mode == "default") {
        mode = "bridge";
    }
    if (mode != "bridge" && mode != "host" && mode != "none") {
        return false; // a user network (matched above) or container:NAME
    }
    return mode == value || network::predefinedNetworkId(mode).starts_with(value);
}

bool publishesPort(const container::Container& container, std::string_view value) {
    auto wanted = network::parseExposedPort(value);
    if (!wanted) {
        return false;
    }
    for (const container::PublishedPortRecord& record : container.network.ports) {
        auto published = network::parseExposedPort(record.containerPort);
        std::string protocol =
            published && !published->empty() ? published->front().protocol : std::string("tcp");
        if (contains(*wanted, network::ContainerPort{uint16_t(record.hostPort), protocol})) {
            return true;
        }
    }
    return false;
}

bool exposesPort(const container::Container& container, std::string_view value) {
    auto wanted = network::parseExposedPort(value);
    if (!wanted) {
        return false;
    }
    std::vector<std::string> keys = container.config.exposedPorts;
    for (const container::PublishedPortRecord& record : container.network.ports) {
        keys.push_back(record.containerPort);
    }
    for (const std::string& key : keys) {
        auto exposed = network::parseExposedPort(key);
        if (!exposed) {
            continue;
        }
        for (const network::ContainerPort& port : *exposed) {
            if (contains(*wanted, port)) {
                return true;
            }
        }
    }
    return false;
}

} // namespace berth::api

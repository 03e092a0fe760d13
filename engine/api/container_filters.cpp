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

namespace {

// One row of the container's port list as Docker builds it for GET /containers/json: a
// container port, and the host port it is published on, 0 when it is only exposed.
struct PortEntry {
    network::ContainerPort containerPort;
    int hostPort = 0;
};

// Docker lists the ports of a running container only: it clears NetworkSettings.Ports
// when the container stops. An exposed port without a binding is one entry with host port 0.
std::vector<PortEntry> portEntries(const container::Container& container) {
    std::vector<PortEntry> entries;
    if (!container.state.running()) {
        return entries;
    }
    std::vector<network::ContainerPort> published;
    for (const container::PublishedPortRecord& record : container.network.ports) {
        auto ports = network::parseExposedPort(record.containerPort);
        if (!ports || ports->size() != 1) {
            continue;
        }
        entries.push_back({ports->front(), record.hostPort});
        published.push_back(ports->front());
    }
    for (const std::string& key : container.config.exposedPorts) {
        auto ports = network::parseExposedPort(key);
        if (!ports) {
            continue;
        }
        for (const network::ContainerPort& port : *ports) {
            if (!contains(published, port)) {
                entries.push_back({port, 0});
            }
        }
    }
    return entries;
}

// Every port of every value; the values were checked by checkPortFilter().
std::vector<network::ContainerPort> portsOf(const std::vector<std::string>& values) {
    std::vector<network::ContainerPort> ports;
    for (const std::string& value : values) {
        if (auto parsed = network::parseExposedPort(value)) {
            ports.insert(ports.end(), parsed->begin(), parsed->end());
        }
    }
    return ports;
}

} // namespace

bool matchesPortFilters(const container::Container& container,
                        const std::vector<std::string>& publish,
                        const std::vector<std::string>& expose) {
    if (publish.empty() && expose.empty()) {
        return true;
    }
    const std::vector<network::ContainerPort> hostPorts = portsOf(publish);
    const std::vector<network::ContainerPort> containerPorts = portsOf(expose);
    return std::ranges::any_of(portEntries(container), [&](const PortEntry& entry) {
        const network::ContainerPort host{uint16_t(entry.hostPort), entry.containerPort.protocol};
        return (entry.hostPort > 0 && contains(hostPorts, host)) ||
               contains(containerPorts, entry.containerPort);
    });
}

} // namespace berth::api

#pragma once

// Editing the published ports and links of an existing container. Docker cannot change
// them in place, so the container is recreated: same name, config, volumes and networks,
// new ports and links. Anonymous volumes become named binds of the same volumes, so their
// data stays. Files the container wrote outside its volumes are not kept.
//
// The old container stays until the new one has been created and, when the old one ran,
// started. If either fails, the new one is removed and the old one gets its name back and
// runs again as before.

#include "client/client.h"
#include "portforward.h"

#include <string>
#include <vector>

namespace berth::studio {

struct NetworkingEdit {
    std::vector<PortForward> ports;
    std::vector<std::string> links; // "NAME:ALIAS"

    bool operator==(const NetworkingEdit&) const = default;
};

struct NetworkingChanges {
    std::vector<PortForward> removedPorts;
    std::vector<PortForward> addedPorts;
    std::vector<std::string> removedLinks;
    std::vector<std::string> addedLinks;

    [[nodiscard]] bool empty() const {
        return removedPorts.empty() && addedPorts.empty() && removedLinks.empty() &&
               addedLinks.empty();
    }
};

// The ports (HostConfig.PortBindings) and links (HostConfig.Links, "/db:/web/alias" or
// "db:alias") of GET /containers/{id}/json.
[[nodiscard]] NetworkingEdit networkingOf(const client::Json& inspect);

// The host ports the inspected container publishes now (NetworkSettings.Ports), including
// those the engine chose; empty while it is stopped.
[[nodiscard]] std::vector<HostPortUse> publishedPortsOf(const client::Json& inspect);

[[nodiscard]] NetworkingChanges diffNetworking(const NetworkingEdit& before,
                                               const NetworkingEdit& after);

// The body of POST /containers/create that recreates the inspected container with edit's
// ports and links.
[[nodiscard]] client::Json recreateBody(const client::Json& inspect, const NetworkingEdit& edit);

// Recreates the container `id` with edit's ports and links, as described above. Returns
// the new container's id.
[[nodiscard]] Result<std::string> recreateContainer(client::Client& client, const std::string& id,
                                                    const NetworkingEdit& edit);

} // namespace berth::studio

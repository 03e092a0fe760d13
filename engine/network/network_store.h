#pragma once

// The networks the API shows: the predefined bridge, host and none, and user-defined
// bridge networks, each with its own Linux bridge, subnet and address pool. Also the
// endpoints of running containers on them, which network inspect lists and the embedded
// DNS answerer resolves names from.
//
// State on disk: <stateDir>/networks/<id>.json per user network (written with
// fs::writeFileAtomic), and the bridge's address pool <stateDir>/<bridge>.json, which
// cleanupNetworking() also reads to find the bridge.
//
// Locking: one mutex guards records and endpoints. It is a leaf: nothing else is locked
// and no callback runs while it is held.

#include "common/error.h"
#include "network/address.h"
#include "network/bridge_network.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

// The body of POST /networks/create, decoded.
struct NetworkSpec {
    std::string name;
    std::string driver = "bridge";
    std::optional<Ipv4Subnet> subnet;
    std::optional<Ipv4Address> gateway;
    std::optional<Ipv4Subnet> ipRange;
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options; // com.docker.network.bridge.name, ...
    bool internal = false;
    bool attachable = false;
};

struct NetworkInfo {
    std::string id; // 64 hex digits
    std::string name;
    std::string driver;  // "bridge", "host", "null"
    int64_t created = 0; // nanoseconds since the epoch
    std::optional<Ipv4Subnet> subnet;
    std::optional<Ipv4Address> gateway;
    std::optional<Ipv4Subnet> ipRange;
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options;
    std::string bridgeName; // "" for host and none
    bool internal = false;
    bool attachable = false;
    bool predefined = false; // bridge, host, none: never created or removed by the API
};

// A running container's attachment to a network.
struct EndpointInfo {
    std::string containerId;
    std::string containerName;
    std::vector<std::string>
        aliases; // --network-alias: names DNS resolves besides the container name
    Ipv4Address address;
    int prefixLength = 0;
    std::string macAddress;
};

// "create", "destroy", "connect" or "disconnect", the network, and the container for the
// last two ("" otherwise).
using NetworkEventFunction = std::function<void(std::string_view action, const NetworkInfo&,
                                                const std::string& containerId)>;

struct NetworkStoreConfig {
    std::filesystem::path stateDir; // <data-root>/network
    std::string tableName = "berth";
    BridgeNetwork* defaultBridge = nullptr; // the predefined "bridge"; nullptr with --bridge none
    std::vector<Ipv4Subnet> candidates;     // empty: defaultSubnetCandidates()
};

class NetworkStore final {
public:
    // Loads the stored user networks and brings up their bridges.
    [[nodiscard]] static Result<std::unique_ptr<NetworkStore>> open(NetworkStoreConfig config);
    ~NetworkStore();

    // Creates the network and its bridge. Conflict when the name is taken or the subnet
    // overlaps another network or a host route, with Docker's messages.
    [[nodiscard]] Result<NetworkInfo> create(const NetworkSpec& spec);

    // By full id, name, or unique id prefix. NotFound "network NAME not found".
    [[nodiscard]] Result<NetworkInfo> get(std::string_view reference) const;
    [[nodiscard]] std::vector<NetworkInfo> list() const;

    // Removes a user network. Conflict for a predefined one and while containers are on it.
    [[nodiscard]] Result<void> remove(std::string_view reference);

    // BridgeNetwork::keepLoopbackPublished for the bridge of every user network; the first
    // error is returned after all were tried.
    [[nodiscard]] Result<void> keepLoopbackPublished();

    // The bridge of a user network, or the default one for "bridge"; nullptr otherwise.
    [[nodiscard]] BridgeNetwork* bridgeOf(std::string_view networkId) const;

    void addEndpoint(const std::string& networkId, EndpointInfo endpoint);
    void removeEndpoint(const std::string& networkId, const std::string& containerId);
    [[nodiscard]] std::vector<EndpointInfo> endpoints(const std::string& networkId) const;

    // Legacy --link on a user network: alias names the target container's id, for DNS
    // queries of this container only.
    void setLinks(const std::string& containerId,
                  std::vector<std::pair<std::string, std::string>> aliasToTarget);
    void clearLinks(const std::string& containerId);

    // The addresses a DNS query for name from containerId resolves to: containers on the
    // user networks it shares with containerId, by name, alias, short id or its link
    // aliases, each also qualified by the network's name ("db.appnet"). Case-insensitive;
    // a trailing dot is ignored. Empty when none matches.
    [[nodiscard]] std::vector<Ipv4Address> resolve(const std::string& containerId,
                                                   std::string_view name) const;

    void setEventFunction(NetworkEventFunction function) { events_ = std::move(function); }
    void publishEvent(std::string_view action, const NetworkInfo& network,
                      const std::string& containerId = "") const;

private:
    struct Entry {
        NetworkInfo info;
        std::unique_ptr<BridgeNetwork> bridge;
    };

    explicit NetworkStore(NetworkStoreConfig config);
    [[nodiscard]] Result<void> load();
    [[nodiscard]] Result<std::unique_ptr<BridgeNetwork>> openBridge(const NetworkInfo& info) const;
    [[nodiscard]] Result<Ipv4Subnet> pickSubnet(const NetworkSpec& spec) const;
    [[nodiscard]] Result<NetworkInfo> lookupLocked(std::string_view reference) const;
    [[nodiscard]] std::vector<NetworkInfo> predefined() const;
    [[nodiscard]] std::filesystem::path recordPath(const std::string& id) const;

    NetworkStoreConfig config_;
    NetworkEventFunction events_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> networks_; // by id; guarded by mutex_
    // network id -> container id -> endpoint; guarded by mutex_
    std::map<std::string, std::map<std::string, EndpointInfo>> endpoints_;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> links_;
};

// The fixed id of a predefined network ("bridge", "host", "none").
[[nodiscard]] std::string predefinedNetworkId(std::string_view name);

} // namespace berth::network

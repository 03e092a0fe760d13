#include "network/network_store.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/time.h"
#include "network/netlink.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>

namespace berth::network {
namespace {

constexpr std::string_view kBridgeNameOption = "com.docker.network.bridge.name";

std::string lowered(std::string_view text) {
    std::string result(text);
    std::ranges::transform(result, result.begin(),
                           [](unsigned char c) { return char(std::tolower(c)); });
    return result;
}

nlohmann::json recordJson(const NetworkInfo& info) {
    nlohmann::json json = {{"Id", info.id},
                           {"Name", info.name},
                           {"Driver", info.driver},
                           {"Created", info.created},
                           {"Labels", info.labels},
                           {"Options", info.options},
                           {"Bridge", info.bridgeName},
                           {"Internal", info.internal},
                           {"Attachable", info.attachable}};
    if (info.subnet) {
        json["Subnet"] = formatSubnet(*info.subnet);
    }
    if (info.gateway) {
        json["Gateway"] = formatIpv4(*info.gateway);
    }
    if (info.ipRange) {
        json["IPRange"] = formatSubnet(*info.ipRange);
    }
    return json;
}

Result<NetworkInfo> recordFromJson(const nlohmann::json& json) {
    NetworkInfo info;
    try {
        info.id = json.at("Id").get<std::string>();
        info.name = json.at("Name").get<std::string>();
        info.driver = json.value("Driver", "bridge");
        info.created = json.value("Created", int64_t(0));
        info.labels = json.value("Labels", std::map<std::string, std::string>{});
        info.options = json.value("Options", std::map<std::string, std::string>{});
        info.bridgeName = json.at("Bridge").get<std::string>();
        info.internal = json.value("Internal", false);
        info.attachable = json.value("Attachable", false);
    } catch (const nlohmann::json::exception& error) {
        return fail(ErrorKind::System, fmt::format("invalid network record: {}", error.what()));
    }
    auto subnet = parseSubnet(json.value("Subnet", ""));
    if (!subnet) {
        return std::unexpected(subnet.error().context("invalid network record"));
    }
    info.subnet = *subnet;
    if (json.contains("Gateway")) {
        auto gateway = parseIpv4(json.value("Gateway", ""));
        if (!gateway) {
            return std::unexpected(gateway.error().context("invalid network record"));
        }
        info.gateway = *gateway;
    }
    if (json.contains("IPRange")) {
        auto range = parseSubnet(json.value("IPRange", ""));
        if (!range) {
            return std::unexpected(range.error().context("invalid network record"));
        }
        info.ipRange = *range;
    }
    return info;
}

// The bridge name the network options request, or Docker's "br-" and 12 id characters.
std::string bridgeNameFor(const NetworkSpec& spec, const std::string& id) {
    if (auto it = spec.options.find(std::string(kBridgeNameOption)); it != spec.options.end()) {
        return it->second;
    }
    return "br-" + id.substr(0, 12);
}

Result<void> checkBridgeName(std::string_view name) {
    if (name.empty() || name.size() > 15 || name.find('/') != std::string_view::npos ||
        name.find(' ') != std::string_view::npos) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid bridge name \"{}\": it must be 1 to 15 characters "
                                "without '/' or spaces",
                                name));
    }
    return {};
}

} // namespace

std::string predefinedNetworkId(std::string_view name) {
    return sha256Hex(fmt::format("berth predefined network {}", name));
}

NetworkStore::NetworkStore(NetworkStoreConfig config)
    : config_(std::move(config)) {}

NetworkStore::~NetworkStore() = default;

std::filesystem::path NetworkStore::recordPath(const std::string& id) const {
    return config_.stateDir / "networks" / (id + ".json");
}

Result<std::unique_ptr<NetworkStore>> NetworkStore::open(NetworkStoreConfig config) {
    std::unique_ptr<NetworkStore> store(new NetworkStore(std::move(config)));
    if (auto loaded = store->load(); !loaded) {
        return std::unexpected(loaded.error().context("open the network store"));
    }
    return store;
}

Result<void> NetworkStore::load() {
    std::filesystem::path dir = config_.stateDir / "networks";
    std::error_code ec;
    for (const auto& file : std::filesystem::directory_iterator(dir, ec)) {
        if (file.path().extension() != ".json") {
            continue;
        }
        auto text = fs::readFile(file.path());
        if (!text) {
            return std::unexpected(text.error());
        }
        auto info = recordFromJson(nlohmann::json::parse(*text, nullptr, false));
        if (!info) {
            return std::unexpected(info.error().context(file.path().string()));
        }
        auto bridge = openBridge(*info);
        if (!bridge) {
            return std::unexpected(bridge.error().context(fmt::format("network {}", info->name)));
        }
        std::string id = info->id;
        networks_[id] = Entry{std::move(*info), std::move(*bridge)};
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
        return fail(ErrorKind::System, fmt::format("list {}: {}", dir.string(), ec.message()));
    }
    return {};
}

Result<std::unique_ptr<BridgeNetwork>> NetworkStore::openBridge(const NetworkInfo& info) const {
    BridgeConfig bridge;
    bridge.bridgeName = info.bridgeName;
    bridge.tableName = config_.tableName;
    bridge.stateDir = config_.stateDir;
    bridge.subnet = info.subnet;
    bridge.gateway = info.gateway;
    bridge.ipRange = info.ipRange;
    bridge.internal = info.internal;
    // "v", three network id characters and ten container id characters: one name per
    // network and container.
    bridge.interfacePrefix = "v" + info.id.substr(0, 3);
    return BridgeNetwork::open(bridge);
}

// The requested subnet when it overlaps no other network and no host route, else the
// first free candidate.
Result<Ipv4Subnet> NetworkStore::pickSubnet(const NetworkSpec& spec) const {
    std::vector<HostRoute> taken;
    auto socket = NetlinkSocket::open();
    if (!socket) {
        return std::unexpected(socket.error());
    }
    auto routes = socket->routes();
    if (!routes) {
        return std::unexpected(routes.error());
    }
    for (const auto& route : *routes) {
        taken.push_back(HostRoute{route.destination, route.linkName});
    }

    for (const auto& [id, entry] : networks_) {
        taken.push_back(HostRoute{*entry.info.subnet, ""});
    }
    if (config_.defaultBridge) {
        taken.push_back(HostRoute{config_.defaultBridge->subnet(), ""});
    }

    if (spec.subnet) {
        for (const HostRoute& route : taken) {
            if (route.destination.overlaps(*spec.subnet)) {
                return fail(ErrorKind::Conflict, "invalid pool request: Pool overlaps with other "
                                                 "one on this address space");
            }
        }
        return *spec.subnet;
    }
    std::vector<Ipv4Subnet> candidates =
        config_.candidates.empty() ? defaultSubnetCandidates() : config_.candidates;
    auto chosen = chooseSubnet(taken, candidates, "");
    if (!chosen) {
        return fail(ErrorKind::Conflict, "could not find an available, non-overlapping IPv4 "
                                         "address pool among the defaults to assign to the "
                                         "network");
    }
    return chosen;
}

Result<NetworkInfo> NetworkStore::create(const NetworkSpec& spec) {
    if (spec.driver != "bridge") {
        return fail(ErrorKind::NotFound, fmt::format("plugin \"{}\" not found", spec.driver));
    }
    if (spec.name.empty()) {
        return fail(ErrorKind::InvalidArgument, "network name must not be empty");
    }
    std::lock_guard lock(mutex_);
    for (const NetworkInfo& existing : predefined()) {
        if (existing.name == spec.name) {
            return fail(
                ErrorKind::Conflict,
                fmt::format("{} is a pre-defined network and cannot be created", spec.name));
        }
    }
    for (const auto& [id, entry] : networks_) {
        if (entry.info.name == spec.name) {
            return fail(ErrorKind::Conflict,
                        fmt::format("network with name {} already exists", spec.name));
        }
    }
    auto subnet = pickSubnet(spec);
    if (!subnet) {
        return std::unexpected(subnet.error());
    }
    if (spec.gateway && !subnet->contains(*spec.gateway)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid gateway {}: it is not in subnet {}",
                                formatIpv4(*spec.gateway), formatSubnet(*subnet)));
    }

    NetworkInfo info;
    info.id = randomHexId();
    info.name = spec.name;
    info.driver = spec.driver;
    info.created = nowNanoseconds();
    info.subnet = *subnet;
    info.gateway = spec.gateway;
    info.ipRange = spec.ipRange;
    info.labels = spec.labels;
    info.options = spec.options;
    info.internal = spec.internal;
    info.attachable = spec.attachable;
    info.bridgeName = bridgeNameFor(spec, info.id);
    if (auto valid = checkBridgeName(info.bridgeName); !valid) {
        return std::unexpected(valid.error());
    }
    for (const auto& [id, entry] : networks_) {
        if (entry.info.bridgeName == info.bridgeName) {
            return fail(ErrorKind::Conflict,
                        fmt::format("bridge name {} is already used by network {}", info.bridgeName,
                                    entry.info.name));
        }
    }

    auto bridge = openBridge(info);
    if (!bridge) {
        return std::unexpected(bridge.error().context(fmt::format("create network {}", spec.name)));
    }
    if (!info.gateway) {
        info.gateway = (*bridge)->gateway();
    }
    if (auto made = fs::makeDirectories(config_.stateDir / "networks", 0700); !made) {
        (void)(*bridge)->destroy();
        return std::unexpected(made.error());
    }
    if (auto saved =
            fs::writeFileAtomic(recordPath(info.id), recordJson(info).dump(2) + "\n", 0600);
        !saved) {
        (void)(*bridge)->destroy();
        return std::unexpected(saved.error().context(fmt::format("create network {}", spec.name)));
    }
    networks_[info.id] = Entry{info, std::move(*bridge)};
    log::info("network {} created ({}, bridge {})", info.name, formatSubnet(*info.subnet),
              info.bridgeName);
    return info;
}

std::vector<NetworkInfo> NetworkStore::predefined() const {
    std::vector<NetworkInfo> result;
    NetworkInfo bridge;
    bridge.id = predefinedNetworkId("bridge");
    bridge.name = "bridge";
    bridge.driver = "bridge";
    bridge.predefined = true;
    if (config_.defaultBridge) {
        bridge.subnet = config_.defaultBridge->subnet();
        bridge.gateway = config_.defaultBridge->gateway();
        bridge.bridgeName = config_.defaultBridge->bridgeName();
        bridge.options = {{"com.docker.network.bridge.default_bridge", "true"},
                          {"com.docker.network.bridge.enable_ip_masquerade", "true"},
                          {"com.docker.network.bridge.name", bridge.bridgeName}};
    }
    result.push_back(bridge);
    NetworkInfo host;
    host.id = predefinedNetworkId("host");
    host.name = "host";
    host.driver = "host";
    host.predefined = true;
    result.push_back(host);
    NetworkInfo none;
    none.id = predefinedNetworkId("none");
    none.name = "none";
    none.driver = "null";
    none.predefined = true;
    result.push_back(none);
    return result;
}

Result<NetworkInfo> NetworkStore::lookupLocked(std::string_view reference) const {
    std::vector<NetworkInfo> all = predefined();
    for (const auto& [id, entry] : networks_) {
        all.push_back(entry.info);
    }
    for (const NetworkInfo& info : all) {
        if (info.id == reference || info.name == reference) {
            return info;
        }
    }
    const NetworkInfo* byPrefix = nullptr;
    int matches = 0;
    for (const NetworkInfo& info : all) {
        if (!reference.empty() && info.id.starts_with(reference)) {
            byPrefix = &info;
            ++matches;
        }
    }
    if (matches > 1) {
        return fail(ErrorKind::Conflict,
                    fmt::format("network {} is ambiguous ({} matches found based on ID prefix)",
                                reference, matches));
    }
    if (byPrefix) {
        return *byPrefix;
    }
    return fail(ErrorKind::NotFound, fmt::format("network {} not found", reference));
}

Result<NetworkInfo> NetworkStore::get(std::string_view reference) const {
    std::lock_guard lock(mutex_);
    return lookupLocked(reference);
}

std::vector<NetworkInfo> NetworkStore::list() const {
    std::lock_guard lock(mutex_);
    std::vector<NetworkInfo> result = predefined();
    for (const auto& [id, entry] : networks_) {
        result.push_back(entry.info);
    }
    return result;
}

Result<void> NetworkStore::remove(std::string_view reference) {
    std::unique_lock lock(mutex_);
    auto info = lookupLocked(reference);
    if (!info) {
        return std::unexpected(info.error());
    }
    if (info->predefined) {
        return fail(ErrorKind::Conflict,
                    fmt::format("{} is a pre-defined network and cannot be removed", info->name));
    }
    if (auto found = endpoints_.find(info->id);
        found != endpoints_.end() && !found->second.empty()) {
        std::vector<std::string> names;
        for (const auto& [containerId, endpoint] : found->second) {
            names.push_back(endpoint.containerName);
        }
        return fail(ErrorKind::Conflict,
                    fmt::format("error while removing network: network {} id {} has active "
                                "endpoints ({})",
                                info->name, info->id, fmt::join(names, ", ")));
    }
    Entry& entry = networks_.at(info->id);
    if (auto destroyed = entry.bridge->destroy(); !destroyed) {
        return std::unexpected(destroyed.error().context("error while removing network"));
    }
    std::error_code ec;
    std::filesystem::remove(recordPath(info->id), ec);
    if (ec) {
        log::warning("network {}: remove {}: {}", info->name, recordPath(info->id).string(),
                     ec.message());
    }
    networks_.erase(info->id);
    endpoints_.erase(info->id);
    log::info("network {} removed", info->name);
    return {};
}

Result<void> NetworkStore::keepLoopbackPublished() {
    std::lock_guard lock(mutex_);
    Result<void> outcome;
    for (auto& [id, entry] : networks_) {
        if (!entry.bridge) {
            continue;
        }
        if (auto kept = entry.bridge->keepLoopbackPublished(); !kept && outcome) {
            outcome = std::unexpected(kept.error());
        }
    }
    return outcome;
}

BridgeNetwork* NetworkStore::bridgeOf(std::string_view networkId) const {
    std::lock_guard lock(mutex_);
    if (networkId == predefinedNetworkId("bridge")) {
        return config_.defaultBridge;
    }
    auto found = networks_.find(std::string(networkId));
    return found == networks_.end() ? nullptr : found->second.bridge.get();
}

void NetworkStore::addEndpoint(const std::string& networkId, EndpointInfo endpoint) {
    std::lock_guard lock(mutex_);
    std::string containerId = endpoint.containerId;
    endpoints_[networkId][containerId] = std::move(endpoint);
}

void NetworkStore::removeEndpoint(const std::string& networkId, const std::string& containerId) {
    std::lock_guard lock(mutex_);
    if (auto found = endpoints_.find(networkId); found != endpoints_.end()) {
        found->second.erase(containerId);
    }
}

std::vector<EndpointInfo> NetworkStore::endpoints(const std::string& networkId) const {
    std::lock_guard lock(mutex_);
    std::vector<EndpointInfo> result;
    if (auto found = endpoints_.find(networkId); found != endpoints_.end()) {
        for (const auto& [containerId, endpoint] : found->second) {
            result.push_back(endpoint);
        }
    }
    return result;
}

void NetworkStore::setLinks(const std::string& containerId,
                            std::vector<std::pair<std::string, std::string>> aliasToTarget) {
    std::lock_guard lock(mutex_);
    links_[containerId] = std::move(aliasToTarget);
}

void NetworkStore::clearLinks(const std::string& containerId) {
    std::lock_guard lock(mutex_);
    links_.erase(containerId);
}

std::vector<Ipv4Address> NetworkStore::resolve(const std::string& containerId,
                                               std::string_view name) const {
    std::string wanted = lowered(name);
    if (wanted.ends_with('.')) {
        wanted.pop_back();
    }
    std::vector<Ipv4Address> result;
    if (wanted.empty()) {
        return result;
    }
    std::lock_guard lock(mutex_);
    std::string linkTarget;
    if (auto links = links_.find(containerId); links != links_.end()) {
        for (const auto& [alias, targetId] : links->second) {
            if (lowered(alias) == wanted) {
                linkTarget = targetId;
            }
        }
    }
    for (const auto& [networkId, members] : endpoints_) {
        // Only user networks have the embedded DNS, and only their members may ask.
        if (!networks_.contains(networkId) || !members.contains(containerId)) {
            continue;
        }
        if (!linkTarget.empty()) {
            if (auto target = members.find(linkTarget); target != members.end()) {
                return {target->second.address};
            }
        }
        // As in Docker, "db.appnet" names db on network appnet only.
        std::vector<std::string> names{wanted};
        std::string suffix = "." + lowered(networks_.at(networkId).info.name);
        if (wanted.size() > suffix.size() && wanted.ends_with(suffix)) {
            names.push_back(wanted.substr(0, wanted.size() - suffix.size()));
        }
        for (const auto& [memberId, endpoint] : members) {
            bool matches = false;
            for (const std::string& candidate : names) {
                matches = matches || lowered(endpoint.containerName) == candidate ||
                          (candidate.size() == 12 && memberId.starts_with(candidate));
                for (const std::string& alias : endpoint.aliases) {
                    matches = matches || lowered(alias) == candidate;
                }
            }
            if (matches && std::ranges::find(result, endpoint.address) == result.end()) {
                result.push_back(endpoint.address);
            }
        }
    }
    return result;
}

void NetworkStore::publishEvent(std::string_view action, const NetworkInfo& network,
                                const std::string& containerId) const {
    if (events_) {
        events_(action, network, containerId);
    }
}

} // namespace berth::network

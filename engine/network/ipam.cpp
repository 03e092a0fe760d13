#include "network/ipam.h"

#include "common/fs.h"
#include "common/log.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace berth::network {
namespace {

// The file's content; NotFound also when a power loss left it empty.
Result<std::string> readPoolFile(const std::filesystem::path& statePath) {
    auto content = fs::readFile(statePath);
    if (content && content->empty()) {
        return fail(ErrorKind::NotFound, fmt::format("{} is empty", statePath.string()));
    }
    return content;
}

} // namespace

AddressPool::AddressPool(std::filesystem::path statePath, const Ipv4Subnet& subnet,
                         Ipv4Address gateway)
    : statePath_(std::move(statePath))
    , subnet_(subnet)
    , gateway_(gateway) {}

Result<std::unique_ptr<AddressPool>> AddressPool::open(const std::filesystem::path& statePath,
                                                       const Ipv4Subnet& subnet,
                                                       std::optional<Ipv4Address> gateway) {
    if (subnet.prefixLength > 30) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("subnet {} is too small for a bridge network: the prefix "
                                "length must be at most 30",
                                formatSubnet(subnet)));
    }
    Ipv4Address gatewayAddress = gateway.value_or(Ipv4Address{subnet.base.value + 1});
    if (!subnet.contains(gatewayAddress) || gatewayAddress == subnet.base ||
        gatewayAddress == subnet.broadcast()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("gateway {} is not a host address of subnet {}",
                                formatIpv4(gatewayAddress), formatSubnet(subnet)));
    }
    std::unique_ptr<AddressPool> pool(new AddressPool(statePath, subnet, gatewayAddress));
    auto content = readPoolFile(statePath);
    if (content) {
        if (auto loaded = pool->load(*content); !loaded) {
            return std::unexpected(loaded.error());
        }
        return pool;
    }
    if (content.error().kind != ErrorKind::NotFound) {
        return std::unexpected(content.error().context("load address pool"));
    }
    if (std::filesystem::exists(statePath)) {
        log::warning("address pool {} is empty, as a power loss can leave it; starting with "
                     "no addresses allocated",
                     statePath.string());
    }
    if (auto made = fs::makeDirectories(statePath.parent_path(), 0700); !made) {
        return std::unexpected(made.error());
    }
    if (auto saved = pool->save(fs::Durability::Synced); !saved) {
        return std::unexpected(saved.error());
    }
    return pool;
}

Result<std::optional<Ipv4Subnet>>
AddressPool::storedSubnet(const std::filesystem::path& statePath) {
    auto content = readPoolFile(statePath);
    if (!content) {
        if (content.error().kind == ErrorKind::NotFound) {
            return std::nullopt;
        }
        return std::unexpected(content.error().context("load address pool"));
    }
    nlohmann::json json = nlohmann::json::parse(*content, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("Subnet") ||
        !json["Subnet"].is_string()) {
        return fail(ErrorKind::System,
                    fmt::format("load address pool {}: invalid JSON", statePath.string()));
    }
    auto subnet = parseSubnet(json["Subnet"].get<std::string>());
    if (!subnet) {
        return std::unexpected(
            subnet.error().context(fmt::format("load address pool {}", statePath.string())));
    }
    return *subnet;
}

Result<void> AddressPool::load(std::string_view content) {
    nlohmann::json json = nlohmann::json::parse(content, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorKind::System,
                    fmt::format("load address pool {}: invalid JSON", statePath_.string()));
    }
    auto stored = parseSubnet(json.value("Subnet", ""));
    if (!stored) {
        return std::unexpected(
            stored.error().context(fmt::format("load address pool {}", statePath_.string())));
    }
    if (*stored != subnet_) {
        return fail(ErrorKind::Conflict,
                    fmt::format("address pool {} is for subnet {}, not {}", statePath_.string(),
                                formatSubnet(*stored), formatSubnet(subnet_)));
    }
    nlohmann::json allocations = json.value("Allocations", nlohmann::json::object());
    for (auto& [text, owner] : allocations.items()) {
        auto address = parseIpv4(text);
        if (!address || !subnet_.contains(*address) || !owner.is_string()) {
            return fail(ErrorKind::System, fmt::format("load address pool {}: invalid entry {}",
                                                       statePath_.string(), text));
        }
        owners_[*address] = owner.get<std::string>();
    }
    return {};
}

Result<void> AddressPool::save(fs::Durability durability) const {
    nlohmann::json allocations = nlohmann::json::object();
    for (const auto& [address, owner] : owners_) {
        allocations[formatIpv4(address)] = owner;
    }
    nlohmann::json json = {{"Subnet", formatSubnet(subnet_)},
                           {"Gateway", formatIpv4(gateway())},
                           {"Allocations", allocations}};
    auto written = fs::writeFileAtomic(statePath_, json.dump(2) + "\n", 0600, durability);
    if (!written) {
        return std::unexpected(written.error().context("save address pool"));
    }
    return {};
}

Ipv4Address AddressPool::gateway() const {
    return gateway_;
}

Result<Ipv4Address> AddressPool::allocate(std::string_view owner) {
    std::lock_guard lock(mutex_);
    for (const auto& [address, holder] : owners_) {
        if (holder == owner) {
            return address;
        }
    }
    uint32_t first = subnet_.base.value + 1;
    uint32_t last = subnet_.broadcast().value - 1;
    if (dynamicRange_) {
        first = std::max(first, dynamicRange_->base.value);
        last = std::min(last, dynamicRange_->broadcast().value);
    }
    for (uint32_t candidate = first; candidate <= last; ++candidate) {
        Ipv4Address address{candidate};
        if (address == gateway_ || owners_.contains(address)) {
            continue;
        }
        owners_[address] = std::string(owner);
        if (auto saved = save(fs::Durability::Volatile); !saved) {
            owners_.erase(address);
            return std::unexpected(saved.error());
        }
        return address;
    }
    return fail(ErrorKind::Conflict,
                fmt::format("no available IPv4 addresses on subnet {}", formatSubnet(subnet_)));
}

Result<Ipv4Address> AddressPool::allocateSpecific(std::string_view owner, Ipv4Address requested) {
    if (!subnet_.contains(requested) || requested == gateway() || requested == subnet_.base ||
        requested == subnet_.broadcast()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid address {}: it is not a free host address of subnet {}",
                                formatIpv4(requested), formatSubnet(subnet_)));
    }
    std::lock_guard lock(mutex_);
    if (auto held = owners_.find(requested); held != owners_.end()) {
        if (held->second == owner) {
            return requested;
        }
        return fail(ErrorKind::Conflict,
                    fmt::format("Address already in use: {}", formatIpv4(requested)));
    }
    for (auto it = owners_.begin(); it != owners_.end(); ++it) {
        if (it->second == owner) {
            owners_.erase(it);
            break;
        }
    }
    owners_[requested] = std::string(owner);
    if (auto saved = save(fs::Durability::Volatile); !saved) {
        owners_.erase(requested);
        return std::unexpected(saved.error());
    }
    return requested;
}

Result<void> AddressPool::setDynamicRange(const Ipv4Subnet& range) {
    if (!subnet_.contains(range.base) || !subnet_.contains(range.broadcast())) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("IP range {} is not inside subnet {}", formatSubnet(range),
                                formatSubnet(subnet_)));
    }
    std::lock_guard lock(mutex_);
    dynamicRange_ = range;
    return {};
}

Result<void> AddressPool::release(std::string_view owner) {
    std::lock_guard lock(mutex_);
    for (auto it = owners_.begin(); it != owners_.end(); ++it) {
        if (it->second != owner) {
            continue;
        }
        std::pair<Ipv4Address, std::string> removed = *it;
        owners_.erase(it);
        if (auto saved = save(fs::Durability::Volatile); !saved) {
            owners_.insert(removed);
            return std::unexpected(saved.error());
        }
        return {};
    }
    return {};
}

std::optional<Ipv4Address> AddressPool::addressOf(std::string_view owner) const {
    std::lock_guard lock(mutex_);
    for (const auto& [address, holder] : owners_) {
        if (holder == owner) {
            return address;
        }
    }
    return std::nullopt;
}

std::map<Ipv4Address, std::string> AddressPool::allocations() const {
    std::lock_guard lock(mutex_);
    return owners_;
}

} // namespace berth::network

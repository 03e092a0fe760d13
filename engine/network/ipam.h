#pragma once

// Address management for one bridge network: the gateway takes the first host address,
// containers get the lowest free one after it. Every change is written to a JSON file with
// fs::writeFileAtomic before it is returned, so a restarted daemon never hands out an
// address that a running container still uses.

#include "common/error.h"
#include "network/address.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace berth::network {

class AddressPool final {
public:
    // Loads the pool from statePath, or creates it for subnet when the file is missing. A
    // file written for another subnet is a Conflict: the caller decides what to do.
    [[nodiscard]] static Result<std::unique_ptr<AddressPool>>
    open(const std::filesystem::path& statePath, const Ipv4Subnet& subnet);

    // The subnet recorded in statePath; nullopt when the file does not exist.
    [[nodiscard]] static Result<std::optional<Ipv4Subnet>>
    storedSubnet(const std::filesystem::path& statePath);

    [[nodiscard]] const Ipv4Subnet& subnet() const { return subnet_; }
    [[nodiscard]] Ipv4Address gateway() const;

    // Hands out the lowest free address to owner (a container id). An owner that already
    // holds an address gets the same one back. Conflict when the subnet is full.
    [[nodiscard]] Result<Ipv4Address> allocate(std::string_view owner);

    // Frees the address of owner; releasing an owner without one is not an error.
    [[nodiscard]] Result<void> release(std::string_view owner);

    [[nodiscard]] std::optional<Ipv4Address> addressOf(std::string_view owner) const;
    [[nodiscard]] std::map<Ipv4Address, std::string> allocations() const;

private:
    AddressPool(std::filesystem::path statePath, const Ipv4Subnet& subnet);
    [[nodiscard]] Result<void> load(std::string_view content);
    [[nodiscard]] Result<void> save() const;

    std::filesystem::path statePath_;
    Ipv4Subnet subnet_;
    mutable std::mutex mutex_;
    std::map<Ipv4Address, std::string> owners_; // guarded by mutex_
};

} // namespace berth::network

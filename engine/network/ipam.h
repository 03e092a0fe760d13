#pragma once

// Address management for one bridge network: the gateway takes the first host address,
// containers get the lowest free one after it. Every change is written to a JSON file with
// fs::writeFileAtomic before it is returned, so a restarted daemon never hands out an
// address that a running container still uses.
//
// Only the file's first version, which fixes the subnet, is fsynced. Allocations matter
// only while their containers run, and the failures that lose an unsynced write (a power
// loss, a kernel crash) end every container too. A daemon crash loses nothing, because
// the page cache outlives the process. The two fsyncs per container took 5 to 25 ms each
// on a busy disk (berth-bench-run on a loaded 2-core machine), a start's and an exit's
// largest network cost. A file left empty by a power loss is read as a missing one.

#include "common/error.h"
#include "common/fs.h"
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
    // Loads the pool from statePath, or creates it for subnet when the file is missing or
    // empty. A
    // file written for another subnet is a Conflict: the caller decides what to do. The
    // gateway is the first host address unless one is given.
    [[nodiscard]] static Result<std::unique_ptr<AddressPool>>
    open(const std::filesystem::path& statePath, const Ipv4Subnet& subnet,
         std::optional<Ipv4Address> gateway = std::nullopt);

    // The subnet recorded in statePath; nullopt when the file is missing or empty.
    [[nodiscard]] static Result<std::optional<Ipv4Subnet>>
    storedSubnet(const std::filesystem::path& statePath);

    [[nodiscard]] const Ipv4Subnet& subnet() const { return subnet_; }
    [[nodiscard]] Ipv4Address gateway() const;

    // Hands out the lowest free address to owner (a container id), inside the dynamic
    // range when one is set. An owner that already has an address gets the same one back.
    // Conflict when the range is full.
    [[nodiscard]] Result<Ipv4Address> allocate(std::string_view owner);

    // Gives owner the requested address (--ip). InvalidArgument when it is outside the
    // subnet or is the gateway; Conflict when another owner has it.
    [[nodiscard]] Result<Ipv4Address> allocateSpecific(std::string_view owner,
                                                       Ipv4Address requested);

    // Restricts allocate() to range, which must lie inside the subnet (IPAM IPRange).
    [[nodiscard]] Result<void> setDynamicRange(const Ipv4Subnet& range);

    // Frees the address of owner; releasing an owner without one is not an error.
    [[nodiscard]] Result<void> release(std::string_view owner);

    [[nodiscard]] std::optional<Ipv4Address> addressOf(std::string_view owner) const;
    [[nodiscard]] std::map<Ipv4Address, std::string> allocations() const;

private:
    AddressPool(std::filesystem::path statePath, const Ipv4Subnet& subnet, Ipv4Address gateway);
    [[nodiscard]] Result<void> load(std::string_view content);
    [[nodiscard]] Result<void> save(fs::Durability durability) const;

    std::filesystem::path statePath_;
    Ipv4Subnet subnet_;
    Ipv4Address gateway_;
    std::optional<Ipv4Subnet> dynamicRange_;
    mutable std::mutex mutex_;
    std::map<Ipv4Address, std::string> owners_; // guarded by mutex_
};

} // namespace berth::network

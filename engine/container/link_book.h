#pragma once

// The --link records of running containers, kept apart from the containers' own locks.
// A container that starts with links reads its targets here. A target that comes back
// with a new address finds here the hosts files that name it. Neither locks the other
// container, so two containers that link to each other and start at once cannot deadlock.
// The book's mutex is a leaf: nothing else is locked while it is held.

#include "network/etc_files.h"
#include "network/link_env.h"

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::container {

// A running container as a link target, or as the network that --network container:NAME
// joins.
struct LinkTargetView {
    std::string name; // without the leading slash
    std::string hostname;
    std::string address; // "" when it is not on the default bridge
    std::vector<network::ContainerPort> exposedPorts;
    std::vector<std::string> env;
    pid_t initPid = 0;
    uint64_t initStartTime = 0;
    std::filesystem::path hostsFile;
    std::filesystem::path hostnameFile;
    std::filesystem::path resolvConfFile;
};

// A running container with links.
struct LinkerView {
    std::filesystem::path hostsPath;
    network::HostsRequest hosts; // its own entries; the link entries come from the targets
    std::vector<std::pair<std::string, std::string>> links; // target id, alias
};

class LinkBook final {
public:
    // Records a started container, on the bridge or not.
    void addRunning(const std::string& id, LinkTargetView view);
    void addLinker(const std::string& id, LinkerView view);
    // Forgets a stopped container as a target and as a linker.
    void remove(const std::string& id);

    // Returns the record of a running container, or nullopt when it is not running.
    [[nodiscard]] std::optional<LinkTargetView> running(const std::string& id) const;

    // Returns the path and new content of the hosts file of every running container that
    // links to targetId, with the targets' current addresses.
    [[nodiscard]] std::vector<std::pair<std::filesystem::path, std::string>>
    hostsFilesLinkingTo(const std::string& targetId) const;

    // Returns the hosts entries of linker's links whose targets are on the bridge.
    [[nodiscard]] std::vector<network::HostsEntry> linkEntries(const LinkerView& linker) const;

private:
    [[nodiscard]] std::vector<network::HostsEntry>
    linkEntriesLocked(const LinkerView& linker) const;

    mutable std::mutex mutex_;
    std::map<std::string, LinkTargetView> running_;
    std::map<std::string, LinkerView> linkers_;
};

} // namespace berth::container

#include "container/link_book.h"

#include <algorithm>

namespace berth::container {

void LinkBook::addRunning(const std::string& id, LinkTargetView view) {
    std::lock_guard lock(mutex_);
    running_[id] = std::move(view);
}

void LinkBook::addLinker(const std::string& id, LinkerView view) {
    std::lock_guard lock(mutex_);
    linkers_[id] = std::move(view);
}

void LinkBook::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    running_.erase(id);
    linkers_.erase(id);
}

std::optional<LinkTargetView> LinkBook::running(const std::string& id) const {
    std::lock_guard lock(mutex_);
    if (auto it = running_.find(id); it != running_.end()) {
        return it->second;
    }
    return std::nullopt;
}

std::vector<network::HostsEntry> LinkBook::linkEntries(const LinkerView& linker) const {
    std::lock_guard lock(mutex_);
    return linkEntriesLocked(linker);
}

std::vector<network::HostsEntry> LinkBook::linkEntriesLocked(const LinkerView& linker) const {
    std::vector<network::HostsEntry> entries;
    for (const auto& [targetId, alias] : linker.links) {
        auto it = running_.find(targetId);
        if (it != running_.end() && !it->second.address.empty()) {
            const LinkTargetView& target = it->second;
            entries.push_back(
                network::linkHostsEntry(target.address, alias, target.hostname, target.name));
        }
    }
    return entries;
}

std::vector<std::pair<std::filesystem::path, std::string>>
LinkBook::hostsFilesLinkingTo(const std::string& targetId) const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::filesystem::path, std::string>> files;
    for (const auto& [id, linker] : linkers_) {
        bool linksToTarget = std::ranges::any_of(
            linker.links, [&](const auto& link) { return link.first == targetId; });
        if (!linksToTarget || !running_.contains(id)) {
            continue;
        }
        network::HostsRequest hosts = linker.hosts;
        hosts.links = linkEntriesLocked(linker);
        files.emplace_back(linker.hostsPath, network::hostsFileContent(hosts));
    }
    return files;
}

} // namespace berth::container

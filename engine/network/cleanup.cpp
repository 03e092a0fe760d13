#include "network/bridge_network.h"

#include "common/log.h"
#include "network/netlink.h"

#include <fmt/format.h>

namespace berth::network {
namespace {

// Deletes the bridge and every link enslaved to it (the host ends of veth pairs). Returns
// false when there was no such bridge.
Result<bool> removeBridge(NetlinkSocket& socket, const std::string& bridgeName) {
    auto bridge = socket.link(bridgeName);
    if (!bridge) {
        if (bridge.error().kind == ErrorKind::NotFound) {
            return false;
        }
        return std::unexpected(bridge.error());
    }
    if (bridge->type != "bridge") {
        log::warning("cleanup: link {} is a {}, not a bridge; left alone", bridgeName,
                     bridge->type);
        return false;
    }
    auto links = socket.links();
    if (!links) {
        return std::unexpected(links.error());
    }
    for (const LinkInfo& port : *links) {
        if (port.masterIndex != bridge->index) {
            continue;
        }
        if (auto deleted = socket.deleteLink(port.name); !deleted) {
            return std::unexpected(deleted.error());
        }
    }
    if (auto deleted = socket.deleteLink(bridgeName); !deleted) {
        return std::unexpected(deleted.error());
    }
    return true;
}

} // namespace

Result<void> cleanupNetworking(const std::filesystem::path& stateDir, std::string_view tableName) {
    auto socket = NetlinkSocket::open();
    if (!socket) {
        return std::unexpected(socket.error().context("clean up networking"));
    }
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(stateDir, ec)) {
        if (entry.path().extension() != ".json") {
            continue;
        }
        std::string bridgeName = entry.path().stem().string();
        auto removed = removeBridge(*socket, bridgeName);
        if (!removed) {
            return std::unexpected(removed.error().context("clean up networking"));
        }
        if (*removed) {
            log::info("cleanup: removed bridge {}", bridgeName);
        }
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
        return fail(ErrorKind::System, fmt::format("clean up networking: list {}: {}",
                                                   stateDir.string(), ec.message()));
    }
    if (auto deleted = deleteNatTable(tableName); !deleted) {
        return std::unexpected(deleted.error().context("clean up networking"));
    }
    return {};
}

} // namespace berth::network

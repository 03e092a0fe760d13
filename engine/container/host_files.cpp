#include "container/host_files.h"

#include "common/fs.h"
#include "network/dns_server.h"

namespace berth::container {
namespace {

// The host's resolv.conf without loopback nameservers and with the container's DNS
// options. When the embedded answerer serves the container, its address replaces the
// nameservers, and the answerer forwards to the --dns ones.
std::string resolvConfOf(const Container& container, bool embeddedDns) {
    std::string hostResolvConf = fs::readFile("/etc/resolv.conf").value_or("");
    network::ResolvConfOverrides overrides{container.hostConfig.dns, container.hostConfig.dnsSearch,
                                           container.hostConfig.dnsOptions};
    if (embeddedDns) {
        overrides.nameservers = {std::string(network::kEmbeddedDnsAddress)};
    }
    return network::containerResolvConf(hostResolvConf, overrides);
}

} // namespace

network::HostsRequest hostsRequestOf(const Container& container, std::string_view hostname,
                                     std::string_view address) {
    network::HostsRequest hosts{std::string(hostname),
                                container.config.domainname,
                                container.name,
                                std::string(address.empty() ? "127.0.1.1" : address),
                                {},
                                {}};
    for (const std::string& entry : container.hostConfig.extraHosts) {
        // --add-host NAME:ADDRESS; the address may be IPv6 and hold colons itself.
        size_t colon = entry.find(':');
        if (colon != std::string::npos) {
            hosts.extraHosts.push_back({entry.substr(colon + 1), {entry.substr(0, colon)}});
        }
    }
    return hosts;
}

Result<void> writeHostFiles(const Container& container, std::string_view hostname,
                            const network::HostsRequest& hosts, bool embeddedDns) {
    // Regenerated at every start, so they need no fsync to survive a crash.
    constexpr auto durability = fs::Durability::Volatile;
    if (auto written = fs::writeFileAtomic(container.hostsPath(), network::hostsFileContent(hosts),
                                           0644, durability);
        !written) {
        return written;
    }
    if (auto written = fs::writeFileAtomic(
            container.hostnamePath(), network::hostnameFileContent(hostname), 0644, durability);
        !written) {
        return written;
    }
    return fs::writeFileAtomic(container.resolvConfPath(), resolvConfOf(container, embeddedDns),
                               0644, durability);
}

Result<void> rewriteResolvConf(const Container& container, bool embeddedDns) {
    return fs::overwriteFile(container.resolvConfPath(), resolvConfOf(container, embeddedDns));
}

std::vector<network::Ipv4Address> dnsUpstreamsOf(const Container& container) {
    std::vector<network::Ipv4Address> upstreams;
    for (const std::string& server : container.hostConfig.dns) {
        if (auto address = network::parseIpv4(server)) {
            upstreams.push_back(*address);
        }
    }
    return upstreams;
}

} // namespace berth::container

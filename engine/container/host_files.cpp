#include "container/host_files.h"

#include "common/fs.h"

namespace berth::container {

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
    std::string hostResolvConf = fs::readFile("/etc/resolv.conf").value_or("");
    network::ResolvConfOverrides overrides{container.hostConfig.dns, container.hostConfig.dnsSearch,
                                           container.hostConfig.dnsOptions};
    if (embeddedDns) {
        overrides.nameservers = {"127.0.0.11"};
    }
    return fs::writeFileAtomic(container.resolvConfPath(),
                               network::containerResolvConf(hostResolvConf, overrides), 0644,
                               durability);
}

} // namespace berth::container

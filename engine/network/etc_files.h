#pragma once

// Contents of the /etc/hosts, /etc/hostname and /etc/resolv.conf the daemon generates for
// a container and bind-mounts over the image's files. Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

struct HostsEntry {
    std::string address;
    std::vector<std::string> names;
};

struct HostsRequest {
    std::string hostname;   // the container's hostname, by default its 12-character id
    std::string domainname; // "" when none
    std::string name;       // the container's name without the leading slash
    std::string address;    // "" when the container has no bridge address
    // `--link` targets: alias, target hostname, and the target's name when it differs.
    std::vector<HostsEntry> links;
    std::vector<HostsEntry> extraHosts; // --add-host
};

// The localhost lines, --add-host entries, link entries, then the container's own line
// (its hostname and name).
[[nodiscard]] std::string hostsFileContent(const HostsRequest& request);

// The hosts entry Docker writes for a link: "ADDR alias hostname name".
[[nodiscard]] HostsEntry linkHostsEntry(std::string_view address, std::string_view alias,
                                        std::string_view targetHostname,
                                        std::string_view targetName);

[[nodiscard]] std::string hostnameFileContent(std::string_view hostname);

struct ResolvConfOverrides {
    std::vector<std::string> nameservers; // --dns: replaces the host's nameservers
    std::vector<std::string> searches;    // --dns-search: replaces search and domain
    std::vector<std::string> options;     // --dns-option: replaces options
};

// The host's resolv.conf without loopback nameservers (127.0.0.0/8, ::1), which cannot
// be reached from a container's network namespace. When none remains, the result has no
// nameserver line: the container then has no DNS rather than a resolver the user did
// not choose.
[[nodiscard]] std::string containerResolvConf(std::string_view hostResolvConf,
                                              const ResolvConfOverrides& overrides = {});

// True for a loopback nameserver address, v4 or v6.
[[nodiscard]] bool isLoopbackNameserver(std::string_view address);

} // namespace berth::network

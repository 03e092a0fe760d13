#include "container/host_files.h"

#include "common/fs.h"

#include <fmt/format.h>

#include <sstream>

namespace berth::container {

namespace {

bool isLoopbackAddress(std::string_view address) {
    return address.starts_with("127.") || address == "::1";
}

} // namespace

std::string hostsFileContent(std::string_view hostname,
                             const std::vector<std::string>& extraHosts) {
    std::string content = "127.0.0.1\tlocalhost\n"
                          "::1\tlocalhost ip6-localhost ip6-loopback\n"
                          "fe00::0\tip6-localnet\n"
                          "ff00::0\tip6-mcastprefix\n"
                          "ff02::1\tip6-allnodes\n"
                          "ff02::2\tip6-allrouters\n";
    // The container has only loopback for now, so its own name resolves there.
    content += fmt::format("127.0.1.1\t{}\n", hostname);
    for (const auto& entry : extraHosts) {
        // --add-host name:ip
        size_t colon = entry.find(':');
        if (colon != std::string::npos) {
            content += fmt::format("{}\t{}\n", entry.substr(colon + 1), entry.substr(0, colon));
        }
    }
    return content;
}

std::string resolvConfContent(std::string_view hostResolvConf, const HostConfig& hostConfig) {
    std::vector<std::string> nameservers;
    std::vector<std::string> otherLines;
    std::istringstream input{std::string(hostResolvConf)};
    std::string line;
    while (std::getline(input, line)) {
        std::istringstream words(line);
        std::string keyword;
        std::string value;
        words >> keyword >> value;
        if (keyword == "nameserver") {
            if (!isLoopbackAddress(value)) {
                nameservers.push_back(value);
            }
        } else if (keyword == "search" && !hostConfig.dnsSearch.empty()) {
            continue;
        } else if (keyword == "options" && !hostConfig.dnsOptions.empty()) {
            continue;
        } else if (!line.empty() && line[0] != '#') {
            otherLines.push_back(line);
        }
    }
    if (!hostConfig.dns.empty()) {
        nameservers = hostConfig.dns;
    }
    std::string content;
    for (const auto& line : otherLines) {
        content += line + "\n";
    }
    if (!hostConfig.dnsSearch.empty()) {
        content += "search";
        for (const auto& domain : hostConfig.dnsSearch) {
            content += " " + domain;
        }
        content += "\n";
    }
    if (!hostConfig.dnsOptions.empty()) {
        content += "options";
        for (const auto& option : hostConfig.dnsOptions) {
            content += " " + option;
        }
        content += "\n";
    }
    for (const auto& server : nameservers) {
        content += "nameserver " + server + "\n";
    }
    return content;
}

Result<void> writeHostFiles(const Container& container, std::string_view hostname) {
    auto hosts = fs::writeFileAtomic(container.hostsPath(),
                                     hostsFileContent(hostname, container.hostConfig.extraHosts));
    if (!hosts) {
        return hosts;
    }
    auto name = fs::writeFileAtomic(container.hostnamePath(), fmt::format("{}\n", hostname));
    if (!name) {
        return name;
    }
    std::string hostResolvConf = fs::readFile("/etc/resolv.conf").value_or("");
    return fs::writeFileAtomic(container.resolvConfPath(),
                               resolvConfContent(hostResolvConf, container.hostConfig));
}

} // namespace berth::container

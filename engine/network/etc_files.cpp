#include "network/etc_files.h"

#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace berth::network {
namespace {

constexpr std::string_view kLocalhostLines = "127.0.0.1\tlocalhost\n"
                                             "::1\tlocalhost ip6-localhost ip6-loopback\n"
                                             "fe00::0\tip6-localnet\n"
                                             "ff00::0\tip6-mcastprefix\n"
                                             "ff02::1\tip6-allnodes\n"
                                             "ff02::2\tip6-allrouters\n";

void appendEntry(std::string& out, const HostsEntry& entry) {
    out += entry.address;
    out += '\t';
    for (size_t i = 0; i < entry.names.size(); ++i) {
        if (i > 0) {
            out += ' ';
        }
        out += entry.names[i];
    }
    out += '\n';
}

std::vector<std::string> splitWords(std::string_view line) {
    std::vector<std::string> words;
    std::istringstream stream{std::string(line)};
    std::string word;
    while (stream >> word) {
        words.push_back(word);
    }
    return words;
}

} // namespace

std::string hostsFileContent(const HostsRequest& request) {
    std::string out(kLocalhostLines);
    for (const HostsEntry& entry : request.extraHosts) {
        appendEntry(out, entry);
    }
    for (const HostsEntry& entry : request.links) {
        appendEntry(out, entry);
    }
    if (request.address.empty()) {
        return out;
    }
    HostsEntry own{request.address, {}};
    if (!request.domainname.empty()) {
        own.names.push_back(fmt::format("{}.{}", request.hostname, request.domainname));
    }
    own.names.push_back(request.hostname);
    if (!request.name.empty() && request.name != request.hostname) {
        own.names.push_back(request.name);
    }
    appendEntry(out, own);
    return out;
}

HostsEntry linkHostsEntry(std::string_view address, std::string_view alias,
                          std::string_view targetHostname, std::string_view targetName) {
    HostsEntry entry{std::string(address), {std::string(alias), std::string(targetHostname)}};
    if (targetName.starts_with('/')) {
        targetName.remove_prefix(1);
    }
    if (!targetName.empty() && targetName != alias) {
        entry.names.emplace_back(targetName);
    }
    return entry;
}

std::string hostnameFileContent(std::string_view hostname) {
    return fmt::format("{}\n", hostname);
}

bool isLoopbackNameserver(std::string_view address) {
    // Strip a zone ("fe80::1%eth0") before comparing.
    address = address.substr(0, address.find('%'));
    return address.starts_with("127.") || address == "::1" || address == "0:0:0:0:0:0:0:1";
}

std::string containerResolvConf(std::string_view hostResolvConf,
                                const ResolvConfOverrides& overrides) {
    std::vector<std::string> nameservers;
    std::vector<std::string> searchLines;
    std::vector<std::string> optionLines;
    std::vector<std::string> otherLines;

    std::istringstream stream{std::string(hostResolvConf)};
    std::string line;
    while (std::getline(stream, line)) {
        std::vector<std::string> words = splitWords(line);
        if (words.empty() || words[0].starts_with('#') || words[0].starts_with(';')) {
            continue;
        }
        if (words[0] == "nameserver" && words.size() >= 2) {
            if (!isLoopbackNameserver(words[1])) {
                nameservers.push_back(words[1]);
            }
        } else if (words[0] == "search" || words[0] == "domain") {
            searchLines.push_back(line);
        } else if (words[0] == "options") {
            optionLines.push_back(line);
        } else {
            otherLines.push_back(line);
        }
    }

    if (!overrides.nameservers.empty()) {
        nameservers = overrides.nameservers;
    }
    if (!overrides.searches.empty()) {
        searchLines = {"search " + fmt::format("{}", fmt::join(overrides.searches, " "))};
    }
    if (!overrides.options.empty()) {
        optionLines = {"options " + fmt::format("{}", fmt::join(overrides.options, " "))};
    }

    std::string out;
    for (const std::string& entry : searchLines) {
        out += entry + "\n";
    }
    for (const std::string& server : nameservers) {
        out += fmt::format("nameserver {}\n", server);
    }
    for (const std::string& entry : optionLines) {
        out += entry + "\n";
    }
    for (const std::string& entry : otherLines) {
        out += entry + "\n";
    }
    return out;
}

} // namespace berth::network

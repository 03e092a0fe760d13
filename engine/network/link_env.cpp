#include "network/link_env.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace berth::network {
namespace {

std::string envPrefix(std::string_view alias) {
    std::string prefix;
    for (unsigned char c : alias) {
        prefix += c == '-' ? '_' : char(std::toupper(c));
    }
    return prefix;
}

std::string upper(std::string_view text) {
    std::string result(text);
    std::ranges::transform(result, result.begin(), [](unsigned char c) { return std::toupper(c); });
    return result;
}

// Ports by number, tcp before any other protocol on the same number.
bool portBefore(const ContainerPort& a, const ContainerPort& b) {
    if (a.port != b.port) {
        return a.port < b.port;
    }
    return a.protocol == "tcp" && b.protocol != "tcp";
}

void addRangeGroup(std::vector<std::string>& env, const std::string& prefix,
                   const std::string& address, const std::string& protocol, unsigned first,
                   unsigned last) {
    std::string head = fmt::format("{}_PORT_{}_{}", prefix, first, upper(protocol));
    env.push_back(fmt::format("{}_START={}://{}:{}", head, protocol, address, first));
    env.push_back(fmt::format("{}_ADDR={}", head, address));
    env.push_back(fmt::format("{}_PORT_START={}", head, first));
    env.push_back(fmt::format("{}_PORT_END={}", head, last));
    env.push_back(fmt::format("{}_PROTO={}", head, protocol));
}

// Docker describes every run of two or more consecutive ports of one protocol once more
// as a range.
void addRangeGroups(std::vector<std::string>& env, const std::string& prefix,
                    const std::string& address, const std::vector<ContainerPort>& ports) {
    size_t start = 0;
    for (size_t i = 1; i <= ports.size(); ++i) {
        bool continues = i < ports.size() && ports[i].protocol == ports[start].protocol &&
                         ports[i].port == ports[i - 1].port + 1;
        if (continues) {
            continue;
        }
        if (i - 1 > start) {
            addRangeGroup(env, prefix, address, ports[start].protocol, ports[start].port,
                          ports[i - 1].port);
        }
        start = i;
    }
}

} // namespace

std::vector<std::string> linkEnvironment(const LinkTarget& target) {
    std::string prefix = envPrefix(target.alias);
    std::vector<ContainerPort> ports = target.exposedPorts;
    std::ranges::sort(ports, portBefore);
    std::vector<std::string> env;

    if (!ports.empty()) {
        const ContainerPort& lowest = ports.front();
        env.push_back(fmt::format("{}_PORT={}://{}:{}", prefix, lowest.protocol, target.address,
                                  lowest.port));
    }
    addRangeGroups(env, prefix, target.address, ports);
    for (const ContainerPort& port : ports) {
        std::string head = fmt::format("{}_PORT_{}_{}", prefix, port.port, upper(port.protocol));
        env.push_back(fmt::format("{}={}://{}:{}", head, port.protocol, target.address, port.port));
        env.push_back(fmt::format("{}_ADDR={}", head, target.address));
        env.push_back(fmt::format("{}_PORT={}", head, port.port));
        env.push_back(fmt::format("{}_PROTO={}", head, port.protocol));
    }

    std::string linker = target.linkerName;
    if (!linker.starts_with('/')) {
        linker.insert(linker.begin(), '/');
    }
    env.push_back(fmt::format("{}_NAME={}/{}", prefix, linker, target.alias));

    for (const std::string& entry : target.env) {
        size_t equals = entry.find('=');
        if (equals == std::string::npos) {
            continue;
        }
        std::string_view key(entry.data(), equals);
        if (key == "HOME" || key == "PATH" || key == "HOSTNAME") {
            continue;
        }
        env.push_back(fmt::format("{}_ENV_{}", prefix, entry));
    }
    return env;
}

} // namespace berth::network

#include "network/nat_table.h"

#include <nftables/libnftables.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace berth::network {
namespace {

// The whole table as one nft transaction. Chains are flushed and refilled so that a table
// left by an older daemon gets today's rules; set and map elements are kept.
std::string tableDefinition(std::string_view name) {
    return fmt::format(
        R"(add table ip {0}
add set ip {0} bridge-subnets {{ type ipv4_addr; flags interval; }}
add set ip {0} bridges {{ type ifname; }}
add set ip {0} bridge-self {{ type ifname . ifname; }}
add set ip {0} internal-bridges {{ type ifname; }}
add map ip {0} published-tcp {{ type inet_service : ipv4_addr . inet_service; }}
add map ip {0} published-udp {{ type inet_service : ipv4_addr . inet_service; }}
add map ip {0} published-tcp-on {{ type ipv4_addr . inet_service : ipv4_addr . inet_service; }}
add map ip {0} published-udp-on {{ type ipv4_addr . inet_service : ipv4_addr . inet_service; }}
add map ip {0} loopback-tcp {{ type inet_service : ipv4_addr . inet_service; }}
add map ip {0} loopback-udp {{ type inet_service : ipv4_addr . inet_service; }}
add map ip {0} loopback-tcp-on {{ type ipv4_addr . inet_service : ipv4_addr . inet_service; }}
add map ip {0} loopback-udp-on {{ type ipv4_addr . inet_service : ipv4_addr . inet_service; }}
add chain ip {0} prerouting {{ type nat hook prerouting priority dstnat; policy accept; }}
add chain ip {0} output {{ type nat hook output priority -100; policy accept; }}
add chain ip {0} publish
add chain ip {0} publish-loopback
add chain ip {0} postrouting {{ type nat hook postrouting priority srcnat; policy accept; }}
add chain ip {0} forward {{ type filter hook forward priority filter; policy accept; }}
add chain ip {0} loopback-guard {{ type filter hook prerouting priority raw; policy accept; }}
flush chain ip {0} prerouting
flush chain ip {0} output
flush chain ip {0} publish
flush chain ip {0} publish-loopback
flush map ip {0} loopback-tcp
flush map ip {0} loopback-udp
flush map ip {0} loopback-tcp-on
flush map ip {0} loopback-udp-on
flush chain ip {0} postrouting
flush chain ip {0} forward
flush chain ip {0} loopback-guard
add rule ip {0} prerouting fib daddr type local jump publish
add rule ip {0} output ip daddr != 127.0.0.0/8 fib daddr type local jump publish
add rule ip {0} output ip daddr 127.0.0.0/8 jump publish-loopback
add rule ip {0} publish dnat ip addr . port to ip daddr . tcp dport map @published-tcp-on
add rule ip {0} publish dnat ip addr . port to tcp dport map @published-tcp
add rule ip {0} publish dnat ip addr . port to ip daddr . udp dport map @published-udp-on
add rule ip {0} publish dnat ip addr . port to udp dport map @published-udp
add rule ip {0} publish-loopback dnat ip addr . port to ip daddr . tcp dport map @loopback-tcp-on
add rule ip {0} publish-loopback dnat ip addr . port to tcp dport map @loopback-tcp
add rule ip {0} publish-loopback dnat ip addr . port to ip daddr . udp dport map @loopback-udp-on
add rule ip {0} publish-loopback dnat ip addr . port to udp dport map @loopback-udp
add rule ip {0} postrouting ip saddr @bridge-subnets oifname != @bridges masquerade
add rule ip {0} postrouting ct status dnat ip saddr @bridge-subnets oifname @bridges masquerade
add rule ip {0} postrouting ip saddr 127.0.0.0/8 oifname @bridges masquerade
add rule ip {0} loopback-guard iifname @bridges ip daddr 127.0.0.0/8 drop
add rule ip {0} forward iifname @bridges oifname @bridges ct status dnat accept
add rule ip {0} forward iifname @bridges oifname @bridges iifname . oifname != @bridge-self drop
add rule ip {0} forward iifname @internal-bridges iifname . oifname != @bridge-self drop
add rule ip {0} forward oifname @internal-bridges iifname . oifname != @bridge-self drop
)",
        name);
}

Result<void> checkProtocol(std::string_view protocol) {
    if (protocol != "tcp" && protocol != "udp") {
        return fail(ErrorKind::Unsupported,
                    fmt::format("publishing {} ports is not supported", protocol));
    }
    return {};
}

// "published-tcp { 8080 : 10.1.0.2 . 80 }" and the like; prefix "loopback" names the maps
// that serve 127.0.0.0/8 while berthd is down.
std::string dnatElement(std::string_view table, const DnatRule& rule, bool withValue,
                        std::string_view prefix = "published") {
    std::string value =
        withValue ? fmt::format(" : {} . {}", formatIpv4(rule.containerAddress), rule.containerPort)
                  : "";
    if (rule.hostIp) {
        return fmt::format("ip {} {}-{}-on {{ {} . {}{} }}", table, prefix, rule.protocol,
                           formatIpv4(*rule.hostIp), rule.hostPort, value);
    }
    return fmt::format("ip {} {}-{} {{ {}{} }}", table, prefix, rule.protocol, rule.hostPort,
                       value);
}

// "tcp port 8080, udp port 53"
std::string describePorts(const std::vector<DnatRule>& rules) {
    std::vector<std::string> ports;
    for (const DnatRule& rule : rules) {
        ports.push_back(fmt::format("{} port {}", rule.protocol, rule.hostPort));
    }
    return fmt::format("{}", fmt::join(ports, ", "));
}

using ContextPtr = std::unique_ptr<nft_ctx, void (*)(nft_ctx*)>;

ContextPtr newContext() {
    ContextPtr context(nft_ctx_new(NFT_CTX_DEFAULT), &nft_ctx_free);
    if (context) {
        nft_ctx_buffer_output(context.get());
        nft_ctx_buffer_error(context.get());
    }
    return context;
}

std::string trimmed(const char* text) {
    std::string result = text ? text : "";
    while (!result.empty() && (result.back() == '\n' || result.back() == ' ')) {
        result.pop_back();
    }
    return result;
}

Result<std::string> runCommands(nft_ctx* context, std::string_view commands,
                                std::string_view action) {
    std::string buffer(commands);
    if (nft_run_cmd_from_buffer(context, buffer.c_str()) != 0) {
        std::string detail = trimmed(nft_ctx_get_error_buffer(context));
        return fail(ErrorKind::System, fmt::format("{}: nft: {}", action, detail));
    }
    nft_ctx_get_error_buffer(context); // clear it for the next command
    return std::string(nft_ctx_get_output_buffer(context));
}

} // namespace

void NatTable::ContextDeleter::operator()(nft_ctx* context) const {
    nft_ctx_free(context);
}

NatTable::NatTable(std::string name, std::unique_ptr<nft_ctx, ContextDeleter> context)
    : name_(std::move(name))
    , context_(std::move(context)) {}

NatTable::~NatTable() = default;

Result<std::unique_ptr<NatTable>> NatTable::open(std::string tableName) {
    ContextPtr made = newContext();
    if (!made) {
        return fail(ErrorKind::System, "create an nftables context: out of memory");
    }
    std::unique_ptr<nft_ctx, ContextDeleter> context(made.release());
    auto created = runCommands(context.get(), tableDefinition(tableName),
                               fmt::format("create nftables table ip {}", tableName));
    if (!created) {
        return std::unexpected(created.error());
    }
    return std::unique_ptr<NatTable>(new NatTable(std::move(tableName), std::move(context)));
}

Result<std::string> NatTable::run(std::string_view commands) {
    std::lock_guard lock(mutex_);
    return runCommands(context_.get(), commands, "run nft commands");
}

Result<void> NatTable::addBridge(std::string_view bridgeName, const Ipv4Subnet& subnet,
                                 bool internal) {
    std::lock_guard lock(mutex_);
    // `add element` of an element already present succeeds, so a repeated call is harmless.
    std::string commands = fmt::format("add element ip {0} bridges {{ \"{1}\" }}\n"
                                       "add element ip {0} bridge-self {{ \"{1}\" . \"{1}\" }}\n"
                                       "add element ip {0} bridge-subnets {{ {2} }}\n",
                                       name_, bridgeName, formatSubnet(subnet));
    if (internal) {
        commands +=
            fmt::format("add element ip {0} internal-bridges {{ \"{1}\" }}\n", name_, bridgeName);
    }
    auto done =
        runCommands(context_.get(), commands,
                    fmt::format("add bridge {} to nftables table ip {}", bridgeName, name_));
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<void> NatTable::removeBridge(std::string_view bridgeName, const Ipv4Subnet& subnet,
                                    bool internal) {
    std::lock_guard lock(mutex_);
    std::string commands = fmt::format("delete element ip {0} bridges {{ \"{1}\" }}\n"
                                       "delete element ip {0} bridge-self {{ \"{1}\" . \"{1}\" }}\n"
                                       "delete element ip {0} bridge-subnets {{ {2} }}\n",
                                       name_, bridgeName, formatSubnet(subnet));
    if (internal) {
        commands += fmt::format("delete element ip {0} internal-bridges {{ \"{1}\" }}\n", name_,
                                bridgeName);
    }
    auto done =
        runCommands(context_.get(), commands,
                    fmt::format("remove bridge {} from nftables table ip {}", bridgeName, name_));
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<void> NatTable::addDnats(const std::vector<DnatRule>& rules) {
    if (rules.empty()) {
        return {};
    }
    std::string commands;
    for (const DnatRule& rule : rules) {
        if (auto valid = checkProtocol(rule.protocol); !valid) {
            return std::unexpected(valid.error());
        }
        commands += "add element " + dnatElement(name_, rule, true) + "\n";
    }
    std::lock_guard lock(mutex_);
    auto done =
        runCommands(context_.get(), commands, fmt::format("add DNAT of {}", describePorts(rules)));
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<void> NatTable::addLoopbackDnats(const std::vector<DnatRule>& rules) {
    std::string commands;
    for (const DnatRule& rule : rules) {
        if (rule.hostIp && !isLoopbackAddress(*rule.hostIp)) {
            continue;
        }
        if (auto valid = checkProtocol(rule.protocol); !valid) {
            return std::unexpected(valid.error());
        }
        commands += "add element " + dnatElement(name_, rule, true, "loopback") + "\n";
    }
    if (commands.empty()) {
        return {};
    }
    std::lock_guard lock(mutex_);
    auto done = runCommands(context_.get(), commands,
                            fmt::format("add loopback DNAT of {}", describePorts(rules)));
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

Result<void> NatTable::removeDnats(const std::vector<DnatRule>& rules) {
    if (rules.empty()) {
        return {};
    }
    std::string commands;
    for (const DnatRule& rule : rules) {
        if (auto valid = checkProtocol(rule.protocol); !valid) {
            return std::unexpected(valid.error());
        }
        commands += "delete element " + dnatElement(name_, rule, false) + "\n";
    }
    std::lock_guard lock(mutex_);
    if (runCommands(context_.get(), commands, "remove DNAT entries")) {
        return {};
    }
    std::vector<std::string> failures;
    for (const DnatRule& rule : rules) {
        auto done =
            runCommands(context_.get(), "delete element " + dnatElement(name_, rule, false),
                        fmt::format("remove DNAT of {} port {}", rule.protocol, rule.hostPort));
        if (!done) {
            failures.push_back(done.error().message);
        }
    }
    if (!failures.empty()) {
        return fail(ErrorKind::System, fmt::format("{}", fmt::join(failures, "; ")));
    }
    return {};
}

Result<bool> natTableExists(std::string_view tableName) {
    ContextPtr context = newContext();
    if (!context) {
        return fail(ErrorKind::System, "create an nftables context: out of memory");
    }
    auto listed = runCommands(context.get(), "list tables ip", "list nftables tables");
    if (!listed) {
        return std::unexpected(listed.error());
    }
    return listed->find(fmt::format("table ip {}\n", tableName)) != std::string::npos;
}

Result<void> deleteNatTable(std::string_view tableName) {
    auto exists = natTableExists(tableName);
    if (!exists) {
        return std::unexpected(exists.error());
    }
    if (!*exists) {
        return {};
    }
    ContextPtr context = newContext();
    if (!context) {
        return fail(ErrorKind::System, "create an nftables context: out of memory");
    }
    auto deleted = runCommands(context.get(), fmt::format("delete table ip {}", tableName),
                               fmt::format("delete nftables table ip {}", tableName));
    if (!deleted) {
        return std::unexpected(deleted.error());
    }
    return {};
}

} // namespace berth::network

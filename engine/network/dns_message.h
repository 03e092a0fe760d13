#pragma once

// The part of the DNS wire format (RFC 1035) that the embedded answerer needs: the header
// and the single question of a query, and replies with A records. Pure functions.

#include "common/error.h"
#include "network/address.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace berth::network {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsClassIn = 1;
inline constexpr uint8_t kDnsNoError = 0;
inline constexpr uint8_t kDnsServerFailure = 2;
inline constexpr uint8_t kDnsNameError = 3; // NXDOMAIN

struct DnsQuestion {
    uint16_t id = 0;
    uint16_t flags = 0;
    std::string name; // dotted, without the final dot: "db.example"
    uint16_t type = 0;
    uint16_t dnsClass = 0;
    size_t questionEnd = 0; // offset just past the question in the message
};

// InvalidArgument for a message that is not a query with exactly one question.
[[nodiscard]] Result<DnsQuestion> parseDnsQuery(std::string_view message);

// The reply to query: its id and question, recursion available, rcode, and one A record
// per address (TTL ttlSeconds).
[[nodiscard]] std::string buildDnsReply(std::string_view query, const DnsQuestion& question,
                                        uint8_t rcode, const std::vector<Ipv4Address>& addresses,
                                        uint32_t ttlSeconds = 600);

// A query for name and type with the given id (for tests and clients).
[[nodiscard]] std::string buildDnsQuery(uint16_t id, std::string_view name, uint16_t type);

// The A records of a reply, in order; InvalidArgument when it cannot be read.
[[nodiscard]] Result<std::vector<Ipv4Address>> parseDnsReplyAddresses(std::string_view reply);

} // namespace berth::network

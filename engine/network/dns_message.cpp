#include "network/dns_message.h"

#include <fmt/format.h>

namespace berth::network {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr uint16_t kResponseFlag = 0x8000;
constexpr uint16_t kOpcodeMask = 0x7800;
constexpr uint16_t kRecursionDesired = 0x0100;
constexpr uint16_t kRecursionAvailable = 0x0080;

uint16_t read16(std::string_view data, size_t offset) {
    return uint16_t((uint8_t(data[offset]) << 8) | uint8_t(data[offset + 1]));
}

void append16(std::string& out, uint16_t value) {
    out.push_back(char(value >> 8));
    out.push_back(char(value & 0xff));
}

void append32(std::string& out, uint32_t value) {
    append16(out, uint16_t(value >> 16));
    append16(out, uint16_t(value & 0xffff));
}

std::unexpected<Error> malformed(std::string_view why) {
    return fail(ErrorKind::InvalidArgument, fmt::format("malformed DNS message: {}", why));
}

// Skips a possibly compressed name starting at offset; returns the offset after it.
Result<size_t> skipName(std::string_view data, size_t offset) {
    while (offset < data.size()) {
        uint8_t length = uint8_t(data[offset]);
        if (length == 0) {
            return offset + 1;
        }
        if ((length & 0xc0) == 0xc0) {
            return offset + 2;
        }
        offset += 1 + length;
    }
    return malformed("a name runs past the end");
}

} // namespace

Result<DnsQuestion> parseDnsQuery(std::string_view message) {
    if (message.size() < kHeaderSize) {
        return malformed("shorter than a header");
    }
    DnsQuestion question;
    question.id = read16(message, 0);
    question.flags = read16(message, 2);
    if ((question.flags & kResponseFlag) != 0) {
        return malformed("not a query");
    }
    if (read16(message, 4) != 1) {
        return malformed("not exactly one question");
    }
    size_t offset = kHeaderSize;
    while (true) {
        if (offset >= message.size()) {
            return malformed("the question name runs past the end");
        }
        uint8_t length = uint8_t(message[offset]);
        ++offset;
        if (length == 0) {
            break;
        }
        if (length > 63 || offset + length > message.size()) {
            return malformed("invalid label in the question name");
        }
        if (!question.name.empty()) {
            question.name.push_back('.');
        }
        question.name.append(message.substr(offset, length));
        offset += length;
    }
    if (offset + 4 > message.size()) {
        return malformed("the question has no type and class");
    }
    question.type = read16(message, offset);
    question.dnsClass = read16(message, offset + 2);
    question.questionEnd = offset + 4;
    return question;
}

std::string buildDnsReply(std::string_view query, const DnsQuestion& question, uint8_t rcode,
                          const std::vector<Ipv4Address>& addresses, uint32_t ttlSeconds) {
    std::string reply;
    append16(reply, question.id);
    uint16_t flags = kResponseFlag | (question.flags & (kOpcodeMask | kRecursionDesired)) |
                     kRecursionAvailable | (rcode & 0x0f);
    append16(reply, flags);
    append16(reply, 1);
    append16(reply, uint16_t(addresses.size()));
    append16(reply, 0);
    append16(reply, 0);
    reply.append(query.substr(kHeaderSize, question.questionEnd - kHeaderSize));
    for (Ipv4Address address : addresses) {
        append16(reply, 0xc000 | kHeaderSize); // the name: a pointer to the question's
        append16(reply, kDnsTypeA);
        append16(reply, kDnsClassIn);
        append32(reply, ttlSeconds);
        append16(reply, 4);
        append32(reply, address.value);
    }
    return reply;
}

std::string buildDnsQuery(uint16_t id, std::string_view name, uint16_t type) {
    std::string query;
    append16(query, id);
    append16(query, kRecursionDesired);
    append16(query, 1);
    append16(query, 0);
    append16(query, 0);
    append16(query, 0);
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        std::string_view label = name.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        query.push_back(char(label.size()));
        query.append(label);
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    query.push_back('\0');
    append16(query, type);
    append16(query, kDnsClassIn);
    return query;
}

Result<std::vector<Ipv4Address>> parseDnsReplyAddresses(std::string_view reply) {
    if (reply.size() < kHeaderSize) {
        return malformed("shorter than a header");
    }
    uint16_t questions = read16(reply, 4);
    uint16_t answers = read16(reply, 6);
    size_t offset = kHeaderSize;
    for (uint16_t i = 0; i < questions; ++i) {
        auto end = skipName(reply, offset);
        if (!end) {
            return std::unexpected(end.error());
        }
        offset = *end + 4;
    }
    std::vector<Ipv4Address> addresses;
    for (uint16_t i = 0; i < answers; ++i) {
        auto end = skipName(reply, offset);
        if (!end || *end + 10 > reply.size()) {
            return malformed("an answer runs past the end");
        }
        offset = *end;
        uint16_t type = read16(reply, offset);
        uint16_t length = read16(reply, offset + 8);
        offset += 10;
        if (offset + length > reply.size()) {
            return malformed("an answer's data runs past the end");
        }
        if (type == kDnsTypeA && length == 4) {
            addresses.push_back(
                Ipv4Address{uint32_t(read16(reply, offset)) << 16 | read16(reply, offset + 2)});
        }
        offset += length;
    }
    return addresses;
}

} // namespace berth::network

#include "container/name.h"

#include <fmt/format.h>

#include <array>
#include <random>

namespace berth::container {

namespace {

bool isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr std::array kAdjectives = {
    "brave",  "calm",  "clever", "eager",   "fervent", "gentle", "happy",  "jolly",
    "keen",   "lucid", "merry",  "nifty",   "quiet",   "sharp",  "steady", "tender",
    "upbeat", "vivid", "wise",   "zealous", "bold",    "busy",   "cool",   "dreamy",
};

// Surnames of people known for work on operating systems and networks.
constexpr std::array kSurnames = {
    "babbage",  "cerf",     "dijkstra", "hamilton", "hopper",  "kahn",    "knuth",
    "lamport",  "liskov",   "lovelace", "mccarthy", "perlman", "ritchie", "shannon",
    "thompson", "torvalds", "turing",   "wirth",    "wozniak", "backus",  "allen",
};

} // namespace

Result<std::string> validateName(std::string_view name) {
    std::string_view bare = name;
    if (!bare.empty() && bare.front() == '/') {
        bare.remove_prefix(1);
    }
    bool valid = bare.size() >= 2 && isAlphanumeric(bare.front());
    for (size_t i = 1; valid && i < bare.size(); ++i) {
        char c = bare[i];
        valid = isAlphanumeric(c) || c == '_' || c == '.' || c == '-';
    }
    if (!valid) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Invalid container name ({}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are "
                                "allowed",
                                name));
    }
    return std::string(bare);
}

std::string generateName(int attempt) {
    thread_local std::mt19937 generator{std::random_device{}()};
    std::uniform_int_distribution<size_t> adjective(0, kAdjectives.size() - 1);
    std::uniform_int_distribution<size_t> surname(0, kSurnames.size() - 1);
    std::string name =
        fmt::format("{}_{}", kAdjectives[adjective(generator)], kSurnames[surname(generator)]);
    if (attempt > 0) {
        name += std::to_string(std::uniform_int_distribution<int>(0, 99)(generator));
    }
    return name;
}

} // namespace berth::container

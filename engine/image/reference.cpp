#include "image/reference.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

// The grammar is Docker's (distribution/reference):
//   reference      := name [ ":" tag ] [ "@" digest ]
//   name           := [domain "/"] path-component ["/" path-component]*
//   domain         := domain-component ["." domain-component]* [":" port-number]
//   path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := "." | "_" | "__" | "-"+
//   tag            := [\w][\w.-]{0,127}
//   digest         := algorithm ":" hex, hex at least 32 digits
// A first component is a domain when it contains "." or ":", is "localhost", or has upper
// case letters. Names on Docker Hub are kept in their short form ("busybox", "user/app").

namespace berth::image {

namespace {

constexpr std::string_view kDefaultDomain = "docker.io";
constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr std::string_view kOfficialRepoPrefix = "library/";
constexpr size_t kMaxNameLength = 255;

std::unexpected<Error> invalidFormat() {
    return fail(ErrorKind::InvalidArgument, "invalid reference format");
}

bool isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool isAlnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}
bool isWordChar(char c) {
    return isAlnum(c) || c == '_';
}
bool isHex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool isPathComponent(std::string_view text) {
    if (text.empty() || !isLowerAlnum(text.front()) || !isLowerAlnum(text.back())) {
        return false;
    }
    size_t i = 0;
    while (i < text.size()) {
        if (isLowerAlnum(text[i])) {
            ++i;
            continue;
        }
        // A separator run: ".", "_", "__" or any number of "-".
        size_t start = i;
        while (i < text.size() && !isLowerAlnum(text[i])) {
            ++i;
        }
        std::string_view separator = text.substr(start, i - start);
        bool dashes = std::ranges::all_of(separator, [](char c) { return c == '-'; });
        if (separator != "." && separator != "_" && separator != "__" && !dashes) {
            return false;
        }
    }
    return true;
}

bool isDomainComponent(std::string_view text) {
    if (text.empty() || !isAlnum(text.front()) || !isAlnum(text.back())) {
        return false;
    }
    return std::ranges::all_of(text, [](char c) { return isAlnum(c) || c == '-'; });
}

bool isDomain(std::string_view text) {
    size_t colon = text.find(':');
    std::string_view host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
        std::string_view port = text.substr(colon + 1);
        if (port.empty() ||
            !std::ranges::all_of(port, [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
    }
    size_t start = 0;
    for (;;) {
        size_t dot = host.find('.', start);
        if (!isDomainComponent(host.substr(start, dot - start))) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        start = dot + 1;
    }
}

bool isTag(std::string_view text) {
    if (text.empty() || text.size() > 128 || !isWordChar(text.front())) {
        return false;
    }
    return std::ranges::all_of(text, [](char c) { return isWordChar(c) || c == '.' || c == '-'; });
}

bool isDigest(std::string_view text) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return false;
    }
    std::string_view algorithm = text.substr(0, colon);
    std::string_view hex = text.substr(colon + 1);
    if (!isLowerAlnum(algorithm.front()) || !std::ranges::all_of(algorithm, [](char c) {
            return isLowerAlnum(c) || c == '+' || c == '.' || c == '_' || c == '-';
        })) {
        return false;
    }
    if (algorithm == "sha256" && hex.size() != 64) {
        return false;
    }
    return hex.size() >= 32 && std::ranges::all_of(hex, isHex);
}

bool hasUpper(std::string_view text) {
    return std::ranges::any_of(text, [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Splits "domain/rest" when the first component names a registry. The domain is empty for
// Docker Hub, whose names keep their short form.
std::pair<std::string, std::string> splitDomain(std::string_view name) {
    size_t slash = name.find('/');
    if (slash == std::string_view::npos) {
        return {"", std::string(name)};
    }
    std::string_view first = name.substr(0, slash);
    bool looksLikeDomain = first.find_first_of(".:") != std::string_view::npos ||
                           first == "localhost" || hasUpper(first);
    if (!looksLikeDomain) {
        return {"", std::string(name)};
    }
    std::string rest(name.substr(slash + 1));
    if (first == kDefaultDomain || first == kLegacyDefaultDomain) {
        if (rest.starts_with(kOfficialRepoPrefix) &&
            rest.find('/', kOfficialRepoPrefix.size()) == std::string::npos) {
            rest.erase(0, kOfficialRepoPrefix.size());
        }
        return {"", rest};
    }
    return {std::string(first), rest};
}

Result<std::string> validateName(std::string_view text) {
    auto [domain, path] = splitDomain(text);
    if (hasUpper(path)) {
        // Docker names the repository as it would be stored, with "library/" for Hub names.
        std::string shown = path;
        if (domain.empty() && path.find('/') == std::string::npos) {
            shown = std::string(kOfficialRepoPrefix) + path;
        }
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("invalid reference format: repository name ({}) must be lowercase", shown));
    }
    if (!domain.empty() && !isDomain(domain)) {
        return invalidFormat();
    }
    size_t start = 0;
    for (;;) {
        size_t slash = path.find('/', start);
        if (!isPathComponent(std::string_view(path).substr(start, slash - start))) {
            return invalidFormat();
        }
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    std::string name = domain.empty() ? path : domain + "/" + path;
    if (name.size() > kMaxNameLength) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid reference format: repository name must not be more "
                                "than {} characters",
                                kMaxNameLength));
    }
    return name;
}

} // namespace

std::string Reference::str() const {
    std::string text = name;
    if (!tag.empty()) {
        text += ":" + tag;
    }
    if (!digest.empty()) {
        text += "@" + digest;
    }
    return text;
}

Result<Reference> parseReference(std::string_view text) {
    if (text.empty()) {
        return invalidFormat();
    }
    Reference reference;
    std::string_view rest = text;
    if (size_t at = rest.find('@'); at != std::string_view::npos) {
        reference.digest = std::string(rest.substr(at + 1));
        rest = rest.substr(0, at);
        if (!isDigest(reference.digest)) {
            return invalidFormat();
        }
    }
    // A tag follows the last ":" after the last "/", because an earlier ":" is a port.
    size_t lastSlash = rest.rfind('/');
    size_t colon = rest.rfind(':');
    if (colon != std::string_view::npos &&
        (lastSlash == std::string_view::npos || colon > lastSlash)) {
        reference.tag = std::string(rest.substr(colon + 1));
        rest = rest.substr(0, colon);
        if (!isTag(reference.tag)) {
            return invalidFormat();
        }
    }
    if (rest.size() == 64 && std::ranges::all_of(rest, isHex)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid repository name ({}), cannot specify 64-byte "
                                "hexadecimal strings",
                                rest));
    }
    auto name = validateName(rest);
    if (!name) {
        return std::unexpected(name.error());
    }
    reference.name = std::move(*name);
    if (reference.tag.empty() && reference.digest.empty()) {
        reference.tag = "latest";
    }
    return reference;
}

Result<Reference> parseRepoTag(std::string_view repo, std::string_view tag) {
    if (tag.empty()) {
        return parseReference(repo);
    }
    auto reference = parseReference(repo);
    if (!reference) {
        return reference;
    }
    if (isDigest(tag)) {
        reference->tag.clear();
        reference->digest = std::string(tag);
        return reference;
    }
    if (!isTag(tag)) {
        return invalidFormat();
    }
    reference->tag = std::string(tag);
    return reference;
}

} // namespace berth::image

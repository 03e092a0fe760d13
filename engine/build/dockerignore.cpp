// .dockerignore parsing and matching, with Docker's rules: patterns are cleaned paths
// relative to the context root, "**" spans directories, and the last matching rule wins.

#include "build/dockerignore.h"

#include <cctype>
#include <filesystem>
#include <regex>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

// Cleans a pattern as Docker does: no leading "/" or "./", no trailing "/".
std::string cleanPattern(std::string_view pattern) {
    std::string clean = stdfs::path(std::string(pattern)).lexically_normal().generic_string();
    while (clean.starts_with('/')) {
        clean.erase(0, 1);
    }
    while (clean.size() > 1 && clean.ends_with('/')) {
        clean.pop_back();
    }
    return clean == "." ? "" : clean;
}

// "**" matches any run of path components, "*" and "?" stay within one component.
std::regex globRegex(const std::string& pattern) {
    std::string expression;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '*' && i + 1 < pattern.size() && pattern[i + 1] == '*') {
            ++i;
            if (i + 1 < pattern.size() && pattern[i + 1] == '/') {
                ++i;
                expression += "(.*/)?";
            } else {
                expression += ".*";
            }
        } else if (c == '*') {
            expression += "[^/]*";
        } else if (c == '?') {
            expression += "[^/]";
        } else if (c == '\\' && i + 1 < pattern.size()) {
            expression += '\\';
            expression += pattern[++i];
        } else if (std::string_view("[]").find(c) != std::string_view::npos) {
            expression += c;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_') {
            expression += c;
        } else {
            expression += '\\';
            expression += c;
        }
    }
    return std::regex(expression);
}

std::shared_ptr<const std::regex> compileRule(const std::string& pattern) {
    try {
        return std::make_shared<const std::regex>(globRegex(pattern));
    } catch (const std::regex_error&) {
        return nullptr;
    }
}

bool globMatches(const IgnoreRule& rule, std::string_view path) {
    if (rule.matcher) {
        return std::regex_match(path.begin(), path.end(), *rule.matcher);
    }
    auto matcher = compileRule(rule.pattern);
    return matcher && std::regex_match(path.begin(), path.end(), *matcher);
}

} // namespace

std::vector<IgnoreRule> parseDockerignore(std::string_view text) {
    std::vector<IgnoreRule> rules;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line =
            trim(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
        start = end == std::string_view::npos ? text.size() + 1 : end + 1;
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        IgnoreRule rule;
        if (line.starts_with('!')) {
            rule.include = true;
            line = trim(line.substr(1));
        }
        rule.pattern = cleanPattern(line);
        rule.matcher = compileRule(rule.pattern);
        if (!rule.pattern.empty()) {
            rules.push_back(std::move(rule));
        }
    }
    return rules;
}

bool isIgnored(const std::vector<IgnoreRule>& rules, std::string_view path) {
    bool ignored = false;
    for (const auto& rule : rules) {
        // A rule that matches a parent directory matches everything below it.
        bool matched = false;
        for (size_t end = 0; !matched && end != std::string_view::npos;) {
            end = path.find('/', end + 1);
            matched = globMatches(rule, path.substr(0, end));
        }
        if (matched) {
            ignored = !rule.include;
        }
    }
    return ignored;
}

} // namespace berth::build

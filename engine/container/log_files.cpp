#include "container/log_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>

namespace berth::container {

namespace {

void splitLines(std::string& buffer, std::vector<std::string>& lines) {
    size_t start = 0;
    for (size_t newline; (newline = buffer.find('\n', start)) != std::string::npos;
         start = newline + 1) {
        lines.push_back(buffer.substr(start, newline - start));
    }
    buffer.erase(0, start);
}

std::vector<std::string> splitComma(const std::string& text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start < text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        if (comma > start) {
            parts.push_back(text.substr(start, comma - start));
        }
        start = comma + 1;
    }
    return parts;
}

// Go's url.QueryEscape, which Docker applies to each key and value.
std::string queryEscape(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string escaped;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            escaped += char(c);
        } else if (c == ' ') {
            escaped += '+';
        } else {
            escaped += '%';
            escaped += kHex[c >> 4];
            escaped += kHex[c & 15];
        }
    }
    return escaped;
}

} // namespace

std::vector<std::string> readRotatedLogLines(const std::filesystem::path& logPath) {
    int count = 0;
    while (::access((logPath.string() + "." + std::to_string(count + 1)).c_str(), F_OK) == 0) {
        ++count;
    }
    std::vector<std::string> lines;
    for (int index = count; index >= 1; --index) {
        LogFollower reader(logPath.string() + "." + std::to_string(index));
        for (auto& line : reader.readLines()) {
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

void LogFollower::readAvailable(std::vector<std::string>& lines) {
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd_.get(), buffer, sizeof buffer);
        if (n <= 0) {
            break;
        }
        partial_.append(buffer, size_t(n));
    }
    splitLines(partial_, lines);
}

std::vector<std::string> LogFollower::readLines() {
    std::vector<std::string> lines;
    if (fd_) {
        readAvailable(lines);
        struct stat current {};
        if (::stat(path_.c_str(), &current) != 0 || current.st_ino == inode_) {
            return lines;
        }
        // Rotated: the old file is complete, so a partial line there is dropped.
        fd_.reset();
        partial_.clear();
    }
    fd_ = UniqueFd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd_) {
        return lines;
    }
    struct stat opened {};
    inode_ = ::fstat(fd_.get(), &opened) == 0 ? opened.st_ino : 0;
    readAvailable(lines);
    return lines;
}

std::string logDetailsPrefix(const std::map<std::string, std::string>& logOptions,
                             const std::map<std::string, std::string>& labels,
                             const std::vector<std::string>& env) {
    std::map<std::string, std::string> attributes;
    if (auto it = logOptions.find("labels"); it != logOptions.end()) {
        for (const auto& key : splitComma(it->second)) {
            if (auto label = labels.find(key); label != labels.end()) {
                attributes[key] = label->second;
            }
        }
    }
    if (auto it = logOptions.find("env"); it != logOptions.end()) {
        for (const auto& key : splitComma(it->second)) {
            for (const auto& variable : env) {
                if (variable.starts_with(key + "=")) {
                    attributes[key] = variable.substr(key.size() + 1);
                }
            }
        }
    }
    std::string prefix;
    for (const auto& [key, value] : attributes) {
        prefix += prefix.empty() ? "" : ",";
        prefix += queryEscape(key) + "=" + queryEscape(value);
    }
    return prefix;
}

} // namespace berth::container

#include "container/path_stat.h"

#include "common/time.h"

namespace berth::container {

namespace {

// Go's os.FileMode type bits (io/fs.FileMode in Go 1.16 and later).
constexpr uint32_t kGoModeDir = 1u << 31;
constexpr uint32_t kGoModeSymlink = 1u << 27;
constexpr uint32_t kGoModeDevice = 1u << 26;
constexpr uint32_t kGoModeNamedPipe = 1u << 25;
constexpr uint32_t kGoModeSocket = 1u << 24;
constexpr uint32_t kGoModeSetuid = 1u << 23;
constexpr uint32_t kGoModeSetgid = 1u << 22;
constexpr uint32_t kGoModeCharDevice = 1u << 21;
constexpr uint32_t kGoModeSticky = 1u << 20;

std::string base64(std::string_view data) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    encoded.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        uint32_t triple = uint32_t(uint8_t(data[i])) << 16 | uint32_t(uint8_t(data[i + 1])) << 8 |
                          uint32_t(uint8_t(data[i + 2]));
        encoded += kAlphabet[(triple >> 18) & 63];
        encoded += kAlphabet[(triple >> 12) & 63];
        encoded += kAlphabet[(triple >> 6) & 63];
        encoded += kAlphabet[triple & 63];
    }
    size_t rest = data.size() - i;
    if (rest > 0) {
        uint32_t triple = uint32_t(uint8_t(data[i])) << 16;
        if (rest == 2) {
            triple |= uint32_t(uint8_t(data[i + 1])) << 8;
        }
        encoded += kAlphabet[(triple >> 18) & 63];
        encoded += kAlphabet[(triple >> 12) & 63];
        encoded += rest == 2 ? kAlphabet[(triple >> 6) & 63] : '=';
        encoded += '=';
    }
    return encoded;
}

} // namespace

bool PathStat::isDirectory() const {
    return (mode & kGoModeDir) != 0;
}

uint32_t goFileMode(mode_t mode) {
    uint32_t result = mode & 0777;
    switch (mode & S_IFMT) {
    case S_IFDIR:
        result |= kGoModeDir;
        break;
    case S_IFLNK:
        result |= kGoModeSymlink;
        break;
    case S_IFBLK:
        result |= kGoModeDevice;
        break;
    case S_IFCHR:
        result |= kGoModeDevice | kGoModeCharDevice;
        break;
    case S_IFIFO:
        result |= kGoModeNamedPipe;
        break;
    case S_IFSOCK:
        result |= kGoModeSocket;
        break;
    default:
        break;
    }
    if (mode & S_ISUID) {
        result |= kGoModeSetuid;
    }
    if (mode & S_ISGID) {
        result |= kGoModeSetgid;
    }
    if (mode & S_ISVTX) {
        result |= kGoModeSticky;
    }
    return result;
}

nlohmann::json toJson(const PathStat& stat) {
    return {{"name", stat.name},
            {"size", stat.size},
            {"mode", stat.mode},
            {"mtime", formatRfc3339Nano(stat.mtime)},
            {"linkTarget", stat.linkTarget}};
}

std::string encodePathStatHeader(const PathStat& stat) {
    return base64(toJson(stat).dump());
}

} // namespace berth::container

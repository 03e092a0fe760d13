#include "runtime/process_identity.h"

#include "common/unique_fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace berth::runtime {

namespace {

struct StatFields {
    char state = '?';
    uint64_t startTime = 0;
};

std::optional<StatFields> readStat(pid_t pid) {
    std::string path = "/proc/" + std::to_string(pid) + "/stat";
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
        return std::nullopt;
    }
    char buffer[1024];
    ssize_t length = ::read(fd.get(), buffer, sizeof buffer - 1);
    if (length <= 0) {
        return std::nullopt;
    }
    buffer[length] = '\0';
    // The command name in field 2 may contain spaces and parentheses; fields after the
    // last ')' are plain numbers. Field 3 (state) is the first one after it.
    char* field = std::strrchr(buffer, ')');
    if (field == nullptr) {
        return std::nullopt;
    }
    ++field;
    StatFields fields;
    fields.state = field[1];
    for (int index = 3; index < 22; ++index) {
        field = std::strchr(field + 1, ' ');
        if (field == nullptr) {
            return std::nullopt;
        }
    }
    fields.startTime = std::strtoull(field + 1, nullptr, 10);
    return fields;
}

} // namespace

std::optional<uint64_t> processStartTime(pid_t pid) {
    auto fields = readStat(pid);
    if (!fields) {
        return std::nullopt;
    }
    return fields->startTime;
}

bool processRunning(pid_t pid, uint64_t startTime) {
    auto fields = readStat(pid);
    return fields && fields->startTime == startTime && fields->state != 'Z' && fields->state != 'X';
}

} // namespace berth::runtime

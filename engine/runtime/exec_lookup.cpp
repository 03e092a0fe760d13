#include "runtime/exec_lookup.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace berth::runtime {

namespace {

bool isExecutableFile(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & 0111);
}

} // namespace

std::expected<std::string, ExecLookupFailure> lookupExecutable(std::string_view name,
                                                               std::string_view pathVariable) {
    if (name.empty()) {
        return std::unexpected(ExecLookupFailure{kExitCommandNotFound,
                                                 "exec: \"\": executable file not found in $PATH"});
    }
    if (name.find('/') != std::string_view::npos) {
        std::string path(name);
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0) {
            int err = errno;
            return std::unexpected(ExecLookupFailure{
                err == ENOENT || err == ENOTDIR ? kExitCommandNotFound : kExitCommandNotExecutable,
                fmt::format("exec: \"{}\": stat {}: {}", name, name, std::strerror(err))});
        }
        if (!S_ISREG(info.st_mode) || !(info.st_mode & 0111)) {
            return std::unexpected(ExecLookupFailure{
                kExitCommandNotExecutable, fmt::format("exec: \"{}\": permission denied", name)});
        }
        return path;
    }
    size_t start = 0;
    while (start <= pathVariable.size()) {
        size_t end = pathVariable.find(':', start);
        if (end == std::string_view::npos) {
            end = pathVariable.size();
        }
        std::string_view directory = pathVariable.substr(start, end - start);
        std::string candidate = fmt::format("{}/{}", directory.empty() ? "." : directory, name);
        if (isExecutableFile(candidate)) {
            return candidate;
        }
        start = end + 1;
    }
    return std::unexpected(
        ExecLookupFailure{kExitCommandNotFound,
                          fmt::format("exec: \"{}\": executable file not found in $PATH", name)});
}

} // namespace berth::runtime

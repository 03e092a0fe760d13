#include "image/archive_output.h"

#include <archive.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>

namespace berth::image {

std::unexpected<Error> archiveFailure(archive* handle, std::string_view action) {
    const char* text = archive_error_string(handle);
    return fail(ErrorKind::System,
                fmt::format("{}: {}", action, text ? text : "unknown libarchive error"));
}

Result<void> writeEntryData(archive* output, int fd, std::span<char> buffer,
                            std::string_view sourceName, std::string_view entryName) {
    for (;;) {
        ssize_t count = ::read(fd, buffer.data(), buffer.size());
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count < 0) {
            return failSys(fmt::format("read {}", sourceName));
        }
        if (count == 0) {
            return {};
        }
        if (archive_write_data(output, buffer.data(), size_t(count)) != count) {
            return archiveFailure(output, fmt::format("write the data of {}", entryName));
        }
    }
}

} // namespace berth::image

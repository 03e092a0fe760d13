#pragma once

// Helpers for the tar streams that commit and the builder write with libarchive.

#include "common/error.h"

#include <span>
#include <string_view>

struct archive;

namespace berth::image {

// Returns the failure of a libarchive call on handle: action, then libarchive's message.
[[nodiscard]] std::unexpected<Error> archiveFailure(archive* handle, std::string_view action);

// Appends what remains of fd to the entry whose header output has just written, reading
// through buffer. sourceName names fd in read errors, entryName the entry in write errors.
[[nodiscard]] Result<void> writeEntryData(archive* output, int fd, std::span<char> buffer,
                                          std::string_view sourceName, std::string_view entryName);

} // namespace berth::image

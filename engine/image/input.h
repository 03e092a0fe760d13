#pragma once

// Where an import reads its archive from: a file descriptor, or any byte source such as
// an HTTP request body, without a pipe in between.

#include <cstddef>
#include <functional>
#include <span>

#include "common/error.h"

namespace berth::image {

// Reads up to buffer.size() bytes into buffer and returns how many it read, 0 at the end.
using ReadFunction = std::function<Result<size_t>(std::span<char> buffer)>;

// Reads from fd, which the caller owns and keeps open while the function is in use.
[[nodiscard]] ReadFunction readFromFd(int fd);

} // namespace berth::image

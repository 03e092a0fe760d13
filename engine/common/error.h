#pragma once

// The engine's error value. Every fallible engine call returns Result<T>; the text is
// built once, where it reaches a person (the API response, a dialog, a log line).

#include <expected>
#include <string>
#include <string_view>

namespace berth {

// A small closed set, mapped to HTTP status codes by the API in one table.
enum class ErrorKind {
    InvalidArgument, // the request is malformed: 400
    NotFound,        // no such container, image, tag: 404
    Conflict,        // a name in use, an image in use, a running container: 409
    InvalidState,    // the object is in the wrong state for the action: 409
    Unsupported,     // a valid request this engine does not implement: 501
    Unauthorized,    // a registry rejected the credentials or the access they grant: 401
    Cancelled,       // the caller cancelled a long job
    System,          // a syscall or library failed: 500
};

struct Error {
    ErrorKind kind = ErrorKind::System;
    std::string message;
    int errnum = 0; // errno of the failing syscall, 0 when none

    // Prefixes one step of context: "import image: " + message.
    [[nodiscard]] Error context(std::string_view step) const&;
    [[nodiscard]] Error context(std::string_view step) &&;
};

template <typename T> using Result = std::expected<T, Error>;

[[nodiscard]] std::unexpected<Error> fail(ErrorKind kind, std::string message);

// "ACTION: strerror(errnum)", kind System (or NotFound for ENOENT when asked).
[[nodiscard]] std::unexpected<Error> failErrno(std::string_view action, int errnum);

// The same as failErrno with the current errno.
[[nodiscard]] std::unexpected<Error> failSys(std::string_view action);

[[nodiscard]] std::string_view kindName(ErrorKind kind);

} // namespace berth

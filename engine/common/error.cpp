#include "common/error.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace berth {

Error Error::context(std::string_view step) const& {
    Error copy = *this;
    copy.message = fmt::format("{}: {}", step, message);
    return copy;
}

Error Error::context(std::string_view step) && {
    message = fmt::format("{}: {}", step, message);
    return std::move(*this);
}

std::unexpected<Error> fail(ErrorKind kind, std::string message) {
    return std::unexpected(Error{kind, std::move(message), 0});
}

std::unexpected<Error> failErrno(std::string_view action, int errnum) {
    return std::unexpected(
        Error{ErrorKind::System, fmt::format("{}: {}", action, std::strerror(errnum)), errnum});
}

std::unexpected<Error> failSys(std::string_view action) {
    return failErrno(action, errno);
}

std::string_view kindName(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::InvalidArgument:
        return "invalid argument";
    case ErrorKind::NotFound:
        return "not found";
    case ErrorKind::Conflict:
        return "conflict";
    case ErrorKind::InvalidState:
        return "invalid state";
    case ErrorKind::Unsupported:
        return "unsupported";
    case ErrorKind::Unauthorized:
        return "unauthorized";
    case ErrorKind::Cancelled:
        return "cancelled";
    case ErrorKind::System:
        return "system";
    }
    return "unknown";
}

} // namespace berth

#include "api/error_status.h"

namespace berth::api {

int statusFor(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::InvalidArgument:
        return 400;
    case ErrorKind::NotFound:
        return 404;
    case ErrorKind::Conflict:
    case ErrorKind::InvalidState:
        return 409;
    case ErrorKind::Unsupported:
        return 501;
    case ErrorKind::Unauthorized:
        return 401;
    case ErrorKind::Cancelled:
    case ErrorKind::System:
        return 500;
    }
    return 500;
}

void sendError(ResponseWriter& response, const Error& error) {
    response.sendJson(statusFor(error.kind), nlohmann::json{{"message", error.message}});
}

} // namespace berth::api

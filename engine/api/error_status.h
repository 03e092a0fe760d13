#pragma once

// The one table from engine error kinds to HTTP status codes, and Docker's error body.

#include "api/http.h"
#include "common/error.h"

#include <nlohmann/json.hpp>

namespace berth::api {

[[nodiscard]] int statusFor(ErrorKind kind);

// Sends {"message": "..."} with the status of the error's kind.
void sendError(ResponseWriter& response, const Error& error);

} // namespace berth::api

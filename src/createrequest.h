#pragma once

// The body of POST /containers/create for a RunSpec, as the docker CLI sends it.

#include "client/types.h"
#include "runline.h"

namespace berth::studio {

[[nodiscard]] client::Json createRequestBody(const RunSpec& spec);

} // namespace berth::studio

#pragma once

// The docker run line that would make a container like an existing one, read from its
// inspect data: the Containers page's "Copy as docker run".

#include "client/types.h"
#include "runline.h"

namespace berth::studio {

// The RunSpec for GET /containers/{id}/json. With the image's GET /images/{name}/json, the
// settings the container only inherited from its image (CMD, ENTRYPOINT, ENV, WORKDIR,
// USER, VOLUME) are left out, as a user would leave them off the line. The engine's default
// hostname (the short id) and swap limit (twice the memory) are left out too.
//
// NOTE: networks and other flags without a RunSpec field are not written.
[[nodiscard]] RunSpec runSpecFromInspect(const client::Json& container,
                                         const client::Json& image = {});

} // namespace berth::studio

#pragma once

// The ports an image declares with EXPOSE, read from its inspect response, as port
// forwards for the Run dialog to offer.

#include "client/types.h"
#include "portforward.h"

#include <vector>

namespace berth::studio {

// One forward per key of Config.ExposedPorts ("80/tcp"), with the host port left empty so
// that the user chooses it; sorted by protocol, then port number.
[[nodiscard]] std::vector<PortForward> imageExposedPorts(const client::Json& imageInspect);

} // namespace berth::studio

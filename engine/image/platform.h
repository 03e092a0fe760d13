#pragma once

// The host's platform and whether an image's platform runs on it, for the warning that
// container create returns when the two differ.

#include "image/config.h"

#include <optional>
#include <string>

namespace berth::image {

// The host's platform as "os/architecture[/variant]": "linux/arm64/v8", or on amd64 the
// x86-64 micro-architecture level when it is above the baseline, "linux/amd64/v3".
[[nodiscard]] std::string hostPlatform();

// Docker's create warning for an image whose os or architecture the host does not run
// natively, or nothing when it matches. An amd64 host also runs 386 images and an arm64
// host arm images, as Docker's platform matcher accepts them.
[[nodiscard]] std::optional<std::string> platformMismatchWarning(const ImageConfig& config);

} // namespace berth::image

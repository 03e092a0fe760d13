#pragma once

// The container's capabilities: Docker's default set, changed by --cap-add, --cap-drop and
// --privileged. Applied in the container's init between user switch and execve.

#include "common/error.h"
#include "runtime/spec.h"

#include <sys/capability.h>

#include <vector>

namespace berth::runtime {

// Docker's default capability set; as a mask it is 0x00000000a80425fb.
[[nodiscard]] std::vector<cap_value_t> defaultCapabilities();

// The set a container keeps. Names are Docker's ("NET_ADMIN", "CAP_NET_ADMIN" or "ALL");
// an unknown name is an InvalidArgument error worded like Docker's.
[[nodiscard]] Result<std::vector<cap_value_t>> containerCapabilities(const ProcessSpec& process,
                                                                     bool privileged);

// Drops every capability outside keep from the bounding set. Needs CAP_SETPCAP.
[[nodiscard]] Result<void> dropBoundingSet(const std::vector<cap_value_t>& keep);

// Sets permitted and effective to keep and clears inheritable. Docker leaves inheritable
// empty since the fix for CVE-2022-24769 and sets no ambient capabilities, so a non-root
// user runs with no effective capability after execve.
[[nodiscard]] Result<void> applyProcessCapabilities(const std::vector<cap_value_t>& keep);

} // namespace berth::runtime

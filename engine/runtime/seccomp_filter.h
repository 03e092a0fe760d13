#pragma once

// Berth's default seccomp filter, loaded by the container's init just before it drops its
// privileges. Docker's default profile is an allow list; this is a deny list with the same
// aim. System calls that need a capability the container lacks fail with EPERM. clone3
// fails with ENOSYS, so that libc falls back to clone, whose flags the filter can check.

#include "common/error.h"

#include <sys/capability.h>

#include <vector>

namespace berth::runtime {

[[nodiscard]] Result<void> loadDefaultSeccompFilter(const std::vector<cap_value_t>& capabilities);

} // namespace berth::runtime

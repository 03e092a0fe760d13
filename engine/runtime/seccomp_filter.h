#pragma once

// Berth's default seccomp filter, loaded by the container's init just before it drops its
// privileges. It follows the intent of Docker's default profile as a deny list: system
// calls that only make sense with a capability the container lacks fail with EPERM, and
// clone3 fails with ENOSYS so that libc falls back to clone, whose flags can be checked.

#include "common/error.h"

#include <sys/capability.h>

#include <vector>

namespace berth::runtime {

[[nodiscard]] Result<void> loadDefaultSeccompFilter(const std::vector<cap_value_t>& capabilities);

} // namespace berth::runtime

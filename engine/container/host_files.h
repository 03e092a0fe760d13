#pragma once

// The /etc/hosts, /etc/hostname and /etc/resolv.conf a container gets, generated into its
// directory and bind-mounted by the runtime.

#include "common/error.h"
#include "container/container.h"

#include <string>
#include <string_view>
#include <vector>

namespace berth::container {

[[nodiscard]] std::string hostsFileContent(std::string_view hostname,
                                           const std::vector<std::string>& extraHosts);

// The host's resolv.conf without loopback name servers (they are unreachable from the
// container's own network namespace). The DNS options of the request replace or extend it.
[[nodiscard]] std::string resolvConfContent(std::string_view hostResolvConf,
                                            const HostConfig& hostConfig);

// Writes hosts, hostname and resolv.conf into the container's directory.
[[nodiscard]] Result<void> writeHostFiles(const Container& container, std::string_view hostname);

} // namespace berth::container

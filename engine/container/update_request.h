#pragma once

// docker update: the body of POST /containers/{id}/update, Docker's checks on it, and the
// change it makes to a container's HostConfig.

#include "common/error.h"
#include "container/config.h"
#include "runtime/spec.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace berth::container {

// Fields the request sets. Docker treats a zero resource value as "unchanged", so zero and
// absent read the same except for PidsLimit, where 0 and -1 lift the limit.
struct UpdateRequest {
    int64_t cpuShares = 0;
    int64_t memory = 0;
    int64_t memorySwap = 0; // -1 = unlimited swap
    int64_t memoryReservation = 0;
    int64_t nanoCpus = 0;
    int64_t cpuPeriod = 0;
    int64_t cpuQuota = 0;
    std::string cpusetCpus;
    std::string cpusetMems;
    std::optional<int64_t> pidsLimit;
    std::optional<RestartPolicy> restartPolicy;
};

// Unknown fields are ignored; a field of the wrong type is InvalidArgument naming it.
[[nodiscard]] Result<UpdateRequest> decodeUpdateRequest(const nlohmann::json& body);

// Checks the request against the container's settings as Docker does and applies it to
// host. Returns the limits to write to a running container's cgroup: a zero field is left
// as it is, and pidsLimit -1 lifts the pids limit.
[[nodiscard]] Result<runtime::ResourceSpec> applyUpdate(HostConfig& host,
                                                        const UpdateRequest& request, int cpuCount);

} // namespace berth::container

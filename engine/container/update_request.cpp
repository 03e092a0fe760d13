#include "container/update_request.h"

#include <fmt/format.h>

namespace berth::container {

using nlohmann::json;

namespace {

constexpr int64_t kMinimumMemory = 6 * 1024 * 1024;
constexpr int64_t kNanoCpusPerCpu = 1'000'000'000;

template <typename T> Result<void> readField(const json& body, const char* name, T& out) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
        return {};
    }
    try {
        out = it->get<T>();
    } catch (const json::exception&) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid value for {}: unexpected JSON {}", name, it->type_name()));
    }
    return {};
}

Result<void> readField(const json& body, const char* name, std::optional<int64_t>& out) {
    int64_t value = 0;
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
        return {};
    }
    if (auto read = readField(body, name, value); !read) {
        return read;
    }
    out = value;
    return {};
}

Result<void> checkMemory(const HostConfig& host, const UpdateRequest& request) {
    if (request.memory != 0 && request.memory < kMinimumMemory) {
        return fail(ErrorKind::InvalidArgument, "Minimum memory limit allowed is 6MB");
    }
    if (request.memory > 0 && request.memorySwap == 0 && host.memorySwap > 0 &&
        request.memory > host.memorySwap) {
        return fail(ErrorKind::Conflict,
                    "Memory limit should be smaller than already set memoryswap limit, update "
                    "the memoryswap at the same time");
    }
    int64_t memory = request.memory > 0 ? request.memory : host.memory;
    if (request.memorySwap > 0 && memory > 0 && request.memorySwap < memory) {
        return fail(ErrorKind::InvalidArgument,
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (request.memorySwap > 0 && memory == 0) {
        return fail(ErrorKind::InvalidArgument,
                    "You should always set the Memory limit when using Memoryswap limit, see "
                    "usage");
    }
    return {};
}

Result<void> checkCpu(const HostConfig& host, const UpdateRequest& request, int cpuCount) {
    if (request.nanoCpus < 0 || request.nanoCpus > int64_t{cpuCount} * kNanoCpusPerCpu) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("Range of CPUs is from 0.01 to {}.00, as there are only {} CPUs "
                                "available",
                                cpuCount, cpuCount));
    }
    if (request.nanoCpus > 0 && request.cpuPeriod > 0) {
        return fail(ErrorKind::InvalidArgument,
                    "Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (request.nanoCpus > 0 && request.cpuQuota > 0) {
        return fail(ErrorKind::InvalidArgument,
                    "Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (request.nanoCpus > 0 && (host.cpuPeriod > 0 || host.cpuQuota > 0)) {
        return fail(ErrorKind::Conflict,
                    "Conflicting options: Nano CPUs cannot be updated as CPU Period or CPU Quota "
                    "has already been set");
    }
    if ((request.cpuPeriod > 0 || request.cpuQuota > 0) && host.nanoCpus > 0) {
        return fail(ErrorKind::Conflict,
                    "Conflicting options: CPU Period or CPU Quota cannot be updated as NanoCPUs "
                    "has already been set");
    }
    if (request.cpuPeriod != 0 && (request.cpuPeriod < 1000 || request.cpuPeriod > 1'000'000)) {
        return fail(ErrorKind::InvalidArgument,
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. "
                    "1000000)");
    }
    if (request.cpuQuota > 0 && request.cpuQuota < 1000) {
        return fail(ErrorKind::InvalidArgument,
                    "CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
    return {};
}

} // namespace

Result<UpdateRequest> decodeUpdateRequest(const json& body) {
    UpdateRequest request;
    if (!body.is_object()) {
        return fail(ErrorKind::InvalidArgument, "the update request body must be a JSON object");
    }
    for (auto read : {readField(body, "CpuShares", request.cpuShares),
                      readField(body, "Memory", request.memory),
                      readField(body, "MemorySwap", request.memorySwap),
                      readField(body, "MemoryReservation", request.memoryReservation),
                      readField(body, "NanoCpus", request.nanoCpus),
                      readField(body, "CpuPeriod", request.cpuPeriod),
                      readField(body, "CpuQuota", request.cpuQuota),
                      readField(body, "CpusetCpus", request.cpusetCpus),
                      readField(body, "CpusetMems", request.cpusetMems),
                      readField(body, "PidsLimit", request.pidsLimit)}) {
        if (!read) {
            return std::unexpected(read.error());
        }
    }
    if (auto it = body.find("RestartPolicy"); it != body.end() && it->is_object()) {
        RestartPolicy policy;
        if (auto read = readField(*it, "Name", policy.name); !read) {
            return std::unexpected(read.error());
        }
        if (auto read = readField(*it, "MaximumRetryCount", policy.maximumRetryCount); !read) {
            return std::unexpected(read.error());
        }
        // The CLI sends an empty policy when --restart is not given.
        if (!policy.name.empty()) {
            request.restartPolicy = policy;
        }
    }
    return request;
}

Result<runtime::ResourceSpec> applyUpdate(HostConfig& host, const UpdateRequest& request,
                                          int cpuCount) {
    if (request.restartPolicy) {
        if (host.autoRemove && request.restartPolicy->name != "no") {
            return fail(ErrorKind::InvalidArgument,
                        "Restart policy cannot be updated because AutoRemove is enabled for the "
                        "container");
        }
        if (auto valid = validateRestartPolicy(*request.restartPolicy, false); !valid) {
            return std::unexpected(valid.error());
        }
    }
    if (auto valid = checkMemory(host, request); !valid) {
        return std::unexpected(valid.error());
    }
    if (auto valid = checkCpu(host, request, cpuCount); !valid) {
        return std::unexpected(valid.error());
    }

    runtime::ResourceSpec changed;
    changed.memoryBytes = request.memory;
    changed.memorySwapBytes = request.memorySwap;
    changed.memoryReservationBytes = request.memoryReservation;
    changed.cpuShares = request.cpuShares;
    changed.cpuPeriodMicros = request.cpuPeriod;
    changed.cpuQuotaMicros = request.cpuQuota;
    changed.nanoCpus = request.nanoCpus;
    changed.cpusetCpus = request.cpusetCpus;
    changed.cpusetMems = request.cpusetMems;
    if (request.pidsLimit) {
        changed.pidsLimit = *request.pidsLimit > 0 ? *request.pidsLimit : -1;
    }

    auto setIfGiven = [](int64_t& field, int64_t value) {
        if (value != 0) {
            field = value;
        }
    };
    setIfGiven(host.memory, request.memory);
    setIfGiven(host.memorySwap, request.memorySwap);
    setIfGiven(host.memoryReservation, request.memoryReservation);
    setIfGiven(host.cpuShares, request.cpuShares);
    setIfGiven(host.nanoCpus, request.nanoCpus);
    setIfGiven(host.cpuPeriod, request.cpuPeriod);
    setIfGiven(host.cpuQuota, request.cpuQuota);
    if (!request.cpusetCpus.empty()) {
        host.cpusetCpus = request.cpusetCpus;
    }
    if (!request.cpusetMems.empty()) {
        host.cpusetMems = request.cpusetMems;
    }
    if (request.pidsLimit) {
        host.pidsLimit = *request.pidsLimit > 0 ? request.pidsLimit : std::nullopt;
    }
    if (request.restartPolicy) {
        host.restartPolicy = *request.restartPolicy;
    }
    return changed;
}

} // namespace berth::container

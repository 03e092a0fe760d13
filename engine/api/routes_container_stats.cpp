// GET /containers/{id}/stats: cgroup samples in Docker's stats shape, once or every second.

#include "api/error_status.h"
#include "api/routes.h"
#include "common/time.h"
#include "container/manager.h"
#include "container/spec_builder.h"
#include "container/stats.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

namespace berth::api {

void addContainerStatsRoutes(Router& router, ApiContext& context);

namespace {

using nlohmann::json;
using namespace std::chrono_literals;

json cpuJson(const container::ResourceSample& sample) {
    return {
        {"cpu_usage",
         {{"total_usage", sample.cpuTotalNs},
          {"usage_in_kernelmode", sample.cpuKernelNs},
          {"usage_in_usermode", sample.cpuUserNs}}},
        {"system_cpu_usage", sample.systemCpuNs},
        {"online_cpus", sample.onlineCpus},
        {"throttling_data", {{"periods", 0}, {"throttled_periods", 0}, {"throttled_time", 0}}},
    };
}

json statsJson(const container::Container& c, const container::ResourceSample& sample,
               const container::ResourceSample& previous) {
    json memoryStat = json::object();
    for (const auto& [key, value] : sample.memoryStat) {
        memoryStat[key] = value;
    }
    return {
        {"name", "/" + c.name},
        {"id", c.id},
        {"read", formatRfc3339Nano(sample.timeNano)},
        {"preread",
         previous.timeNano ? formatRfc3339Nano(previous.timeNano) : std::string(kZeroTime)},
        {"pids_stats", {{"current", sample.pids}}},
        {"blkio_stats",
         {{"io_service_bytes_recursive", nullptr},
          {"io_serviced_recursive", nullptr},
          {"io_queue_recursive", nullptr},
          {"io_service_time_recursive", nullptr},
          {"io_wait_time_recursive", nullptr},
          {"io_merged_recursive", nullptr},
          {"io_time_recursive", nullptr},
          {"sectors_recursive", nullptr}}},
        {"num_procs", 0},
        {"storage_stats", json::object()},
        {"cpu_stats", cpuJson(sample)},
        {"precpu_stats", cpuJson(previous)},
        {"memory_stats",
         {{"usage", sample.memoryUsage}, {"limit", sample.memoryLimit}, {"stats", memoryStat}}},
        {"networks", json::object()},
    };
}

void streamStats(ApiContext& context, Request& request, ResponseWriter& response) {
    auto c = context.containers->inspect(request.param("id"));
    if (!c) {
        sendError(response, c.error());
        return;
    }
    bool stream = request.queryBool("stream", true);
    bool oneShot = request.queryBool("one-shot");
    std::string path = container::cgroupPathOf(*c, context.daemon.cgroupParent);
    if (!response.beginStream(200, "application/json")) {
        return;
    }
    container::ResourceSample previous;
    if (!oneShot && c->state.running()) {
        // A first sample, so that the first response already has a CPU delta.
        previous = container::sampleCgroup(path).value_or(container::ResourceSample{});
        std::this_thread::sleep_for(stream ? 0ms : 500ms);
    }
    for (;;) {
        auto current = context.containers->inspect(c->id);
        bool running = current && current->state.running();
        container::ResourceSample sample;
        if (running) {
            sample = container::sampleCgroup(path).value_or(container::ResourceSample{});
        } else {
            sample.timeNano = nowNanoseconds();
        }
        if (!response.writeChunk(statsJson(current ? *current : *c, sample, previous).dump() +
                                 "\n")) {
            return;
        }
        if (!stream || !running) {
            break;
        }
        previous = sample;
        for (int i = 0; i < 10 && !response.clientGone(); ++i) {
            std::this_thread::sleep_for(100ms);
        }
        if (response.clientGone()) {
            return;
        }
    }
    (void)response.endStream();
}

} // namespace

void addContainerStatsRoutes(Router& router, ApiContext& context) {
    router.add("GET", "/containers/{id}/stats",
               [&context](Request& request, ResponseWriter& response) {
                   streamStats(context, request, response);
               });
}

} // namespace berth::api

// System routes: /_ping, /version, /info.

#include "api/error_status.h"
#include "api/routes.h"
#include "api/system_info.h"
#include "common/time.h"
#include "container/manager.h"
#include "image/store.h"

#include <nlohmann/json.hpp>

#ifndef BERTH_GIT_COMMIT
#define BERTH_GIT_COMMIT "unknown"
#endif
#ifndef BERTH_BUILD_TIME
#define BERTH_BUILD_TIME "0001-01-01T00:00:00Z"
#endif

namespace berth::api {

using nlohmann::json;

namespace {

void ping(Request&, ResponseWriter& response) {
    response.setHeader("Builder-Version", "1");
    response.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
    response.setHeader("Pragma", "no-cache");
    response.sendText(200, "text/plain; charset=utf-8", "OK");
}

json versionJson(const ApiContext& context) {
    HostFacts host = readHostFacts();
    std::string compiler = std::string("GCC ") + __VERSION__;
    json details = {
        {"ApiVersion", std::string(kApiVersion)},
        {"Arch", host.goArch},
        {"BuildTime", BERTH_BUILD_TIME},
        {"Experimental", "false"},
        {"GitCommit", BERTH_GIT_COMMIT},
        {"GoVersion", compiler},
        {"KernelVersion", host.kernelVersion},
        {"MinAPIVersion", std::string(kMinApiVersion)},
        {"Os", "linux"},
    };
    return {
        {"Platform", {{"Name", "Berth Engine"}}},
        {"Components",
         json::array(
             {{{"Name", "Engine"}, {"Version", context.daemon.version}, {"Details", details}}})},
        {"Version", context.daemon.version},
        {"ApiVersion", std::string(kApiVersion)},
        {"MinAPIVersion", std::string(kMinApiVersion)},
        {"GitCommit", BERTH_GIT_COMMIT},
        {"GoVersion", compiler},
        {"Os", "linux"},
        {"Arch", host.goArch},
        {"KernelVersion", host.kernelVersion},
        {"Experimental", false},
        {"BuildTime", BERTH_BUILD_TIME},
    };
}

json infoJson(const ApiContext& context) {
    HostFacts host = readHostFacts();
    container::Counts counts = context.containers->counts();
    size_t images = context.images ? context.images->list().size() : 0;
    const DaemonInfo& daemon = context.daemon;
    return {
        {"ID", daemon.id},
        {"Containers", counts.running + counts.paused + counts.stopped},
        {"ContainersRunning", counts.running},
        {"ContainersPaused", counts.paused},
        {"ContainersStopped", counts.stopped},
        {"Images", images},
        {"Driver", "overlay2"},
        {"DriverStatus",
         json::array(
             {json::array({"Backing Filesystem", backingFilesystem(daemon.dataRoot.string())}),
              json::array({"Supports d_type", "true"}), json::array({"Using metacopy", "false"}),
              json::array({"Native Overlay Diff", "true"}), json::array({"userxattr", "false"})})},
        {"Plugins",
         {{"Volume", json::array({"local"})},
          {"Network", json::array({"host", "null"})},
          {"Authorization", nullptr},
          {"Log", json::array({"json-file"})}}},
        {"MemoryLimit", true},
        {"SwapLimit", host.swapLimit},
        {"KernelMemory", false},
        {"KernelMemoryTCP", false},
        {"CpuCfsPeriod", true},
        {"CpuCfsQuota", true},
        {"CPUShares", true},
        {"CPUSet", true},
        {"PidsLimit", true},
        {"OomKillDisable", false},
        {"IPv4Forwarding", host.ipv4Forwarding},
        {"BridgeNfIptables", false},
        {"BridgeNfIp6tables", false},
        {"Debug", daemon.debug},
        {"NFd", openFileCount()},
        {"NGoroutines", threadCount()},
        {"SystemTime", formatRfc3339Nano(nowNanoseconds())},
        {"LoggingDriver", "json-file"},
        {"CgroupDriver", "cgroupfs"},
        {"CgroupVersion", host.cgroupVersion},
        {"NEventsListener", 0},
        {"KernelVersion", host.kernelVersion},
        {"OperatingSystem", host.operatingSystem},
        {"OSVersion", ""},
        {"OSType", "linux"},
        {"Architecture", host.architecture},
        {"IndexServerAddress", ""},
        {"RegistryConfig",
         {{"AllowNondistributableArtifactsCIDRs", nullptr},
          {"AllowNondistributableArtifactsHostnames", nullptr},
          {"InsecureRegistryCIDRs", json::array()},
          {"IndexConfigs", json::object()},
          {"Mirrors", nullptr}}},
        {"NCPU", host.cpus},
        {"MemTotal", host.memoryBytes},
        {"GenericResources", nullptr},
        {"DockerRootDir", daemon.dataRoot.string()},
        {"HttpProxy", ""},
        {"HttpsProxy", ""},
        {"NoProxy", ""},
        {"Name", host.hostname},
        {"Labels", json::array()},
        {"ExperimentalBuild", false},
        {"ServerVersion", daemon.version},
        {"Runtimes", {{"runc", {{"path", "berth-shim"}}}}},
        {"DefaultRuntime", "runc"},
        {"Swarm",
         {{"NodeID", ""},
          {"NodeAddr", ""},
          {"LocalNodeState", "inactive"},
          {"ControlAvailable", false},
          {"Error", ""},
          {"RemoteManagers", nullptr}}},
        {"LiveRestoreEnabled", true},
        {"Isolation", ""},
        {"InitBinary", ""},
        {"ContainerdCommit", {{"ID", ""}, {"Expected", ""}}},
        {"RuncCommit", {{"ID", ""}, {"Expected", ""}}},
        {"InitCommit", {{"ID", ""}, {"Expected", ""}}},
        {"SecurityOptions", json::array()},
        {"ProductLicense", ""},
        {"DefaultAddressPools", nullptr},
        {"Warnings", nullptr},
    };
}

} // namespace

void addSystemRoutes(Router& router, ApiContext& context) {
    router.add("GET", "/_ping", ping);
    router.add("HEAD", "/_ping", ping);
    router.add("GET", "/version", [&context](Request&, ResponseWriter& response) {
        response.sendJson(200, versionJson(context));
    });
    router.add("GET", "/info", [&context](Request&, ResponseWriter& response) {
        response.sendJson(200, infoJson(context));
    });
}

} // namespace berth::api

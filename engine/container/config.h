#pragma once

// A container's configuration as the Docker Engine API carries it: Config (what runs),
// HostConfig (how the host runs it). Fields the engine does not act on yet are still kept,
// so that inspect shows what the client sent.

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::container {

struct ContainerConfig {
    std::string hostname;
    std::string domainname;
    std::string user;
    bool attachStdin = false;
    bool attachStdout = false;
    bool attachStderr = false;
    bool tty = false;
    bool openStdin = false;
    bool stdinOnce = false;
    std::vector<std::string> env; // "KEY=value"
    std::optional<std::vector<std::string>> cmd;
    std::optional<std::vector<std::string>> entrypoint;
    std::string image; // as the client named it
    std::string workingDir;
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposedPorts; // "80/tcp"
    std::vector<std::string> volumes;      // "/data"
    std::vector<std::string> onBuild;
    std::string stopSignal;
    std::optional<int> stopTimeout; // seconds
    std::optional<std::vector<std::string>> shell;
    nlohmann::json healthcheck; // null when unset; kept as sent
    bool argsEscaped = false;
    bool networkDisabled = false;
    std::string macAddress;
};

struct RestartPolicy {
    std::string name; // "", "no", "always", "on-failure", "unless-stopped"
    int maximumRetryCount = 0;
};

struct HostConfig {
    std::vector<std::string> binds;
    std::string containerIdFile;
    std::string logType = "json-file";
    std::map<std::string, std::string> logConfig;
    std::string networkMode = "default";
    nlohmann::json portBindings = nlohmann::json::object();
    RestartPolicy restartPolicy;
    bool autoRemove = false;
    std::vector<std::string> volumesFrom;
    nlohmann::json mounts; // HostConfig.Mounts (--mount) as sent; null when absent
    std::vector<unsigned> consoleSize = {0, 0}; // rows, columns
    std::vector<std::string> capAdd;
    std::vector<std::string> capDrop;
    std::string cgroupnsMode; // "host" or "private" after create, which fills in ""
    std::vector<std::string> dns;
    std::vector<std::string> dnsOptions;
    std::vector<std::string> dnsSearch;
    std::vector<std::string> extraHosts;
    std::vector<std::string> groupAdd;
    std::string ipcMode;
    std::vector<std::string> links;
    int oomScoreAdj = 0;
    std::string pidMode;
    bool privileged = false;
    bool publishAllPorts = false;
    bool readonlyRootfs = false;
    std::vector<std::string> securityOpt;
    std::string utsMode;
    std::string usernsMode;
    int64_t shmSize = 0;
    std::string runtime = "runc";
    bool init = false;
    // Resources.
    int64_t cpuShares = 0;
    int64_t memory = 0;
    int64_t memorySwap = 0;
    int64_t memoryReservation = 0;
    int64_t nanoCpus = 0;
    int64_t cpuPeriod = 0;
    int64_t cpuQuota = 0;
    std::string cpusetCpus;
    std::string cpusetMems;
    std::optional<int64_t> pidsLimit;
    std::string cgroupParent;
    nlohmann::json ulimits = nlohmann::json::array();
    nlohmann::json devices = nlohmann::json::array();
};

// The body of POST /containers/create.
struct CreateRequest {
    ContainerConfig config;
    HostConfig hostConfig;
    nlohmann::json networkingConfig; // kept as sent
};

// Decodes the create body. Unknown fields are ignored; a field of the wrong type is
// InvalidArgument naming the field.
[[nodiscard]] Result<CreateRequest> decodeCreateRequest(const nlohmann::json& body);

[[nodiscard]] Result<ContainerConfig> decodeContainerConfig(const nlohmann::json& json);
[[nodiscard]] Result<HostConfig> decodeHostConfig(const nlohmann::json& json);

// Docker's shapes, every field present, as inspect shows them.
[[nodiscard]] nlohmann::json toJson(const ContainerConfig& config);
[[nodiscard]] nlohmann::json toJson(const HostConfig& hostConfig);

// Checks a restart policy name and count: "no", "always", "unless-stopped", "on-failure".
[[nodiscard]] Result<void> validateRestartPolicy(const RestartPolicy& policy, bool autoRemove);

// Checks what Docker's create checks before it stores a container: an absolute working
// directory, a memory limit of at least 6 MiB, at most cpuCount CPUs for --cpus, and a
// CgroupnsMode of "", "host" or "private". Errors are InvalidArgument with Docker's
// wording.
[[nodiscard]] Result<void> validateCreateSettings(const CreateRequest& request, int cpuCount);

// Docker's restart decision after an exit with exitCode.
[[nodiscard]] bool shouldRestart(const RestartPolicy& policy, int exitCode, int restartCount,
                                 bool manuallyStopped);

} // namespace berth::container

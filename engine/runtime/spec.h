#pragma once

// What the daemon asks the runtime to run: the container's root layers, process, mounts,
// limits. The daemon writes it as <bundle>/spec.json; berth-shim reads it back.

#include "common/error.h"

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace berth::runtime {

struct ProcessSpec {
    std::vector<std::string> args; // args[0] is looked up in PATH inside the container
    std::vector<std::string> env;  // "KEY=value"; PATH and HOSTNAME are added when missing
    std::string cwd = "/";
    std::string user;       // "", "uid", "uid:gid", "name", "name:group"
    bool terminal = false;  // a pty; otherwise pipes for stdin, stdout, stderr
    bool openStdin = false; // keep stdin open for attach (-i)
    bool stdinOnce = false; // close stdin when the first attached client detaches
    uint16_t rows = 24;
    uint16_t columns = 80;
    std::vector<std::string> capAdd; // "NET_ADMIN" or "CAP_NET_ADMIN", "ALL"
    std::vector<std::string> capDrop;
    bool noNewPrivileges = false;
};

// An extra mount, applied after the standard ones (/proc, /dev, /sys, ...).
struct MountSpec {
    std::string source;      // host path, or a file system name for special types
    std::string destination; // absolute path inside the container
    std::string type = "bind";
    std::vector<std::string> options; // "ro", "rbind", "nosuid", ...
    // Volumes: when the source directory is empty, the container's content at the
    // destination is first copied into it (owners, modes, times, xattrs kept).
    bool copyUp = false;
};

struct ResourceSpec {
    int64_t memoryBytes = 0;            // 0 = unlimited
    int64_t memorySwapBytes = 0;        // memory + swap; -1 = unlimited swap
    int64_t memoryReservationBytes = 0; // soft limit; 0 = none
    int64_t cpuShares = 0;              // relative weight, Docker's 2..262144
    int64_t cpuQuotaMicros = 0;
    int64_t cpuPeriodMicros = 0;
    int64_t nanoCpus = 0;  // --cpus, in billionths of a CPU
    int64_t pidsLimit = 0; // 0 or negative = unlimited
    std::string cpusetCpus;
    std::string cpusetMems; // memory nodes, e.g. "0-1"; empty = the parent's
};

enum class NetworkMode {
    Loopback, // a new network namespace with only lo, up
    Host,     // the host's network namespace
    None,     // a new network namespace with lo down
    Joined,   // the network namespace of another container's init (--network container:NAME)
};

// The process whose network namespace a Joined container shares; the start time guards
// against a reused pid.
struct JoinedNetwork {
    pid_t pid = 0;
    uint64_t startTime = 0; // /proc/PID/stat field 22
};

struct ContainerSpec {
    std::string id;
    std::string hostname;
    std::string domainname;

    // overlayfs: lower dirs top-most first, the container's own upper and work dirs.
    std::vector<std::filesystem::path> lowerDirs;
    std::filesystem::path upperDir;
    std::filesystem::path workDir;
    bool readonlyRootfs = false;

    ProcessSpec process;
    std::vector<MountSpec> mounts;
    ResourceSpec resources;
    NetworkMode network = NetworkMode::Loopback;
    JoinedNetwork joinedNetwork; // with NetworkMode::Joined
    bool privileged = false;
    // "" loads Berth's default seccomp filter, "unconfined" none (Docker's
    // --security-opt seccomp=unconfined). A privileged container runs unconfined.
    std::string seccomp;
    // Kernel parameters by their dotted name ("net.ipv4.ip_unprivileged_port_start"), which
    // the init writes below /proc/sys before it makes /proc/sys read-only.
    std::map<std::string, std::string> sysctls;

    // Files the daemon generated, bind-mounted over /etc/hosts, /etc/hostname and
    // /etc/resolv.conf when set.
    std::filesystem::path hostsFile;
    std::filesystem::path hostnameFile;
    std::filesystem::path resolvConfFile;

    // Docker's json-file log the shim writes. Past logMaxSize bytes (0 = no limit) the shim
    // renames it to logPath.1 (older files move up to .2, …) and keeps logMaxFiles files in
    // all; with logMaxFiles 1 it empties the file instead.
    std::filesystem::path logPath;
    int64_t logMaxSize = 0;
    int logMaxFiles = 1;

    // Cgroup path relative to each hierarchy's root, e.g. "berth/<id>".
    std::string cgroupPath;
    // Docker's --cgroupns private: init enters a new cgroup namespace once it is in its
    // cgroup, so that cgroup is the namespace's root ("0::/" in /proc/self/cgroup on v2).
    bool privateCgroupNamespace = false;
};

[[nodiscard]] nlohmann::json toJson(const ContainerSpec& spec);
[[nodiscard]] Result<ContainerSpec> containerSpecFromJson(const nlohmann::json& json);

} // namespace berth::runtime

#include "container/spec_builder.h"

#include "common/fs.h"
#include "container/log_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace berth::container {

std::string hostnameOf(const Container& container) {
    if (!container.config.hostname.empty()) {
        return container.config.hostname;
    }
    return container.shortId();
}

std::string cgroupPathOf(const Container& container, std::string_view cgroupParent) {
    std::string parent = container.hostConfig.cgroupParent.empty()
                             ? std::string(cgroupParent)
                             : container.hostConfig.cgroupParent;
    while (parent.starts_with("/")) {
        parent.erase(0, 1);
    }
    return parent.empty() ? container.id : parent + "/" + container.id;
}

std::vector<runtime::MountSpec> mountSpecsOf(const std::vector<volume::MountPoint>& mountPoints) {
    std::vector<runtime::MountSpec> mounts;
    for (const auto& point : mountPoints) {
        runtime::MountSpec mount;
        mount.destination = point.destination;
        if (point.type == volume::MountType::Tmpfs) {
            mount.type = "tmpfs";
            mount.source = "tmpfs";
            mount.options = {"nosuid", "nodev", "noexec"};
            size_t start = 0;
            while (start < point.tmpfsOptions.size()) {
                size_t comma = point.tmpfsOptions.find(',', start);
                mount.options.push_back(point.tmpfsOptions.substr(start, comma - start));
                start = comma == std::string::npos ? comma : comma + 1;
            }
        } else {
            mount.source = point.source;
            mount.options = {"rbind"};
            if (!point.rw) {
                mount.options.push_back("ro");
            }
            mount.copyUp = point.type == volume::MountType::Volume && point.copyData;
        }
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

namespace {

runtime::NetworkMode networkModeOf(const std::string& mode) {
    if (mode == "host") {
        return runtime::NetworkMode::Host;
    }
    if (mode == "none") {
        return runtime::NetworkMode::None;
    }
    if (mode.starts_with("container:")) {
        return runtime::NetworkMode::Joined; // the manager fills in whose network
    }
    return runtime::NetworkMode::Loopback;
}

// True when berthd runs in a user namespace that maps only part of the ids, as a rootless
// daemon does: the kernel then rejects a ping_group_range with unmapped groups.
bool inPartialUserNamespace() {
    auto map = fs::readFile("/proc/self/uid_map");
    if (!map) {
        return false;
    }
    std::istringstream lines(*map);
    int64_t inside = -1;
    int64_t outside = -1;
    int64_t count = -1;
    lines >> inside >> outside >> count;
    return !(inside == 0 && outside == 0 && count == 4294967295);
}

// moby's daemon sets these (withCommonOptions in daemon/oci_linux.go) in each container
// that gets a network namespace of its own, so that a process without capabilities may bind ports
// below 1024 and send ICMP echo requests through a datagram socket. A container on the host's
// network, or on another container's, keeps that namespace's values. Names the host kernel lacks
// are left out.
void addNetworkSysctlDefaults(std::map<std::string, std::string>& sysctls) {
    const std::pair<std::string_view, std::string_view> defaults[] = {
        {"net.ipv4.ip_unprivileged_port_start", "0"},
        {"net.ipv4.ping_group_range", "0 2147483647"},
    };
    for (const auto& [name, value] : defaults) {
        if (name == "net.ipv4.ping_group_range" && inPartialUserNamespace()) {
            continue;
        }
        std::string path = "/proc/sys/" + std::string(name);
        std::ranges::replace(path, '.', '/');
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) {
            sysctls.emplace(name, value);
        }
    }
}

runtime::ProcessSpec processOf(const Container& container) {
    const ContainerConfig& config = container.config;
    runtime::ProcessSpec process;
    process.args.push_back(container.path);
    process.args.insert(process.args.end(), container.args.begin(), container.args.end());
    process.env = config.env;
    process.cwd = config.workingDir.empty() ? "/" : config.workingDir;
    process.user = config.user;
    process.terminal = config.tty;
    process.openStdin = config.openStdin;
    process.stdinOnce = config.stdinOnce;
    const auto& console = container.hostConfig.consoleSize;
    if (console.size() == 2 && console[0] > 0 && console[1] > 0) {
        process.rows = uint16_t(console[0]);
        process.columns = uint16_t(console[1]);
    }
    process.capAdd = container.hostConfig.capAdd;
    process.capDrop = container.hostConfig.capDrop;
    for (const auto& option : container.hostConfig.securityOpt) {
        if (option == "no-new-privileges" || option == "no-new-privileges:true") {
            process.noNewPrivileges = true;
        }
    }
    return process;
}

} // namespace

runtime::ResourceSpec resourcesOf(const HostConfig& host) {
    runtime::ResourceSpec resources;
    resources.memoryBytes = host.memory;
    resources.memorySwapBytes = host.memorySwap;
    resources.memoryReservationBytes = host.memoryReservation;
    resources.cpuShares = host.cpuShares;
    resources.cpuQuotaMicros = host.cpuQuota;
    resources.cpuPeriodMicros = host.cpuPeriod;
    resources.nanoCpus = host.nanoCpus;
    resources.pidsLimit = host.pidsLimit.value_or(0);
    resources.cpusetCpus = host.cpusetCpus;
    resources.cpusetMems = host.cpusetMems;
    return resources;
}

Result<runtime::ContainerSpec> buildSpec(const Container& container,
                                         std::vector<std::filesystem::path> lowerDirs,
                                         std::string_view cgroupParent,
                                         const std::filesystem::path& initBinary) {
    runtime::ContainerSpec spec;
    spec.id = container.id;
    spec.hostname = hostnameOf(container);
    spec.domainname = container.config.domainname;
    spec.lowerDirs = std::move(lowerDirs);
    spec.upperDir = container.upperDir();
    spec.workDir = container.workDir();
    spec.readonlyRootfs = container.hostConfig.readonlyRootfs;
    spec.process = processOf(container);
    spec.mounts = mountSpecsOf(container.mountPoints);
    if (container.hostConfig.init) {
        if (initBinary.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        "--init was requested, but the daemon has no init binary");
        }
        spec.process.args.insert(spec.process.args.begin(),
                                 {std::string(kInitPath), std::string("--")});
        spec.mounts.push_back(runtime::MountSpec{
            initBinary.string(), std::string(kInitPath), "bind", {"rbind", "ro"}, false});
    }
    spec.resources = resourcesOf(container.hostConfig);
    spec.network = networkModeOf(container.hostConfig.networkMode);
    if (spec.network == runtime::NetworkMode::Loopback ||
        spec.network == runtime::NetworkMode::None) {
        addNetworkSysctlDefaults(spec.sysctls);
    }
    spec.privileged = container.hostConfig.privileged;
    for (const auto& option : container.hostConfig.securityOpt) {
        // Docker accepts both "seccomp=unconfined" and the older "seccomp:unconfined".
        if (option == "seccomp=unconfined" || option == "seccomp:unconfined") {
            spec.seccomp = "unconfined";
        }
    }
    spec.hostsFile = container.hostsPath();
    spec.hostnameFile = container.hostnamePath();
    spec.resolvConfFile = container.resolvConfPath();
    spec.logPath = container.logPath();
    // Checked at create; a record from before that check gets no rotation.
    if (auto limits =
            parseLogOptions(container.hostConfig.logType, container.hostConfig.logConfig)) {
        spec.logMaxSize = limits->maxSize;
        spec.logMaxFiles = limits->maxFiles;
    }
    spec.cgroupPath = cgroupPathOf(container, cgroupParent);
    // Create stores the daemon's default in place of "", so "" here is a record from
    // before CgroupnsMode was kept. Those containers ran in the host's namespace.
    spec.privateCgroupNamespace = container.hostConfig.cgroupnsMode == "private";
    return spec;
}

} // namespace berth::container

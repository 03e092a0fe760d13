#include "api/system_info.h"

#include "common/fs.h"

#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

namespace berth::api {

namespace {

std::string osReleaseName() {
    auto text = fs::readFile("/etc/os-release");
    if (!text) {
        return "Linux";
    }
    std::istringstream lines(*text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with("PRETTY_NAME=")) {
            std::string value = line.substr(12);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            return value;
        }
    }
    return "Linux";
}

std::string goArchitecture(const std::string& machine) {
    if (machine == "x86_64") {
        return "amd64";
    }
    if (machine == "aarch64") {
        return "arm64";
    }
    if (machine == "i686" || machine == "i386") {
        return "386";
    }
    return machine;
}

// A pure cgroup v2 tree has cgroup2 at /sys/fs/cgroup; hybrid and v1 hosts do not.
std::string cgroupVersion() {
    struct statfs info {};
    if (::statfs("/sys/fs/cgroup", &info) == 0 && info.f_type == CGROUP2_SUPER_MAGIC) {
        return "2";
    }
    return "1";
}

} // namespace

HostFacts readHostFacts() {
    HostFacts facts;
    struct utsname name {};
    if (::uname(&name) == 0) {
        facts.kernelVersion = name.release;
        facts.architecture = name.machine;
        facts.hostname = name.nodename;
    }
    facts.goArch = goArchitecture(facts.architecture);
    facts.operatingSystem = osReleaseName();
    facts.cpus = int(::sysconf(_SC_NPROCESSORS_ONLN));
    facts.memoryBytes = int64_t(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGESIZE);
    facts.cgroupVersion = cgroupVersion();
    auto forwarding = fs::readFile("/proc/sys/net/ipv4/ip_forward");
    facts.ipv4Forwarding = forwarding && forwarding->starts_with("1");
    facts.swapLimit =
        std::filesystem::exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes") ||
        facts.cgroupVersion == "2";
    return facts;
}

std::string backingFilesystem(const std::string& path) {
    struct statfs info{};
    if (::statfs(path.c_str(), &info) != 0) {
        return "<unknown>";
    }
    switch (info.f_type) {
    case EXT4_SUPER_MAGIC:
        return "extfs";
    case XFS_SUPER_MAGIC:
        return "xfs";
    case BTRFS_SUPER_MAGIC:
        return "btrfs";
    case TMPFS_MAGIC:
        return "tmpfs";
    case OVERLAYFS_SUPER_MAGIC:
        return "overlayfs";
    default:
        return "<unknown>";
    }
}

int openFileCount() {
    std::error_code ec;
    int count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

int threadCount() {
    std::error_code ec;
    int count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

} // namespace berth::api

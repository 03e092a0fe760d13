#pragma once

// Facts about the host for /version and /info, read from /proc, uname and sysconf.

#include <cstdint>
#include <string>

namespace berth::api {

struct HostFacts {
    std::string kernelVersion;   // uname release
    std::string operatingSystem; // PRETTY_NAME of /etc/os-release
    std::string architecture;    // uname machine: "x86_64"
    std::string goArch;          // Docker's spelling: "amd64"
    std::string hostname;
    int cpus = 0;
    int64_t memoryBytes = 0;
    std::string cgroupVersion; // "1" or "2"
    bool ipv4Forwarding = false;
    bool swapLimit = false;
};

[[nodiscard]] HostFacts readHostFacts();

// Docker's name for the file system under path: "extfs", "xfs", "btrfs", "tmpfs", ...
[[nodiscard]] std::string backingFilesystem(const std::string& path);

// Open descriptors and threads of this process.
[[nodiscard]] int openFileCount();
[[nodiscard]] int threadCount();

} // namespace berth::api

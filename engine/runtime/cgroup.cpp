#include "runtime/cgroup.h"

#include "common/fs.h"
#include "common/unique_fd.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <string_view>

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

constexpr std::string_view kCgroupRoot = "/sys/fs/cgroup";
constexpr std::string_view kV1Controllers[] = {"memory", "cpu",   "cpuacct", "pids",
                                               "cpuset", "blkio", "devices", "freezer"};

// The device nodes a container may use without --privileged, as Docker allows them:
// mknod of any node, then null, zero, full, random, urandom, tty, console, ptmx, pts/*
// and tun.
constexpr std::string_view kAllowedDevices[] = {
    "c *:* m",   "b *:* m",   "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",   "c 1:8 rwm",
    "c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm",
};

Result<void> writeValue(const stdfs::path& file, std::string_view value) {
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd) {
        return failSys(fmt::format("open {}", file.string()));
    }
    if (::write(fd.get(), value.data(), value.size()) < 0) {
        return failSys(fmt::format("write \"{}\" to {}", value, file.string()));
    }
    return {};
}

std::vector<std::string> splitComma(std::string_view text) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        parts.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Reads the v1 hierarchies from mountinfo: "... MOUNTPOINT OPTIONS ... - cgroup SOURCE SUPER".
Result<std::vector<CgroupHierarchy>> findV1Hierarchies() {
    auto mountinfo = fs::readFile("/proc/self/mountinfo");
    if (!mountinfo) {
        return std::unexpected(mountinfo.error());
    }
    std::vector<CgroupHierarchy> hierarchies;
    std::string_view rest = *mountinfo;
    while (!rest.empty()) {
        size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        size_t separator = line.find(" - ");
        if (separator == std::string_view::npos) {
            continue;
        }
        std::string_view tail = line.substr(separator + 3);
        if (!tail.starts_with("cgroup ")) {
            continue;
        }
        size_t superStart = tail.rfind(' ');
        std::vector<std::string> options = splitComma(tail.substr(superStart + 1));
        std::vector<std::string> controllers;
        for (const std::string& option : options) {
            if (std::ranges::find(kV1Controllers, option) != std::end(kV1Controllers)) {
                controllers.push_back(option);
            }
        }
        if (controllers.empty()) {
            continue;
        }
        // Fields: id parent major:minor root mountpoint ...
        std::string_view head = line.substr(0, separator);
        size_t field = 0;
        size_t position = 0;
        std::string_view mountPoint;
        while (field < 5 && position < head.size()) {
            size_t space = head.find(' ', position);
            std::string_view value = head.substr(position, space - position);
            if (field == 4) {
                mountPoint = value;
            }
            position = space == std::string_view::npos ? head.size() : space + 1;
            ++field;
        }
        hierarchies.push_back(CgroupHierarchy{stdfs::path(mountPoint), std::move(controllers)});
    }
    return hierarchies;
}

bool carries(const CgroupHierarchy& hierarchy, std::string_view controller) {
    return std::ranges::find(hierarchy.controllers, controller) != hierarchy.controllers.end();
}

std::string readTrimmed(const stdfs::path& file) {
    auto content = fs::readFile(file);
    if (!content) {
        return {};
    }
    std::string value = std::move(*content);
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) {
        value.pop_back();
    }
    return value;
}

// A new cpuset cgroup starts with empty cpus and mems, and no task may join it until
// both are set, so every level created copies its parent's.
Result<void> inheritCpuset(const stdfs::path& directory) {
    for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
        if (!readTrimmed(directory / file).empty()) {
            continue;
        }
        std::string parentValue = readTrimmed(directory.parent_path() / file);
        if (auto written = writeValue(directory / file, parentValue); !written) {
            return written;
        }
    }
    return {};
}

// A cgroup v2 directory has only the controllers that its parent lists in
// cgroup.subtree_control, so they are enabled in each level before its child is created.
void enableV2Controllers(const stdfs::path& parent) {
    for (const char* controller : {"+cpu", "+memory", "+pids", "+cpuset"}) {
        // A controller the kernel lacks or that is not delegated stays off; its limits
        // then fail to apply with their own error.
        (void)writeValue(parent / "cgroup.subtree_control", controller);
    }
}

// Creates each missing level of relativePath in the hierarchy; returns the leaf.
Result<stdfs::path> makeLevels(const CgroupHierarchy& hierarchy, CgroupVersion version,
                               const std::string& relativePath) {
    bool cpuset = carries(hierarchy, "cpuset");
    stdfs::path directory = hierarchy.mountPoint;
    for (const auto& part : stdfs::path(relativePath).relative_path()) {
        if (version == CgroupVersion::V2) {
            enableV2Controllers(directory);
        }
        directory /= part;
        if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST) {
            return failSys(fmt::format("create cgroup {}", directory.string()));
        }
        if (cpuset) {
            if (auto inherited = inheritCpuset(directory); !inherited) {
                return std::unexpected(inherited.error());
            }
        }
    }
    return directory;
}

Result<void> applyV1Limits(const CgroupHierarchy& hierarchy, const stdfs::path& directory,
                           const ResourceSpec& r, bool privileged) {
    std::vector<std::pair<std::string, std::string>> writes;
    if (carries(hierarchy, "memory")) {
        if (r.memoryBytes > 0) {
            writes.emplace_back("memory.limit_in_bytes", std::to_string(r.memoryBytes));
        }
        if (r.memoryReservationBytes > 0) {
            writes.emplace_back("memory.soft_limit_in_bytes",
                                std::to_string(r.memoryReservationBytes));
        }
        // Without swap accounting (swapaccount=0) the kernel has no memsw files; Docker
        // then ignores the swap limit with a warning, and so does Berth.
        if (r.memorySwapBytes != 0 && r.memoryBytes > 0 &&
            ::access((directory / "memory.memsw.limit_in_bytes").c_str(), F_OK) == 0) {
            writes.emplace_back("memory.memsw.limit_in_bytes", std::to_string(r.memorySwapBytes));
        }
    }
    if (carries(hierarchy, "cpu")) {
        if (r.cpuShares > 0) {
            writes.emplace_back("cpu.shares", std::to_string(r.cpuShares));
        }
        int64_t period = r.cpuPeriodMicros;
        int64_t quota = r.cpuQuotaMicros;
        if (r.nanoCpus > 0) {
            period = 100'000;
            quota = r.nanoCpus * period / 1'000'000'000;
        }
        if (period > 0) {
            writes.emplace_back("cpu.cfs_period_us", std::to_string(period));
        }
        if (quota != 0) {
            writes.emplace_back("cpu.cfs_quota_us", std::to_string(quota));
        }
    }
    if (carries(hierarchy, "cpuset") && !r.cpusetCpus.empty()) {
        writes.emplace_back("cpuset.cpus", r.cpusetCpus);
    }
    if (carries(hierarchy, "cpuset") && !r.cpusetMems.empty()) {
        writes.emplace_back("cpuset.mems", r.cpusetMems);
    }
    if (carries(hierarchy, "pids") && r.pidsLimit > 0) {
        writes.emplace_back("pids.max", std::to_string(r.pidsLimit));
    }
    if (carries(hierarchy, "devices") && !privileged) {
        writes.emplace_back("devices.deny", "a");
        for (std::string_view rule : kAllowedDevices) {
            writes.emplace_back("devices.allow", std::string(rule));
        }
    }
    for (const auto& [file, value] : writes) {
        if (auto written = writeValue(directory / file, value); !written) {
            return written;
        }
    }
    return {};
}

// cgroup v2 takes cpu.weight in 1..10000 where v1 took cpu.shares in 2..262144.
int64_t sharesToWeight(int64_t shares) {
    return 1 + ((shares - 2) * 9999) / 262142;
}

// NOTE: v2 has no devices controller file: restricting devices there needs an eBPF
// program, which Berth does not load yet.
Result<void> applyV2Limits(const stdfs::path& directory, const ResourceSpec& r) {
    std::vector<std::pair<std::string, std::string>> writes;
    if (r.memoryBytes > 0) {
        writes.emplace_back("memory.max", std::to_string(r.memoryBytes));
        if (r.memorySwapBytes == -1) {
            writes.emplace_back("memory.swap.max", "max");
        } else if (r.memorySwapBytes > 0) {
            writes.emplace_back("memory.swap.max", std::to_string(std::max<int64_t>(
                                                       0, r.memorySwapBytes - r.memoryBytes)));
        }
    }
    if (r.memoryReservationBytes > 0) {
        writes.emplace_back("memory.low", std::to_string(r.memoryReservationBytes));
    }
    if (r.cpuShares > 0) {
        writes.emplace_back("cpu.weight", std::to_string(sharesToWeight(r.cpuShares)));
    }
    int64_t period = r.cpuPeriodMicros > 0 ? r.cpuPeriodMicros : 100'000;
    int64_t quota = r.cpuQuotaMicros;
    if (r.nanoCpus > 0) {
        period = 100'000;
        quota = r.nanoCpus * period / 1'000'000'000;
    }
    if (quota > 0) {
        writes.emplace_back("cpu.max", fmt::format("{} {}", quota, period));
    }
    if (!r.cpusetCpus.empty()) {
        writes.emplace_back("cpuset.cpus", r.cpusetCpus);
    }
    if (!r.cpusetMems.empty()) {
        writes.emplace_back("cpuset.mems", r.cpusetMems);
    }
    // A new cgroup starts unlimited, so only a limit is written.
    if (r.pidsLimit > 0) {
        writes.emplace_back("pids.max", std::to_string(r.pidsLimit));
    }
    for (const auto& [file, value] : writes) {
        if (auto written = writeValue(directory / file, value); !written) {
            return written;
        }
    }
    return {};
}

// rmdir fails with EBUSY while the kernel still counts a task whose exit has not finished.
// That lasts microseconds, so the removal is retried for up to 100 ms.
Result<void> removeDirectory(const stdfs::path& directory) {
    for (int attempt = 0;; ++attempt) {
        if (::rmdir(directory.c_str()) == 0 || errno == ENOENT) {
            return {};
        }
        if (errno != EBUSY || attempt == 200) {
            return failSys(fmt::format("remove cgroup {}", directory.string()));
        }
        timespec pause{0, 500'000};
        ::nanosleep(&pause, nullptr);
    }
}

} // namespace

Result<CgroupLayout> detectCgroupLayout() {
    struct statfs info {};
    if (::statfs(std::string(kCgroupRoot).c_str(), &info) != 0) {
        return failSys(fmt::format("statfs {}", kCgroupRoot));
    }
    if (info.f_type == CGROUP2_SUPER_MAGIC) {
        return CgroupLayout{CgroupVersion::V2, {CgroupHierarchy{stdfs::path(kCgroupRoot), {}}}};
    }
    auto hierarchies = findV1Hierarchies();
    if (!hierarchies) {
        return std::unexpected(hierarchies.error().context("find cgroup v1 hierarchies"));
    }
    return CgroupLayout{CgroupVersion::V1, std::move(*hierarchies)};
}

Result<Cgroup> Cgroup::create(const CgroupLayout& layout, const std::string& relativePath,
                              const ResourceSpec& resources, bool privileged) {
    if (relativePath.empty() || relativePath.find("..") != std::string::npos) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid cgroup path \"{}\"", relativePath));
    }
    Cgroup cgroup;
    cgroup.version_ = layout.version;
    for (const CgroupHierarchy& hierarchy : layout.hierarchies) {
        auto leaf = makeLevels(hierarchy, layout.version, relativePath);
        if (!leaf) {
            return std::unexpected(leaf.error());
        }
        cgroup.directories_.push_back(*leaf);
        auto applied = layout.version == CgroupVersion::V2
                           ? applyV2Limits(*leaf, resources)
                           : applyV1Limits(hierarchy, *leaf, resources, privileged);
        if (!applied) {
            return std::unexpected(applied.error());
        }
    }
    return cgroup;
}

Cgroup::~Cgroup() {
    (void)remove();
}

Result<void> Cgroup::addProcess(pid_t pid) const {
    std::string text = std::to_string(pid);
    for (const stdfs::path& directory : directories_) {
        if (auto written = writeValue(directory / "cgroup.procs", text); !written) {
            return written;
        }
    }
    return {};
}

bool Cgroup::oomKilled() const {
    for (const stdfs::path& directory : directories_) {
        auto content = fs::readFile(
            directory / (version_ == CgroupVersion::V2 ? "memory.events" : "memory.oom_control"));
        if (!content) {
            continue;
        }
        size_t at = content->find("oom_kill ");
        if (at != std::string::npos && std::atoll(content->c_str() + at + 9) > 0) {
            return true;
        }
    }
    return false;
}

Result<void> Cgroup::remove() {
    Result<void> outcome;
    for (const stdfs::path& directory : directories_) {
        if (auto removed = removeDirectory(directory); !removed && outcome) {
            outcome = removed;
        }
    }
    directories_.clear();
    return outcome;
}

namespace {

stdfs::path leafOf(const CgroupHierarchy& hierarchy, const std::string& relativePath) {
    return hierarchy.mountPoint / stdfs::path(relativePath).relative_path();
}

// Polls state until it reads expected: a v1 freezer passes through FREEZING, and v2 reports
// "frozen 1" in cgroup.events only once every task has stopped.
Result<void> awaitFreezerState(const stdfs::path& file, std::string_view expected) {
    for (int attempt = 0; attempt < 4000; ++attempt) {
        std::string state = readTrimmed(file);
        if (state.find(expected) != std::string::npos) {
            return {};
        }
        timespec pause{0, 1'000'000};
        ::nanosleep(&pause, nullptr);
    }
    return fail(ErrorKind::System,
                fmt::format("timed out waiting for {} to report \"{}\"", file.string(), expected));
}

uint64_t readNumber(const stdfs::path& file) {
    return std::strtoull(readTrimmed(file).c_str(), nullptr, 10);
}

// Mirrors runc's message, which Docker shows to `docker update` users.
Error memoryBelowUsage(int64_t limit, uint64_t usage, uint64_t peak) {
    return Error{ErrorKind::System,
                 fmt::format("unable to set memory limit to {} (current usage: {}, peak usage: {})",
                             limit, usage, peak)};
}

// memory.memsw.limit_in_bytes may never be below memory.limit_in_bytes, so the order of the
// two writes depends on whether the limit grows or shrinks.
Result<void> updateV1Memory(const stdfs::path& directory, const ResourceSpec& r) {
    stdfs::path memsw = directory / "memory.memsw.limit_in_bytes";
    bool hasSwap = ::access(memsw.c_str(), F_OK) == 0 && r.memorySwapBytes != 0;
    std::string swapValue = r.memorySwapBytes == -1 ? "-1" : std::to_string(r.memorySwapBytes);
    auto writeMemory = [&]() -> Result<void> {
        if (r.memoryBytes <= 0) {
            return {};
        }
        stdfs::path file = directory / "memory.limit_in_bytes";
        auto written = writeValue(file, std::to_string(r.memoryBytes));
        if (!written && written.error().errnum == EBUSY) {
            return std::unexpected(
                memoryBelowUsage(r.memoryBytes, readNumber(directory / "memory.usage_in_bytes"),
                                 readNumber(directory / "memory.max_usage_in_bytes")));
        }
        return written;
    };
    bool swapFirst =
        hasSwap && (r.memorySwapBytes == -1 || uint64_t(r.memorySwapBytes) > readNumber(memsw));
    if (swapFirst) {
        if (auto written = writeValue(memsw, swapValue); !written) {
            return written;
        }
    }
    if (auto written = writeMemory(); !written) {
        return written;
    }
    if (hasSwap && !swapFirst) {
        return writeValue(memsw, swapValue);
    }
    return {};
}

// cgroup v2 reclaims and then OOM-kills instead of refusing a limit below the usage, so the
// usage is checked first to refuse such a limit as v1 does.
Result<void> checkV2MemoryLimit(const stdfs::path& directory, const ResourceSpec& r) {
    if (r.memoryBytes <= 0) {
        return {};
    }
    uint64_t usage = readNumber(directory / "memory.current");
    if (usage > uint64_t(r.memoryBytes)) {
        return std::unexpected(
            memoryBelowUsage(r.memoryBytes, usage, readNumber(directory / "memory.peak")));
    }
    return {};
}

} // namespace

Result<void> setCgroupFrozen(const CgroupLayout& layout, const std::string& relativePath,
                             bool frozen) {
    for (const CgroupHierarchy& hierarchy : layout.hierarchies) {
        stdfs::path directory = leafOf(hierarchy, relativePath);
        if (layout.version == CgroupVersion::V2) {
            if (auto written = writeValue(directory / "cgroup.freeze", frozen ? "1" : "0");
                !written) {
                return written;
            }
            return awaitFreezerState(directory / "cgroup.events", frozen ? "frozen 1" : "frozen 0");
        }
        if (!carries(hierarchy, "freezer")) {
            continue;
        }
        std::string_view state = frozen ? "FROZEN" : "THAWED";
        if (auto written = writeValue(directory / "freezer.state", state); !written) {
            return written;
        }
        return awaitFreezerState(directory / "freezer.state", state);
    }
    return fail(ErrorKind::Unsupported, "no cgroup freezer is mounted on this host");
}

Result<void> updateCgroupResources(const CgroupLayout& layout, const std::string& relativePath,
                                   const ResourceSpec& resources) {
    ResourceSpec others = resources;
    others.memoryBytes = 0;
    others.memorySwapBytes = 0;
    for (const CgroupHierarchy& hierarchy : layout.hierarchies) {
        stdfs::path directory = leafOf(hierarchy, relativePath);
        if (layout.version == CgroupVersion::V2) {
            if (auto checked = checkV2MemoryLimit(directory, resources); !checked) {
                return checked;
            }
            if (auto applied = applyV2Limits(directory, resources); !applied) {
                return applied;
            }
            if (resources.pidsLimit < 0) {
                if (auto written = writeValue(directory / "pids.max", "max"); !written) {
                    return written;
                }
            }
            continue;
        }
        if (carries(hierarchy, "memory")) {
            if (auto updated = updateV1Memory(directory, resources); !updated) {
                return updated;
            }
        }
        if (carries(hierarchy, "pids") && resources.pidsLimit < 0) {
            if (auto written = writeValue(directory / "pids.max", "max"); !written) {
                return written;
            }
        }
        // The device rules were written at create; writing them again is not needed.
        if (auto applied = applyV1Limits(hierarchy, directory, others, true); !applied) {
            return applied;
        }
    }
    return {};
}

std::vector<stdfs::path> selfJoinFiles(const CgroupLayout& layout,
                                       const std::string& relativePath) {
    const char* file = layout.version == CgroupVersion::V2 ? "cgroup.procs" : "tasks";
    std::vector<stdfs::path> files;
    for (const CgroupHierarchy& hierarchy : layout.hierarchies) {
        files.push_back(leafOf(hierarchy, relativePath) / file);
    }
    return files;
}

Result<void> removeCgroup(const CgroupLayout& layout, const std::string& relativePath) {
    if (relativePath.empty()) {
        return {};
    }
    Result<void> outcome;
    for (const CgroupHierarchy& hierarchy : layout.hierarchies) {
        stdfs::path directory = hierarchy.mountPoint / stdfs::path(relativePath).relative_path();
        if (auto removed = removeDirectory(directory); !removed && outcome) {
            outcome = removed;
        }
    }
    return outcome;
}

} // namespace berth::runtime

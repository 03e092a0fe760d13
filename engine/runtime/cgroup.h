#pragma once

// A container's cgroup: one directory per hierarchy on cgroup v1 (and on hybrid systems,
// where the v1 controllers carry the limits), one directory on cgroup v2. The shim creates
// it before the container's init runs, moves init into it before execve and removes it
// after init has been reaped.

#include "common/error.h"
#include "runtime/spec.h"

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace berth::runtime {

enum class CgroupVersion { V1, V2 };

// A mounted hierarchy: where it is mounted and, on v1, which controllers it carries.
struct CgroupHierarchy {
    std::filesystem::path mountPoint;
    std::vector<std::string> controllers; // empty on v2
};

struct CgroupLayout {
    CgroupVersion version = CgroupVersion::V2;
    std::vector<CgroupHierarchy> hierarchies; // only those Berth uses
};

// Finds the cgroup layout of this mount namespace. When /sys/fs/cgroup is cgroup2, the tree
// is unified. Otherwise the v1 controllers under it are used, and a cgroup2 mount beside
// them (the hybrid layout) is ignored.
[[nodiscard]] Result<CgroupLayout> detectCgroupLayout();

class Cgroup final {
public:
    // Creates relativePath in every hierarchy and writes the limits. On failure nothing
    // created is left behind.
    [[nodiscard]] static Result<Cgroup> create(const CgroupLayout& layout,
                                               const std::string& relativePath,
                                               const ResourceSpec& resources, bool privileged);

    Cgroup() = default;
    Cgroup(Cgroup&& other) noexcept = default;
    Cgroup& operator=(Cgroup&& other) noexcept = default;
    Cgroup(const Cgroup&) = delete;
    Cgroup& operator=(const Cgroup&) = delete;
    ~Cgroup(); // removes the directories unless release() was called

    [[nodiscard]] Result<void> addProcess(pid_t pid) const;

    // True when the kernel's OOM killer ended a process of this cgroup.
    [[nodiscard]] bool oomKilled() const;

    // Removes the directories; waits briefly while the kernel still counts exiting tasks.
    [[nodiscard]] Result<void> remove();

    // Hands the directories over to another owner: the destructor leaves them.
    void release() { directories_.clear(); }

    [[nodiscard]] const std::vector<std::filesystem::path>& directories() const {
        return directories_;
    }
    CgroupVersion version() const { return version_; }

private:
    CgroupVersion version_ = CgroupVersion::V2;
    std::vector<std::filesystem::path> directories_;
};

// Freezes (v1 freezer.state FROZEN, v2 cgroup.freeze 1) or thaws every process of the cgroup
// at relativePath, then waits up to a few seconds until the kernel reports the new state.
[[nodiscard]] Result<void> setCgroupFrozen(const CgroupLayout& layout,
                                           const std::string& relativePath, bool frozen);

// Writes the limits of resources to the existing cgroup at relativePath; a zero field is
// left as it is. A memory limit below what the cgroup uses fails with runc's wording
// "unable to set memory limit to N (current usage: U, peak usage: P)".
[[nodiscard]] Result<void> updateCgroupResources(const CgroupLayout& layout,
                                                 const std::string& relativePath,
                                                 const ResourceSpec& resources);

// Lists the files in which a process writes "0" to move itself into the cgroup at
// relativePath: cgroup.procs on v2, and the tasks file of each hierarchy on v1. A write to
// tasks moves only the calling thread, so the caller must be single-threaded. The kernel
// then skips its system-wide threadgroup lock. The first write through that lock after a
// pause waits for an RCU grace period (10 to 14 ms per exec, measured on Linux 6.18, v1).
[[nodiscard]] std::vector<std::filesystem::path> selfJoinFiles(const CgroupLayout& layout,
                                                               const std::string& relativePath);

// Removes relativePath from every hierarchy; a directory that does not exist is no error.
[[nodiscard]] Result<void> removeCgroup(const CgroupLayout& layout,
                                        const std::string& relativePath);

} // namespace berth::runtime

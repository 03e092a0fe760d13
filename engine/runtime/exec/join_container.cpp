#include "exec/join_container.h"

#include "runtime/process_identity.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace berth::runtime {

namespace {

struct NamespaceKind {
    int type;
    const char* name; // in /proc/PID/ns
};

// The mount namespace comes last: once in it, /proc and /sys are the container's.
constexpr NamespaceKind kNamespaces[] = {
    {CLONE_NEWCGROUP, "cgroup"}, {CLONE_NEWIPC, "ipc"}, {CLONE_NEWUTS, "uts"},
    {CLONE_NEWNET, "net"},       {CLONE_NEWPID, "pid"}, {CLONE_NEWNS, "mnt"},
};

Result<bool> sameAsOurs(const UniqueFd& theirs, const char* name) {
    struct stat ours {};
    struct stat other {};
    std::string ownPath = fmt::format("/proc/self/ns/{}", name);
    if (::stat(ownPath.c_str(), &ours) != 0) {
        return failSys(fmt::format("stat {}", ownPath));
    }
    if (::fstat(theirs.get(), &other) != 0) {
        return failSys(fmt::format("stat the container's {} namespace", name));
    }
    return ours.st_dev == other.st_dev && ours.st_ino == other.st_ino;
}

Result<void> openNamespaces(ContainerHandles& handles, pid_t initPid) {
    for (const NamespaceKind& kind : kNamespaces) {
        std::string path = fmt::format("/proc/{}/ns/{}", initPid, kind.name);
        UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) {
            return failSys(fmt::format("open {}", path));
        }
        auto same = sameAsOurs(fd, kind.name);
        if (!same) {
            return std::unexpected(same.error());
        }
        if (!*same) {
            handles.namespaces.push_back(Namespace{kind.type, kind.name, std::move(fd)});
        }
    }
    return {};
}

Result<void> openCgroupFiles(ContainerHandles& handles, const std::vector<std::string>& files) {
    for (const std::string& path : files) {
        UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
        if (!fd) {
            return failSys(fmt::format("open {}", path));
        }
        handles.cgroupFiles.push_back(std::move(fd));
    }
    return {};
}

} // namespace

Result<ContainerHandles> openContainerHandles(const ContainerSpec& spec, pid_t initPid,
                                              uint64_t initStartTime,
                                              const std::vector<std::string>& cgroupFiles) {
    ContainerHandles handles;
    if (auto opened = openNamespaces(handles, initPid); !opened) {
        return std::unexpected(opened.error());
    }
    // Checked after opening: the namespaces opened belong to that init unless its pid was
    // reused before the check, and a reused pid has another start time.
    if (!processRunning(initPid, initStartTime)) {
        return fail(ErrorKind::InvalidState,
                    fmt::format("container {} is not running", spec.id.substr(0, 12)));
    }
    if (auto opened = openCgroupFiles(handles, cgroupFiles); !opened) {
        return std::unexpected(opened.error());
    }
    return handles;
}

Result<void> joinNamespace(const ContainerHandles& handles, int type) {
    for (const Namespace& ns : handles.namespaces) {
        if (ns.type == type && ::setns(ns.fd.get(), type) != 0) {
            return failSys(fmt::format("join the container's {} namespace", ns.name));
        }
    }
    return {};
}

Result<void> joinOtherNamespaces(const ContainerHandles& handles) {
    for (const Namespace& ns : handles.namespaces) {
        if (ns.type == CLONE_NEWPID) {
            continue;
        }
        if (auto joined = joinNamespace(handles, ns.type); !joined) {
            return joined;
        }
    }
    return {};
}

Result<void> joinCgroup(const ContainerHandles& handles) {
    // "0" means the writing thread (v1 tasks) or process (v2 cgroup.procs). Its pid in
    // the container's pid namespace would mean another process to the host's cgroup file
    // system.
    for (const UniqueFd& fd : handles.cgroupFiles) {
        if (::write(fd.get(), "0", 1) != 1) {
            return failSys("move the process into the container's cgroup");
        }
    }
    return {};
}

} // namespace berth::runtime

#include "runtime/rootfs.h"

#include "common/unique_fd.h"
#include "runtime/copy_up.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>

namespace berth::runtime {

namespace {

namespace stdfs = std::filesystem;

constexpr unsigned long kKernelFsFlags = MS_NOSUID | MS_NODEV | MS_NOEXEC;

constexpr std::string_view kMaskedPaths[] = {"/proc/acpi",        "/proc/kcore",
                                             "/proc/keys",        "/proc/latency_stats",
                                             "/proc/timer_list",  "/proc/timer_stats",
                                             "/proc/sched_debug", "/proc/scsi",
                                             "/sys/firmware",     "/sys/devices/virtual/powercap"};
constexpr std::string_view kReadOnlyPaths[] = {"/proc/asound", "/proc/bus", "/proc/fs",
                                               "/proc/irq",    "/proc/sys", "/proc/sysrq-trigger"};
constexpr std::string_view kDeviceNodes[] = {"null", "zero", "full", "random", "urandom", "tty"};

Result<void> mountOrFail(const char* source, const stdfs::path& target, const char* type,
                         unsigned long flags, const std::string& data = {}) {
    if (::mount(source, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0) {
        return failSys(fmt::format("mount {} ({}) on {}{}", source ? source : "none",
                                   type ? type : "bind", target.string(),
                                   data.empty() ? "" : " with " + data));
    }
    return {};
}

Result<void> makeDirectory(const stdfs::path& path) {
    std::error_code ec;
    stdfs::create_directories(path, ec);
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("create directory {}: {}", path.string(), ec.message()));
    }
    return {};
}

Result<void> makeFile(const stdfs::path& path) {
    if (auto parent = makeDirectory(path.parent_path()); !parent) {
        return parent;
    }
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    if (!fd && errno != EISDIR) {
        return failSys(fmt::format("create {}", path.string()));
    }
    return {};
}

Result<void> makeSymlink(const char* target, const stdfs::path& link) {
    if (::symlink(target, link.c_str()) != 0 && errno != EEXIST) {
        return failSys(fmt::format("symlink {} -> {}", link.string(), target));
    }
    return {};
}

// Runs steps in order and stops at the first failure.
template <typename... Steps> Result<void> runSteps(Steps&&... steps) {
    Result<void> outcome;
    ((outcome ? (void)(outcome = steps()) : (void)0), ...);
    return outcome;
}

Result<void> makeMountsPrivate() {
    // Nothing mounted below may propagate back to the host's mount namespace.
    return mountOrFail(nullptr, "/", nullptr, MS_REC | MS_PRIVATE);
}

Result<void> mountOverlay(const ContainerSpec& spec, const stdfs::path& rootfs) {
    if (spec.lowerDirs.empty()) {
        return fail(ErrorKind::InvalidArgument, "container spec has no lower directory");
    }
    if (spec.upperDir.empty() && spec.lowerDirs.size() == 1) {
        return mountOrFail(spec.lowerDirs.front().c_str(), rootfs, nullptr, MS_BIND | MS_REC);
    }
    std::string options = "lowerdir=";
    for (size_t i = 0; i < spec.lowerDirs.size(); ++i) {
        options += (i ? ":" : "") + spec.lowerDirs[i].string();
    }
    if (!spec.upperDir.empty()) {
        options +=
            fmt::format(",upperdir={},workdir={}", spec.upperDir.string(), spec.workDir.string());
    }
    if (options.size() >= size_t(::sysconf(_SC_PAGESIZE))) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("overlay mount options are {} bytes, over the page size", options.size()));
    }
    return mountOrFail("overlay", rootfs, "overlay", 0, options);
}

Result<void> mountProc(const stdfs::path& rootfs) {
    return runSteps([&] { return makeDirectory(rootfs / "proc"); },
                    [&] { return mountOrFail("proc", rootfs / "proc", "proc", kKernelFsFlags); });
}

Result<void> bindDeviceNodes(const stdfs::path& dev) {
    // Bind the host's nodes because mknod may be refused, and the devices cgroup still
    // decides who may open them.
    for (std::string_view name : kDeviceNodes) {
        stdfs::path target = dev / name;
        stdfs::path source = stdfs::path("/dev") / name;
        auto bound =
            runSteps([&] { return makeFile(target); },
                     [&] { return mountOrFail(source.c_str(), target, nullptr, MS_BIND); });
        if (!bound) {
            return bound;
        }
    }
    return {};
}

Result<void> mountDev(const stdfs::path& rootfs) {
    stdfs::path dev = rootfs / "dev";
    return runSteps([&] { return makeDirectory(dev); },
                    [&] {
                        return mountOrFail("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME,
                                           "mode=755,size=65536k");
                    },
                    [&] { return bindDeviceNodes(dev); },
                    [&] { return makeDirectory(dev / "pts"); },
                    [&] {
                        return mountOrFail("devpts", dev / "pts", "devpts", MS_NOSUID | MS_NOEXEC,
                                           "newinstance,ptmxmode=0666,mode=0620,gid=5");
                    },
                    [&] { return makeSymlink("pts/ptmx", dev / "ptmx"); },
                    [&] { return makeDirectory(dev / "shm"); },
                    [&] {
                        return mountOrFail("shm", dev / "shm", "tmpfs", kKernelFsFlags,
                                           "mode=1777,size=65536k");
                    },
                    [&] { return makeDirectory(dev / "mqueue"); },
                    [&] { return mountOrFail("mqueue", dev / "mqueue", "mqueue", kKernelFsFlags); },
                    [&] { return makeSymlink("/proc/self/fd", dev / "fd"); },
                    [&] { return makeSymlink("/proc/self/fd/0", dev / "stdin"); },
                    [&] { return makeSymlink("/proc/self/fd/1", dev / "stdout"); },
                    [&] { return makeSymlink("/proc/self/fd/2", dev / "stderr"); });
}

// The container's /sys/fs/cgroup with a private cgroup namespace on v2: a new cgroup2
// mount, whose root is the namespace's root and so the container's cgroup. It is
// read-only unless the container is privileged.
Result<void> mountCgroup2InNamespace(const stdfs::path& target, bool privileged) {
    return mountOrFail("cgroup2", target, "cgroup2", kKernelFsFlags | (privileged ? 0 : MS_RDONLY));
}

// On v1, /sys/fs/cgroup is a tmpfs with each hierarchy's container directory bound
// under the hierarchy's name, read-only unless writable is set. In a private cgroup
// namespace these binds show the same files as a hierarchy mounted at the namespace's
// root, and mountinfo shows their root as "/", because the kernel prints cgroup paths
// relative to the reader's namespace root.
Result<void> bindCgroupV1Hierarchies(const stdfs::path& target,
                                     const std::vector<stdfs::path>& dirs, bool writable) {
    auto mounted = mountOrFail("tmpfs", target, "tmpfs", kKernelFsFlags, "mode=755");
    if (!mounted) {
        return mounted;
    }
    for (const stdfs::path& directory : dirs) {
        // directory is /sys/fs/cgroup/<hierarchy>/<cgroup path>.
        stdfs::path relative = directory.lexically_relative("/sys/fs/cgroup");
        stdfs::path name = *relative.begin();
        stdfs::path hierarchyTarget = target / name;
        auto bound = runSteps(
            [&] { return makeDirectory(hierarchyTarget); },
            [&] { return mountOrFail(directory.c_str(), hierarchyTarget, nullptr, MS_BIND); },
            [&] { return writable ? Result<void>{} : remountReadOnly(hierarchyTarget); });
        if (!bound) {
            return bound;
        }
    }
    return writable ? Result<void>{} : remountReadOnly(target);
}

Result<void> mountCgroupTree(const stdfs::path& rootfs, const std::vector<stdfs::path>& dirs,
                             bool cgroupV2, const ContainerSpec& spec) {
    stdfs::path target = rootfs / "sys/fs/cgroup";
    if (dirs.empty()) {
        return {};
    }
    // dockerd has runc mount a privileged container's cgroup tree read-write. Berth gives
    // a privileged container the tree only with a private namespace (see mountSys).
    if (!cgroupV2) {
        return bindCgroupV1Hierarchies(target, dirs, spec.privileged);
    }
    if (spec.privateCgroupNamespace) {
        return mountCgroup2InNamespace(target, spec.privileged);
    }
    return runSteps([&] { return mountOrFail(dirs.front().c_str(), target, nullptr, MS_BIND); },
                    [&] { return remountReadOnly(target); });
}

Result<void> mountSys(const stdfs::path& rootfs, const std::vector<stdfs::path>& cgroupDirs,
                      bool cgroupV2, const ContainerSpec& spec) {
    stdfs::path sys = rootfs / "sys";
    if (auto made = makeDirectory(sys); !made) {
        return made;
    }
    if (spec.privileged) {
        // NOTE: a privileged container in the host's cgroup namespace gets an empty
        // /sys/fs/cgroup, where dockerd has runc mount the cgroup tree read-write.
        auto mounted = mountOrFail("sysfs", sys, "sysfs", kKernelFsFlags);
        if (!mounted || !spec.privateCgroupNamespace) {
            return mounted;
        }
        return mountCgroupTree(rootfs, cgroupDirs, cgroupV2, spec);
    }
    if (!mountOrFail("sysfs", sys, "sysfs", kKernelFsFlags | MS_RDONLY)) {
        // sysfs may be refused in a network namespace the caller does not own; a read-only
        // bind of the host's /sys shows the same tree.
        auto bound = runSteps([&] { return mountOrFail("/sys", sys, nullptr, MS_BIND | MS_REC); },
                              [&] { return remountReadOnly(sys); });
        if (!bound) {
            return bound;
        }
    }
    return mountCgroupTree(rootfs, cgroupDirs, cgroupV2, spec);
}

struct MountFlags {
    unsigned long flags = 0;
    bool readOnly = false;
    std::string data;
};

MountFlags parseMountOptions(const std::vector<std::string>& options) {
    struct Known {
        std::string_view name;
        unsigned long set;
        unsigned long clear;
    };
    static constexpr Known kKnown[] = {
        {"nosuid", MS_NOSUID, 0},
        {"suid", 0, MS_NOSUID},
        {"nodev", MS_NODEV, 0},
        {"dev", 0, MS_NODEV},
        {"noexec", MS_NOEXEC, 0},
        {"exec", 0, MS_NOEXEC},
        {"bind", MS_BIND, 0},
        {"rbind", MS_BIND | MS_REC, 0},
        {"noatime", MS_NOATIME, 0},
        {"relatime", MS_RELATIME, 0},
        {"strictatime", MS_STRICTATIME, 0},
        {"sync", MS_SYNCHRONOUS, 0},
        {"dirsync", MS_DIRSYNC, 0},
        {"rw", 0, 0},
    };
    static constexpr std::string_view kPropagation[] = {"private", "rprivate", "shared",
                                                        "rshared", "slave",    "rslave"};
    MountFlags result;
    for (const std::string& option : options) {
        if (option == "ro") {
            result.readOnly = true;
            continue;
        }
        if (std::ranges::find(kPropagation, option) != std::end(kPropagation)) {
            continue; // every mount in the container's namespace is private
        }
        auto known = std::ranges::find(kKnown, option, &Known::name);
        if (known != std::end(kKnown)) {
            result.flags = (result.flags | known->set) & ~known->clear;
            continue;
        }
        result.data += (result.data.empty() ? "" : ",") + option;
    }
    return result;
}

// A file cannot be bound onto a directory, nor a directory onto a file. The message is
// the one Docker's runtime adds, which users search for.
Result<void> checkMountTargetType(const MountSpec& mount, const stdfs::path& target,
                                  bool sourceIsFile) {
    struct stat info {};
    if (mount.type != "bind" || ::lstat(target.c_str(), &info) != 0) {
        return {};
    }
    bool targetIsDirectory = S_ISDIR(info.st_mode);
    if (sourceIsFile == targetIsDirectory) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("cannot mount {} {} onto {} {}: Are you trying to mount a "
                                "directory onto a file (or vice-versa)? Check if the specified "
                                "host path exists and is the expected type",
                                sourceIsFile ? "file" : "directory", mount.source,
                                targetIsDirectory ? "directory" : "file", mount.destination));
    }
    return {};
}

// Docker fills an empty volume from the image on every mount while it stays empty.
Result<void> copyUpIntoVolume(const MountSpec& mount, const stdfs::path& target) {
    auto empty = isEmptyDirectory(mount.source);
    if (!empty) {
        return std::unexpected(empty.error());
    }
    if (!*empty) {
        return {};
    }
    return copyDirectoryContents(target, mount.source);
}

Result<void> mountSpecMount(const stdfs::path& rootfs, const MountSpec& mount) {
    if (mount.destination.empty() || mount.destination.front() != '/') {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("mount destination \"{}\" is not absolute", mount.destination));
    }
    MountFlags parsed = parseMountOptions(mount.options);
    bool bind = mount.type == "bind" || (parsed.flags & MS_BIND);
    stdfs::path target = resolveInRoot(rootfs, mount.destination);
    struct stat info {};
    bool sourceIsFile = bind && ::stat(mount.source.c_str(), &info) == 0 && !S_ISDIR(info.st_mode);
    if (bind && !sourceIsFile && ::stat(mount.source.c_str(), &info) != 0) {
        return failSys(fmt::format("bind mount source {}", mount.source));
    }
    if (auto matched = checkMountTargetType(mount, target, sourceIsFile); !matched) {
        return matched;
    }
    auto made = sourceIsFile ? makeFile(target) : makeDirectory(target);
    if (!made) {
        return made;
    }
    if (mount.copyUp) {
        if (auto copied = copyUpIntoVolume(mount, target); !copied) {
            return copied;
        }
    }
    if (bind) {
        unsigned long flags = MS_BIND | (parsed.flags & MS_REC);
        if (auto bound = mountOrFail(mount.source.c_str(), target, nullptr, flags); !bound) {
            return bound;
        }
        unsigned long extra = parsed.flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
        if (parsed.readOnly) {
            return remountReadOnly(target);
        }
        if (extra != 0) {
            return mountOrFail(nullptr, target, nullptr, MS_BIND | MS_REMOUNT | extra);
        }
        return {};
    }
    unsigned long flags = parsed.flags | (parsed.readOnly ? MS_RDONLY : 0);
    return mountOrFail(mount.source.c_str(), target, mount.type.c_str(), flags, parsed.data);
}

Result<void> bindEtcFiles(const ContainerSpec& spec, const stdfs::path& rootfs) {
    const std::pair<const stdfs::path*, std::string_view> files[] = {
        {&spec.hostsFile, "/etc/hosts"},
        {&spec.hostnameFile, "/etc/hostname"},
        {&spec.resolvConfFile, "/etc/resolv.conf"},
    };
    for (const auto& [source, destination] : files) {
        if (source->empty()) {
            continue;
        }
        stdfs::path target = resolveInRoot(rootfs, destination);
        auto bound =
            runSteps([&] { return makeFile(target); },
                     [&] { return mountOrFail(source->c_str(), target, nullptr, MS_BIND); });
        if (!bound) {
            return bound;
        }
    }
    return {};
}

Result<void> pivotInto(const stdfs::path& rootfs) {
    UniqueFd oldRoot(::open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    UniqueFd newRoot(::open(rootfs.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (!oldRoot || !newRoot) {
        return failSys(fmt::format("open {} for pivot_root", rootfs.string()));
    }
    if (::fchdir(newRoot.get()) != 0) {
        return failSys(fmt::format("chdir {}", rootfs.string()));
    }
    // pivot_root(".", ".") stacks the old root on top of the new one, so the container needs
    // no directory for the old root. Detaching the top mount then leaves the new root.
    if (::syscall(SYS_pivot_root, ".", ".") != 0) {
        return failSys(fmt::format("pivot_root {}", rootfs.string()));
    }
    if (::fchdir(oldRoot.get()) != 0) {
        return failSys("chdir to the old root");
    }
    if (::umount2(".", MNT_DETACH) != 0) {
        return failSys("detach the old root");
    }
    if (::chdir("/") != 0) {
        return failSys("chdir /");
    }
    return {};
}

} // namespace

stdfs::path resolveInRoot(const stdfs::path& root, std::string_view path) {
    std::deque<std::string> pending;
    for (const auto& part : stdfs::path(path)) {
        pending.push_back(part.string());
    }
    std::vector<std::string> resolved;
    int links = 0;
    while (!pending.empty()) {
        std::string part = std::move(pending.front());
        pending.pop_front();
        if (part.empty() || part == "/" || part == ".") {
            continue;
        }
        if (part == "..") {
            if (!resolved.empty()) {
                resolved.pop_back();
            }
            continue;
        }
        stdfs::path current = root;
        for (const std::string& done : resolved) {
            current /= done;
        }
        current /= part;
        char target[4096];
        ssize_t length = ::readlink(current.c_str(), target, sizeof target - 1);
        if (length < 0 || ++links > 40) {
            resolved.push_back(std::move(part));
            continue;
        }
        stdfs::path link(std::string(target, size_t(length)));
        if (link.is_absolute()) {
            resolved.clear();
        }
        std::vector<std::string> linkParts;
        for (const auto& linkPart : link) {
            linkParts.push_back(linkPart.string());
        }
        pending.insert(pending.begin(), linkParts.begin(), linkParts.end());
    }
    stdfs::path result = root;
    for (const std::string& done : resolved) {
        result /= done;
    }
    return result;
}

Result<void> remountReadOnly(const stdfs::path& path) {
    struct statvfs info {};
    if (::statvfs(path.c_str(), &info) != 0) {
        return failSys(fmt::format("statvfs {}", path.string()));
    }
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
    const std::pair<unsigned long, unsigned long> kept[] = {
        {ST_NOSUID, MS_NOSUID},   {ST_NODEV, MS_NODEV},           {ST_NOEXEC, MS_NOEXEC},
        {ST_NOATIME, MS_NOATIME}, {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME}};
    for (const auto& [statFlag, mountFlag] : kept) {
        if (info.f_flag & statFlag) {
            flags |= mountFlag;
        }
    }
    return mountOrFail(nullptr, path, nullptr, flags);
}

Result<void> setupRootfs(const ContainerSpec& spec, const stdfs::path& rootfsDir,
                         const std::vector<stdfs::path>& cgroupDirectories, bool cgroupV2) {
    auto mounted =
        runSteps([&] { return makeMountsPrivate(); }, [&] { return mountOverlay(spec, rootfsDir); },
                 [&] { return mountProc(rootfsDir); }, [&] { return mountDev(rootfsDir); },
                 [&] { return mountSys(rootfsDir, cgroupDirectories, cgroupV2, spec); });
    if (!mounted) {
        return mounted;
    }
    for (const MountSpec& mount : spec.mounts) {
        if (auto done = mountSpecMount(rootfsDir, mount); !done) {
            return std::unexpected(done.error().context(
                fmt::format("mount {} on {}", mount.source, mount.destination)));
        }
    }
    return runSteps([&] { return bindEtcFiles(spec, rootfsDir); },
                    [&] { return pivotInto(rootfsDir); });
}

Result<void> mountFileView(const ContainerSpec& spec, const stdfs::path& rootfsDir) {
    if (auto mounted = mountOverlay(spec, rootfsDir); !mounted) {
        return mounted;
    }
    for (const MountSpec& mount : spec.mounts) {
        if (auto done = mountSpecMount(rootfsDir, mount); !done) {
            return std::unexpected(done.error().context(
                fmt::format("mount {} on {}", mount.source, mount.destination)));
        }
    }
    return {};
}

Result<void> maskKernelPaths() {
    for (std::string_view path : kMaskedPaths) {
        struct stat info {};
        if (::stat(std::string(path).c_str(), &info) != 0) {
            continue;
        }
        stdfs::path target(path);
        auto masked = S_ISDIR(info.st_mode) ? mountOrFail("tmpfs", target, "tmpfs", MS_RDONLY)
                                            : mountOrFail("/dev/null", target, nullptr, MS_BIND);
        if (!masked) {
            return masked;
        }
    }
    for (std::string_view path : kReadOnlyPaths) {
        stdfs::path target(path);
        if (::access(target.c_str(), F_OK) != 0) {
            continue;
        }
        auto done =
            runSteps([&] { return mountOrFail(target.c_str(), target, nullptr, MS_BIND | MS_REC); },
                     [&] { return remountReadOnly(target); });
        if (!done) {
            return done;
        }
    }
    return {};
}

} // namespace berth::runtime

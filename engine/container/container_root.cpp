#include "container/container_root.h"

#include "common/log.h"
#include "runtime/rootfs.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

namespace berth::container {

namespace {

struct MountedView {
    UniqueFd root;
    UniqueFd mountNamespace;
};

// Runs on a thread of its own: unshare(CLONE_NEWNS) affects only the calling thread,
// which ends right after, so no other daemon thread ever sees these mounts.
Result<MountedView> mountInPrivateNamespace(const runtime::ContainerSpec& spec,
                                            const std::filesystem::path& mountPoint) {
    if (::unshare(CLONE_NEWNS | CLONE_FS) != 0) {
        return failSys("unshare the mount namespace");
    }
    // Without this, mounts below a shared mount would propagate to the host's namespace.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        return failSys("make / private in the copy's mount namespace");
    }
    if (auto mounted = runtime::mountFileView(spec, mountPoint); !mounted) {
        return std::unexpected(mounted.error());
    }
    MountedView view;
    view.root = UniqueFd(::open(mountPoint.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!view.root) {
        return failSys(fmt::format("open {}", mountPoint.string()));
    }
    view.mountNamespace = UniqueFd(::open("/proc/thread-self/ns/mnt", O_RDONLY | O_CLOEXEC));
    if (!view.mountNamespace) {
        return failSys("open /proc/thread-self/ns/mnt");
    }
    return view;
}

} // namespace

Result<ContainerRoot> ContainerRoot::ofRunningProcess(int initPid) {
    std::string path = fmt::format("/proc/{}/root", initPid);
    ContainerRoot root;
    root.root_ = UniqueFd(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root.root_) {
        return failSys(fmt::format("open {}", path));
    }
    return root;
}

Result<ContainerRoot> ContainerRoot::mountStopped(const runtime::ContainerSpec& spec,
                                                  const std::filesystem::path& scratchParent) {
    std::string pattern = (scratchParent / "cp-root-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        return failSys(fmt::format("create a mount point in {}", scratchParent.string()));
    }
    ContainerRoot root;
    root.mountPoint_ = pattern;
    Result<MountedView> view = fail(ErrorKind::System, "the mount thread did not run");
    std::thread([&] { view = mountInPrivateNamespace(spec, root.mountPoint_); }).join();
    if (!view) {
        return std::unexpected(view.error().context("mount the stopped container's files"));
    }
    root.root_ = std::move(view->root);
    root.mountNamespace_ = std::move(view->mountNamespace);
    return root;
}

ContainerRoot::ContainerRoot(ContainerRoot&& other) noexcept
    : root_(std::move(other.root_))
    , mountNamespace_(std::move(other.mountNamespace_))
    , mountPoint_(std::exchange(other.mountPoint_, {})) {}

ContainerRoot::~ContainerRoot() {
    root_.reset();
    mountNamespace_.reset();
    if (!mountPoint_.empty() && ::rmdir(mountPoint_.c_str()) != 0) {
        log::warning("remove the copy's mount point {}: {}", mountPoint_.string(),
                     std::strerror(errno));
    }
}

} // namespace berth::container

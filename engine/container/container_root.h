#pragma once

// A directory descriptor for a container's root as the container sees it, volumes and
// binds included, for docker cp. Nothing is mounted in the daemon's mount namespace:
// a running container's root is /proc/<init pid>/root; a stopped container's overlay and
// mounts are made in a private mount namespace that lives as long as this object.

#include "common/error.h"
#include "common/unique_fd.h"
#include "runtime/spec.h"

#include <filesystem>

namespace berth::container {

class ContainerRoot final {
public:
    // The root of the running process initPid, with every mount of its namespace.
    [[nodiscard]] static Result<ContainerRoot> ofRunningProcess(int initPid);

    // Mounts the overlay and spec.mounts in a new private mount namespace, on an empty
    // directory made below scratchParent (removed again by the destructor).
    [[nodiscard]] static Result<ContainerRoot>
    mountStopped(const runtime::ContainerSpec& spec, const std::filesystem::path& scratchParent);

    ContainerRoot(ContainerRoot&& other) noexcept;
    ContainerRoot& operator=(ContainerRoot&&) noexcept = delete;
    ContainerRoot(const ContainerRoot&) = delete;
    ContainerRoot& operator=(const ContainerRoot&) = delete;
    ~ContainerRoot();

    [[nodiscard]] int fd() const { return root_.get(); }

private:
    ContainerRoot() = default;

    UniqueFd root_;
    // Keeps the private mount namespace, and so its mounts, alive after the thread that
    // made it has ended. Closing it unmounts everything in it.
    UniqueFd mountNamespace_;
    std::filesystem::path mountPoint_;
};

} // namespace berth::container

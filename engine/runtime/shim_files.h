#pragma once

// Names of the files in a container's bundle directory, shared by berth-shim and its client.

namespace berth::runtime::bundle {

inline constexpr const char* kSpec = "spec.json";
inline constexpr const char* kSocket = "shim.sock";
inline constexpr const char* kShimState = "shim.json";
inline constexpr const char* kExit = "exit.json";
inline constexpr const char* kRootfs = "rootfs";

// berth-shim writes "ok\n" or "error KIND MESSAGE\n" on this descriptor once the
// container is created and held before execve, or has failed.
inline constexpr int kReportFd = 3;

} // namespace berth::runtime::bundle

#pragma once

// Where berthd's API socket comes from when it does not bind one itself: systemd socket
// activation (the sd_listen_fds(3) protocol, which `-H fd://` selects as in dockerd), and
// the group of a socket that berthd binds (--group).

#include "common/error.h"
#include "common/unique_fd.h"

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace berth::daemon {

// The first descriptor systemd passes; the others follow it without gaps.
inline constexpr int kListenFdsStart = 3;

// Returns the descriptors that LISTEN_PID and LISTEN_FDS pass to process `self`: none when
// LISTEN_PID is unset or names another process (the variables were inherited), an error
// when either value is not a number.
[[nodiscard]] Result<std::vector<int>> parseListenFds(const char* listenPid, const char* listenFds,
                                                      pid_t self);

// Takes the socket systemd passed: descriptor `requestedFd`, or with -1 the only one.
// Unsets LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES so that children do not inherit them,
// marks every passed descriptor close-on-exec and closes the ones not taken.
[[nodiscard]] Result<UniqueFd> takeActivatedSocket(int requestedFd);

// Returns the id of a group given by name or number.
[[nodiscard]] Result<gid_t> lookupGroup(std::string_view group);

} // namespace berth::daemon

#pragma once

// Tar work on the client's side of docker cp: packing a host path for an upload, unpacking
// a downloaded archive into a host directory, and listing one directory level of an
// archive for a file browser.

#include "client/types.h"
#include "common/error.h"

#include <string>
#include <vector>

namespace berth::client {

// Writes hostPath (a file or a whole directory, symlinks kept as links) to outFd as a tar
// whose entries start with hostPath's last component.
[[nodiscard]] Result<void> packHostPath(const std::string& hostPath, int outFd);

// Extracts the tar at tarFd into hostDirectory. Entries with absolute names or "..", and
// writes through symlinks, are rejected, so the archive stays inside hostDirectory.
[[nodiscard]] Result<void> unpackToHost(int tarFd, const std::string& hostDirectory);

// The entries one level below the archive's top entry ("dir/x", not "dir/x/y"), as the
// archive of a directory that GET /containers/{id}/archive returns.
[[nodiscard]] Result<std::vector<ContainerPathStat>> listTopLevel(int tarFd);

// Decodes the X-Docker-Container-Path-Stat header (base64 of JSON).
[[nodiscard]] Result<ContainerPathStat> decodePathStat(const std::string& header);

} // namespace berth::client

#pragma once

// Resolves a container's user from its own /etc/passwd and /etc/group, never from the
// host's NSS. The parser is pure so that it can be tested without a container.

#include "common/error.h"

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

namespace berth::runtime {

struct ExecUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> supplementaryGroups;
    std::string home = "/";
};

// userSpec is Docker's --user: "", "uid", "uid:gid", "name", "name:group" (or a mix).
// passwd and group are the contents of the container's files, empty when missing.
// A name that is not listed fails with Docker's wording, kind NotFound.
[[nodiscard]] Result<ExecUser> resolveUser(std::string_view userSpec, std::string_view passwd,
                                           std::string_view group);

} // namespace berth::runtime

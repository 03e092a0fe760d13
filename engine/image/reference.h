#pragma once

// Image references as Docker spells them: [registry/][path/]name[:tag][@digest].

#include "common/error.h"

#include <optional>
#include <string>
#include <string_view>

namespace berth::image {

struct Reference {
    std::string name; // "busybox", "localhost/anchor-busybox", "registry:5000/team/app"
    std::string tag;  // "latest" when none was given and there is no digest
    std::string digest;

    // "name:tag" (or "name@digest").
    [[nodiscard]] std::string str() const;
};

// Parses and validates a reference. Upper-case letters, empty components and bad tags are
// InvalidArgument with Docker's wording ("invalid reference format", or "invalid reference
// format: repository name (library/Busybox) must be lowercase"). A missing tag becomes
// "latest". Docker Hub names keep their short form: "docker.io/library/busybox" is "busybox".
[[nodiscard]] Result<Reference> parseReference(std::string_view text);

// The same, from the repo and tag query parameters of /images/create, /commit and /build.
[[nodiscard]] Result<Reference> parseRepoTag(std::string_view repo, std::string_view tag);

} // namespace berth::image

#pragma once

// How a create request and its image's config combine into what the container runs,
// following Docker's rules.

#include "common/error.h"
#include "container/config.h"
#include "image/config.h"

#include <string>
#include <vector>

namespace berth::container {

// Fills what the request left empty from the image:
// - Env: the request's variables, then the image's whose names the request does not set.
// - Cmd/Entrypoint: with no Entrypoint in the request, an empty Cmd takes the image's Cmd,
//   and an absent Entrypoint takes the image's. A request Entrypoint drops the image's Cmd.
// - WorkingDir, User, StopSignal: the image's when the request has none.
// - Labels, ExposedPorts, Volumes: the union; the request wins on equal keys.
// Returns InvalidArgument "No command specified" when nothing is left to run.
[[nodiscard]] Result<ContainerConfig> mergeImageConfig(ContainerConfig request,
                                                       const image::RunConfig& image);

struct Command {
    std::string path;
    std::vector<std::string> args;
};

// Docker's Path and Args: the entrypoint's first word, then the rest and the Cmd. An
// entrypoint of one empty string (docker run --entrypoint "") counts as none.
[[nodiscard]] Command commandOf(const ContainerConfig& config);

} // namespace berth::container

#pragma once

// The classic builder: runs a Dockerfile's plan step by step, one image per step, with
// the layer cache. RUN steps go through the normal container path (create, start, wait,
// commit); COPY, ADD and WORKDIR write their layer directly; the other instructions only
// change the config.

#include "build/cache.h"
#include "build/context.h"
#include "common/error.h"
#include "image/reference.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::container {
class Manager;
}
namespace berth::image {
class Store;
}

namespace berth::build {

struct BuildOptions {
    std::string dockerfile = "Dockerfile"; // path inside the context
    std::vector<image::Reference> tags;
    std::map<std::string, std::string> buildArgs;
    std::map<std::string, std::string> labels; // added to the final image
    std::optional<std::string> target;         // a stage name; the last stage when unset
    bool noCache = false;
    std::string networkMode = "default"; // for the containers of RUN steps
    // planBuild only: a step after the first of its stage carries ConfigChanges in place
    // of Config (keepConfigChanges in plan_json.h).
    bool planConfigChanges = false;
    // Polled before each step and while a RUN step's container runs; when it returns true
    // the build stops with a Cancelled error and removes that container.
    std::function<bool()> cancelled;
};

struct BuildServices {
    container::Manager* containers = nullptr;
    image::Store* images = nullptr;
    BuildCache* cache = nullptr;
};

// Receives each progress message as Docker's JSON stream carries it: {"stream": text} or
// {"aux": {"ID": image id}}.
using ProgressFunction = std::function<void(const nlohmann::json& message)>;

// Plans the build of context without running or storing anything: {"Steps": [...]}, each
// step with its stage, instruction, source range, kind (base, filesystem or metadata),
// cache key, whether the cache has it (then its image id and, for a filesystem step, the
// layer's size in bytes) and the image config after it, or with planConfigChanges what
// changed in the config. After a miss the later steps of that stage have no key, because
// their parent image does not exist yet.
[[nodiscard]] Result<nlohmann::json> planBuild(const BuildServices& services, BuildContext& context,
                                               const BuildOptions& options);

// Builds the Dockerfile of context and returns the image id. A failed step removes its
// container and tags nothing.
[[nodiscard]] Result<std::string> runBuild(const BuildServices& services, BuildContext& context,
                                           const BuildOptions& options,
                                           const ProgressFunction& progress);

} // namespace berth::build

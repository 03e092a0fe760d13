#pragma once

// Stage 4 of the Dockerfile front end: the plan. For every stage it walks the instructions
// and computes the effective state after each one (ENV, WORKDIR, USER, SHELL, CMD,
// ENTRYPOINT, EXPOSE, VOLUME, LABELs, visible ARGs, ONBUILD triggers) with variables
// expanded where Docker expands them, without running anything.
//
// The builder adds what needs the images and the build context. First, the base image's
// config: its ENV, WORKDIR, CMD and so on are unknown here, so a stage FROM an image
// starts from an empty state. Then the base image's ONBUILD triggers, the cache key and
// cache status of each step, the layer each filesystem step makes with its size and file
// changes, and whether WORKDIR created a directory. The studio shows the plan per line.

#include "dockerfile/dockerfile.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::dockerfile {

using NameValues = std::vector<std::pair<std::string, std::string>>;

struct HealthConfig {
    std::vector<std::string> test; // {"NONE"}, {"CMD", args...} or {"CMD-SHELL", command}
    std::optional<std::chrono::nanoseconds> interval;
    std::optional<std::chrono::nanoseconds> timeout;
    std::optional<std::chrono::nanoseconds> startPeriod;
    std::optional<std::chrono::nanoseconds> startInterval;
    std::optional<int> retries;
};

struct ArgValue {
    std::string name;
    std::optional<std::string> value; // nullopt: declared without a default or build arg
};

// The image config as far as the Dockerfile alone determines it.
struct EffectiveState {
    NameValues env;
    std::string workdir; // empty until a WORKDIR sets it; the image default is "/"
    std::string user;
    std::vector<std::string> shell = {"/bin/sh", "-c"};
    std::optional<std::vector<std::string>> cmd; // shell form stored as SHELL + command
    std::optional<std::vector<std::string>> entrypoint;
    std::vector<std::string> exposedPorts; // "80/tcp"
    std::vector<std::string> volumes;
    NameValues labels;
    std::vector<ArgValue> args; // ARGs visible at this point of the stage
    std::vector<std::string> onbuild;
    std::optional<HealthConfig> healthcheck;
    std::string stopSignal;
    std::string maintainer; // MAINTAINER goes to the image's author field
};

enum class StepKind {
    Base,       // FROM
    Filesystem, // RUN, COPY, ADD, WORKDIR: may make a layer
    Metadata,   // everything else changes only the config
};

struct PlanStep {
    std::size_t instruction = 0; // index into Dockerfile::instructions
    StepKind kind = StepKind::Metadata;
    Range range;
    std::string text;     // the instruction with variables expanded where Docker expands them
    EffectiveState state; // after the step
    // For RUN, the ARG values and proxy args in its environment. For COPY and ADD with
    // heredocs, the same values, which the bodies of unquoted heredocs expand.
    NameValues buildArgs;
    std::vector<std::string> undefinedVariables; // used, but no ARG or ENV sets them
};

enum class BaseKind { Image, Stage, Scratch };

struct StagePlan {
    std::size_t stage = 0;
    std::optional<std::string> name;
    BaseKind baseKind = BaseKind::Image;
    std::string base;                           // the expanded image reference or stage name
    std::optional<std::size_t> baseStage;       // when baseKind is Stage
    std::optional<std::string> platform;        // the expanded --platform
    std::vector<std::string> inheritedTriggers; // ONBUILD of a base stage, to run first
    bool baseEnvKnown = false;                  // scratch, a listed base image, or a stage of those
    std::vector<std::size_t> copiesFrom;        // stages that COPY --from reads
    std::vector<std::string> copiesFromImages;  // images that COPY --from reads
    std::vector<PlanStep> steps;                // FROM first
};

struct PlanOptions {
    std::map<std::string, std::string> buildArgs;
    // The ENV of base images by the reference written in FROM (after expansion), when the
    // caller knows it. A stage FROM an image not listed starts with no ENV, and then
    // variables that images commonly set (PATH, HOME, ...) are not reported as undefined.
    std::map<std::string, NameValues> baseImageEnv;
    std::optional<std::string> target; // a stage name; the last stage when unset
    std::string targetPlatform = "linux/amd64";
    std::string buildPlatform = "linux/amd64";
};

struct Plan {
    std::vector<StagePlan> stages;       // every stage, in file order
    std::vector<std::size_t> buildOrder; // the target and the stages it needs, in order
    std::optional<std::size_t> target;
    NameValues metaArgs;                 // ARGs before the first FROM with their values
    std::vector<Diagnostic> diagnostics; // substitution errors, unknown stages, bad ports
};

[[nodiscard]] Plan makePlan(const Dockerfile& dockerfile, const StageModel& model,
                            const PlanOptions& options = {});

// The args Docker predefines for RUN without an ARG line: HTTP_PROXY and friends.
[[nodiscard]] bool isProxyArg(std::string_view name);

// The automatic platform ARGs of the global scope: TARGETPLATFORM, BUILDARCH, ...
[[nodiscard]] NameValues platformArgs(const PlanOptions& options);

} // namespace berth::dockerfile

// runBuild: the classic builder's loop over the stages and steps of a plan, with the cache.

#include "build/builder.h"

#include "build/plan_json.h"
#include "build/step_runner.h"
#include "common/fs.h"
#include "common/log.h"
#include "container/manager.h"
#include "dockerfile/analysis.h"
#include "image/image_transfer.h"
#include "image/store.h"

#include <fmt/format.h>
#include <sys/mount.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_map>

namespace berth::build {

namespace {

namespace stdfs = std::filesystem;
using dockerfile::EffectiveState;
using dockerfile::PlanStep;
using dockerfile::StagePlan;

std::string shortId(const std::string& id) {
    return id.substr(id.starts_with("sha256:") ? 7 : 0, 12);
}

std::vector<std::string> unionOf(std::vector<std::string> base,
                                 const std::vector<std::string>& added) {
    for (const auto& item : added) {
        if (std::ranges::find(base, item) == base.end()) {
            base.push_back(item);
        }
    }
    return base;
}

// The image config after a step: the plan's state over the base image's config. The plan
// starts a stage FROM an image with an empty state (plus the base's ENV), so what the
// state leaves unset comes from the base.
image::RunConfig configAfter(const image::RunConfig& base, const EffectiveState& state) {
    image::RunConfig config = base;
    // By name, because a plan of a long Dockerfile calls this for every step with every ENV.
    std::unordered_map<std::string, std::size_t> positions;
    for (std::size_t i = 0; i < config.env.size(); ++i) {
        positions.try_emplace(config.env[i].substr(0, config.env[i].find('=')), i);
    }
    for (const auto& [name, value] : state.env) {
        auto [position, added] = positions.try_emplace(name, config.env.size());
        if (added) {
            config.env.push_back(name + "=" + value);
        } else {
            config.env[position->second] = name + "=" + value;
        }
    }
    if (!state.workdir.empty()) {
        config.workingDir = state.workdir;
    }
    if (!state.user.empty()) {
        config.user = state.user;
    }
    if (state.entrypoint) {
        config.entrypoint = state.entrypoint;
        config.cmd = state.cmd;
    } else if (state.cmd) {
        config.cmd = state.cmd;
    }
    if (state.shell != std::vector<std::string>{"/bin/sh", "-c"}) {
        config.shell = state.shell;
    }
    for (const auto& [name, value] : state.labels) {
        config.labels[name] = value;
    }
    config.exposedPorts = unionOf(config.exposedPorts, state.exposedPorts);
    config.volumes = unionOf(config.volumes, state.volumes);
    config.onBuild = state.onbuild;
    if (!state.stopSignal.empty()) {
        config.stopSignal = state.stopSignal;
    }
    if (state.healthcheck) {
        image::HealthConfig health;
        health.test = state.healthcheck->test;
        health.interval = state.healthcheck->interval.value_or(std::chrono::nanoseconds(0)).count();
        health.timeout = state.healthcheck->timeout.value_or(std::chrono::nanoseconds(0)).count();
        health.startPeriod =
            state.healthcheck->startPeriod.value_or(std::chrono::nanoseconds(0)).count();
        health.startInterval =
            state.healthcheck->startInterval.value_or(std::chrono::nanoseconds(0)).count();
        health.retries = state.healthcheck->retries.value_or(0);
        config.healthcheck = health;
    }
    return config;
}

// The instruction as written, with its flags: the "Step N/M" text and part of the cache key.
std::string stepText(const dockerfile::Instruction& instruction) {
    std::string text = instruction.keyword;
    for (const auto& flag : instruction.flags) {
        text += flag.value ? fmt::format(" --{}={}", flag.name, *flag.value)
                           : fmt::format(" --{}", flag.name);
    }
    return text + " " + instruction.arguments;
}

// Splits the expanded "COPY [flags] src... dest" text of a plan step into its paths.
std::vector<std::string> copyWords(const PlanStep& step, bool jsonForm) {
    std::string_view rest = step.text;
    rest.remove_prefix(std::min(rest.find(' '), rest.size()));
    std::vector<std::string> words;
    if (jsonForm) {
        auto start = rest.find('[');
        auto parsed =
            nlohmann::json::parse(rest.substr(std::min(start, rest.size())), nullptr, false);
        if (parsed.is_array()) {
            for (const auto& item : parsed) {
                if (item.is_string()) {
                    words.push_back(item.get<std::string>());
                }
            }
        }
        return words;
    }
    size_t position = 0;
    std::string text(rest);
    while (position < text.size()) {
        size_t start = text.find_first_not_of(" \t", position);
        if (start == std::string::npos) {
            break;
        }
        size_t end = text.find_first_of(" \t", start);
        std::string word = text.substr(start, end == std::string::npos ? end : end - start);
        if (!word.starts_with("--")) {
            words.push_back(word);
        }
        position = end == std::string::npos ? text.size() : end;
    }
    return words;
}

// A read-only overlay of an image's layers, for COPY --from; removed on destruction.
class MountedImage final {
public:
    static Result<std::unique_ptr<MountedImage>> mount(const std::vector<stdfs::path>& layers,
                                                       const stdfs::path& mountPoint) {
        auto mounted = std::unique_ptr<MountedImage>(new MountedImage());
        if (layers.size() == 1) {
            mounted->root_ = layers.front();
            return mounted;
        }
        if (auto made = fs::makeDirectories(mountPoint, 0700); !made) {
            return std::unexpected(made.error());
        }
        mounted->root_ = mountPoint;
        mounted->mountPoint_ = mountPoint;
        if (layers.empty()) {
            return mounted;
        }
        std::string options = "lowerdir=";
        for (size_t i = 0; i < layers.size(); ++i) {
            options += (i ? ":" : "") + layers[i].string();
        }
        if (::mount("overlay", mountPoint.c_str(), "overlay", MS_RDONLY, options.c_str()) != 0) {
            return failSys(
                fmt::format("mount the layers of a COPY --from source on {}", mountPoint.string()));
        }
        mounted->mounted_ = true;
        return mounted;
    }

    ~MountedImage() {
        if (mounted_ && ::umount2(mountPoint_.c_str(), MNT_DETACH) != 0) {
            log::warning("unmount {}: {}", mountPoint_.string(), std::strerror(errno));
        }
        if (!mountPoint_.empty()) {
            std::error_code ec;
            stdfs::remove(mountPoint_, ec);
        }
    }

    [[nodiscard]] const stdfs::path& root() const { return root_; }

private:
    MountedImage() = default;
    stdfs::path root_;
    stdfs::path mountPoint_;
    bool mounted_ = false;
};

// The parent of a planned step after a cache miss: the step would make an image that does
// not exist yet, so no later key of the stage can be computed.
constexpr std::string_view kUnknownImage = "<unknown>";

// The plan's cache status of a step: "hit" when the cache has its image, "rebuild" when
// the build would run it, "unknown" when only the build can tell (an ADD from a URL, a
// missing base image, a COPY --from a stage that would rebuild).
enum class CacheStatus { Hit, Rebuild, Unknown };

std::string_view statusName(CacheStatus status) {
    switch (status) {
    case CacheStatus::Hit:
        return "hit";
    case CacheStatus::Rebuild:
        return "rebuild";
    case CacheStatus::Unknown:
        break;
    }
    return "unknown";
}

std::string_view kindName(dockerfile::StepKind kind) {
    switch (kind) {
    case dockerfile::StepKind::Base:
        return "base";
    case dockerfile::StepKind::Filesystem:
        return "filesystem";
    case dockerfile::StepKind::Metadata:
        break;
    }
    return "metadata";
}

nlohmann::json rangeJson(const dockerfile::Range& range) {
    return {{"Start", {{"Line", range.start.line}, {"Column", range.start.column}}},
            {"End", {{"Line", range.end.line}, {"Column", range.end.column}}}};
}

class Build final {
public:
    Build(const BuildServices& services, BuildContext& context, const BuildOptions& options,
          const ProgressFunction& progress)
        : services_(services)
        , context_(context)
        , options_(options)
        , progress_(progress) {}

    // Plans instead of building: nothing runs and nothing is stored. Each step's cache key
    // is computed and looked up while the chain of cached images is unbroken.
    void planOnly() {
        planOnly_ = true;
        announceSteps_ = false;
    }
    [[nodiscard]] nlohmann::json takePlannedSteps() { return std::move(plannedSteps_); }
    [[nodiscard]] const std::vector<PlannedLayer>& plannedLayers() const { return plannedLayers_; }
    [[nodiscard]] const std::vector<PlannedBase>& plannedBases() const { return plannedBases_; }

    Result<std::string> run(const std::string& dockerfileText) {
        auto analysis = analyze(dockerfileText);
        if (!analysis) {
            return std::unexpected(analysis.error());
        }
        analysis_ = std::move(*analysis);
        const auto& plan = analysis_.plan;
        for (size_t index : plan.buildOrder) {
            totalSteps_ += plan.stages[index].steps.size();
        }
        std::string imageId;
        for (size_t index : plan.buildOrder) {
            stageIndex_ = index;
            auto built = buildStage(plan.stages[index]);
            if (!built) {
                return std::unexpected(built.error());
            }
            stageImages_[index] = *built;
            imageId = *built;
        }
        if (!options_.labels.empty() && !planOnly_) {
            auto labelled = addLabels(imageId);
            if (!labelled) {
                return std::unexpected(labelled.error());
            }
            imageId = *labelled;
        }
        return imageId;
    }

private:
    // Plans twice: the first pass finds the base images, whose ENV the second pass uses
    // for variable expansion.
    Result<dockerfile::Analysis> analyze(const std::string& text) {
        dockerfile::PlanOptions planOptions;
        planOptions.buildArgs = options_.buildArgs;
        planOptions.target = options_.target;
        auto first = dockerfile::analyzeForBuild(text, planOptions);
        if (!first) {
            return std::unexpected(first.error());
        }
        for (const auto& stage : first->plan.stages) {
            if (stage.baseKind != dockerfile::BaseKind::Image) {
                continue;
            }
            if (auto base = services_.images->resolve(stage.base); base) {
                dockerfile::NameValues env;
                for (const auto& entry : base->config.config.env) {
                    size_t equals = entry.find('=');
                    env.emplace_back(entry.substr(0, equals),
                                     equals == std::string::npos ? "" : entry.substr(equals + 1));
                }
                planOptions.baseImageEnv[stage.base] = std::move(env);
            }
        }
        if (options_.target && !first->plan.target) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("target stage {} could not be found", *options_.target));
        }
        return dockerfile::analyzeForBuild(text, planOptions);
    }

    Result<std::string> buildStage(const StagePlan& stage) {
        std::string imageId;
        image::RunConfig baseConfig;
        const PlanStep& from = stage.steps.front();
        announce(stepText(analysis_.dockerfile.instructions[from.instruction]));
        chain_ = CacheStatus::Hit;
        std::optional<std::string> baseError;
        if (stage.baseKind == dockerfile::BaseKind::Stage) {
            imageId = stageImages_.at(*stage.baseStage);
            chain_ = stageChains_.at(*stage.baseStage);
        } else if (stage.baseKind == dockerfile::BaseKind::Image) {
            auto base = services_.images->resolve(stage.base);
            if (!base && !planOnly_) {
                base = pullBase(stage.base);
                if (!base) {
                    return std::unexpected(base.error());
                }
            }
            if (!base) {
                // A plan never pulls: the steps of a missing base are unknown.
                baseError =
                    fmt::format("base image {} is not present; the build pulls it", stage.base);
                imageId = std::string(kUnknownImage);
                chain_ = CacheStatus::Unknown;
            } else {
                imageId = base->id;
            }
        }
        if (planOnly_) {
            const std::size_t fromStep = plannedSteps_.size();
            recordPlannedStep(stage.stage, from, imageId, baseConfig, chain_, baseError);
            std::string baseId = imageId;
            if (imageId != kUnknownImage && !imageId.empty() && !clearTriggers_) {
                auto triggered = planTriggers(imageId);
                if (!triggered) {
                    return std::unexpected(triggered.error());
                }
                imageId = *triggered;
            }
            if (imageId != kUnknownImage) {
                baseId = imageId; // the triggers' layers, when cached, are part of the base
            }
            recordPlannedBase(stage.stage, fromStep, from.range.start.line, baseId);
        }
        if (!imageId.empty() && imageId != kUnknownImage) {
            auto base = services_.images->resolve(imageId);
            if (!base) {
                return std::unexpected(base.error());
            }
            progress_({{"stream", fmt::format(" ---> {}\n", shortId(imageId))}});
            if (!planOnly_ && !clearTriggers_ && !base->config.config.onBuild.empty()) {
                auto triggered = runTriggers(imageId, base->config.config.onBuild);
                if (!triggered) {
                    return std::unexpected(triggered.error());
                }
                imageId = *triggered;
                base = services_.images->resolve(imageId);
                if (!base) {
                    return std::unexpected(base.error());
                }
            }
            baseConfig = base->config.config;
        } else if (planOnly_ && stage.baseKind == dockerfile::BaseKind::Stage) {
            // The base stage's image is unknown: a step of it missed the cache.
        } else {
            progress_({{"stream", " ---> \n"}});
        }

        for (size_t i = 1; i < stage.steps.size(); ++i) {
            auto next = runStep(stage.steps[i], imageId, baseConfig);
            if (!next) {
                return std::unexpected(next.error().context(fmt::format(
                    "step {} (line {})", stepNumber_, stage.steps[i].range.start.line)));
            }
            imageId = *next;
        }
        if (imageId.empty()) {
            return fail(ErrorKind::InvalidArgument, "No image was generated. Is your Dockerfile "
                                                    "empty?");
        }
        stageChains_[stage.stage] = chain_;
        return imageId;
    }

    // Plans the base image's ONBUILD triggers as the build would run them, and puts their
    // steps under the FROM step's "Triggers". Returns the image the triggers would make, or
    // kUnknownImage when one of them misses the cache.
    Result<std::string> planTriggers(const std::string& baseId) {
        auto base = services_.images->resolve(baseId);
        if (!base) {
            return std::unexpected(base.error());
        }
        const auto& triggers = base->config.config.onBuild;
        if (triggers.empty()) {
            return baseId;
        }
        std::string text = "FROM " + baseId + "\n";
        for (const auto& trigger : triggers) {
            text += trigger + "\n";
        }
        BuildOptions triggerOptions = options_;
        triggerOptions.target.reset();
        Build triggerBuild(services_, context_, triggerOptions, progress_);
        triggerBuild.planOnly();
        triggerBuild.clearTriggers_ = true;
        auto planned = triggerBuild.run(text);
        if (!planned) {
            return std::unexpected(planned.error().context("plan the base image's ONBUILD "
                                                           "triggers"));
        }
        nlohmann::json steps = triggerBuild.takePlannedSteps();
        steps.erase(steps.begin()); // the FROM of the trigger text
        plannedSteps_.back()["Triggers"] = std::move(steps);
        chain_ = triggerBuild.chain_;
        return *planned;
    }

    // Runs the base image's ONBUILD triggers as a build of their own on top of it. The
    // result has no triggers left, so they run once and never in grandchildren.
    Result<std::string> runTriggers(const std::string& baseId,
                                    const std::vector<std::string>& triggers) {
        progress_({{"stream", fmt::format("# Executing {} build trigger{}\n", triggers.size(),
                                          triggers.size() == 1 ? "" : "s")}});
        std::string text = "FROM " + baseId + "\n";
        for (const auto& trigger : triggers) {
            text += trigger + "\n";
        }
        BuildOptions triggerOptions = options_;
        triggerOptions.target.reset();
        triggerOptions.labels.clear();
        Build triggerBuild(services_, context_, triggerOptions, progress_);
        triggerBuild.announceSteps_ = false;
        triggerBuild.clearTriggers_ = true;
        auto built = triggerBuild.run(text);
        if (!built) {
            return std::unexpected(built.error().context("run the base image's ONBUILD triggers"));
        }
        return built;
    }

    Result<std::string> runStep(const PlanStep& step, const std::string& parentId,
                                const image::RunConfig& baseConfig) {
        const auto& instruction = analysis_.dockerfile.instructions[step.instruction];
        std::string text = stepText(instruction);
        if (options_.cancelled && options_.cancelled()) {
            return fail(ErrorKind::Cancelled, "the build was cancelled: the client went away");
        }
        announce(text);

        StepInput input;
        input.parentId = parentId;
        input.config = configAfter(baseConfig, step.state);
        input.step = &step;
        input.instruction = &instruction;

        std::string extra;
        std::optional<CopyPlan> copyPlan;
        std::unique_ptr<MountedImage> fromImage;
        if (const auto* copy = instruction.as<dockerfile::CopyInstruction>()) {
            auto planned = planCopyStep(step, *copy, input, fromImage);
            if (!planned && planOnly_) {
                chain_ = CacheStatus::Unknown;
                recordPlannedStep(stageIndex_, step, std::string(kUnknownImage), input.config,
                                  chain_, planned.error().message);
                return std::string(kUnknownImage);
            }
            if (!planned) {
                return std::unexpected(planned.error());
            }
            copyPlan = std::move(*planned);
            extra = copyPlan->cacheExtra;
            input.createdBy =
                fmt::format("/bin/sh -c #(nop) {} {}:{} in {} ", copy->add ? "ADD" : "COPY",
                            "multi", copyPlan->cacheExtra, copyPlan->destination);
        } else if (instruction.as<dockerfile::RunInstruction>()) {
            for (const auto& [name, value] : step.buildArgs) {
                extra += name + "=" + value + "\n";
            }
            input.createdBy = "/bin/sh -c " + instruction.arguments;
        } else {
            input.createdBy = "/bin/sh -c #(nop)  " + step.text;
        }

        std::string key = BuildCache::key(parentId, step.text, extra);
        if (planOnly_) {
            return planStep(step, parentId, key, input.config);
        }
        if (!options_.noCache) {
            if (auto cached = services_.cache->find(key)) {
                if (auto image = services_.images->resolve(*cached); image) {
                    progress_({{"stream", " ---> Using cache\n"}});
                    progress_({{"stream", fmt::format(" ---> {}\n", shortId(image->id))}});
                    return image->id;
                }
            }
        }

        auto made = makeStep(input, copyPlan);
        if (!made) {
            return std::unexpected(made.error());
        }
        if (auto stored = services_.cache->store(key, *made); !stored) {
            log::warning("build: {}", stored.error().message);
        }
        progress_({{"stream", fmt::format(" ---> {}\n", shortId(*made))}});
        return made;
    }

    std::string planStep(const PlanStep& step, const std::string& parentId, const std::string& key,
                         const image::RunConfig& config) {
        if (parentId == kUnknownImage) {
            recordPlannedStep(stageIndex_, step, std::string(kUnknownImage), config, chain_,
                              std::nullopt);
            return std::string(kUnknownImage);
        }
        std::optional<std::string> cached;
        if (!options_.noCache) {
            cached = services_.cache->find(key);
        }
        if (cached && !services_.images->resolve(*cached)) {
            cached.reset();
        }
        if (!cached) {
            chain_ = CacheStatus::Rebuild;
        }
        std::string next = cached ? *cached : std::string(kUnknownImage);
        recordPlannedStep(stageIndex_, step, next, config, chain_, std::nullopt, key, parentId);
        return next;
    }

    // Adds a step to the plan: its cache status, the image it makes when cached with the
    // layer's size, age and files then, and the config after it.
    void recordPlannedStep(size_t stage, const PlanStep& step, const std::string& imageId,
                           const image::RunConfig& config, CacheStatus status,
                           const std::optional<std::string>& error, const std::string& key = {},
                           const std::string& parentId = {}) {
        bool known = !imageId.empty() && imageId != kUnknownImage;
        nlohmann::json entry = {
            {"Stage", stage},
            {"Instruction", stepText(analysis_.dockerfile.instructions[step.instruction])},
            {"Expanded", step.text},
            {"Range", rangeJson(step.range)},
            {"Kind", kindName(step.kind)},
            {"CacheKey", key},
            {"Cached", !key.empty() && known},
            {"CacheStatus", statusName(status)},
            {"ImageId", known ? imageId : ""},
            {"Config", image::toJson(config)},
        };
        if (known && step.kind == dockerfile::StepKind::Filesystem) {
            auto layer = describeCachedStep(*services_.images, imageId, parentId, entry);
            if (!layer) {
                log::warning("plan: {}", layer.error().message);
            } else if (*layer) {
                (*layer)->step = plannedSteps_.size();
                (*layer)->stage = stage;
                (*layer)->line = step.range.start.line;
                plannedLayers_.push_back(std::move(**layer));
            }
        }
        if (error) {
            entry["Error"] = *error;
        }
        plannedSteps_.push_back(std::move(entry));
    }

    // Keeps the layers of a stage's base image for the waste of the stage's whole image.
    void recordPlannedBase(size_t stage, size_t fromStep, int line, const std::string& imageId) {
        if (imageId.empty() || imageId == kUnknownImage) {
            return;
        }
        auto layers = readImageLayers(*services_.images, imageId);
        if (!layers) {
            log::warning("plan: the layers of base image {}: {}", imageId, layers.error().message);
            return;
        }
        plannedBases_.push_back(PlannedBase{fromStep, stage, line, std::move(*layers)});
    }

    Result<std::string> makeStep(const StepInput& input, const std::optional<CopyPlan>& copyPlan) {
        const auto& instruction = *input.instruction;
        if (instruction.as<dockerfile::RunInstruction>()) {
            if (input.parentId.empty()) {
                return fail(ErrorKind::InvalidArgument,
                            "RUN needs a base image with a shell; the stage is FROM scratch");
            }
            return runCommandStep(services_, options_, input, progress_);
        }
        if (const auto* copy = instruction.as<dockerfile::CopyInstruction>()) {
            return copyStep(services_, input, *copyPlan, *copy);
        }
        if (instruction.as<dockerfile::WorkdirInstruction>()) {
            return workdirStep(services_, input);
        }
        return metadataStep(services_, input);
    }

    Result<CopyPlan> planCopyStep(const PlanStep& step, const dockerfile::CopyInstruction& copy,
                                  const StepInput& input,
                                  std::unique_ptr<MountedImage>& fromImage) {
        std::vector<std::string> words = copyWords(step, copy.jsonForm);
        if (words.size() < 2) {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("{} requires at least two arguments", copy.add ? "ADD" : "COPY"));
        }
        std::string destination = words.back();
        words.pop_back();
        auto staged = stageSources(step, copy, input, words);
        if (!staged) {
            return std::unexpected(staged.error());
        }
        const SourceTree* tree = &context_.sources();
        std::optional<DiskTree> fromTree;
        if (copy.from && copy.from->value) {
            auto mounted = mountFromSource(*copy.from->value);
            if (!mounted) {
                return std::unexpected(mounted.error());
            }
            fromImage = std::move(*mounted);
            tree = &fromTree.emplace(fromImage->root());
        }
        auto plan = planCopy(*tree, words, staged->files, destination, input.config.workingDir);
        if (plan) {
            plan->staging = std::move(staged->staging);
            plan->downloads = std::move(staged->downloads);
        }
        return plan;
    }

    struct StagedSources {
        std::shared_ptr<StagingDirectory> staging;
        std::vector<stdfs::path> files;
        std::vector<stdfs::path> downloads;
    };

    // Writes the heredocs and the URLs among words as files and takes them out of words,
    // which keeps the context paths.
    Result<StagedSources> stageSources(const PlanStep& step,
                                       const dockerfile::CopyInstruction& copy,
                                       const StepInput& input, std::vector<std::string>& words) {
        StagedSources staged;
        std::vector<std::string> contextWords;
        size_t heredocIndex = 0;
        for (const auto& word : words) {
            bool heredoc = word.starts_with("<<") && heredocIndex < copy.heredocs.size();
            bool remote = copy.add && isRemoteSource(word);
            if (remote && planOnly_) {
                // The URL's content is part of the cache key, and a plan must stay fast and
                // offline, so the step's status stays unknown until a build downloads it.
                return fail(ErrorKind::Unsupported,
                            fmt::format("ADD {}: the plan does not download URLs, so only a "
                                        "build can tell whether the cache has this step",
                                        word));
            }
            if (!heredoc && !remote) {
                contextWords.push_back(word);
                continue;
            }
            if (!staged.staging) {
                auto made = StagingDirectory::create(context_.root().parent_path());
                if (!made) {
                    return std::unexpected(made.error());
                }
                staged.staging = std::move(*made);
            }
            auto slot = staged.staging->newSlot();
            if (!slot) {
                return std::unexpected(slot.error());
            }
            auto file = heredoc ? stageHeredoc(*slot, copy.heredocs[heredocIndex++],
                                               stepVariables(step, input.config))
                                : stageDownload(*slot, word, checksumOf(copy), options_.cancelled);
            if (!file) {
                return std::unexpected(file.error());
            }
            staged.files.push_back(*file);
            if (remote) {
                staged.downloads.push_back(*file);
            }
        }
        if (copy.checksum && copy.checksum->value && staged.files.empty()) {
            return fail(ErrorKind::InvalidArgument, "ADD --checksum needs a URL source");
        }
        words = std::move(contextWords);
        return staged;
    }

    static std::optional<std::string> checksumOf(const dockerfile::CopyInstruction& copy) {
        if (copy.checksum && copy.checksum->value) {
            return *copy.checksum->value;
        }
        return std::nullopt;
    }

    // The variables a heredoc body sees: the build args in scope, then the environment.
    static std::map<std::string, std::string> stepVariables(const PlanStep& step,
                                                            const image::RunConfig& config) {
        std::map<std::string, std::string> variables;
        for (const auto& [name, value] : step.buildArgs) {
            variables[name] = value;
        }
        for (const auto& entry : config.env) {
            size_t equals = entry.find('=');
            variables[entry.substr(0, equals)] =
                equals == std::string::npos ? std::string() : entry.substr(equals + 1);
        }
        return variables;
    }

    Result<std::unique_ptr<MountedImage>> mountFromSource(const std::string& from) {
        std::string imageId;
        if (auto stage = dockerfile::findStage(analysis_.stages, from);
            stage && stageImages_.contains(*stage)) {
            imageId = stageImages_.at(*stage);
            if (imageId == kUnknownImage) {
                return fail(ErrorKind::NotFound,
                            fmt::format("COPY --from={}: the stage has steps that are not in the "
                                        "build cache yet",
                                        from));
            }
        } else {
            auto image = services_.images->resolve(from);
            if (!image) {
                return fail(ErrorKind::NotFound,
                            fmt::format("COPY --from={}: no such stage or image", from));
            }
            imageId = image->id;
        }
        auto image = services_.images->resolve(imageId);
        if (!image) {
            return std::unexpected(image.error());
        }
        auto layers = services_.images->layerDirs(*image);
        if (!layers) {
            return std::unexpected(layers.error());
        }
        return MountedImage::mount(*layers, context_.root().parent_path() /
                                                (context_.root().filename().string() + ".from"));
    }

    Result<std::string> addLabels(const std::string& imageId) {
        auto image = services_.images->resolve(imageId);
        if (!image) {
            return std::unexpected(image.error());
        }
        StepInput input;
        input.parentId = imageId;
        input.config = image->config.config;
        for (const auto& [name, value] : options_.labels) {
            input.config.labels[name] = value;
        }
        input.createdBy = "/bin/sh -c #(nop)  LABEL (build labels)";
        return metadataStep(services_, input);
    }

    // Pulls a FROM image that is not in the store, streaming Docker's pull progress.
    // NOTE: anonymous only; the credentials of X-Registry-Config do not reach the builder.
    Result<image::Image> pullBase(const std::string& name) {
        auto reference = image::parseReference(name);
        if (!reference) {
            return std::unexpected(reference.error());
        }
        image::TransferRequest request;
        request.progress = [this](const image::TransferEvent& event) {
            nlohmann::json line = {{"status", event.status},
                                   {"progressDetail", nlohmann::json::object()}};
            if (!event.id.empty()) {
                line["id"] = event.id;
            }
            progress_(line);
        };
        auto pulled = image::pullImage(*services_.images, *reference, request);
        if (!pulled) {
            return std::unexpected(pulled.error().context(fmt::format("pull {}", name)));
        }
        return pulled->image;
    }

    void announce(const std::string& text) {
        ++stepNumber_;
        if (!announceSteps_) {
            return;
        }
        progress_({{"stream", fmt::format("Step {}/{} : {}\n", stepNumber_, totalSteps_, text)}});
    }

    const BuildServices& services_;
    BuildContext& context_;
    const BuildOptions& options_;
    const ProgressFunction& progress_;
    dockerfile::Analysis analysis_;
    std::map<size_t, std::string> stageImages_;
    size_t totalSteps_ = 0;
    size_t stepNumber_ = 0;
    bool announceSteps_ = true;
    bool planOnly_ = false;
    size_t stageIndex_ = 0; // the stage being built, for the plan
    nlohmann::json plannedSteps_ = nlohmann::json::array();
    std::vector<PlannedLayer> plannedLayers_;
    std::vector<PlannedBase> plannedBases_;
    CacheStatus chain_ = CacheStatus::Hit; // of the stage's steps so far, for the plan
    std::map<size_t, CacheStatus> stageChains_;
    bool clearTriggers_ = false; // a build of ONBUILD triggers: the base's run no more
};

} // namespace

Result<nlohmann::json> planBuild(const BuildServices& services, BuildContext& context,
                                 const BuildOptions& options) {
    auto text = context.loadDockerfile(options.dockerfile);
    if (!text) {
        return std::unexpected(text.error());
    }
    ProgressFunction ignore = [](const nlohmann::json&) {};
    Build build(services, context, options, ignore);
    build.planOnly();
    auto planned = build.run(*text);
    if (!planned) {
        return std::unexpected(planned.error());
    }
    nlohmann::json plan{{"Steps", build.takePlannedSteps()}};
    addEfficiency(plan, build.plannedBases(), build.plannedLayers());
    if (options.planConfigChanges) {
        keepConfigChanges(plan["Steps"]);
    }
    return plan;
}

Result<std::string> runBuild(const BuildServices& services, BuildContext& context,
                             const BuildOptions& options, const ProgressFunction& progress) {
    if (!context.hasFileContent()) {
        return fail(ErrorKind::InvalidArgument,
                    "a build needs the context's files; a manifest serves only a plan");
    }
    auto text = context.loadDockerfile(options.dockerfile);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto built = Build(services, context, options, progress).run(*text);
    if (!built) {
        return built;
    }
    progress({{"aux", {{"ID", *built}}}});
    progress({{"stream", fmt::format("Successfully built {}\n", shortId(*built))}});
    for (const auto& tag : options.tags) {
        if (auto tagged = services.images->tag(*built, tag); !tagged) {
            return std::unexpected(tagged.error());
        }
        progress({{"stream", fmt::format("Successfully tagged {}\n", tag.str())}});
    }
    log::info("image {} built{}", *built,
              options.tags.empty() ? "" : " as " + options.tags[0].str());
    return built;
}

} // namespace berth::build

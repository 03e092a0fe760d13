#pragma once

// The steps of a build that make a layer: RUN in a container, COPY and ADD from the
// context or another stage, WORKDIR creating its directory. Private to the builder.

#include "build/builder.h"
#include "build/copy_sources.h"
#include "build/source_tree.h"
#include "dockerfile/analysis.h"
#include "image/config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace berth::build {

// What every step gets: the image it starts from and the config it leaves.
struct StepInput {
    std::string parentId; // empty for scratch
    image::RunConfig config;
    std::string createdBy;
    const dockerfile::PlanStep* step = nullptr;
    const dockerfile::Instruction* instruction = nullptr;
};

// Runs the command in a container of the parent image, streams its output while it runs,
// and commits the container. Fails with the command's exit code in the message when it is not 0.
[[nodiscard]] Result<std::string> runCommandStep(const BuildServices& services,
                                                 const BuildOptions& options,
                                                 const StepInput& input,
                                                 const ProgressFunction& progress);

// The sources and destination of a COPY or ADD, resolved on disk.
struct CopyPlan {
    std::vector<std::filesystem::path> sources;
    std::string destination; // absolute in the image
    bool destinationIsDirectory = false;
    std::string cacheExtra;                       // the sources' checksum
    std::vector<std::filesystem::path> downloads; // ADD from URLs: copied, never unpacked
    // Holds the heredoc bodies and downloads among sources until the layer is written.
    std::shared_ptr<StagingDirectory> staging;
};

// Resolves COPY/ADD sources in tree (the context, or another stage's filesystem); staged
// are files written already (heredocs, downloads) that join them as they are.
[[nodiscard]] Result<CopyPlan> planCopy(const SourceTree& tree,
                                        const std::vector<std::string>& sources,
                                        const std::vector<std::filesystem::path>& staged,
                                        const std::string& destination,
                                        const std::string& workingDir);

// Stores the layer of a COPY or ADD step on the parent image.
[[nodiscard]] Result<std::string> copyStep(const BuildServices& services, const StepInput& input,
                                           const CopyPlan& plan,
                                           const dockerfile::CopyInstruction& copy);

// Stores a layer creating the directory when the parent image does not have it; otherwise
// stores only the config.
[[nodiscard]] Result<std::string> workdirStep(const BuildServices& services,
                                              const StepInput& input);

// Stores an image with the config and no new layer.
[[nodiscard]] Result<std::string> metadataStep(const BuildServices& services,
                                               const StepInput& input);

} // namespace berth::build

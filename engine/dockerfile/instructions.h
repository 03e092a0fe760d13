#pragma once

// Stage 2 of the Dockerfile front end: syntax nodes to typed instructions, one struct per
// instruction of the Dockerfile reference. Values stay as written (unexpanded) because a
// variable's value depends on the stage's state. The plan (plan.h) expands them.

#include "dockerfile/syntax.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace berth::dockerfile {

// A command of RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD. The exec form is a JSON array of
// strings; anything else, a malformed array included, is the shell form.
struct Command {
    bool execForm = false;
    std::vector<Word> exec; // the array elements, decoded, when execForm
    std::string shell;      // the text as written, when !execForm
    Range range;
};

struct KeyValue {
    Word key;
    Word value; // as written: quotes and variables are left for the plan to process
    Range range;
};

struct FromInstruction {
    Word image;
    std::optional<Word> stageName;
    std::optional<Word> asKeyword; // "AS" as written, for FromAsCasing
    std::optional<Word> platform;  // --platform=
};

struct RunInstruction {
    Command command;
    std::vector<Flag> mounts; // --mount=
    std::optional<Flag> network;
    std::optional<Flag> security;
    std::vector<Heredoc> heredocs;
};

struct CmdInstruction {
    Command command;
};

struct EntrypointInstruction {
    Command command;
};

struct LabelInstruction {
    std::vector<KeyValue> labels;
    bool legacyForm = false; // LABEL key value
};

struct MaintainerInstruction {
    Word name; // the whole argument text
};

struct ExposeInstruction {
    std::vector<Word> ports;
};

struct EnvInstruction {
    std::vector<KeyValue> variables;
    bool legacyForm = false; // ENV key value
};

// COPY and ADD share their shape; ADD has --checksum and --keep-git-dir, COPY has --from
// and --parents.
struct CopyInstruction {
    bool add = false;
    std::vector<Word> sources; // a heredoc marker "<<EOF" names an entry of heredocs
    Word destination;
    bool jsonForm = false;
    std::optional<Flag> from;
    std::optional<Flag> chown;
    std::optional<Flag> chmod;
    std::optional<Flag> checksum;
    std::vector<Flag> excludes;
    bool link = false;
    bool parents = false;
    bool keepGitDir = false;
    std::vector<Heredoc> heredocs;
};

struct VolumeInstruction {
    std::vector<Word> paths;
    bool jsonForm = false;
};

struct UserInstruction {
    Word user; // "name", "uid", "name:group" as written
};

struct WorkdirInstruction {
    Word path;
};

struct ArgDeclaration {
    Word name;
    std::optional<Word> defaultValue;
    Range range;
};

struct ArgInstruction {
    std::vector<ArgDeclaration> arguments;
};

struct Instruction;

struct OnbuildInstruction {
    std::shared_ptr<const Instruction> trigger;
    std::string triggerText; // the trigger as written, which the image config stores
};

struct StopsignalInstruction {
    Word signal;
};

struct HealthcheckInstruction {
    bool none = false; // HEALTHCHECK NONE
    Command test;
    std::optional<std::chrono::nanoseconds> interval;
    std::optional<std::chrono::nanoseconds> timeout;
    std::optional<std::chrono::nanoseconds> startPeriod;
    std::optional<std::chrono::nanoseconds> startInterval;
    std::optional<int> retries;
};

struct ShellInstruction {
    std::vector<Word> shell;
};

using InstructionDetail =
    std::variant<FromInstruction, RunInstruction, CmdInstruction, EntrypointInstruction,
                 LabelInstruction, MaintainerInstruction, ExposeInstruction, EnvInstruction,
                 CopyInstruction, VolumeInstruction, UserInstruction, WorkdirInstruction,
                 ArgInstruction, OnbuildInstruction, StopsignalInstruction, HealthcheckInstruction,
                 ShellInstruction>;

struct Instruction {
    std::string keyword;     // as written
    std::string instruction; // lower-case: "from", "run", ...
    Range range;
    Range keywordRange;
    std::vector<Flag> flags;
    std::string arguments;                   // the text after the flags, continuation lines joined
    std::vector<Position> argumentPositions; // as Node::argumentPositions
    InstructionDetail detail;

    template <typename T> [[nodiscard]] const T* as() const { return std::get_if<T>(&detail); }
};

// The instructions of the Dockerfile reference, lower-case.
[[nodiscard]] const std::vector<std::string>& instructionNames();

// Converts one node. On nullopt the node is invalid and a diagnostic gives the reason.
[[nodiscard]] std::optional<Instruction>
parseInstruction(const Node& node, std::vector<Diagnostic>& diagnostics, char escape = '\\');

// Parses a Go duration as HEALTHCHECK takes it: "30s", "1m30s", "1.5h", "250ms".
[[nodiscard]] std::optional<std::chrono::nanoseconds> parseDuration(std::string_view text);

} // namespace berth::dockerfile

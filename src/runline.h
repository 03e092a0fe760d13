#pragma once

// The `docker run` command line as data: parsing a pasted line into a RunSpec and writing
// the line back from one. Pure functions, no Qt, so the Run dialog and its tests share them.

#include "common/error.h"
#include "portforward.h"
#include "resourcelimits.h"
#include "volumemapping.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::studio {

struct RunSpec {
    std::string image;
    std::string name;
    std::vector<std::string> command;
    std::optional<std::string> entrypoint; // set with --entrypoint; "" resets the image's
    bool interactive = false;
    bool tty = false;
    bool detach = false;
    bool remove = false;
    std::vector<std::string> env;    // "KEY=value", or "KEY" to pass the caller's value
    std::vector<std::string> labels; // -l "KEY=value", in the order given
    std::string workdir;
    std::string user;
    std::string hostname;
    std::string restartPolicy;            // "", "no", "always", "unless-stopped", "on-failure"
    int maxRetries = 0;                   // with on-failure
    std::vector<VolumeMapping> volumes;   // -v, in the order given
    std::vector<VolumesFrom> volumesFrom; // --volumes-from, in the order given
    std::vector<std::string> links;       // --link NAME[:ALIAS], in the order given
    std::vector<PortForward> ports;       // -p, in the order given
    bool publishAll = false;              // -P: every EXPOSEd port to a free host port
    ResourceLimits resources;             // --memory, --memory-swap, --cpus, ...

    bool operator==(const RunSpec&) const = default;
};

struct ParsedRunLine {
    RunSpec spec;
    // Every flag (with its value) and argument the spec has no place for, as written.
    std::vector<std::string> unplaced;
};

// Splits a line into words like a POSIX shell: single and double quotes, backslash escapes
// and backslash-newline continuations. An unterminated quote is InvalidArgument.
[[nodiscard]] Result<std::vector<std::string>> splitShellWords(std::string_view line);

// Quotes a word for a POSIX shell only when it needs it.
[[nodiscard]] std::string quoteShellWord(std::string_view word);

// Parses "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]"; the leading "docker run" (or
// "docker container run") may be left out. A line with no image, a flag missing its value
// or a bad --restart value is InvalidArgument.
[[nodiscard]] Result<ParsedRunLine> parseRunLine(std::string_view line);

// Writes the docker run line for a spec, flags in a fixed order, quoted where needed.
[[nodiscard]] std::string formatRunLine(const RunSpec& spec);

// A problem that keeps the spec from being run, for the dialog to show beside its field.
enum class RunProblem {
    MissingImage,
    InvalidImage,
    InvalidName,
    InvalidEnv,
    InvalidRestartRetries,
    InvalidVolume,    // validateMappings() names the row and the reason
    InvalidResources, // validateResourceLimits() names the field and the reason
};

// Checks single-file mappings against this machine's file system through `probe`.
[[nodiscard]] std::vector<RunProblem> validateRunSpec(const RunSpec& spec,
                                                      const HostPathProbe& probe = probeHostPath);

// Docker's container name rule: [a-zA-Z0-9][a-zA-Z0-9_.-]+, an empty name is allowed.
[[nodiscard]] bool isValidContainerName(std::string_view name);

} // namespace berth::studio

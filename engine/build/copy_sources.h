#pragma once

// The COPY and ADD sources that are not files of the build context: heredoc bodies and the
// URLs that ADD downloads. Each one is written as a file into a private staging directory,
// so the layer writer and the cache checksum treat it like a file of the context.

#include "common/error.h"
#include "dockerfile/syntax.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth::build {

// True when the caller gave up; polled while a download runs.
using CancelCheck = std::function<bool()>;

// A directory made for one step's staged sources, removed with everything in it.
class StagingDirectory final {
public:
    [[nodiscard]] static Result<std::unique_ptr<StagingDirectory>>
    create(const std::filesystem::path& parentDir);
    ~StagingDirectory();
    StagingDirectory(const StagingDirectory&) = delete;
    StagingDirectory& operator=(const StagingDirectory&) = delete;

    // A new empty subdirectory, so that two sources with the same file name do not meet.
    [[nodiscard]] Result<std::filesystem::path> newSlot();

private:
    explicit StagingDirectory(std::filesystem::path root)
        : root_(std::move(root)) {}

    std::filesystem::path root_;
    int slots_ = 0;
};

// True for the http and https URLs that ADD downloads.
[[nodiscard]] bool isRemoteSource(std::string_view source);

// Writes a heredoc body as the file slot/DELIMITER with mode 0644. An unquoted delimiter
// expands $name and ${name} from variables; a quoted one keeps the body as written.
[[nodiscard]] Result<std::filesystem::path>
stageHeredoc(const std::filesystem::path& slot, const dockerfile::Heredoc& heredoc,
             const std::map<std::string, std::string>& variables);

// Downloads url into slot/NAME, NAME being the last segment of the URL's path, with mode
// 0600 and, when the server sends Last-Modified, that modification time. checksum is the
// value of --checksum ("sha256:HEX"); a different content fails. A server that does not
// answer, or answers with a status of 400 or more, fails with the URL and the status. A
// server that accepts the connection and then sends nothing for 60 seconds fails with
// "timed out". The download stops with a Cancelled error once cancelled returns true.
[[nodiscard]] Result<std::filesystem::path>
stageDownload(const std::filesystem::path& slot, const std::string& url,
              const std::optional<std::string>& checksum, const CancelCheck& cancelled);

} // namespace berth::build

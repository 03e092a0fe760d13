#pragma once

// The store of local volumes: <root>/<name>/_data contains a volume's files and
// <root>/<name>/volume.json its metadata (driver, labels, options, creation time, whether
// it is anonymous), written atomically so that volumes survive daemon restarts.

#include "common/error.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::volume {

// Docker's label on anonymous volumes; prune without all=true removes only these.
inline constexpr std::string_view kAnonymousLabel = "com.docker.volume.anonymous";

struct Volume {
    std::string name;
    std::string driver = "local";
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options; // local driver: type, device, o
    int64_t createdAt = 0;                      // nanoseconds since the epoch
    bool anonymous = false;
    std::filesystem::path directory; // <root>/<name>

    [[nodiscard]] std::filesystem::path dataDir() const { return directory / "_data"; }
    // Where a container's mount of this volume starts: the bound host directory of a
    // "type=none, o=bind, device=DIR" volume, else the data directory.
    [[nodiscard]] std::filesystem::path mountSource() const;
};

struct CreateOptions {
    std::string name; // empty: a random 64-hex name
    std::string driver;
    std::map<std::string, std::string> labels;
    std::map<std::string, std::string> options;
    // Made for one container (-v /ctr, an image VOLUME): labelled kAnonymousLabel, so that
    // rm -v and prune without all=true remove it.
    bool anonymous = false;
};

// Ids of the containers that use a volume, given its name.
using UsersFunction = std::function<std::vector<std::string>(const std::string& name)>;

// Receives "create" and "destroy" after the change is on disk (the daemon's event stream).
using EventFunction = std::function<void(std::string_view action, const Volume& volume)>;

class Store final {
public:
    [[nodiscard]] static Result<std::unique_ptr<Store>> open(const std::filesystem::path& root);

    // Set once at daemon start; without it no volume counts as in use.
    void setUsersFunction(UsersFunction users);
    void setEventFunction(EventFunction events);

    // Creates a volume, or returns the existing one of that name (as Docker does). The
    // second value is true when this call created it.
    [[nodiscard]] Result<std::pair<Volume, bool>> create(const CreateOptions& options);

    [[nodiscard]] Result<Volume> get(std::string_view name) const;
    [[nodiscard]] std::vector<Volume> list() const;

    // Conflict "remove NAME: volume is in use - [ids]" while a container uses it, even
    // with force (as in Docker); a missing volume is NotFound unless force.
    [[nodiscard]] Result<void> remove(std::string_view name, bool force);

    [[nodiscard]] std::vector<std::string> usersOf(const std::string& name) const;

    // Bytes used by the files below the volume's data directory (a du of it).
    [[nodiscard]] Result<int64_t> diskUsage(const Volume& volume) const;

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }

private:
    explicit Store(std::filesystem::path root);
    [[nodiscard]] Result<void> load();

    std::filesystem::path root_;
    mutable std::mutex mutex_;
    std::map<std::string, Volume> volumes_;
    UsersFunction users_;
    EventFunction events_;
};

// The local driver's options: {"type": "none", "o": "bind", "device": DIR} binds an
// existing host directory; other keys are rejected with Docker's message.
[[nodiscard]] Result<void> validateLocalOptions(const std::map<std::string, std::string>& options);

} // namespace berth::volume

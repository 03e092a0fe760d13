#include "volume/store.h"

#include "common/fs.h"
#include "common/log.h"
#include "common/scope_guard.h"
#include "common/sha256.h"
#include "common/time.h"
#include "volume/mount_parse.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <set>

namespace berth::volume {

using nlohmann::json;
namespace stdfs = std::filesystem;

namespace {

constexpr std::string_view kMetadataFile = "volume.json";

json metadataJson(const Volume& volume) {
    return {{"Name", volume.name},           {"Driver", volume.driver},
            {"Labels", volume.labels},       {"Options", volume.options},
            {"CreatedAt", volume.createdAt}, {"Anonymous", volume.anonymous}};
}

Result<Volume> loadVolume(const stdfs::path& directory) {
    auto text = fs::readFile(directory / kMetadataFile);
    if (!text) {
        return std::unexpected(text.error());
    }
    auto object = json::parse(*text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("{} is not a JSON object", (directory / kMetadataFile).string()));
    }
    Volume volume;
    try {
        volume.name = object.value("Name", directory.filename().string());
        volume.driver = object.value("Driver", "local");
        volume.labels = object.value("Labels", std::map<std::string, std::string>{});
        volume.options = object.value("Options", std::map<std::string, std::string>{});
        volume.createdAt = object.value("CreatedAt", int64_t(0));
        volume.anonymous = object.value("Anonymous", false);
    } catch (const json::exception& error) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("{}: {}", (directory / kMetadataFile).string(), error.what()));
    }
    volume.directory = directory;
    return volume;
}

Result<void> writeVolume(const Volume& volume) {
    if (auto made = fs::makeDirectories(volume.directory, 0701); !made) {
        return made;
    }
    // Mode 0755 as Docker's _data: users in a container reach the files by their own modes.
    if (auto made = fs::makeDirectories(volume.dataDir(), 0755); !made) {
        return made;
    }
    return fs::writeFileAtomic(volume.directory / kMetadataFile, metadataJson(volume).dump(2),
                               0600);
}

Result<int64_t> sumFileSizes(const stdfs::path& root) {
    int64_t total = 0;
    std::set<std::pair<dev_t, ino_t>> seen; // hard links count once
    std::error_code ec;
    stdfs::recursive_directory_iterator it(root, stdfs::directory_options::skip_permission_denied,
                                           ec);
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("read directory {}: {}", root.string(), ec.message()));
    }
    for (; it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            return fail(ErrorKind::System,
                        fmt::format("read directory {}: {}", root.string(), ec.message()));
        }
        struct stat info {};
        if (::lstat(it->path().c_str(), &info) != 0 || S_ISDIR(info.st_mode)) {
            continue;
        }
        if (seen.insert({info.st_dev, info.st_ino}).second) {
            total += info.st_size;
        }
    }
    return total;
}

} // namespace

stdfs::path Volume::mountSource() const {
    auto type = options.find("type");
    auto device = options.find("device");
    if (type != options.end() && type->second == "none" && device != options.end()) {
        return device->second;
    }
    return dataDir();
}

Result<void> validateLocalOptions(const std::map<std::string, std::string>& options) {
    for (const auto& [key, value] : options) {
        if (key != "type" && key != "device" && key != "o") {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid option: \"{}\"", key));
        }
    }
    if (options.empty()) {
        return {};
    }
    auto type = options.find("type");
    auto device = options.find("device");
    auto mountOptions = options.find("o");
    bool bindVolume = type != options.end() && type->second == "none" &&
                      mountOptions != options.end() &&
                      mountOptions->second.find("bind") != std::string::npos;
    if (!bindVolume) {
        return fail(ErrorKind::Unsupported,
                    "the local driver of this engine supports only bind-backed volumes "
                    "(--opt type=none --opt o=bind --opt device=/absolute/dir)");
    }
    if (device == options.end() || !device->second.starts_with("/")) {
        return fail(ErrorKind::InvalidArgument,
                    "a bind-backed volume needs the option device=/absolute/dir");
    }
    struct stat info {};
    if (::stat(device->second.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid volume option device={}: no such directory on the host",
                                device->second));
    }
    return {};
}

Store::Store(stdfs::path root)
    : root_(std::move(root)) {}

Result<std::unique_ptr<Store>> Store::open(const stdfs::path& root) {
    if (auto made = fs::makeDirectories(root, 0701); !made) {
        return std::unexpected(made.error().context("open the volume store"));
    }
    std::unique_ptr<Store> store(new Store(root));
    if (auto loaded = store->load(); !loaded) {
        return std::unexpected(loaded.error().context("open the volume store"));
    }
    return store;
}

Result<void> Store::load() {
    std::error_code ec;
    for (const auto& entry : stdfs::directory_iterator(root_, ec)) {
        if (!entry.is_directory()) {
            continue;
        }
        auto volume = loadVolume(entry.path());
        if (!volume) {
            log::warning("volume store: skipping {}: {}", entry.path().string(),
                         volume.error().message);
            continue;
        }
        volumes_[volume->name] = std::move(*volume);
    }
    if (ec) {
        return fail(ErrorKind::System,
                    fmt::format("read directory {}: {}", root_.string(), ec.message()));
    }
    return {};
}

void Store::setUsersFunction(UsersFunction users) {
    std::lock_guard lock(mutex_);
    users_ = std::move(users);
}

void Store::setEventFunction(EventFunction events) {
    std::lock_guard lock(mutex_);
    events_ = std::move(events);
}

Result<std::pair<Volume, bool>> Store::create(const CreateOptions& options) {
    std::string driver = options.driver.empty() ? "local" : options.driver;
    if (driver != "local") {
        return fail(ErrorKind::NotFound,
                    fmt::format("error looking up volume plugin {}: plugin \"{}\" not found",
                                driver, driver));
    }
    bool anonymous = options.anonymous;
    std::string name = options.name.empty() ? randomHexId() : options.name;
    if (auto valid = validateVolumeName(name); !valid) {
        return std::unexpected(valid.error());
    }
    if (auto valid = validateLocalOptions(options.options); !valid) {
        return std::unexpected(valid.error().context(fmt::format("create {}", name)));
    }

    std::lock_guard lock(mutex_);
    if (auto found = volumes_.find(name); found != volumes_.end()) {
        return std::pair{found->second, false};
    }
    Volume volume;
    volume.name = name;
    volume.driver = driver;
    volume.labels = options.labels;
    volume.options = options.options;
    volume.anonymous = anonymous;
    if (anonymous) {
        volume.labels.emplace(kAnonymousLabel, "");
    }
    volume.createdAt = nowNanoseconds();
    volume.directory = root_ / name;
    ScopeGuard removeDirectory([&] { (void)fs::removeTree(volume.directory); });
    if (auto written = writeVolume(volume); !written) {
        return std::unexpected(written.error().context(fmt::format("create volume {}", name)));
    }
    removeDirectory.dismiss();
    volumes_[name] = volume;
    log::info("volume {} created{}", name, anonymous ? " (anonymous)" : "");
    if (events_) {
        events_("create", volume);
    }
    return std::pair{volume, true};
}

Result<Volume> Store::get(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto found = volumes_.find(std::string(name));
    if (found == volumes_.end()) {
        return fail(ErrorKind::NotFound, fmt::format("get {}: no such volume", name));
    }
    return found->second;
}

std::vector<Volume> Store::list() const {
    std::lock_guard lock(mutex_);
    std::vector<Volume> volumes;
    for (const auto& [name, volume] : volumes_) {
        volumes.push_back(volume);
    }
    return volumes;
}

std::vector<std::string> Store::usersOf(const std::string& name) const {
    UsersFunction users;
    {
        std::lock_guard lock(mutex_);
        users = users_;
    }
    return users ? users(name) : std::vector<std::string>{};
}

Result<void> Store::remove(std::string_view name, bool force) {
    std::string key(name);
    // The users are looked up first and without the store's lock, because the lookup takes
    // container locks, and a container create holds none while it creates volumes.
    std::vector<std::string> users = usersOf(key);
    std::lock_guard lock(mutex_);
    auto found = volumes_.find(key);
    if (found == volumes_.end()) {
        if (force) {
            return {};
        }
        return fail(ErrorKind::NotFound, fmt::format("get {}: no such volume", name));
    }
    if (!users.empty()) {
        std::string list;
        for (const auto& id : users) {
            list += (list.empty() ? "" : " ") + id;
        }
        return fail(ErrorKind::Conflict,
                    fmt::format("remove {}: volume is in use - [{}]", name, list));
    }
    if (auto removed = fs::removeTree(found->second.directory); !removed) {
        return std::unexpected(removed.error().context(fmt::format("remove volume {}", name)));
    }
    Volume removed = std::move(found->second);
    volumes_.erase(found);
    log::info("volume {} removed", name);
    if (events_) {
        events_("destroy", removed);
    }
    return {};
}

Result<int64_t> Store::diskUsage(const Volume& volume) const {
    return sumFileSizes(volume.mountSource());
}

} // namespace berth::volume

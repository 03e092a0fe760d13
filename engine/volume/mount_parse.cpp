#include "volume/mount_parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

namespace berth::volume {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, 5> kReadWriteModes = {"rw", "ro", "ro-non-recursive",
                                                             "ro-force-recursive", "rro"};
constexpr std::array<std::string_view, 2> kLabelModes = {"z", "Z"};
constexpr std::array<std::string_view, 6> kPropagationModes = {"private", "rprivate", "slave",
                                                               "rslave",  "shared",   "rshared"};
constexpr std::array<std::string_view, 1> kCopyModes = {"nocopy"};
constexpr std::array<std::string_view, 3> kConsistencyModes = {"consistent", "cached", "delegated"};

template <size_t N> bool contains(const std::array<std::string_view, N>& set, std::string_view s) {
    return std::ranges::find(set, s) != set.end();
}

std::vector<std::string_view> splitModes(std::string_view mode) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t comma = mode.find(',', start);
        parts.push_back(mode.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            return parts;
        }
        start = comma + 1;
    }
}

bool modeHas(std::string_view mode, std::string_view option) {
    std::vector<std::string_view> options = splitModes(mode);
    return std::ranges::find(options, option) != options.end();
}

std::string propagationOf(std::string_view mode) {
    for (std::string_view option : splitModes(mode)) {
        if (contains(kPropagationModes, option)) {
            return std::string(option);
        }
    }
    return "";
}

bool isReadOnlyMode(std::string_view mode) {
    for (std::string_view option : splitModes(mode)) {
        if (option != "rw" && contains(kReadWriteModes, option)) {
            return true;
        }
    }
    return false;
}

// Docker's errMountConfig: the mount type, then what is wrong with the mount.
std::unexpected<Error> mountConfigError(std::string_view type, std::string_view problem) {
    return fail(ErrorKind::InvalidArgument,
                fmt::format("invalid mount config for type \"{}\": {}", type, problem));
}

// Checks a container path: present, absolute, not "/". Returns the problem, or "".
std::string targetProblem(std::string_view target) {
    if (target.empty()) {
        return "field Target must not be empty";
    }
    if (cleanPath(target) == "/") {
        return "invalid specification: destination can't be '/'";
    }
    if (!target.starts_with("/")) {
        return fmt::format("invalid mount path: '{}' mount path must be absolute", target);
    }
    return "";
}

std::string formatTmpfsSize(int64_t bytes) {
    constexpr std::pair<std::string_view, int64_t> kUnits[] = {
        {"g", int64_t(1) << 30}, {"m", int64_t(1) << 20}, {"k", int64_t(1) << 10}};
    for (const auto& [suffix, divisor] : kUnits) {
        if (bytes % divisor == 0) {
            return fmt::format("size={}{}", bytes / divisor, suffix);
        }
    }
    return fmt::format("size={}", bytes);
}

Result<std::string> tmpfsOptionsOf(const json& options, bool readOnly) {
    std::vector<std::string> parts;
    if (readOnly) {
        parts.push_back("ro");
    }
    if (options.is_object()) {
        int64_t mode = options.value("Mode", int64_t(0));
        int64_t size = options.value("SizeBytes", int64_t(0));
        if (size < 0) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid tmpfs size {}: the size must not be negative", size));
        }
        if (mode != 0) {
            parts.push_back(fmt::format("mode={:o}", mode & 07777));
        }
        if (size != 0) {
            parts.push_back(formatTmpfsSize(size));
        }
        for (const auto& option : options.value("Options", json::array())) {
            if (!option.is_array() || option.empty() || option.size() > 2) {
                return fail(ErrorKind::InvalidArgument, "invalid option array length");
            }
            std::string key = option[0].get<std::string>();
            if (key != "exec" && key != "noexec") {
                return fail(ErrorKind::InvalidArgument, "invalid option: " + key);
            }
            parts.push_back(
                option.size() == 1 ? key : fmt::format("{}={}", key, option[1].get<std::string>()));
        }
    }
    std::string joined;
    for (const auto& part : parts) {
        joined += (joined.empty() ? "" : ",") + part;
    }
    return joined;
}

std::map<std::string, std::string> stringMapOf(const json& object) {
    std::map<std::string, std::string> map;
    if (object.is_object()) {
        for (const auto& [key, value] : object.items()) {
            map[key] = value.is_string() ? value.get<std::string>() : value.dump();
        }
    }
    return map;
}

Result<void> applyBindOptions(const json& spec, MountPoint& mount) {
    if (spec.contains("VolumeOptions") && !spec["VolumeOptions"].is_null()) {
        return mountConfigError("bind", "field VolumeOptions must not be specified");
    }
    if (!mount.source.starts_with("/")) {
        return mountConfigError(
            "bind",
            fmt::format("invalid mount path: '{}' mount path must be absolute", mount.source));
    }
    mount.source = cleanPath(mount.source);
    mount.propagation = "rprivate";
    const json& options = spec.contains("BindOptions") ? spec["BindOptions"] : json();
    if (options.is_object()) {
        std::string propagation = options.value("Propagation", "");
        if (!propagation.empty()) {
            if (!contains(kPropagationModes, propagation)) {
                return mountConfigError("bind", "invalid propagation mode: " + propagation);
            }
            mount.propagation = propagation;
        }
        mount.createSource = options.value("CreateMountpoint", false);
    }
    return {};
}

Result<void> applyVolumeOptions(const json& spec, MountPoint& mount) {
    if (spec.contains("BindOptions") && !spec["BindOptions"].is_null()) {
        return mountConfigError("volume", "field BindOptions must not be specified");
    }
    mount.anonymous = mount.source.empty();
    mount.name = mount.source;
    mount.source.clear();
    mount.driver = "local";
    mount.copyData = true;
    mount.mode = "z"; // Docker shows this relabel mode for every --mount volume
    if (!mount.rw && mount.anonymous) {
        return mountConfigError("volume",
                                "must not set ReadOnly mode when using anonymous volumes");
    }
    if (!mount.anonymous) {
        if (auto valid = validateVolumeName(mount.name); !valid) {
            return std::unexpected(valid.error());
        }
    }
    const json& options = spec.contains("VolumeOptions") ? spec["VolumeOptions"] : json();
    if (!options.is_object()) {
        return {};
    }
    if (!options.value("Subpath", "").empty()) {
        return fail(ErrorKind::Unsupported, "volume-subpath is not supported by this engine");
    }
    mount.copyData = !options.value("NoCopy", false);
    mount.volumeLabels = stringMapOf(options.value("Labels", json::object()));
    const json& driver = options.contains("DriverConfig") ? options["DriverConfig"] : json();
    if (driver.is_object()) {
        std::string name = driver.value("Name", "");
        if (!name.empty() && name != "local") {
            return fail(ErrorKind::NotFound,
                        fmt::format("error looking up volume plugin {}: plugin \"{}\" not found",
                                    name, name));
        }
        mount.volumeOptions = stringMapOf(driver.value("Options", json::object()));
    }
    return {};
}

} // namespace

std::string cleanPath(std::string_view path) {
    bool absolute = path.starts_with("/");
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= path.size()) {
        size_t slash = path.find('/', start);
        std::string_view part = path.substr(start, slash - start);
        if (part == "..") {
            if (!parts.empty() && parts.back() != "..") {
                parts.pop_back();
            } else if (!absolute) {
                parts.push_back(part);
            }
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    std::string cleaned = absolute ? "/" : "";
    for (size_t i = 0; i < parts.size(); ++i) {
        cleaned += (i == 0 ? "" : "/") + std::string(parts[i]);
    }
    return cleaned.empty() ? "." : cleaned;
}

Result<void> validateVolumeName(std::string_view name) {
    auto allowed = [](char c, bool first) {
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum || (!first && (c == '_' || c == '.' || c == '-'));
    };
    bool valid = name.size() >= 2 && allowed(name[0], true) &&
                 std::ranges::all_of(name.substr(1), [&](char c) { return allowed(c, false); });
    if (!valid) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("create {}: \"{}\" includes invalid characters for a local volume "
                                "name, only \"{}\" are allowed. If you intended to pass a host "
                                "directory, use absolute path",
                                name, name, kVolumeNamePattern));
    }
    return {};
}

bool isAnonymousVolumeName(std::string_view name) {
    return name.size() == 64 && std::ranges::all_of(name, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

bool isValidMountMode(std::string_view mode) {
    if (mode.empty()) {
        return true;
    }
    int readWrite = 0, label = 0, propagation = 0, copy = 0, consistency = 0;
    for (std::string_view option : splitModes(mode)) {
        if (contains(kReadWriteModes, option)) {
            ++readWrite;
        } else if (contains(kLabelModes, option)) {
            ++label;
        } else if (contains(kPropagationModes, option)) {
            ++propagation;
        } else if (contains(kCopyModes, option)) {
            ++copy;
        } else if (contains(kConsistencyModes, option)) {
            ++consistency;
        } else {
            return false;
        }
    }
    return readWrite <= 1 && label <= 1 && propagation <= 1 && copy <= 1 && consistency <= 1;
}

Result<MountPoint> parseBind(std::string_view raw) {
    auto invalidSpec = [&](std::string_view problem = {}) {
        return fail(ErrorKind::InvalidArgument,
                    problem.empty()
                        ? fmt::format("invalid volume specification: '{}'", raw)
                        : fmt::format("invalid volume specification: '{}': {}", raw, problem));
    };
    std::vector<std::string_view> fields;
    size_t start = 0;
    while (fields.size() < 3) {
        size_t colon = raw.find(':', start);
        fields.push_back(raw.substr(start, colon - start));
        if (colon == std::string_view::npos) {
            break;
        }
        start = colon + 1;
        if (fields.size() == 3) {
            fields.push_back(raw.substr(start));
        }
    }
    if (fields.front().empty() || fields.size() > 3) {
        return invalidSpec();
    }
    MountPoint mount;
    std::string source;
    std::string target;
    if (fields.size() == 1) {
        target = fields[0];
    } else {
        if (fields.size() == 2 && isValidMountMode(fields[1])) {
            return invalidSpec(); // "/ctr:ro" has a mode but no source
        }
        source = fields[0];
        target = fields[1];
        if (fields.size() == 3) {
            mount.mode = fields[2];
        }
    }
    if (!isValidMountMode(mount.mode)) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid mode: {}", mount.mode));
    }
    mount.type = source.starts_with("/") ? MountType::Bind : MountType::Volume;
    std::string_view typeName = mountTypeName(mount.type);
    if (std::string problem = targetProblem(target); !problem.empty()) {
        return invalidSpec(
            fmt::format("invalid mount config for type \"{}\": {}", typeName, problem));
    }
    mount.destination = cleanPath(target);
    mount.rw = !isReadOnlyMode(mount.mode);
    if (mount.type == MountType::Bind) {
        mount.source = cleanPath(source);
        mount.propagation = propagationOf(mount.mode);
        if (mount.propagation.empty()) {
            mount.propagation = "rprivate";
        }
        mount.createSource = true;
        return mount;
    }
    if (!propagationOf(mount.mode).empty()) {
        return invalidSpec(
            "invalid mount config for type \"volume\": field BindOptions must not be specified");
    }
    if (!source.empty()) {
        if (auto valid = validateVolumeName(source); !valid) {
            return std::unexpected(valid.error());
        }
    }
    mount.name = source;
    mount.anonymous = source.empty();
    mount.driver = "local";
    if (!mount.anonymous && mount.mode.empty()) {
        mount.mode = "z"; // Docker's inspect shows this relabel mode for named -v volumes
    }
    mount.copyData = !modeHas(mount.mode, "nocopy");
    return mount;
}

Result<MountPoint> parseMount(const json& spec) {
    if (!spec.is_object()) {
        return fail(ErrorKind::InvalidArgument, "invalid mount config: not a JSON object");
    }
    MountPoint mount;
    std::string type;
    std::string target;
    try {
        type = spec.value("Type", "");
        mount.source = spec.value("Source", "");
        target = spec.value("Target", "");
        mount.rw = !spec.value("ReadOnly", false);
    } catch (const json::exception&) {
        return fail(ErrorKind::InvalidArgument,
                    "invalid mount config: Type, Source and Target must be strings and "
                    "ReadOnly a boolean");
    }
    if (std::string problem = targetProblem(target); !problem.empty()) {
        return mountConfigError(type, problem);
    }
    mount.destination = cleanPath(target);
    try {
        if (type == "bind") {
            mount.type = MountType::Bind;
            if (mount.source.empty()) {
                return mountConfigError(type, "field Source must not be empty");
            }
            if (auto applied = applyBindOptions(spec, mount); !applied) {
                return std::unexpected(applied.error());
            }
            return mount;
        }
        if (type == "volume") {
            mount.type = MountType::Volume;
            if (auto applied = applyVolumeOptions(spec, mount); !applied) {
                return std::unexpected(applied.error());
            }
            return mount;
        }
        if (type == "tmpfs") {
            mount.type = MountType::Tmpfs;
            if (spec.contains("BindOptions") && !spec["BindOptions"].is_null()) {
                return mountConfigError(type, "field BindOptions must not be specified");
            }
            if (!mount.source.empty()) {
                return mountConfigError(type, "field Source must not be specified");
            }
            auto options = tmpfsOptionsOf(spec.value("TmpfsOptions", json()), !mount.rw);
            if (!options) {
                return mountConfigError(type, options.error().message);
            }
            mount.tmpfsOptions = *options;
            return mount;
        }
    } catch (const json::exception& error) {
        return mountConfigError(type, fmt::format("a field has the wrong type: {}", error.what()));
    }
    if (type == "image" || type == "npipe" || type == "cluster") {
        return fail(ErrorKind::Unsupported,
                    fmt::format("mounts of type \"{}\" are not supported by this engine", type));
    }
    return mountConfigError(type, "mount type unknown");
}

Result<VolumesFromSpec> parseVolumesFrom(std::string_view spec) {
    if (spec.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    "volumes-from specification cannot be an empty string");
    }
    VolumesFromSpec parsed;
    size_t colon = spec.find(':');
    parsed.container = spec.substr(0, colon);
    if (colon == std::string_view::npos) {
        return parsed;
    }
    parsed.mode = spec.substr(colon + 1);
    bool valid = !parsed.mode.empty() && isValidMountMode(parsed.mode) &&
                 propagationOf(parsed.mode).empty() && !modeHas(parsed.mode, "nocopy");
    if (!valid) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid mode: {}", parsed.mode));
    }
    return parsed;
}

} // namespace berth::volume

#include "image/config.h"

#include "common/time.h"

#include <fmt/format.h>

// JSON shapes follow Docker's image config (image/spec v1.2): lower-case keys at the top,
// the "config" object in the container.Config spelling with capitalised keys. nlohmann's
// default object is a std::map, so dump() writes sorted keys without spaces: the canonical
// form whose sha256 is the image id.

namespace berth::image {

using nlohmann::json;

namespace {

json stringArray(const std::vector<std::string>& values) {
    return values.empty() ? json(nullptr) : json(values);
}

json optionalArray(const std::optional<std::vector<std::string>>& values) {
    return values ? json(*values) : json(nullptr);
}

// Docker's "set" encoding: {"80/tcp": {}, "443/tcp": {}}.
json keySet(const std::vector<std::string>& keys) {
    if (keys.empty()) {
        return nullptr;
    }
    json object = json::object();
    for (const auto& key : keys) {
        object[key] = json::object();
    }
    return object;
}

json healthToJson(const HealthConfig& health) {
    json object = json::object();
    object["Test"] = health.test;
    if (health.interval != 0) {
        object["Interval"] = health.interval;
    }
    if (health.timeout != 0) {
        object["Timeout"] = health.timeout;
    }
    if (health.startPeriod != 0) {
        object["StartPeriod"] = health.startPeriod;
    }
    if (health.startInterval != 0) {
        object["StartInterval"] = health.startInterval;
    }
    if (health.retries != 0) {
        object["Retries"] = health.retries;
    }
    return object;
}

Result<std::string> readString(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::string();
    }
    if (!it->is_string()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{}: expected a string", key));
    }
    return it->get<std::string>();
}

Result<int64_t> readInteger(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return int64_t(0);
    }
    if (!it->is_number_integer()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{}: expected an integer", key));
    }
    return it->get<int64_t>();
}

// Accepts an array of strings, or one string as Docker's strslice does.
Result<std::optional<std::vector<std::string>>> readStrings(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return std::optional<std::vector<std::string>>();
    }
    if (it->is_string()) {
        return std::optional(std::vector<std::string>{it->get<std::string>()});
    }
    if (!it->is_array()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{}: expected an array", key));
    }
    std::vector<std::string> values;
    for (const auto& item : *it) {
        if (!item.is_string()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{}: expected an array of strings", key));
        }
        values.push_back(item.get<std::string>());
    }
    return std::optional(std::move(values));
}

Result<std::vector<std::string>> readKeySet(const json& object, const char* key) {
    auto it = object.find(key);
    std::vector<std::string> keys;
    if (it == object.end() || it->is_null()) {
        return keys;
    }
    if (!it->is_object()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{}: expected an object", key));
    }
    for (const auto& [name, value] : it->items()) {
        keys.push_back(name);
    }
    return keys;
}

Result<std::map<std::string, std::string>> readStringMap(const json& object, const char* key) {
    auto it = object.find(key);
    std::map<std::string, std::string> values;
    if (it == object.end() || it->is_null()) {
        return values;
    }
    if (!it->is_object()) {
        return fail(ErrorKind::InvalidArgument, fmt::format("{}: expected an object", key));
    }
    for (const auto& [name, value] : it->items()) {
        if (!value.is_string()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{}.{}: expected a string", key, name));
        }
        values[name] = value.get<std::string>();
    }
    return values;
}

Result<std::optional<HealthConfig>> readHealth(const json& object) {
    auto it = object.find("Healthcheck");
    if (it == object.end() || it->is_null()) {
        return std::optional<HealthConfig>();
    }
    if (!it->is_object()) {
        return fail(ErrorKind::InvalidArgument, "Healthcheck: expected an object");
    }
    HealthConfig health;
    auto test = readStrings(*it, "Test");
    auto interval = readInteger(*it, "Interval");
    auto timeout = readInteger(*it, "Timeout");
    auto startPeriod = readInteger(*it, "StartPeriod");
    auto startInterval = readInteger(*it, "StartInterval");
    auto retries = readInteger(*it, "Retries");
    for (const auto* failure : {&interval, &timeout, &startPeriod, &startInterval, &retries}) {
        if (!*failure) {
            return std::unexpected(failure->error().context("Healthcheck"));
        }
    }
    if (!test) {
        return std::unexpected(test.error().context("Healthcheck"));
    }
    health.test = test->value_or(std::vector<std::string>{});
    health.interval = *interval;
    health.timeout = *timeout;
    health.startPeriod = *startPeriod;
    health.startInterval = *startInterval;
    health.retries = int(*retries);
    return std::optional(std::move(health));
}

std::optional<int64_t> readTime(const json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) {
        return int64_t(0);
    }
    return parseRfc3339(it->get<std::string>());
}

} // namespace

json toJson(const RunConfig& config) {
    json object = json::object();
    object["Hostname"] = "";
    object["Domainname"] = "";
    object["User"] = config.user;
    object["AttachStdin"] = false;
    object["AttachStdout"] = false;
    object["AttachStderr"] = false;
    object["Tty"] = false;
    object["OpenStdin"] = false;
    object["StdinOnce"] = false;
    object["Env"] = stringArray(config.env);
    object["Cmd"] = optionalArray(config.cmd);
    object["Image"] = "";
    object["Volumes"] = keySet(config.volumes);
    object["WorkingDir"] = config.workingDir;
    object["Entrypoint"] = optionalArray(config.entrypoint);
    object["OnBuild"] = stringArray(config.onBuild);
    object["Labels"] = config.labels.empty() ? json(nullptr) : json(config.labels);
    if (!config.exposedPorts.empty()) {
        object["ExposedPorts"] = keySet(config.exposedPorts);
    }
    if (!config.stopSignal.empty()) {
        object["StopSignal"] = config.stopSignal;
    }
    if (config.shell) {
        object["Shell"] = *config.shell;
    }
    if (config.healthcheck) {
        object["Healthcheck"] = healthToJson(*config.healthcheck);
    }
    if (config.argsEscaped) {
        object["ArgsEscaped"] = true;
    }
    return object;
}

Result<RunConfig> runConfigFromJson(const json& object) {
    RunConfig config;
    if (object.is_null()) {
        return config;
    }
    if (!object.is_object()) {
        return fail(ErrorKind::InvalidArgument, "config: expected an object");
    }
    auto user = readString(object, "User");
    auto workingDir = readString(object, "WorkingDir");
    auto stopSignal = readString(object, "StopSignal");
    auto env = readStrings(object, "Env");
    auto cmd = readStrings(object, "Cmd");
    auto entrypoint = readStrings(object, "Entrypoint");
    auto onBuild = readStrings(object, "OnBuild");
    auto shell = readStrings(object, "Shell");
    auto labels = readStringMap(object, "Labels");
    auto ports = readKeySet(object, "ExposedPorts");
    auto volumes = readKeySet(object, "Volumes");
    auto health = readHealth(object);
    for (const auto* text : {&user, &workingDir, &stopSignal}) {
        if (!*text) {
            return std::unexpected(text->error());
        }
    }
    for (const auto* list : {&env, &cmd, &entrypoint, &onBuild, &shell}) {
        if (!*list) {
            return std::unexpected(list->error());
        }
    }
    if (!labels) {
        return std::unexpected(labels.error());
    }
    for (const auto* set : {&ports, &volumes}) {
        if (!*set) {
            return std::unexpected(set->error());
        }
    }
    if (!health) {
        return std::unexpected(health.error());
    }
    config.user = *user;
    config.workingDir = *workingDir;
    config.stopSignal = *stopSignal;
    config.env = env->value_or(std::vector<std::string>{});
    config.cmd = *cmd;
    config.entrypoint = *entrypoint;
    config.onBuild = onBuild->value_or(std::vector<std::string>{});
    config.shell = *shell;
    config.labels = *labels;
    config.exposedPorts = *ports;
    config.volumes = *volumes;
    config.healthcheck = *health;
    auto escaped = object.find("ArgsEscaped");
    config.argsEscaped = escaped != object.end() && escaped->is_boolean() && escaped->get<bool>();
    return config;
}

std::string serialize(const ImageConfig& config) {
    json object = json::object();
    object["architecture"] = config.architecture;
    object["os"] = config.os;
    if (!config.variant.empty()) {
        object["variant"] = config.variant;
    }
    object["created"] = formatRfc3339Nano(config.created);
    object["config"] = toJson(config.config);
    if (!config.author.empty()) {
        object["author"] = config.author;
    }
    if (!config.comment.empty()) {
        object["comment"] = config.comment;
    }
    if (!config.dockerVersion.empty()) {
        object["docker_version"] = config.dockerVersion;
    }
    if (!config.parent.empty()) {
        object["parent"] = config.parent;
    }
    json history = json::array();
    for (const auto& item : config.history) {
        json entry = json::object();
        entry["created"] = formatRfc3339Nano(item.created);
        if (!item.createdBy.empty()) {
            entry["created_by"] = item.createdBy;
        }
        if (!item.author.empty()) {
            entry["author"] = item.author;
        }
        if (!item.comment.empty()) {
            entry["comment"] = item.comment;
        }
        if (item.emptyLayer) {
            entry["empty_layer"] = true;
        }
        history.push_back(std::move(entry));
    }
    object["history"] = std::move(history);
    object["rootfs"] = {{"type", "layers"}, {"diff_ids", config.diffIds}};
    return object.dump();
}

namespace {

Result<std::vector<HistoryItem>> readHistory(const json& object) {
    std::vector<HistoryItem> history;
    auto it = object.find("history");
    if (it == object.end() || it->is_null()) {
        return history;
    }
    if (!it->is_array()) {
        return fail(ErrorKind::InvalidArgument, "history: expected an array");
    }
    for (const auto& entry : *it) {
        if (!entry.is_object()) {
            return fail(ErrorKind::InvalidArgument, "history: expected an array of objects");
        }
        HistoryItem item;
        auto created = readTime(entry, "created");
        auto createdBy = readString(entry, "created_by");
        auto author = readString(entry, "author");
        auto comment = readString(entry, "comment");
        if (!created || !createdBy || !author || !comment) {
            return fail(ErrorKind::InvalidArgument, "history: invalid entry");
        }
        item.created = *created;
        item.createdBy = *createdBy;
        item.author = *author;
        item.comment = *comment;
        auto empty = entry.find("empty_layer");
        item.emptyLayer = empty != entry.end() && empty->is_boolean() && empty->get<bool>();
        history.push_back(std::move(item));
    }
    return history;
}

Result<std::vector<std::string>> readDiffIds(const json& object) {
    auto rootfs = object.find("rootfs");
    if (rootfs == object.end() || !rootfs->is_object()) {
        return fail(ErrorKind::InvalidArgument, "rootfs: missing");
    }
    auto ids = readStrings(*rootfs, "diff_ids");
    if (!ids) {
        return std::unexpected(ids.error().context("rootfs"));
    }
    return ids->value_or(std::vector<std::string>{});
}

} // namespace

Result<ImageConfig> parseImageConfig(std::string_view text) {
    json object = json::parse(text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
        return fail(ErrorKind::InvalidArgument, "image config: invalid JSON");
    }
    ImageConfig config;
    auto architecture = readString(object, "architecture");
    auto os = readString(object, "os");
    auto variant = readString(object, "variant");
    auto author = readString(object, "author");
    auto comment = readString(object, "comment");
    auto dockerVersion = readString(object, "docker_version");
    auto parent = readString(object, "parent");
    for (const auto* text :
         {&architecture, &os, &variant, &author, &comment, &dockerVersion, &parent}) {
        if (!*text) {
            return std::unexpected(text->error().context("image config"));
        }
    }
    auto created = readTime(object, "created");
    if (!created) {
        return fail(ErrorKind::InvalidArgument, "image config: created: invalid time");
    }
    auto runConfig = runConfigFromJson(object.value("config", json(nullptr)));
    if (!runConfig) {
        return std::unexpected(runConfig.error().context("image config"));
    }
    auto history = readHistory(object);
    if (!history) {
        return std::unexpected(history.error().context("image config"));
    }
    auto diffIds = readDiffIds(object);
    if (!diffIds) {
        return std::unexpected(diffIds.error().context("image config"));
    }
    config.architecture = *architecture;
    config.os = *os;
    config.variant = *variant;
    config.author = *author;
    config.comment = *comment;
    config.dockerVersion = *dockerVersion;
    config.parent = *parent;
    config.created = *created;
    config.config = std::move(*runConfig);
    config.history = std::move(*history);
    config.diffIds = std::move(*diffIds);
    return config;
}

} // namespace berth::image

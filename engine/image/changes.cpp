// applyChanges: the Dockerfile subset that `docker import --change` and `docker commit
// --change` accept, applied to an image's run config.

#include "image/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace berth::image {

namespace {

using nlohmann::json;

constexpr std::string_view kAllowed =
    "CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, "
    "WORKDIR";

// Instructions of a Dockerfile that are valid there but not as a change.
constexpr std::string_view kBuildOnly[] = {"ADD",        "ARG", "COPY", "FROM",
                                           "MAINTAINER", "RUN", "SHELL"};

std::string upper(std::string_view text) {
    std::string result(text);
    std::ranges::transform(result, result.begin(), [](unsigned char c) { return std::toupper(c); });
    return result;
}

std::string lower(std::string_view text) {
    std::string result(text);
    std::ranges::transform(result, result.begin(), [](unsigned char c) { return std::tolower(c); });
    return result;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    return text;
}

// Splits on blanks, honouring double and single quotes and backslash escapes, and drops the
// quotes as a Dockerfile does for ENV and LABEL words.
Result<std::vector<std::string>> splitWords(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            } else if (c == '\\' && quote == '"' && i + 1 < text.size()) {
                word += text[++i];
            } else {
                word += c;
            }
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (inWord) {
                words.push_back(std::move(word));
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '\\' && i + 1 < text.size()) {
            word += text[++i];
        } else {
            word += c;
        }
    }
    if (quote != 0) {
        return fail(ErrorKind::InvalidArgument, fmt::format("unmatched quote in \"{}\"", text));
    }
    if (inWord) {
        words.push_back(std::move(word));
    }
    return words;
}

// The JSON (exec) form when the text is a JSON array of strings, otherwise nothing.
std::optional<std::vector<std::string>> jsonForm(std::string_view text) {
    if (!text.starts_with('[')) {
        return std::nullopt;
    }
    json parsed = json::parse(text, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_array()) {
        return std::nullopt;
    }
    std::vector<std::string> values;
    for (const auto& item : parsed) {
        if (!item.is_string()) {
            return std::nullopt;
        }
        values.push_back(item.get<std::string>());
    }
    return values;
}

std::vector<std::string> commandForm(const RunConfig& config, std::string_view arguments) {
    if (auto exec = jsonForm(arguments)) {
        return *exec;
    }
    std::vector<std::string> command =
        config.shell.value_or(std::vector<std::string>{"/bin/sh", "-c"});
    command.emplace_back(arguments);
    return command;
}

// Reads "K=v K2=v2" pairs, or the legacy "K value with spaces" form.
Result<std::vector<std::pair<std::string, std::string>>> keyValues(std::string_view instruction,
                                                                   std::string_view arguments) {
    std::vector<std::pair<std::string, std::string>> pairs;
    auto words = splitWords(arguments);
    if (!words) {
        return std::unexpected(words.error());
    }
    if (words->empty()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("{} requires at least one argument", instruction));
    }
    if (words->front().find('=') == std::string::npos) {
        size_t blank = arguments.find_first_of(" \t");
        if (blank == std::string_view::npos) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{} must have two arguments", instruction));
        }
        pairs.emplace_back(std::string(arguments.substr(0, blank)),
                           std::string(trim(arguments.substr(blank))));
        return pairs;
    }
    for (const auto& word : *words) {
        size_t equals = word.find('=');
        if (equals == std::string::npos || equals == 0) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{} names can not be blank: \"{}\"", instruction, word));
        }
        pairs.emplace_back(word.substr(0, equals), word.substr(equals + 1));
    }
    return pairs;
}

void setEnv(RunConfig& config, const std::string& key, const std::string& value) {
    std::string entry = key + "=" + value;
    auto it = std::ranges::find_if(config.env,
                                   [&](const std::string& e) { return e.starts_with(key + "="); });
    if (it != config.env.end()) {
        *it = std::move(entry);
    } else {
        config.env.push_back(std::move(entry));
    }
}

Result<int> parsePort(std::string_view text) {
    int port = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
        return fail(ErrorKind::InvalidArgument, fmt::format("invalid port \"{}\"", text));
    }
    return port;
}

Result<void> exposePorts(RunConfig& config, std::string_view arguments) {
    auto words = splitWords(arguments);
    if (!words) {
        return std::unexpected(words.error());
    }
    if (words->empty()) {
        return fail(ErrorKind::InvalidArgument, "EXPOSE requires at least one argument");
    }
    for (const auto& word : *words) {
        std::string_view spec = word;
        std::string protocol = "tcp";
        if (size_t slash = spec.find('/'); slash != std::string_view::npos) {
            protocol = lower(spec.substr(slash + 1));
            spec = spec.substr(0, slash);
        }
        if (protocol != "tcp" && protocol != "udp" && protocol != "sctp") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid proto \"{}\" in \"{}\"", protocol, word));
        }
        size_t dash = spec.find('-');
        auto first = parsePort(spec.substr(0, dash));
        auto last = dash == std::string_view::npos ? first : parsePort(spec.substr(dash + 1));
        if (!first || !last || *last < *first) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid containerPort: {}", word));
        }
        for (int port = *first; port <= *last; ++port) {
            std::string key = fmt::format("{}/{}", port, protocol);
            if (std::ranges::find(config.exposedPorts, key) == config.exposedPorts.end()) {
                config.exposedPorts.push_back(std::move(key));
            }
        }
    }
    return {};
}

Result<void> addVolumes(RunConfig& config, std::string_view arguments) {
    std::vector<std::string> paths;
    if (auto exec = jsonForm(arguments)) {
        paths = *exec;
    } else {
        auto words = splitWords(arguments);
        if (!words) {
            return std::unexpected(words.error());
        }
        paths = *words;
    }
    if (paths.empty()) {
        return fail(ErrorKind::InvalidArgument, "VOLUME requires at least one argument");
    }
    for (auto& path : paths) {
        if (trim(path).empty()) {
            return fail(ErrorKind::InvalidArgument, "VOLUME specified can not be an empty string");
        }
        if (std::ranges::find(config.volumes, path) == config.volumes.end()) {
            config.volumes.push_back(std::move(path));
        }
    }
    return {};
}

// Go's duration syntax as HEALTHCHECK takes it: "30s", "1m30s", "500ms".
Result<int64_t> parseDuration(std::string_view text) {
    static constexpr std::pair<std::string_view, int64_t> kUnits[] = {{"ns", 1},
                                                                      {"us", 1'000},
                                                                      {"ms", 1'000'000},
                                                                      {"s", 1'000'000'000},
                                                                      {"m", 60'000'000'000},
                                                                      {"h", 3'600'000'000'000}};
    int64_t total = 0;
    std::string_view rest = text;
    if (rest.empty()) {
        return fail(ErrorKind::InvalidArgument, "invalid duration \"\"");
    }
    while (!rest.empty()) {
        int64_t value = 0;
        auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
        if (ec != std::errc()) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid duration \"{}\"", text));
        }
        rest.remove_prefix(size_t(end - rest.data()));
        bool matched = false;
        // "ms" comes before "m" in the table, so it wins.
        for (const auto& [unit, scale] : kUnits) {
            if (rest.starts_with(unit)) {
                total += value * scale;
                rest.remove_prefix(unit.size());
                matched = true;
                break;
            }
        }
        if (!matched) {
            return fail(ErrorKind::InvalidArgument, fmt::format("invalid duration \"{}\"", text));
        }
    }
    return total;
}

Result<void> setHealthcheck(RunConfig& config, std::string_view arguments) {
    if (upper(trim(arguments)) == "NONE") {
        config.healthcheck = HealthConfig{.test = {"NONE"}};
        return {};
    }
    HealthConfig health;
    std::string_view rest = trim(arguments);
    while (rest.starts_with("--")) {
        size_t blank = rest.find_first_of(" \t");
        std::string_view flag = rest.substr(2, blank - 2);
        rest = blank == std::string_view::npos ? std::string_view() : trim(rest.substr(blank));
        size_t equals = flag.find('=');
        std::string name = lower(flag.substr(0, equals));
        std::string_view value = equals == std::string_view::npos ? "" : flag.substr(equals + 1);
        if (name == "retries") {
            auto retries = parsePort(value);
            if (!retries) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid HEALTHCHECK --retries \"{}\"", value));
            }
            health.retries = *retries;
            continue;
        }
        auto duration = parseDuration(value);
        if (!duration) {
            return std::unexpected(duration.error().context("HEALTHCHECK --" + name));
        }
        if (name == "interval") {
            health.interval = *duration;
        } else if (name == "timeout") {
            health.timeout = *duration;
        } else if (name == "start-period") {
            health.startPeriod = *duration;
        } else {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unknown flag: HEALTHCHECK --{}", name));
        }
    }
    size_t blank = rest.find_first_of(" \t");
    if (upper(rest.substr(0, blank)) != "CMD" || blank == std::string_view::npos) {
        return fail(ErrorKind::InvalidArgument,
                    "HEALTHCHECK requires NONE or CMD followed by a command");
    }
    std::string_view command = trim(rest.substr(blank));
    if (auto exec = jsonForm(command)) {
        health.test = {"CMD"};
        health.test.insert(health.test.end(), exec->begin(), exec->end());
    } else {
        health.test = {"CMD-SHELL", std::string(command)};
    }
    config.healthcheck = std::move(health);
    return {};
}

std::string joinWorkdir(const std::string& current, std::string_view path) {
    if (path.starts_with('/')) {
        return std::string(path);
    }
    std::string base = current.empty() ? "/" : current;
    if (!base.ends_with('/')) {
        base += '/';
    }
    return base + std::string(path);
}

struct ChangeState {
    bool cmdSet = false;
};

Result<void> applyOne(RunConfig& config, ChangeState& state, std::string_view instruction,
                      std::string_view arguments) {
    if (instruction == "CMD") {
        config.cmd = commandForm(config, arguments);
        state.cmdSet = true;
    } else if (instruction == "ENTRYPOINT") {
        config.entrypoint = commandForm(config, arguments);
        // As in a Dockerfile, ENTRYPOINT drops an inherited CMD unless CMD was set here.
        if (!state.cmdSet) {
            config.cmd.reset();
        }
    } else if (instruction == "ENV" || instruction == "LABEL") {
        auto pairs = keyValues(instruction, arguments);
        if (!pairs) {
            return std::unexpected(pairs.error());
        }
        for (const auto& [key, value] : *pairs) {
            if (instruction == "ENV") {
                setEnv(config, key, value);
            } else {
                config.labels[key] = value;
            }
        }
    } else if (instruction == "EXPOSE") {
        return exposePorts(config, arguments);
    } else if (instruction == "VOLUME") {
        return addVolumes(config, arguments);
    } else if (instruction == "HEALTHCHECK") {
        return setHealthcheck(config, arguments);
    } else if (instruction == "USER" || instruction == "WORKDIR" || instruction == "STOPSIGNAL" ||
               instruction == "ONBUILD") {
        if (arguments.empty()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{} requires exactly one argument", instruction));
        }
        if (instruction == "USER") {
            config.user = std::string(arguments);
        } else if (instruction == "WORKDIR") {
            config.workingDir = joinWorkdir(config.workingDir, arguments);
        } else if (instruction == "STOPSIGNAL") {
            config.stopSignal = std::string(arguments);
        } else {
            config.onBuild.emplace_back(arguments);
        }
    }
    return {};
}

bool isChangeInstruction(std::string_view instruction) {
    static constexpr std::string_view kChanges[] = {
        "CMD",     "ENTRYPOINT", "ENV",  "EXPOSE", "HEALTHCHECK", "LABEL",
        "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"};
    return std::ranges::find(kChanges, instruction) != std::end(kChanges);
}

} // namespace

Result<void> applyChanges(RunConfig& config, const std::vector<std::string>& changes) {
    ChangeState state;
    for (size_t index = 0; index < changes.size(); ++index) {
        std::string_view line = trim(changes[index]);
        if (line.empty() || line.starts_with('#')) {
            continue;
        }
        size_t blank = line.find_first_of(" \t");
        std::string instruction = upper(line.substr(0, blank));
        std::string_view arguments =
            blank == std::string_view::npos ? std::string_view() : trim(line.substr(blank));
        if (std::ranges::find(kBuildOnly, instruction) != std::end(kBuildOnly)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("{} is not a valid change command (allowed: {})",
                                    lower(instruction), kAllowed));
        }
        if (!isChangeInstruction(instruction)) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("dockerfile parse error on line {}: unknown instruction: {} "
                                    "(a change may use {})",
                                    index + 1, instruction, kAllowed));
        }
        auto applied = applyOne(config, state, instruction, arguments);
        if (!applied) {
            return std::unexpected(applied.error().context(
                fmt::format("dockerfile parse error on line {}", index + 1)));
        }
    }
    return {};
}

} // namespace berth::image

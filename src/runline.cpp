#include "runline.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace berth::studio {

namespace {

// Docker run flags that take a value but have no place in a RunSpec yet. The list contains
// every flag with a value in `docker run --help` of docker CLI 28.2.2 that
// isPlacedValueFlag does not list, and the alias --net. They must still consume their value, or the
// value would be read as the image.
constexpr std::array kValueFlags = {
    "--add-host",
    "--annotation",
    "--attach",
    "-a",
    "--blkio-weight",
    "--blkio-weight-device",
    "--cap-add",
    "--cap-drop",
    "--cgroup-parent",
    "--cgroupns",
    "--cidfile",
    "--cpu-count",
    "--cpu-percent",
    "--cpu-period",
    "--cpu-quota",
    "--cpu-rt-period",
    "--cpu-rt-runtime",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--detach-keys",
    "--device",
    "--device-cgroup-rule",
    "--device-read-bps",
    "--device-read-iops",
    "--device-write-bps",
    "--device-write-iops",
    "--dns",
    "--dns-option",
    "--dns-search",
    "--domainname",
    "--env-file",
    "--expose",
    "--gpus",
    "--group-add",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-start-interval",
    "--health-start-period",
    "--health-timeout",
    "--io-maxbandwidth",
    "--io-maxiops",
    "--ip",
    "--ip6",
    "--ipc",
    "--isolation",
    "--kernel-memory",
    "--label-file",
    "--link-local-ip",
    "--log-driver",
    "--log-opt",
    "--mac-address",
    "--memory-reservation",
    "--memory-swappiness",
    "--mount",
    "--network",
    "--net",
    "--network-alias",
    "--oom-score-adj",
    "--pid",
    "--platform",
    "--pull",
    "--runtime",
    "--security-opt",
    "--shm-size",
    "--stop-signal",
    "--stop-timeout",
    "--storage-opt",
    "--sysctl",
    "--tmpfs",
    "--ulimit",
    "--userns",
    "--uts",
    "--volume-driver",
};

bool takesValue(std::string_view flag) {
    return std::find(kValueFlags.begin(), kValueFlags.end(), flag) != kValueFlags.end();
}

bool isSafeShellChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
}

// Reads a boolean flag's optional "=true"/"=false" suffix.
Result<bool> boolValue(std::string_view flag, const std::optional<std::string>& inlineValue) {
    if (!inlineValue || *inlineValue == "true" || *inlineValue == "1") {
        return true;
    }
    if (*inlineValue == "false" || *inlineValue == "0") {
        return false;
    }
    return fail(
        ErrorKind::InvalidArgument,
        fmt::format("invalid value \"{}\" for {}: expected true or false", *inlineValue, flag));
}

Result<void> setRestart(RunSpec& spec, std::string_view value) {
    const size_t colon = value.find(':');
    const std::string_view policy = value.substr(0, colon);
    if (policy != "no" && policy != "always" && policy != "unless-stopped" &&
        policy != "on-failure") {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid restart policy \"{}\": expected no, always, "
                                "unless-stopped or on-failure[:max-retries]",
                                value));
    }
    spec.restartPolicy = std::string(policy);
    spec.maxRetries = 0;
    if (colon == std::string_view::npos) {
        return {};
    }
    const std::string_view retries = value.substr(colon + 1);
    const auto [end, ec] = std::from_chars(retries.begin(), retries.end(), spec.maxRetries);
    if (policy != "on-failure" || ec != std::errc() || end != retries.end() ||
        spec.maxRetries < 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid restart policy \"{}\": only on-failure takes a "
                                "maximum retry count, a number",
                                value));
    }
    return {};
}

// Applies a resource limit flag. The Run dialog edits memory in whole MiB and CPUs in
// hundredths, so a value finer than that returns false and stays unplaced rather than
// being rounded.
Result<bool> applyResourceOption(ResourceLimits& limits, std::string_view flag,
                                 const std::string& value) {
    if (flag == "-m" || flag == "--memory") {
        auto bytes = parseMemorySize(value);
        if (!bytes) {
            return std::unexpected(bytes.error().context(flag));
        }
        if (*bytes % kMebibyte != 0) {
            return false;
        }
        limits.memoryBytes = *bytes;
    } else if (flag == "--memory-swap") {
        auto bytes = value == "-1" ? Result<int64_t>(-1) : parseMemorySize(value);
        if (!bytes) {
            return std::unexpected(bytes.error().context(flag));
        }
        if (*bytes > 0 && *bytes % kMebibyte != 0) {
            return false;
        }
        limits.memorySwapBytes = *bytes;
    } else if (flag == "--cpus") {
        auto nanoCpus = parseCpus(value);
        if (!nanoCpus) {
            return std::unexpected(nanoCpus.error().context(flag));
        }
        if (*nanoCpus % (kNanoCpusPerCpu / 100) != 0) {
            return false;
        }
        limits.nanoCpus = *nanoCpus;
    } else if (flag == "-c" || flag == "--cpu-shares" || flag == "--pids-limit") {
        int64_t number = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
            return fail(
                ErrorKind::InvalidArgument,
                fmt::format("invalid value \"{}\" for {}: expected a whole number", value, flag));
        }
        if (flag == "--pids-limit") {
            // Docker reads zero and any negative limit as "unlimited".
            limits.pidsLimit = std::max<int64_t>(number, 0);
        } else {
            limits.cpuShares = number;
        }
    } else {
        return false;
    }
    return true;
}

// Applies one option whose value is known; false if the spec has no place for it.
Result<bool> applyValueOption(RunSpec& spec, std::string_view flag, const std::string& value) {
    if (flag == "--name") {
        spec.name = value;
    } else if (flag == "-e" || flag == "--env") {
        spec.env.push_back(value);
    } else if (flag == "-l" || flag == "--label") {
        spec.labels.push_back(value);
    } else if (flag == "-w" || flag == "--workdir") {
        spec.workdir = value;
    } else if (flag == "-u" || flag == "--user") {
        spec.user = value;
    } else if (flag == "-h" || flag == "--hostname") {
        spec.hostname = value;
    } else if (flag == "--entrypoint") {
        spec.entrypoint = value;
    } else if (flag == "-v" || flag == "--volume") {
        // A mode the dialog cannot show (z, nocopy, ...) leaves the flag unplaced.
        auto mapping = parseVolumeOption(value);
        if (!mapping) {
            return false;
        }
        spec.volumes.push_back(std::move(*mapping));
    } else if (flag == "--volumes-from") {
        auto entry = parseVolumesFrom(value);
        if (!entry) {
            return false;
        }
        spec.volumesFrom.push_back(std::move(*entry));
    } else if (flag == "--link") {
        spec.links.push_back(value);
    } else if (flag == "-p" || flag == "--publish") {
        auto forward = parsePublishOption(value);
        if (!forward) {
            return false;
        }
        spec.ports.push_back(std::move(*forward));
    } else if (flag == "--restart") {
        if (auto set = setRestart(spec, value); !set) {
            return std::unexpected(set.error());
        }
    } else {
        return applyResourceOption(spec.resources, flag, value);
    }
    return true;
}

bool isPlacedValueFlag(std::string_view flag) {
    constexpr std::array placed = {"--name",       "-e",
                                   "-l",           "--label",
                                   "--env",        "-w",
                                   "--workdir",    "-u",
                                   "--user",       "-h",
                                   "--hostname",   "--entrypoint",
                                   "--restart",    "-v",
                                   "--volume",     "--volumes-from",
                                   "-p",           "--publish",
                                   "--link",       "-m",
                                   "--memory",     "--memory-swap",
                                   "--cpus",       "-c",
                                   "--cpu-shares", "--pids-limit"};
    return std::find(placed.begin(), placed.end(), flag) != placed.end();
}

// Applies a boolean flag; false if the spec has no place for it.
bool applyBoolOption(RunSpec& spec, std::string_view flag, bool value) {
    if (flag == "-i" || flag == "--interactive") {
        spec.interactive = value;
    } else if (flag == "-t" || flag == "--tty") {
        spec.tty = value;
    } else if (flag == "-d" || flag == "--detach") {
        spec.detach = value;
    } else if (flag == "--rm") {
        spec.remove = value;
    } else if (flag == "-P" || flag == "--publish-all") {
        spec.publishAll = value;
    } else {
        return false;
    }
    return true;
}

class RunLineParser final {
public:
    explicit RunLineParser(std::vector<std::string> words)
        : words_(std::move(words)) {}

    Result<ParsedRunLine> parse() {
        skipCommandName();
        while (index_ < words_.size()) {
            const std::string& word = words_[index_];
            if (word == "--") {
                ++index_;
                break;
            }
            if (word.size() < 2 || word[0] != '-') {
                break;
            }
            ++index_;
            auto handled = word[1] == '-' ? parseLong(word) : parseShortCluster(word);
            if (!handled) {
                return std::unexpected(handled.error());
            }
        }
        if (index_ >= words_.size()) {
            return fail(ErrorKind::InvalidArgument, "the line names no image");
        }
        result_.spec.image = words_[index_++];
        result_.spec.command.assign(words_.begin() + static_cast<ptrdiff_t>(index_), words_.end());
        return std::move(result_);
    }

private:
    void skipCommandName() {
        if (index_ < words_.size() && words_[index_] == "docker") {
            ++index_;
            if (index_ < words_.size() && words_[index_] == "container") {
                ++index_;
            }
        }
        if (index_ < words_.size() && words_[index_] == "run") {
            ++index_;
        }
    }

    Result<std::string> takeValue(std::string_view flag) {
        if (index_ >= words_.size()) {
            return fail(ErrorKind::InvalidArgument, fmt::format("flag {} needs a value", flag));
        }
        return words_[index_++];
    }

    Result<void> parseLong(const std::string& word) {
        const size_t equals = word.find('=');
        const std::string flag = word.substr(0, equals);
        std::optional<std::string> inlineValue;
        if (equals != std::string::npos) {
            inlineValue = word.substr(equals + 1);
        }
        return applyFlag(flag, inlineValue);
    }

    // "-itd" is -i -t -d; in "-eA=b" the letters after a value flag are its value.
    Result<void> parseShortCluster(const std::string& word) {
        for (size_t i = 1; i < word.size(); ++i) {
            const std::string flag = {'-', word[i]};
            if (isPlacedValueFlag(flag) || takesValue(flag)) {
                std::optional<std::string> inlineValue;
                if (i + 1 < word.size()) {
                    inlineValue = word.substr(word[i + 1] == '=' ? i + 2 : i + 1);
                }
                return applyFlag(flag, inlineValue);
            }
            if (auto applied = applyFlag(flag, std::nullopt); !applied) {
                return applied;
            }
        }
        return {};
    }

    Result<void> applyFlag(const std::string& flag, const std::optional<std::string>& inlineValue) {
        if (isPlacedValueFlag(flag) || takesValue(flag)) {
            std::string value;
            if (inlineValue) {
                value = *inlineValue;
            } else {
                auto taken = takeValue(flag);
                if (!taken) {
                    return std::unexpected(taken.error());
                }
                value = std::move(*taken);
            }
            auto placed = applyValueOption(result_.spec, flag, value);
            if (!placed) {
                return std::unexpected(placed.error());
            }
            if (!*placed) {
                result_.unplaced.push_back(flag + " " + quoteShellWord(value));
            }
            return {};
        }
        auto value = boolValue(flag, inlineValue);
        if (!value) {
            return std::unexpected(value.error());
        }
        if (!applyBoolOption(result_.spec, flag, *value)) {
            result_.unplaced.push_back(inlineValue ? flag + "=" + *inlineValue : flag);
        }
        return {};
    }

    std::vector<std::string> words_;
    size_t index_ = 0;
    ParsedRunLine result_;
};

// An image reference is lower case apart from its tag and digest, and has no spaces.
bool isPlausibleImage(std::string_view image) {
    if (image.empty() || image.find_first_of(" \t\n") != std::string_view::npos) {
        return false;
    }
    const size_t lastSlash = image.rfind('/');
    size_t nameEnd = image.find_first_of(":@", lastSlash == std::string_view::npos ? 0 : lastSlash);
    if (nameEnd == std::string_view::npos) {
        nameEnd = image.size();
    }
    const std::string_view repository = image.substr(0, nameEnd);
    const size_t firstSlash = repository.find('/');
    // The registry host (before the first slash, when it has a dot, colon or is localhost)
    // may have upper case; the path may not.
    std::string_view path = repository;
    if (firstSlash != std::string_view::npos) {
        const std::string_view host = repository.substr(0, firstSlash);
        if (host.find_first_of(".:") != std::string_view::npos || host == "localhost") {
            path = repository.substr(firstSlash + 1);
        }
    }
    if (path.empty() || path.back() == '/' || path.front() == '/') {
        return false;
    }
    return std::none_of(path.begin(), path.end(),
                        [](char c) { return std::isupper(static_cast<unsigned char>(c)); }) &&
           nameEnd + 1 != image.size();
}

// Appends a flag for each limit that is set, memory first.
void addResourceOptions(const ResourceLimits& limits, std::vector<std::string>& words) {
    if (limits.memoryBytes != 0) {
        words.emplace_back("--memory");
        words.push_back(formatMemorySize(limits.memoryBytes));
    }
    if (limits.memorySwapBytes != 0) {
        words.emplace_back("--memory-swap");
        words.push_back(limits.memorySwapBytes < 0 ? std::string("-1")
                                                   : formatMemorySize(limits.memorySwapBytes));
    }
    if (limits.nanoCpus != 0) {
        words.emplace_back("--cpus");
        words.push_back(formatCpus(limits.nanoCpus));
    }
    if (limits.cpuShares != 0) {
        words.emplace_back("--cpu-shares");
        words.push_back(std::to_string(limits.cpuShares));
    }
    if (limits.pidsLimit != 0) {
        words.emplace_back("--pids-limit");
        words.push_back(std::to_string(limits.pidsLimit));
    }
}

} // namespace

Result<std::vector<std::string>> splitShellWords(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\') {
            if (i + 1 < line.size() && line[i + 1] == '\n') {
                ++i; // a continuation joins the lines
                continue;
            }
            if (i + 1 < line.size()) {
                word.push_back(line[++i]);
                inWord = true;
            }
            continue;
        }
        if (c == '\'') {
            const size_t end = line.find('\'', i + 1);
            if (end == std::string_view::npos) {
                return fail(ErrorKind::InvalidArgument, "unterminated single quote");
            }
            word.append(line.substr(i + 1, end - i - 1));
            inWord = true;
            i = end;
            continue;
        }
        if (c == '"') {
            size_t j = i + 1;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\' && j + 1 < line.size() &&
                    std::string_view("\"\\$`\n").find(line[j + 1]) != std::string_view::npos) {
                    if (line[j + 1] != '\n') {
                        word.push_back(line[j + 1]);
                    }
                    ++j;
                } else {
                    word.push_back(line[j]);
                }
            }
            if (j >= line.size()) {
                return fail(ErrorKind::InvalidArgument, "unterminated double quote");
            }
            inWord = true;
            i = j;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (inWord) {
                words.push_back(std::move(word));
                word.clear();
                inWord = false;
            }
            continue;
        }
        word.push_back(c);
        inWord = true;
    }
    if (inWord) {
        words.push_back(std::move(word));
    }
    return words;
}

std::string quoteShellWord(std::string_view word) {
    if (!word.empty() && std::all_of(word.begin(), word.end(), isSafeShellChar)) {
        return std::string(word);
    }
    std::string quoted = "'";
    for (const char c : word) {
        if (c == '\'') {
            quoted += "'\\''";
        } else {
            quoted.push_back(c);
        }
    }
    quoted.push_back('\'');
    return quoted;
}

Result<ParsedRunLine> parseRunLine(std::string_view line) {
    auto words = splitShellWords(line);
    if (!words) {
        return std::unexpected(words.error());
    }
    return RunLineParser(std::move(*words)).parse();
}

std::string formatRunLine(const RunSpec& spec) {
    std::vector<std::string> words = {"docker", "run"};
    if (spec.detach) {
        words.emplace_back("-d");
    }
    if (spec.interactive && spec.tty) {
        words.emplace_back("-it");
    } else if (spec.interactive) {
        words.emplace_back("-i");
    } else if (spec.tty) {
        words.emplace_back("-t");
    }
    if (spec.remove) {
        words.emplace_back("--rm");
    }
    const auto addOption = [&](std::string_view flag, const std::string& value) {
        if (!value.empty()) {
            words.emplace_back(flag);
            words.push_back(quoteShellWord(value));
        }
    };
    addOption("--name", spec.name);
    for (const std::string& variable : spec.env) {
        words.emplace_back("-e");
        words.push_back(quoteShellWord(variable));
    }
    for (const std::string& label : spec.labels) {
        words.emplace_back("-l");
        words.push_back(quoteShellWord(label));
    }
    addOption("-w", spec.workdir);
    addOption("-u", spec.user);
    addOption("--hostname", spec.hostname);
    if (!spec.restartPolicy.empty() && spec.restartPolicy != "no") {
        addOption("--restart", spec.restartPolicy == "on-failure" && spec.maxRetries > 0
                                   ? fmt::format("on-failure:{}", spec.maxRetries)
                                   : spec.restartPolicy);
    }
    addResourceOptions(spec.resources, words);
    for (const VolumeMapping& mapping : spec.volumes) {
        words.emplace_back("-v");
        words.push_back(quoteShellWord(formatVolumeOption(mapping)));
    }
    for (const VolumesFrom& entry : spec.volumesFrom) {
        words.emplace_back("--volumes-from");
        words.push_back(quoteShellWord(formatVolumesFrom(entry)));
    }
    for (const std::string& link : spec.links) {
        words.emplace_back("--link");
        words.push_back(quoteShellWord(link));
    }
    if (spec.publishAll) {
        words.emplace_back("-P");
    }
    for (const PortForward& forward : spec.ports) {
        words.emplace_back("-p");
        words.push_back(quoteShellWord(formatPublishOption(forward)));
    }
    if (spec.entrypoint) {
        words.emplace_back("--entrypoint");
        words.push_back(quoteShellWord(*spec.entrypoint));
    }
    words.push_back(spec.image.empty() ? std::string("IMAGE") : quoteShellWord(spec.image));
    for (const std::string& argument : spec.command) {
        words.push_back(quoteShellWord(argument));
    }
    std::string line;
    for (const std::string& word : words) {
        if (!line.empty()) {
            line.push_back(' ');
        }
        line += word;
    }
    return line;
}

bool isValidContainerName(std::string_view name) {
    if (name.starts_with('/')) {
        name.remove_prefix(1);
    }
    if (name.empty()) {
        return true;
    }
    if (name.size() < 2 || !std::isalnum(static_cast<unsigned char>(name[0]))) {
        return false;
    }
    return std::all_of(name.begin() + 1, name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    });
}

std::vector<RunProblem> validateRunSpec(const RunSpec& spec, const HostPathProbe& probe) {
    std::vector<RunProblem> problems;
    if (spec.image.empty()) {
        problems.push_back(RunProblem::MissingImage);
    } else if (!isPlausibleImage(spec.image)) {
        problems.push_back(RunProblem::InvalidImage);
    }
    if (!isValidContainerName(spec.name)) {
        problems.push_back(RunProblem::InvalidName);
    }
    if (std::any_of(spec.env.begin(), spec.env.end(), [](const std::string& variable) {
            return variable.empty() || variable.front() == '=' ||
                   variable.find_first_of(" \t") < variable.find('=');
        })) {
        problems.push_back(RunProblem::InvalidEnv);
    }
    if (spec.maxRetries < 0 || (spec.maxRetries > 0 && spec.restartPolicy != "on-failure")) {
        problems.push_back(RunProblem::InvalidRestartRetries);
    }
    if (!validateMappings(spec.volumes, probe).empty()) {
        problems.push_back(RunProblem::InvalidVolume);
    }
    if (!validateResourceLimits(spec.resources).empty()) {
        problems.push_back(RunProblem::InvalidResources);
    }
    return problems;
}

} // namespace berth::studio

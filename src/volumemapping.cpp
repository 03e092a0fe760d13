#include "volumemapping.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>

namespace berth::studio {

namespace {

bool isVolumeNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// Reads "ro", "rw" or "ro,rw"-style lists; any other option is rejected, so that a pasted
// line never loses an option silently.
Result<bool> readOnlyFromMode(std::string_view mode, std::string_view value) {
    bool readOnly = false;
    size_t start = 0;
    while (start <= mode.size()) {
        const size_t comma = std::min(mode.find(',', start), mode.size());
        const std::string_view option = mode.substr(start, comma - start);
        if (option == "ro") {
            readOnly = true;
        } else if (option != "rw") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("invalid volume mode \"{}\" in \"{}\": expected ro or rw",
                                    option, value));
        }
        start = comma + 1;
    }
    return readOnly;
}

} // namespace

MappingSource classifySource(std::string_view source) {
    if (source.empty()) {
        return MappingSource::Anonymous;
    }
    if (source.front() == '/') {
        return MappingSource::HostPath;
    }
    if (source.size() >= 2 && std::isalnum(static_cast<unsigned char>(source.front())) &&
        std::all_of(source.begin(), source.end(), isVolumeNameChar)) {
        return MappingSource::Volume;
    }
    return MappingSource::Invalid;
}

Result<VolumeMapping> parseVolumeOption(std::string_view value) {
    VolumeMapping mapping;
    const size_t first = value.find(':');
    if (first == std::string_view::npos) {
        mapping.target = std::string(value);
        return mapping;
    }
    mapping.source = std::string(value.substr(0, first));
    const std::string_view rest = value.substr(first + 1);
    const size_t second = rest.find(':');
    mapping.target = std::string(rest.substr(0, second));
    if (second != std::string_view::npos) {
        auto readOnly = readOnlyFromMode(rest.substr(second + 1), value);
        if (!readOnly) {
            return std::unexpected(readOnly.error());
        }
        mapping.readOnly = *readOnly;
    }
    if (mapping.source.empty() || mapping.target.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid volume \"{}\": expected [SOURCE:]TARGET[:ro]", value));
    }
    return mapping;
}

std::string formatVolumeOption(const VolumeMapping& mapping) {
    // "-v /ctr:ro" would read as a bind of /ctr onto "ro", and a read-only anonymous
    // volume could never be filled, so an anonymous volume is written without a mode.
    if (mapping.source.empty()) {
        return mapping.target;
    }
    return fmt::format("{}:{}{}", mapping.source, mapping.target, mapping.readOnly ? ":ro" : "");
}

Result<VolumesFrom> parseVolumesFrom(std::string_view value) {
    VolumesFrom entry;
    const size_t colon = value.find(':');
    entry.container = std::string(value.substr(0, colon));
    if (colon != std::string_view::npos) {
        entry.mode = std::string(value.substr(colon + 1));
    }
    if (entry.container.empty() || (entry.mode != "" && entry.mode != "ro" && entry.mode != "rw")) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("invalid --volumes-from \"{}\": expected CONTAINER[:ro|:rw]", value));
    }
    return entry;
}

std::string formatVolumesFrom(const VolumesFrom& entry) {
    return entry.mode.empty() ? entry.container : entry.container + ":" + entry.mode;
}

std::string cleanContainerPath(std::string_view path) {
    std::string clean;
    for (const char c : path) {
        if (c == '/' && !clean.empty() && clean.back() == '/') {
            continue;
        }
        clean.push_back(c);
    }
    while (clean.size() > 1 && clean.back() == '/') {
        clean.pop_back();
    }
    return clean;
}

HostPathKind probeHostPath(const std::string& path) {
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (error || !std::filesystem::exists(status)) {
        return HostPathKind::Missing;
    }
    if (std::filesystem::is_directory(status)) {
        return HostPathKind::Directory;
    }
    return std::filesystem::is_regular_file(status) ? HostPathKind::File : HostPathKind::Other;
}

std::vector<MappingIssue> validateMappings(const std::vector<VolumeMapping>& mappings,
                                           const HostPathProbe& probe) {
    std::vector<MappingIssue> issues;
    std::map<std::string, size_t> firstRowOfTarget;
    for (size_t row = 0; row < mappings.size(); ++row) {
        const VolumeMapping& mapping = mappings[row];
        if (mapping.source.empty() && mapping.target.empty()) {
            continue;
        }
        const std::string target = cleanContainerPath(mapping.target);
        if (target.empty()) {
            issues.push_back({row, MappingProblem::EmptyTarget});
        } else if (target.front() != '/') {
            issues.push_back({row, MappingProblem::RelativeTarget});
        } else if (target == "/") {
            issues.push_back({row, MappingProblem::RootTarget});
        } else if (auto [it, inserted] = firstRowOfTarget.try_emplace(target, row); !inserted) {
            issues.push_back({row, MappingProblem::DuplicateTarget});
        }

        const MappingSource source = classifySource(mapping.source);
        if (source == MappingSource::Invalid) {
            issues.push_back({row, MappingProblem::RelativeHostPath});
        } else if (source == MappingSource::HostPath && mapping.singleFile &&
                   probe(mapping.source) != HostPathKind::File) {
            issues.push_back({row, MappingProblem::MissingHostFile});
        }
    }
    return issues;
}

} // namespace berth::studio

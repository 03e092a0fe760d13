#include "runtime/user.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace berth::runtime {

namespace {

struct PasswdEntry {
    std::string name;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;
};

struct GroupEntry {
    std::string name;
    gid_t gid = 0;
    std::vector<std::string> members;
};

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (;;) {
        size_t end = text.find(separator, start);
        fields.push_back(text.substr(start, end - start));
        if (end == std::string_view::npos) {
            return fields;
        }
        start = end + 1;
    }
}

template <typename T> std::optional<T> parseNumber(std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
        return std::nullopt;
    }
    return value;
}

// Calls onEntry with the colon-separated fields of each non-comment line.
template <typename F> void forEachLine(std::string_view content, F onEntry) {
    for (std::string_view line : split(content, '\n')) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        onEntry(split(line, ':'));
    }
}

std::vector<PasswdEntry> parsePasswd(std::string_view content) {
    std::vector<PasswdEntry> entries;
    forEachLine(content, [&](const std::vector<std::string_view>& f) {
        if (f.size() < 4) {
            return;
        }
        auto uid = parseNumber<uid_t>(f[2]);
        auto gid = parseNumber<gid_t>(f[3]);
        if (!uid || !gid) {
            return;
        }
        entries.push_back({std::string(f[0]), *uid, *gid, f.size() > 5 ? std::string(f[5]) : ""});
    });
    return entries;
}

std::vector<GroupEntry> parseGroup(std::string_view content) {
    std::vector<GroupEntry> entries;
    forEachLine(content, [&](const std::vector<std::string_view>& f) {
        if (f.size() < 3) {
            return;
        }
        auto gid = parseNumber<gid_t>(f[2]);
        if (!gid) {
            return;
        }
        GroupEntry entry{std::string(f[0]), *gid, {}};
        if (f.size() > 3 && !f[3].empty()) {
            for (std::string_view member : split(f[3], ',')) {
                entry.members.emplace_back(member);
            }
        }
        entries.push_back(std::move(entry));
    });
    return entries;
}

} // namespace

Result<ExecUser> resolveUser(std::string_view userSpec, std::string_view passwd,
                             std::string_view group) {
    std::string_view userPart = userSpec;
    std::string_view groupPart;
    bool groupGiven = false;
    if (size_t colon = userSpec.find(':'); colon != std::string_view::npos) {
        userPart = userSpec.substr(0, colon);
        groupPart = userSpec.substr(colon + 1);
        groupGiven = true;
    }
    if (userPart.empty()) {
        userPart = "0";
    }

    std::vector<PasswdEntry> users = parsePasswd(passwd);
    ExecUser result;
    const PasswdEntry* entry = nullptr;
    if (auto uid = parseNumber<uid_t>(userPart)) {
        result.uid = *uid;
        for (const PasswdEntry& candidate : users) {
            if (candidate.uid == *uid) {
                entry = &candidate;
                break;
            }
        }
    } else {
        for (const PasswdEntry& candidate : users) {
            if (candidate.name == userPart) {
                entry = &candidate;
                break;
            }
        }
        if (entry == nullptr) {
            return fail(ErrorKind::NotFound,
                        fmt::format("unable to find user {}: no matching entries in passwd file",
                                    userPart));
        }
        result.uid = entry->uid;
    }
    if (entry != nullptr) {
        result.gid = entry->gid;
        if (!entry->home.empty()) {
            result.home = entry->home;
        }
    }

    std::vector<GroupEntry> groups = parseGroup(group);
    if (groupGiven && !groupPart.empty()) {
        if (auto gid = parseNumber<gid_t>(groupPart)) {
            result.gid = *gid;
        } else {
            const GroupEntry* found = nullptr;
            for (const GroupEntry& candidate : groups) {
                if (candidate.name == groupPart) {
                    found = &candidate;
                    break;
                }
            }
            if (found == nullptr) {
                return fail(
                    ErrorKind::NotFound,
                    fmt::format("unable to find group {}: no matching entries in group file",
                                groupPart));
            }
            result.gid = found->gid;
        }
    } else if (entry != nullptr) {
        // Without an explicit group the user also gets the groups that list it as a member.
        for (const GroupEntry& candidate : groups) {
            for (const std::string& member : candidate.members) {
                if (member == entry->name && candidate.gid != result.gid) {
                    result.supplementaryGroups.push_back(candidate.gid);
                }
            }
        }
    }
    return result;
}

} // namespace berth::runtime

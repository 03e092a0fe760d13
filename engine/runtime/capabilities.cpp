#include "runtime/capabilities.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

namespace berth::runtime {

namespace {

struct CapFree {
    void operator()(void* p) const { cap_free(p); }
};
using CapHandle = std::unique_ptr<std::remove_pointer_t<cap_t>, CapFree>;

Result<cap_value_t> parseCapability(std::string name) {
    std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!name.starts_with("cap_")) {
        name.insert(0, "cap_");
    }
    cap_value_t value = 0;
    if (cap_from_name(name.c_str(), &value) != 0) {
        std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::toupper(c); });
        return fail(ErrorKind::InvalidArgument, fmt::format("unknown capability: \"{}\"", name));
    }
    return value;
}

bool isAll(std::string name) {
    std::ranges::transform(name, name.begin(), [](unsigned char c) { return std::toupper(c); });
    return name == "ALL" || name == "CAP_ALL";
}

// Every capability the runtime itself may pass on: those in its own bounding set. Root may
// lack some (CAP_SYS_RESOURCE on some hosts), and asking for them would fail.
std::vector<cap_value_t> allCapabilities() {
    std::vector<cap_value_t> all;
    for (cap_value_t cap = 0; cap < cap_value_t(cap_max_bits()); ++cap) {
        if (cap_get_bound(cap) == 1) {
            all.push_back(cap);
        }
    }
    return all;
}

} // namespace

std::vector<cap_value_t> defaultCapabilities() {
    return {CAP_CHOWN,   CAP_DAC_OVERRIDE, CAP_FSETID,           CAP_FOWNER,
            CAP_MKNOD,   CAP_NET_RAW,      CAP_SETGID,           CAP_SETUID,
            CAP_SETFCAP, CAP_SETPCAP,      CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
            CAP_KILL,    CAP_AUDIT_WRITE};
}

Result<std::vector<cap_value_t>> containerCapabilities(const ProcessSpec& process,
                                                       bool privileged) {
    if (privileged) {
        return allCapabilities();
    }
    std::vector<cap_value_t> keep = defaultCapabilities();
    for (const std::string& name : process.capAdd) {
        if (isAll(name)) {
            keep = allCapabilities();
            continue;
        }
        auto cap = parseCapability(name);
        if (!cap) {
            return std::unexpected(cap.error());
        }
        if (std::ranges::find(keep, *cap) == keep.end()) {
            keep.push_back(*cap);
        }
    }
    for (const std::string& name : process.capDrop) {
        if (isAll(name)) {
            keep.clear();
            continue;
        }
        auto cap = parseCapability(name);
        if (!cap) {
            return std::unexpected(cap.error());
        }
        std::erase(keep, *cap);
    }
    return keep;
}

Result<void> dropBoundingSet(const std::vector<cap_value_t>& keep) {
    for (cap_value_t cap = 0; cap < cap_value_t(cap_max_bits()); ++cap) {
        if (std::ranges::find(keep, cap) != keep.end()) {
            continue;
        }
        if (cap_drop_bound(cap) != 0) {
            return failSys(fmt::format("drop capability {} from the bounding set", cap));
        }
    }
    return {};
}

Result<void> applyProcessCapabilities(const std::vector<cap_value_t>& keep) {
    CapHandle caps(cap_init());
    if (!caps) {
        return failSys("cap_init");
    }
    if (!keep.empty()) {
        if (cap_set_flag(caps.get(), CAP_PERMITTED, int(keep.size()), keep.data(), CAP_SET) != 0 ||
            cap_set_flag(caps.get(), CAP_EFFECTIVE, int(keep.size()), keep.data(), CAP_SET) != 0) {
            return failSys("cap_set_flag");
        }
    }
    if (cap_set_proc(caps.get()) != 0) {
        return failSys("set process capabilities");
    }
    return {};
}

} // namespace berth::runtime

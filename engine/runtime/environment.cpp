#include "runtime/environment.h"

#include <algorithm>

namespace berth::runtime {

namespace {

bool hasVariable(const std::vector<std::string>& env, const std::string& name) {
    return std::ranges::any_of(env, [&](const std::string& entry) {
        return entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=';
    });
}

} // namespace

std::vector<std::string> completeEnvironment(std::vector<std::string> env,
                                             const std::string& hostname, bool terminal,
                                             const std::string& home) {
    if (!hasVariable(env, "PATH")) {
        env.insert(env.begin(), std::string("PATH=") + kDefaultPath);
    }
    if (!hasVariable(env, "HOSTNAME") && !hostname.empty()) {
        env.push_back("HOSTNAME=" + hostname);
    }
    if (terminal && !hasVariable(env, "TERM")) {
        env.push_back("TERM=xterm");
    }
    if (!hasVariable(env, "HOME")) {
        env.push_back("HOME=" + home);
    }
    return env;
}

std::string environmentValue(const std::vector<std::string>& env, const std::string& name) {
    for (const std::string& entry : env) {
        if (entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=') {
            return entry.substr(name.size() + 1);
        }
    }
    return {};
}

} // namespace berth::runtime

#include "image/platform.h"

#include "image/store.h"

#include <fmt/format.h>

namespace berth::image {

namespace {

std::string hostVariant(const std::string& architecture) {
    if (architecture == "arm64") {
        return "v8";
    }
#if defined(__x86_64__)
    if (architecture == "amd64") {
        if (__builtin_cpu_supports("x86-64-v4")) {
            return "v4";
        }
        if (__builtin_cpu_supports("x86-64-v3")) {
            return "v3";
        }
        if (__builtin_cpu_supports("x86-64-v2")) {
            return "v2";
        }
    }
#endif
    return {};
}

bool runsNatively(const std::string& host, const std::string& image) {
    return image == host || (host == "amd64" && image == "386") ||
           (host == "arm64" && image == "arm");
}

} // namespace

std::string hostPlatform() {
    std::string architecture = hostArchitecture();
    std::string variant = hostVariant(architecture);
    return variant.empty() ? fmt::format("linux/{}", architecture)
                           : fmt::format("linux/{}/{}", architecture, variant);
}

std::optional<std::string> platformMismatchWarning(const ImageConfig& config) {
    std::string os = config.os.empty() ? "linux" : config.os;
    bool native =
        config.architecture.empty() || runsNatively(hostArchitecture(), config.architecture);
    if (os == "linux" && native) {
        return std::nullopt;
    }
    std::string image = fmt::format("{}/{}", os, config.architecture);
    if (!config.variant.empty()) {
        image += "/" + config.variant;
    }
    return fmt::format("The requested image's platform ({}) does not match the detected host "
                       "platform ({}) and no specific platform was requested",
                       image, hostPlatform());
}

} // namespace berth::image

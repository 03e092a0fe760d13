#include "imageports.h"

#include <algorithm>

namespace berth::studio {

std::vector<PortForward> imageExposedPorts(const client::Json& imageInspect) {
    std::vector<PortForward> forwards;
    if (!imageInspect.is_object()) {
        return forwards;
    }
    const auto config = imageInspect.find("Config");
    if (config == imageInspect.end() || !config->is_object()) {
        return forwards;
    }
    const auto exposed = config->find("ExposedPorts");
    if (exposed == config->end() || !exposed->is_object()) {
        return forwards;
    }
    for (const auto& [key, value] : exposed->items()) {
        const size_t slash = key.find('/');
        PortForward forward;
        forward.containerPort = key.substr(0, slash);
        forward.protocol = slash == std::string::npos ? "tcp" : key.substr(slash + 1);
        forwards.push_back(std::move(forward));
    }
    std::sort(forwards.begin(), forwards.end(), [](const PortForward& a, const PortForward& b) {
        const auto first = parsePortRange(a.containerPort);
        const auto second = parsePortRange(b.containerPort);
        return std::make_pair(a.protocol, first ? first->first : 0) <
               std::make_pair(b.protocol, second ? second->first : 0);
    });
    return forwards;
}

} // namespace berth::studio

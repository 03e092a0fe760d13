#pragma once

// The Docker Engine API routes, one file per resource. Each handler decodes the request,
// looks up the object, calls one engine method and maps an error through statusFor().

#include "api/router.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace berth::container {
class EventBus;
class Manager;
} // namespace berth::container

namespace berth::image {
class Store;
}
namespace berth::build {
class BuildCache;
}

namespace berth::volume {
class Store;
}
namespace berth::network {
class NetworkStore;
}

namespace berth::api {

struct DaemonInfo {
    std::string version; // Berth's version, "0.1.0"
    std::string id;      // a stable daemon id
    std::filesystem::path dataRoot;
    std::string cgroupParent;
    bool debug = false;
    int64_t startedAt = 0; // nanoseconds
};

struct ApiContext {
    container::Manager* containers = nullptr;
    image::Store* images = nullptr;
    container::EventBus* events = nullptr;
    volume::Store* volumes = nullptr;
    build::BuildCache* buildCache = nullptr;
    network::NetworkStore* networks = nullptr;
    DaemonInfo daemon;
};

void addSystemRoutes(Router& router, ApiContext& context);
void addContainerRoutes(Router& router, ApiContext& context);
void addImageRoutes(Router& router, ApiContext& context);
void addEventRoutes(Router& router, ApiContext& context);
void addVolumeRoutes(Router& router, ApiContext& context);
void addCommitRoutes(Router& router, ApiContext& context);
void addBuildRoutes(Router& router, ApiContext& context);
void addExecRoutes(Router& router, ApiContext& context);
void addArchiveRoutes(Router& router, ApiContext& context);
void addNetworkRoutes(Router& router, ApiContext& context);
void addDistributionRoutes(Router& router, ApiContext& context);
void addRegistryRoutes(Router& router, ApiContext& context);
// Berth's GET /berth/registry/tags (routes_registry_tags.cpp).
void addRegistryTagRoutes(Router& router, ApiContext& context);

// docker pull, the fromImage form of POST /images/create (routes_registry.cpp).
void pullImage(ApiContext& context, Request& request, ResponseWriter& response);

inline void addAllRoutes(Router& router, ApiContext& context) {
    addSystemRoutes(router, context);
    addContainerRoutes(router, context);
    addImageRoutes(router, context);
    addEventRoutes(router, context);
    addVolumeRoutes(router, context);
    addCommitRoutes(router, context);
    addBuildRoutes(router, context);
    addExecRoutes(router, context);
    addArchiveRoutes(router, context);
    addNetworkRoutes(router, context);
    addDistributionRoutes(router, context);
    addRegistryRoutes(router, context);
    addRegistryTagRoutes(router, context);
}

} // namespace berth::api

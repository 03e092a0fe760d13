// berthd: the Berth engine daemon.
//
// Start-up: parse flags, open the image store and the container manager, recover the
// containers of an earlier run, then serve the Docker Engine API until SIGTERM or SIGINT.
// Stopping the daemon leaves containers running: their shims outlive it (live restore).

#include "api/http_server.h"
#include "api/routes.h"
#include "build/cache.h"
#include "common/fs.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/time.h"
#include "common/unique_fd.h"
#include "container/events.h"
#include "container/log_options.h"
#include "container/manager.h"
#include "daemon/listen_socket.h"
#include "daemon/options.h"
#include "daemon/recovery.h"
#include "image/registry_client.h"
#include "image/store.h"
#include "network/bridge_network.h"
#include "network/dns_server.h"
#include "network/network_store.h"
#include "runtime/cgroup.h"
#include "volume/store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#ifndef BERTH_VERSION
#define BERTH_VERSION "0.0.0"
#endif

namespace berth::daemon {
namespace {

// berth-shim sits beside berthd in the build tree, and in BERTH_HELPER_DIR (relative to
// berthd's folder) once installed.
std::filesystem::path defaultShim() {
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return "berth-shim";
    }
    auto beside = self.parent_path() / "berth-shim";
#ifdef BERTH_HELPER_DIR
    if (!std::filesystem::exists(beside, ec)) {
        return (self.parent_path() / BERTH_HELPER_DIR / "berth-shim").lexically_normal();
    }
#endif
    return beside;
}

// One daemon per data root: a second one would fight over the same containers.
Result<UniqueFd> lockDataRoot(const std::filesystem::path& dataRoot) {
    auto path = dataRoot / "berthd.lock";
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (!fd) {
        return failSys(fmt::format("open {}", path.string()));
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            return fail(ErrorKind::Conflict,
                        fmt::format("another berthd is using the data root {}", dataRoot.string()));
        }
        return failSys(fmt::format("lock {}", path.string()));
    }
    return fd;
}

std::string daemonId(const std::filesystem::path& dataRoot) {
    auto path = dataRoot / "engine-id";
    if (auto text = fs::readFile(path); text && !text->empty()) {
        return *text;
    }
    std::string id = randomHexId().substr(0, 32);
    (void)fs::writeFileAtomic(path, id, 0600);
    return id;
}

Result<void> checkShim(const std::filesystem::path& shim) {
    if (::access(shim.c_str(), X_OK) != 0) {
        return failSys(
            fmt::format("the shim {} is not an executable file (use --shim PATH)", shim.string()));
    }
    return {};
}

std::filesystem::path networkStateDir(const Options& options) {
    return options.dataRoot / "network";
}

Result<std::unique_ptr<network::BridgeNetwork>> openBridge(const Options& options) {
    network::BridgeConfig config;
    config.bridgeName = options.bridgeName;
    config.tableName = options.natTable;
    config.stateDir = networkStateDir(options);
    if (!options.bridgeSubnet.empty()) {
        auto subnet = network::parseSubnet(options.bridgeSubnet);
        if (!subnet) {
            return std::unexpected(subnet.error().context("--bridge-subnet"));
        }
        config.subnet = *subnet;
    }
    return network::BridgeNetwork::open(config);
}

// Binds options.socketPath, or adopts the socket systemd passed with -H fd://.
Result<std::unique_ptr<api::Server>> listenForClients(const Options& options,
                                                      const api::Router& router) {
    api::ServerOptions serverOptions;
    serverOptions.socketPath = options.socketPath;
    serverOptions.serverHeader = fmt::format("Berth/{} (linux)", BERTH_VERSION);
    if (options.socketActivation) {
        auto passed = takeActivatedSocket(options.activationFd);
        if (!passed) {
            return std::unexpected(passed.error());
        }
        serverOptions.socketPath = fmt::format("fd://{}", passed->get());
        serverOptions.listenFd = passed->release();
        return api::Server::listen(serverOptions, router);
    }
    if (!options.socketGroup.empty()) {
        auto gid = lookupGroup(options.socketGroup);
        if (!gid) {
            return std::unexpected(gid.error().context("--group"));
        }
        serverOptions.socketGroup = *gid;
    }
    if (auto made = fs::makeDirectories(options.socketPath.parent_path(), 0755); !made) {
        return std::unexpected(made.error());
    }
    return api::Server::listen(serverOptions, router);
}

int run(const Options& options) {
    log::setLevel(options.logLevel);
    image::setInsecureRegistries(options.insecureRegistries);

    // SIGTERM and SIGINT are taken by a thread with sigwait; every thread inherits the mask.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    if (auto made = fs::makeDirectories(options.dataRoot / "containers", 0700); !made) {
        log::error("start: {}", made.error().message);
        return 1;
    }
    auto lock = lockDataRoot(options.dataRoot);
    if (!lock) {
        log::error("start: {}", lock.error().message);
        return 1;
    }
    std::filesystem::path shim = options.shimBinary.empty() ? defaultShim() : options.shimBinary;
    if (auto checked = checkShim(shim); !checked) {
        log::error("start: {}", checked.error().message);
        return 1;
    }
    if (options.cleanupNetwork) {
        auto cleaned = network::cleanupNetworking(networkStateDir(options), options.natTable);
        if (!cleaned) {
            log::error("{}", cleaned.error().message);
            return 1;
        }
        return 0;
    }
    auto images = image::Store::open(options.dataRoot / "image");
    if (!images) {
        log::error("start: open the image store: {}", images.error().message);
        return 1;
    }

    auto buildCache = build::BuildCache::open(options.dataRoot / "build" / "cache.json");
    if (!buildCache) {
        log::error("start: {}", buildCache.error().message);
        return 1;
    }

    std::unique_ptr<network::BridgeNetwork> bridge;
    if (options.bridgeName != "none") {
        auto opened = openBridge(options);
        if (!opened) {
            log::error("start: {}", opened.error().message);
            return 1;
        }
        bridge = std::move(*opened);
    }

    network::NetworkStoreConfig networkConfig;
    networkConfig.stateDir = networkStateDir(options);
    networkConfig.tableName = options.natTable;
    networkConfig.defaultBridge = bridge.get();
    auto networks = network::NetworkStore::open(networkConfig);
    if (!networks) {
        log::error("start: {}", networks.error().message);
        return 1;
    }
    // Forwarded DNS queries go to the host's own resolvers, loopback ones included: the
    // daemon sends them from the host's namespace.
    auto dns = network::DnsServer::start(
        [store = networks->get()](const std::string& containerId, std::string_view name) {
            return store->resolve(containerId, name);
        },
        network::nameserversOf(fs::readFile("/etc/resolv.conf").value_or("")));
    if (!dns) {
        log::error("start: {}", dns.error().message);
        return 1;
    }

    auto volumes = volume::Store::open(options.dataRoot / "volumes");
    if (!volumes) {
        log::error("start: {}", volumes.error().message);
        return 1;
    }

    if (auto logOptions = container::parseLogOptions("json-file", options.logOptions);
        !logOptions) {
        log::error("start: --log-opt: {}", logOptions.error().message);
        return 1;
    }

    container::EventBus events;
    container::ManagerOptions managerOptions;
    managerOptions.bridge = bridge.get();
    managerOptions.networks = networks->get();
    managerOptions.dns = dns->get();
    managerOptions.dataRoot = options.dataRoot;
    managerOptions.cgroupParent = options.cgroupParent;
    managerOptions.shimBinary = shim;
    managerOptions.images = images->get();
    managerOptions.events = &events;
    managerOptions.volumes = volumes->get();
    managerOptions.defaultLogOptions = options.logOptions;
    if (auto layout = runtime::detectCgroupLayout(); !layout) {
        log::warning("start: failed to detect the cgroup layout ({}), so containers created "
                     "without CgroupnsMode get \"host\"",
                     layout.error().message);
    } else if (layout->version == runtime::CgroupVersion::V2) {
        managerOptions.defaultCgroupnsMode = "private";
    }
    container::Manager manager(managerOptions);
    (*volumes)->setEventFunction([&events](std::string_view action, const volume::Volume& v) {
        container::Event event;
        event.type = "volume";
        event.action = std::string(action);
        event.actorId = v.name;
        event.attributes = {{"driver", v.driver}};
        events.publish(std::move(event));
    });
    (*networks)->setEventFunction([&events](std::string_view action,
                                            const network::NetworkInfo& network,
                                            const std::string& containerId) {
        container::Event event;
        event.type = "network";
        event.action = std::string(action);
        event.actorId = network.id;
        event.attributes = {{"name", network.name}, {"type", network.driver}};
        if (!containerId.empty()) {
            event.attributes["container"] = containerId;
        }
        events.publish(std::move(event));
    });
    (*volumes)->setUsersFunction(
        [&manager](const std::string& name) { return manager.containersUsingVolume(name); });
    RecoveryReport recovered = recoverContainers(manager);

    api::ApiContext context;
    context.containers = &manager;
    context.images = images->get();
    context.buildCache = buildCache->get();
    context.events = &events;
    context.volumes = volumes->get();
    context.networks = networks->get();
    context.daemon.version = BERTH_VERSION;
    context.daemon.id = daemonId(options.dataRoot);
    context.daemon.dataRoot = options.dataRoot;
    context.daemon.cgroupParent = options.cgroupParent;
    context.daemon.debug = options.logLevel == log::Level::Debug;
    context.daemon.startedAt = nowNanoseconds();
    api::Router router;
    api::addAllRoutes(router, context);

    auto server = listenForClients(options, router);
    if (!server) {
        log::error("start: {}", server.error().message);
        return 1;
    }
    if (!options.pidFile.empty()) {
        if (auto written = fs::writeFileAtomic(options.pidFile, fmt::format("{}\n", ::getpid()));
            !written) {
            log::error("start: {}", written.error().message);
            return 1;
        }
    }

    std::thread signalWaiter([&] {
        int received = 0;
        sigwait(&stopSignals, &received);
        log::info("berthd received signal {}; stopping (containers keep running)", received);
        (*server)->stop();
    });
    log::info("berthd {} listening on {} (data root {}, {} containers, {} running)", BERTH_VERSION,
              options.socketActivation ? std::string("the socket systemd passed")
                                       : options.socketPath.string(),
              options.dataRoot.string(), recovered.loaded, recovered.running);
    (*server)->run();
    signalWaiter.join();
    // The proxies end with berthd; DNAT serves loopback connections to published ports
    // until it starts again.
    if (bridge) {
        if (auto kept = bridge->keepLoopbackPublished(); !kept) {
            log::warning("stop: {}", kept.error().message);
        }
    }
    if (auto kept = (*networks)->keepLoopbackPublished(); !kept) {
        log::warning("stop: {}", kept.error().message);
    }
    if (!options.pidFile.empty()) {
        ::unlink(options.pidFile.c_str());
    }
    log::info("berthd stopped");
    // Watcher threads block on shim pidfds and must not run destructors under them: leave
    // without unwinding. Every state change was already written with writeFileAtomic.
    std::fflush(nullptr);
    ::_exit(0);
}

} // namespace
} // namespace berth::daemon

int main(int argc, char** argv) {
    using namespace berth;
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = daemon::parseOptions(args);
    if (!options) {
        std::fprintf(stderr, "berthd: %s\n", options.error().message.c_str());
        return 2;
    }
    if (options->showHelp) {
        std::fputs(daemon::helpText().c_str(), stdout);
        return 0;
    }
    if (options->showVersion) {
        std::printf("berthd version %s\n", BERTH_VERSION);
        return 0;
    }
    return daemon::run(*options);
}

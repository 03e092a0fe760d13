// berth-bench-run: one container through the engine alone, the way `runc run` runs one
// through the runtime alone: create, start, wait, delete over the API socket. hyperfine
// times whole invocations of it.
//
//   berth-bench-run --socket PATH --image REF [--network MODE] [--iterations N] [-- CMD...]
//
// --network none matches `runc run` of a default spec, whose network namespace has only lo.

#include "client/client.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

int usage() {
    std::fprintf(stderr, "usage: berth-bench-run --socket PATH --image REF [--network MODE] "
                         "[--iterations N] [-- CMD...]\n");
    return 2;
}

int runOnce(berth::client::Client& client, const std::string& image, const std::string& network,
            const std::vector<std::string>& command) {
    berth::client::Json config = {{"Image", image}, {"Cmd", command}};
    if (!network.empty()) {
        config["HostConfig"] = {{"NetworkMode", network}};
    }
    auto created = client.createContainer(config, "");
    if (!created) {
        std::fprintf(stderr, "create: %s\n", created.error().message.c_str());
        return 1;
    }
    const std::string& id = created->id;
    if (auto started = client.startContainer(id); !started) {
        std::fprintf(stderr, "start %s: %s\n", id.c_str(), started.error().message.c_str());
        (void)client.removeContainer(id, true);
        return 1;
    }
    auto waited = client.waitContainer(id, std::chrono::seconds(30));
    if (!waited) {
        std::fprintf(stderr, "wait %s: %s\n", id.c_str(), waited.error().message.c_str());
    }
    if (auto removed = client.removeContainer(id); !removed) {
        std::fprintf(stderr, "remove %s: %s\n", id.c_str(), removed.error().message.c_str());
        return 1;
    }
    return waited ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    std::string socket;
    std::string image;
    std::string network;
    int iterations = 1;
    std::vector<std::string> command{"true"};
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--socket" && i + 1 < argc) {
            socket = argv[++i];
        } else if (arg == "--image" && i + 1 < argc) {
            image = argv[++i];
        } else if (arg == "--network" && i + 1 < argc) {
            network = argv[++i];
        } else if (arg == "--iterations" && i + 1 < argc) {
            iterations = std::atoi(argv[++i]);
        } else if (arg == "--") {
            command.assign(argv + i + 1, argv + argc);
            break;
        } else {
            return usage();
        }
    }
    if (socket.empty() || image.empty() || iterations < 1 || command.empty()) {
        return usage();
    }

    berth::client::Client client(berth::client::Endpoint::unixSocket(socket));
    for (int i = 0; i < iterations; ++i) {
        if (int status = runOnce(client, image, network, command); status != 0) {
            return status;
        }
    }
    return 0;
}

#pragma once

// berthd's command line.

#include "common/error.h"
#include "common/log.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace berth::daemon {

struct Options {
    std::filesystem::path socketPath = "/run/berth/berth.sock";
    bool socketActivation = false; // -H fd://: serve the socket systemd passes
    int activationFd = -1;         // -H fd://N names descriptor N; -1 takes the only one
    std::string socketGroup;       // --group: the group of the socket berthd binds
    std::filesystem::path dataRoot = "/var/lib/berth";
    log::Level logLevel = log::Level::Info;
    std::string cgroupParent = "berth";
    std::filesystem::path shimBinary; // empty: berth-shim beside berthd
    std::filesystem::path pidFile;
    std::string bridgeName = "berth0"; // "none": no default bridge, containers get lo only
    std::string bridgeSubnet;          // "" chooses one that overlaps no host route
    std::string natTable = "berth";    // the nftables table, `ip berth`
    bool cleanupNetwork = false;       // remove bridges, veths and the table, then exit
    // --log-opt KEY=VALUE: json-file options (max-size, max-file, …) for containers that
    // do not set their own.
    std::map<std::string, std::string> logOptions;
    // --insecure-registry HOST[:PORT]: registries reached like loopback ones, over HTTPS
    // without certificate checks or plain HTTP.
    std::vector<std::string> insecureRegistries;
    bool showVersion = false;
    bool showHelp = false;
};

// Parses argv (without argv[0]). Errors name the flag and the expected value.
[[nodiscard]] Result<Options> parseOptions(const std::vector<std::string>& args);

// "-H" takes unix:///path; fd:// (systemd socket activation) is handled by parseOptions.
[[nodiscard]] Result<std::filesystem::path> parseHost(const std::string& host);

[[nodiscard]] std::string helpText();

} // namespace berth::daemon

#include "daemon/options.h"

#include <fmt/format.h>

#include <charconv>

namespace berth::daemon {

Result<std::filesystem::path> parseHost(const std::string& host) {
    constexpr std::string_view scheme = "unix://";
    if (!host.starts_with(scheme)) {
        return fail(
            ErrorKind::InvalidArgument,
            fmt::format("invalid -H value \"{}\": expected unix:///path/to/socket or fd://", host));
    }
    std::filesystem::path path = host.substr(scheme.size());
    if (path.empty() || !path.is_absolute()) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid -H value \"{}\": the socket path must be absolute", host));
    }
    return path;
}

namespace {

// "fd://" is -1 (the only passed socket); "fd://N" is descriptor N.
Result<int> parseActivation(const std::string& host) {
    std::string number = host.substr(std::string_view("fd://").size());
    if (number.empty()) {
        return -1;
    }
    int fd = -1;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), fd);
    if (ec != std::errc() || end != number.data() + number.size() || fd < 0) {
        return fail(ErrorKind::InvalidArgument,
                    fmt::format("invalid -H value \"{}\": expected fd:// or fd://N", host));
    }
    return fd;
}

} // namespace

std::string helpText() {
    return "Usage: berthd [OPTIONS]\n"
           "\n"
           "The Berth engine daemon: serves the Docker Engine API on a unix socket.\n"
           "\n"
           "Options:\n"
           "  -H, --host unix:///PATH   socket to listen on (default "
           "unix:///run/berth/berth.sock)\n"
           "  -H, --host fd://[N]       serve the socket systemd passes (descriptor N, or the\n"
           "                            only one passed)\n"
           "  -G, --group GROUP         the group that may use the socket berthd creates\n"
           "                            (default: root's group); its members are as\n"
           "                            powerful as root\n"
           "      --data-root DIR       where images and containers are kept "
           "(default /var/lib/berth)\n"
           "      --log-level LEVEL     debug, info, warn or error (default info)\n"
           "      --cgroup-parent NAME  cgroup under which containers are placed "
           "(default berth)\n"
           "      --shim PATH           the berth-shim program (default: beside berthd)\n"
           "      --pidfile FILE        write the daemon's pid to FILE\n"
           "  -b, --bridge NAME         the default bridge, or none (default berth0)\n"
           "      --bridge-subnet CIDR  the default bridge's subnet (default: the first of\n"
           "                            172.17-31.0.0/16, 10.88-99.0.0/16 free of host routes)\n"
           "      --nat-table NAME      the nftables table for NAT (default berth)\n"
           "      --log-opt KEY=VALUE   a json-file log option for containers that set none,\n"
           "                            e.g. max-size=10m, max-file=3 (repeatable)\n"
           "      --insecure-registry HOST[:PORT]\n"
           "                            reach this registry over HTTPS without certificate\n"
           "                            checks, or plain HTTP (repeatable; loopback\n"
           "                            registries always are)\n"
           "      --cleanup-network     remove the bridges, veths and nftables table that\n"
           "                            berthd made, then exit\n"
           "      --version             print the version and exit\n"
           "  -h, --help                print this help and exit\n";
}

Result<Options> parseOptions(const std::vector<std::string>& args) {
    Options options;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::string value;
        bool inlineValue = false;
        if (flag.starts_with("--") && flag.find('=') != std::string::npos) {
            value = flag.substr(flag.find('=') + 1);
            flag = flag.substr(0, flag.find('='));
            inlineValue = true;
        }
        auto takeValue = [&]() -> Result<std::string> {
            if (inlineValue) {
                return value;
            }
            if (i + 1 >= args.size()) {
                return fail(ErrorKind::InvalidArgument, fmt::format("flag {} needs a value", flag));
            }
            return args[++i];
        };
        if (flag == "--version" || flag == "-v") {
            options.showVersion = true;
            continue;
        }
        if (flag == "--help" || flag == "-h") {
            options.showHelp = true;
            continue;
        }
        if (flag == "--cleanup-network") {
            options.cleanupNetwork = true;
            continue;
        }
        auto flagValue = takeValue();
        if (flag != "-H" && flag != "--host" && flag != "--data-root" && flag != "--log-level" &&
            flag != "--cgroup-parent" && flag != "--shim" && flag != "--pidfile" && flag != "-b" &&
            flag != "--bridge" && flag != "--bridge-subnet" && flag != "--nat-table" &&
            flag != "-G" && flag != "--group" && flag != "--log-opt" &&
            flag != "--insecure-registry") {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("unknown flag: {}; see berthd --help", flag));
        }
        if (!flagValue) {
            return std::unexpected(flagValue.error());
        }
        if ((flag == "-H" || flag == "--host") && flagValue->starts_with("fd://")) {
            auto activation = parseActivation(*flagValue);
            if (!activation) {
                return std::unexpected(activation.error());
            }
            options.socketActivation = true;
            options.activationFd = *activation;
        } else if (flag == "-H" || flag == "--host") {
            auto path = parseHost(*flagValue);
            if (!path) {
                return std::unexpected(path.error());
            }
            options.socketPath = *path;
        } else if (flag == "--data-root") {
            if (flagValue->empty()) {
                return fail(ErrorKind::InvalidArgument, "--data-root needs a directory");
            }
            options.dataRoot = std::filesystem::absolute(*flagValue);
        } else if (flag == "--log-level") {
            if (!log::parseLevel(*flagValue, options.logLevel)) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid --log-level \"{}\": use debug, info, warn or "
                                        "error",
                                        *flagValue));
            }
        } else if (flag == "--cgroup-parent") {
            if (flagValue->find("..") != std::string::npos) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid --cgroup-parent \"{}\": \"..\" is not allowed",
                                        *flagValue));
            }
            options.cgroupParent = *flagValue;
        } else if (flag == "--shim") {
            options.shimBinary = std::filesystem::absolute(*flagValue);
        } else if (flag == "--pidfile") {
            options.pidFile = *flagValue;
        } else if (flag == "-b" || flag == "--bridge") {
            if (flagValue->empty() || flagValue->size() > 15) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid --bridge \"{}\": a link name has 1 to 15 "
                                        "characters",
                                        *flagValue));
            }
            options.bridgeName = *flagValue;
        } else if (flag == "--bridge-subnet") {
            options.bridgeSubnet = *flagValue;
        } else if (flag == "--nat-table") {
            options.natTable = *flagValue;
        } else if (flag == "-G" || flag == "--group") {
            if (flagValue->empty()) {
                return fail(ErrorKind::InvalidArgument, "--group needs a group name or id");
            }
            options.socketGroup = *flagValue;
        } else if (flag == "--log-opt") {
            size_t equals = flagValue->find('=');
            if (equals == std::string::npos || equals == 0) {
                return fail(
                    ErrorKind::InvalidArgument,
                    fmt::format("invalid --log-opt \"{}\": expected KEY=VALUE", *flagValue));
            }
            options.logOptions[flagValue->substr(0, equals)] = flagValue->substr(equals + 1);
        } else if (flag == "--insecure-registry") {
            if (flagValue->empty() || flagValue->find_first_of("/ ") != std::string::npos) {
                return fail(ErrorKind::InvalidArgument,
                            fmt::format("invalid --insecure-registry \"{}\": expected HOST or "
                                        "HOST:PORT",
                                        *flagValue));
            }
            options.insecureRegistries.push_back(*flagValue);
        }
    }
    if (options.socketActivation && !options.socketGroup.empty()) {
        return fail(ErrorKind::InvalidArgument,
                    "--group applies to a socket berthd creates; with -H fd:// the socket unit "
                    "sets the group (SocketGroup=)");
    }
    return options;
}

} // namespace berth::daemon

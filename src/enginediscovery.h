#pragma once

// Which engine the studio uses at start-up, and the engine sockets it can offer in
// Settings. Finding an endpoint only looks at the file system: nothing here connects.

#include <QList>
#include <QString>

namespace berth::studio {

// The socket of the system engine, which berth.socket creates (group berth, mode 0660).
inline constexpr char kSystemSocketPath[] = "/run/berth/berth.sock";

struct FoundEndpoint {
    QString endpoint;    // "unix:///var/run/docker.sock"
    QString description; // "Docker"
};

// The sockets an engine usually listens on: Berth's system socket, Docker's rootful and
// rootless sockets and Podman's rootful and rootless sockets.
[[nodiscard]] QList<FoundEndpoint> wellKnownEndpoints();

// Returns the candidates whose socket file exists.
[[nodiscard]] QList<FoundEndpoint> presentEndpoints(const QList<FoundEndpoint>& candidates);

// True when `path` is a socket this process may connect to (read and write permission).
[[nodiscard]] bool canOpenSocket(const QString& path);

enum class StartupEngine {
    Configured, // the endpoint chosen in Settings
    System,     // the system engine's socket
    Bundled,    // a berthd the studio starts itself, which needs root
    FirstRun,   // none of these: the first-run page shows how to enable the system engine
};

struct StartupOptions {
    QString systemSocket = QString::fromLatin1(kSystemSocketPath);
    bool mayStartBundled = false; // root may run the bundled engine
};

// The default options for this process: the system socket, and the bundled engine as root.
[[nodiscard]] StartupOptions defaultStartupOptions();

// Picks the engine for a start with `configured` from Settings (empty for automatic).
[[nodiscard]] StartupEngine chooseStartupEngine(const QString& configured,
                                                const StartupOptions& options);

} // namespace berth::studio

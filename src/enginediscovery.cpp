#include "enginediscovery.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>
#include <unistd.h>

namespace berth::studio {

namespace {

// The translation context of the free functions below, declared so that lupdate finds it.
class EngineDiscovery {
    Q_DECLARE_TR_FUNCTIONS(berth::studio::EngineDiscovery)
};

FoundEndpoint socketEndpoint(const QString& path, const QString& description) {
    return {QStringLiteral("unix://") + path, description};
}

QString socketPathOf(const QString& endpoint) {
    return endpoint.startsWith(QLatin1String("unix://")) ? endpoint.mid(7) : QString();
}

bool isSocket(const QString& path) {
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 && S_ISSOCK(info.st_mode);
}

} // namespace

QList<FoundEndpoint> wellKnownEndpoints() {
    QList<FoundEndpoint> endpoints{
        socketEndpoint(QString::fromLatin1(kSystemSocketPath),
                       EngineDiscovery::tr("Berth system engine")),
        socketEndpoint(QStringLiteral("/var/run/docker.sock"), EngineDiscovery::tr("Docker")),
        socketEndpoint(QStringLiteral("/run/podman/podman.sock"), EngineDiscovery::tr("Podman")),
    };
    const QString runtimeDir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty()) {
        endpoints << socketEndpoint(runtimeDir + QStringLiteral("/docker.sock"),
                                    EngineDiscovery::tr("Docker, rootless"))
                  << socketEndpoint(runtimeDir + QStringLiteral("/podman/podman.sock"),
                                    EngineDiscovery::tr("Podman, rootless"));
    }
    return endpoints;
}

QList<FoundEndpoint> presentEndpoints(const QList<FoundEndpoint>& candidates) {
    QList<FoundEndpoint> present;
    for (const FoundEndpoint& candidate : candidates) {
        const QString path = socketPathOf(candidate.endpoint);
        if (!path.isEmpty() && isSocket(path)) {
            present << candidate;
        }
    }
    return present;
}

bool canOpenSocket(const QString& path) {
    return isSocket(path) && ::access(QFile::encodeName(path).constData(), R_OK | W_OK) == 0;
}

StartupOptions defaultStartupOptions() {
    StartupOptions options;
    options.mayStartBundled = ::geteuid() == 0;
    return options;
}

StartupEngine chooseStartupEngine(const QString& configured, const StartupOptions& options) {
    if (!configured.isEmpty()) {
        return StartupEngine::Configured;
    }
    if (canOpenSocket(options.systemSocket)) {
        return StartupEngine::System;
    }
    return options.mayStartBundled ? StartupEngine::Bundled : StartupEngine::FirstRun;
}

} // namespace berth::studio

#pragma once

// One step of the layer preview: what parsing tells about it (line range, kind, the
// effective config after it) and what the engine's plan adds (cache status, layer size,
// last run, file changes, wasted bytes).

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace berth::studio {

enum class CacheState {
    Hit,         // the engine's cache has the step's image
    Rebuild,     // the engine would run the step
    Invalidated, // an edit at or above the step: it would rebuild, and the engine has not responded
                 // yet
    Unknown,     // only a build can tell (ADD from a URL, a missing base image, ...)
    Unavailable, // the engine has no plan endpoint (Docker, Podman)
    Pending,     // waiting for the engine's plan
};

enum class StepKind { Base, Layer, Config };

using NamedValues = QList<QPair<QString, QString>>;

// The effective image config after a step, as the details view lists it.
struct StepConfig {
    NamedValues env;
    QString workdir;
    QString user;
    QStringList shell;
    QStringList cmd;
    QStringList entrypoint;
    QStringList exposedPorts;
    QStringList volumes;
    NamedValues labels;
    NamedValues args; // visible ARGs; a value of QString() means declared without one
};

struct PreviewStep {
    int stage = 0;
    int line = 0; // first line, 1-based
    int endLine = 0;
    QString instruction; // as written, continuation lines joined
    StepKind kind = StepKind::Config;
    QStringList copySources; // COPY/ADD sources in the context, for the file watcher
    StepConfig config;

    CacheState cache = CacheState::Pending;
    qint64 layerSize = -1; // bytes; -1 when unknown
    QDateTime lastRun;
    // Bytes of the step's layer that later layers overwrite or delete; for FROM, of the base
    // image's layers.
    qint64 wastedBytes = 0;
    qint64 imageBytes = -1; // FROM only: the bytes the stage's image holds; -1 when unknown
    QJsonArray changes;     // {"Path", "Kind", "Size", "Directory"}, for a cached layer
    QString imageId;
    QString error;
};

[[nodiscard]] QString cacheStateText(CacheState state);

} // namespace berth::studio

#pragma once

// How the studio writes sizes, ages, ports and ids, the way the docker CLI does.

#include "client/types.h"

#include <QColor>
#include <QIcon>
#include <QString>

#include <cstdint>
#include <vector>

namespace berth::studio {

// "12.3 MB": decimal units like `docker images`.
[[nodiscard]] QString formatSize(int64_t bytes);

// "3 minutes", "About an hour": a duration in seconds in the steps `docker ps` uses.
[[nodiscard]] QString formatDuration(int64_t seconds);

// "3 minutes ago", relative to `now` (both seconds since the epoch); empty when `then` is 0.
[[nodiscard]] QString formatAge(int64_t then, int64_t now);

// A container list entry's Status ("Up 3 minutes (healthy)", "Exited (0) 2 hours ago") read
// back into the moment it counts from, so that the studio can advance the text with its own
// clock between two lists.
struct ContainerStatusTime {
    enum class Kind { Fixed, Up, Exited, Restarting };
    Kind kind = Kind::Fixed;
    int64_t since = 0; // seconds since the epoch: the start, or the exit for Exited/Restarting
    QString exitCode;  // for Exited and Restarting
    QString suffix;    // " (healthy)", " (Paused)" after an Up status
    QString fixedText; // the engine's text, shown as it is for Kind::Fixed
};

// Reads `status` as listed at `listedAt` (seconds since the epoch). Text it does not
// recognise ("Created", "Dead") stays fixed.
[[nodiscard]] ContainerStatusTime parseContainerStatus(const std::string& status, int64_t listedAt);

// "Up 5 minutes (healthy)" at `now`.
[[nodiscard]] QString formatContainerStatus(const ContainerStatusTime& status, int64_t now);

// "0.0.0.0:8080→80/tcp, 443/tcp".
[[nodiscard]] QString formatPorts(const std::vector<client::PortMapping>& ports);

// The first 12 hex digits of an id, without "sha256:".
[[nodiscard]] QString shortId(const std::string& id);

// The colour of a container state's dot: running green, paused amber, exited grey, ...
[[nodiscard]] QColor stateColor(const QString& state);

// A small filled circle in the given colour, sharp at the screen's scale.
[[nodiscard]] QIcon dotIcon(const QColor& color);

} // namespace berth::studio

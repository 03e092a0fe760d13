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

// "3 minutes ago", relative to `now` (both seconds since the epoch).
[[nodiscard]] QString formatAge(int64_t then, int64_t now);

// "0.0.0.0:8080→80/tcp, 443/tcp".
[[nodiscard]] QString formatPorts(const std::vector<client::PortMapping>& ports);

// The first 12 hex digits of an id, without "sha256:".
[[nodiscard]] QString shortId(const std::string& id);

// The colour of a container state's dot: running green, paused amber, exited grey, ...
[[nodiscard]] QColor stateColor(const QString& state);

// A small filled circle in the given colour, sharp at the screen's scale.
[[nodiscard]] QIcon dotIcon(const QColor& color);

} // namespace berth::studio

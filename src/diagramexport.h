#pragma once

// Writes a diagram's scene to a file: SVG through QSvgGenerator (text stays text, so the
// names in the file can be searched), or PNG at twice the scene's size for sharp lines.

#include "common/error.h"

#include <QString>

#include <optional>

class QGraphicsScene;

namespace berth::studio {

enum class DiagramFormat { Svg, Png };

// The format that a file name selects by its suffix (.svg or .png, any case); nullopt for
// another suffix.
[[nodiscard]] std::optional<DiagramFormat> diagramFormatFor(const QString& path);

// Renders the whole scene into path. InvalidArgument for an empty scene; System, naming
// the path, when the file cannot be written.
[[nodiscard]] Result<void> exportDiagram(QGraphicsScene& scene, const QString& path,
                                         DiagramFormat format, const QString& title);

} // namespace berth::studio

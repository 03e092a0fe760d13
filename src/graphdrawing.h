#pragma once

// Drawing helpers shared by the graph views (the volume sharing map and the link diagram):
// an edge's path from its Graphviz control points, and the arrow head at its end.

#include "graphlayout.h"

#include <QPainterPath>
#include <QPolygonF>

namespace berth::studio {

[[nodiscard]] QPainterPath bezierPath(const std::vector<LayoutPoint>& points);
[[nodiscard]] QPolygonF arrowHead(const QPainterPath& path);

} // namespace berth::studio

#include "graphdrawing.h"

#include <cmath>

namespace berth::studio {

namespace {

constexpr double kArrowSize = 8;

} // namespace

QPainterPath bezierPath(const std::vector<LayoutPoint>& points) {
    QPainterPath path;
    if (points.empty()) {
        return path;
    }
    path.moveTo(points[0].x, points[0].y);
    for (size_t i = 1; i + 2 < points.size(); i += 3) {
        path.cubicTo(points[i].x, points[i].y, points[i + 1].x, points[i + 1].y, points[i + 2].x,
                     points[i + 2].y);
    }
    return path;
}

// Qt measures a path's angle counter-clockwise from 3 o'clock, with y growing downwards
// on screen, so the direction at the end is (cos a, -sin a).
QPolygonF arrowHead(const QPainterPath& path) {
    const QPointF tip = path.pointAtPercent(1.0);
    const double radians = path.angleAtPercent(1.0) * M_PI / 180.0;
    const QPointF back(std::cos(radians) * kArrowSize, -std::sin(radians) * kArrowSize);
    const QPointF side(-back.y() / 2, back.x() / 2);
    return QPolygonF({tip, tip - back + side, tip - back - side});
}

} // namespace berth::studio

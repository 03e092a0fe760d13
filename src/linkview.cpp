#include "linkview.h"

#include "graphdrawing.h"
#include "graphlayout.h"

#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QShortcut>
#include <QWheelEvent>

#include <functional>

namespace berth::studio {

namespace {

constexpr double kPaddingX = 14;
constexpr double kPaddingY = 8;

QPen edgePen(LinkEdge::Kind kind) {
    QPen pen(kind == LinkEdge::Kind::Link ? QColor(0x8b, 0x5c, 0xf6) : QColor(0x37, 0x41, 0x51));
    pen.setWidthF(kind == LinkEdge::Kind::Link ? 2.0 : 1.4);
    if (kind == LinkEdge::Kind::PublishedPort) {
        pen.setStyle(Qt::DashLine);
    }
    return pen;
}

QString nodeToolTip(const LinkNode& node) {
    const QString label = QString::fromStdString(node.label);
    if (node.kind == LinkNode::Kind::HostPort) {
        return LinkView::tr("Host port %1").arg(QString::fromStdString(node.key));
    }
    if (node.state.empty()) {
        return LinkView::tr("Container %1 (not found)").arg(label);
    }
    const QString state = QString::fromStdString(node.state);
    if (node.ipAddress.empty()) {
        return LinkView::tr("Container %1 (%2)").arg(label, state);
    }
    return LinkView::tr("Container %1 (%2), address %3")
        .arg(label, state, QString::fromStdString(node.ipAddress));
}

} // namespace

QColor linkNodeColor(const LinkNode& node) {
    if (node.kind == LinkNode::Kind::HostPort) {
        return QColor(0xe0, 0x9b, 0x20);
    }
    if (node.state == "running") {
        return QColor(0x22, 0xa0, 0x55);
    }
    if (node.state.empty()) {
        return QColor(0xdc, 0x26, 0x26);
    }
    return QColor(0x6b, 0x72, 0x80);
}

LinkView::LinkView(QWidget* parent)
    : QGraphicsView(parent) {
    setObjectName(QStringLiteral("linkView"));
    setAccessibleName(tr("Link diagram"));
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    auto* zoomIn = new QShortcut(QKeySequence::ZoomIn, this);
    connect(zoomIn, &QShortcut::activated, this, [this] { zoomBy(1.25); });
    auto* zoomOut = new QShortcut(QKeySequence::ZoomOut, this);
    connect(zoomOut, &QShortcut::activated, this, [this] { zoomBy(0.8); });
}

void LinkView::setGraph(LinkGraph graph) {
    graph_ = std::move(graph);
    scene()->clear();
    nodeRects_.clear();
    clusterRects_.clear();
    edgeItems_.clear();

    const QFontMetricsF metrics(font());
    LayoutRequest request;
    std::vector<QSizeF> sizes;
    for (const LinkNode& node : graph_.nodes) {
        const QSizeF size(metrics.horizontalAdvance(QString::fromStdString(node.label)) +
                              2 * kPaddingX,
                          metrics.height() + 2 * kPaddingY);
        sizes.push_back(size);
        request.nodes.push_back({size.width(), size.height(), node.network});
    }
    for (const std::string& network : graph_.networks) {
        request.clusters.push_back(network);
    }
    for (const LinkEdge& edge : graph_.edges) {
        // Spaces make room for the label drawn beside the edge.
        request.edges.push_back({edge.from, edge.to, edge.label + "  "});
    }
    auto layout = layoutGraph(request);
    if (!layout) {
        scene()->addSimpleText(tr("Could not lay out the diagram: %1")
                                   .arg(QString::fromStdString(layout.error().message)));
        return;
    }
    drawClusters(*layout);
    drawEdges(*layout);
    drawNodes(*layout, sizes);
    drawLegend(layout->height + 24);
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-16, -16, 16, 16));
}

// A dashed box per network with its name at the top left, behind the containers on it.
void LinkView::drawClusters(const GraphLayout& layout) {
    for (size_t i = 0; i < layout.clusterBoxes.size() && i < graph_.networks.size(); ++i) {
        const GraphLayout::Box& box = layout.clusterBoxes[i];
        const QRectF rect(box.left, box.top, box.width, box.height);
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(18);
        auto* item =
            scene()->addRect(rect, QPen(palette().color(QPalette::Mid), 1, Qt::DashLine), fill);
        item->setToolTip(tr("Network %1").arg(QString::fromStdString(graph_.networks[i])));
        auto* label = scene()->addSimpleText(QString::fromStdString(graph_.networks[i]), font());
        label->setBrush(palette().color(QPalette::Text));
        label->setPos(rect.left() + 6, rect.top() + 4);
        clusterRects_.push_back(rect);
    }
}

void LinkView::drawNodes(const GraphLayout& layout, const std::vector<QSizeF>& sizes) {
    for (size_t i = 0; i < graph_.nodes.size(); ++i) {
        const LinkNode& node = graph_.nodes[i];
        const QPointF center(layout.nodeCenters[i].x, layout.nodeCenters[i].y);
        const QRectF rect(center - QPointF(sizes[i].width() / 2, sizes[i].height() / 2), sizes[i]);
        QPainterPath shape;
        shape.addRoundedRect(rect, node.kind == LinkNode::Kind::Container ? 4 : 12, 12);
        QColor fill = linkNodeColor(node);
        fill.setAlpha(40);
        auto* box = scene()->addPath(shape, QPen(linkNodeColor(node), 1.6), fill);
        box->setToolTip(nodeToolTip(node));
        if (node.kind == LinkNode::Kind::Container) {
            box->setCursor(Qt::PointingHandCursor);
        }
        auto* text = scene()->addSimpleText(QString::fromStdString(node.label), font());
        text->setBrush(palette().color(QPalette::Text));
        text->setParentItem(box);
        text->setPos(rect.left() + kPaddingX, rect.top() + kPaddingY);
        nodeRects_.push_back(rect);
    }
}

void LinkView::drawEdges(const GraphLayout& layout) {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (size_t i = 0; i < graph_.edges.size(); ++i) {
        const LinkEdge& edge = graph_.edges[i];
        const QPainterPath path = bezierPath(layout.edgePaths[i]);
        const QPen pen = edgePen(edge.kind);
        auto* item = scene()->addPath(path, pen);
        const QString label = QString::fromStdString(edge.label);
        item->setToolTip(edge.kind == LinkEdge::Kind::Link ? tr("--link alias %1").arg(label)
                                                           : tr("Published port %1").arg(label));
        edgeItems_.append(item);
        if (!path.isEmpty()) {
            scene()->addPolygon(arrowHead(path), QPen(pen.color()), pen.color());
        }
        auto* text = scene()->addSimpleText(label, small);
        text->setBrush(pen.color());
        const LayoutPoint at = layout.labelPositions[i];
        text->setPos(at.x - text->boundingRect().width() / 2,
                     at.y - text->boundingRect().height() / 2);
    }
}

void LinkView::drawLegend(double top) {
    double x = 0;
    const auto addEntry = [&](const QString& text, const std::function<void(QRectF)>& drawKey) {
        const QRectF key(x, top, 28, 14);
        drawKey(key);
        auto* label = scene()->addSimpleText(text, font());
        label->setBrush(palette().color(QPalette::Text));
        label->setPos(x + 34, top - 1);
        x += 34 + label->boundingRect().width() + 20;
    };
    const auto box = [this](const LinkNode& node) {
        return [this, node](QRectF key) {
            QColor fill = linkNodeColor(node);
            fill.setAlpha(40);
            scene()->addRect(key, QPen(linkNodeColor(node), 1.6), fill);
        };
    };
    using Kind = LinkNode::Kind;
    addEntry(tr("Running"), box({Kind::Container, {}, {}, "running"}));
    addEntry(tr("Stopped"), box({Kind::Container, {}, {}, "exited"}));
    addEntry(tr("Not found"), box({Kind::Container, {}, {}, {}}));
    addEntry(tr("Host port"), box({Kind::HostPort, {}, {}, {}}));
    const auto line = [this](LinkEdge::Kind kind) {
        return [this, kind](QRectF key) {
            scene()->addLine(QLineF(key.left(), key.center().y(), key.right(), key.center().y()),
                             edgePen(kind));
        };
    };
    addEntry(tr("--link"), line(LinkEdge::Kind::Link));
    addEntry(tr("Published port"), line(LinkEdge::Kind::PublishedPort));
}

QPointF LinkView::nodeCenter(int node) const {
    return node >= 0 && node < static_cast<int>(nodeRects_.size()) ? nodeRects_[node].center()
                                                                   : QPointF();
}

int LinkView::nodeAt(const QPoint& viewPosition) const {
    const QPointF point = mapToScene(viewPosition);
    for (size_t i = 0; i < nodeRects_.size(); ++i) {
        if (nodeRects_[i].contains(point)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

bool LinkView::openContainerAt(const QMouseEvent* event) {
    const int node = nodeAt(event->position().toPoint());
    if (node < 0 || event->button() != Qt::LeftButton ||
        graph_.nodes[node].kind != LinkNode::Kind::Container) {
        return false;
    }
    emit containerClicked(QString::fromStdString(graph_.nodes[node].key));
    return true;
}

void LinkView::mousePressEvent(QMouseEvent* event) {
    if (!openContainerAt(event)) {
        QGraphicsView::mousePressEvent(event);
    }
}

void LinkView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (!openContainerAt(event)) {
        QGraphicsView::mouseDoubleClickEvent(event);
    }
}

void LinkView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void LinkView::zoomBy(double factor) {
    const double current = transform().m11();
    if (current * factor < 0.2 || current * factor > 5) {
        return;
    }
    scale(factor, factor);
}

} // namespace berth::studio

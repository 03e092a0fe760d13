#pragma once

// The link diagram: containers as boxes coloured by state, inside a dashed box per network, an
// arrow per --link from the container that defines the alias to its target, labelled with the
// alias, and per published port a host-port node with an arrow to the container ("8080→80/tcp").
// Graphviz computes the layout (graphlayout.h); this view draws it with a legend, zoom (Ctrl+wheel,
// Ctrl++ and Ctrl+-) and panning.

#include "linkgraph.h"

#include <QGraphicsView>

class QGraphicsPathItem;

namespace berth::studio {

struct GraphLayout;

class LinkView final : public QGraphicsView {
    Q_OBJECT

public:
    explicit LinkView(QWidget* parent = nullptr);

    // Lays the graph out again and redraws it. A layout failure shows as a line of text.
    void setGraph(LinkGraph graph);
    [[nodiscard]] const LinkGraph& graph() const { return graph_; }
    // The scene position of a node's centre, for tests and for scrolling to a node.
    [[nodiscard]] QPointF nodeCenter(int node) const;
    // The drawn edge items, in the graph's edge order.
    [[nodiscard]] const QList<QGraphicsPathItem*>& edgeItems() const { return edgeItems_; }
    // The drawn network boxes, in the order of the graph's networks.
    [[nodiscard]] const std::vector<QRectF>& clusterRects() const { return clusterRects_; }

    void zoomBy(double factor);

signals:
    // A click or double click on a container node; `key` is its id (a name for an unknown
    // link target).
    void containerClicked(const QString& key);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    // A double click arrives as its own event after the first press, so it opens the
    // container too, even when that press went elsewhere.
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    void drawClusters(const GraphLayout& layout);
    void drawNodes(const GraphLayout& layout, const std::vector<QSizeF>& sizes);
    void drawEdges(const GraphLayout& layout);
    void drawLegend(double top);
    [[nodiscard]] int nodeAt(const QPoint& viewPosition) const;
    // Emits containerClicked when the event is a left button on a container node.
    bool openContainerAt(const QMouseEvent* event);

    LinkGraph graph_;
    std::vector<QRectF> nodeRects_;
    std::vector<QRectF> clusterRects_;
    QList<QGraphicsPathItem*> edgeItems_;
};

// The colour of a node: a container's by its state, a host port's by its kind.
[[nodiscard]] QColor linkNodeColor(const LinkNode& node);

} // namespace berth::studio

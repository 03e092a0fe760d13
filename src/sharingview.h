#pragma once

// The volume sharing map: containers, volumes and host directories as boxes, an arrow per
// mount from the volume or directory to the container (dashed when read-only) and one per
// --volumes-from between containers. Graphviz computes the layout (graphlayout.h); this
// view only draws it, with zoom (Ctrl+wheel, Ctrl++ and Ctrl+-) and panning. A strip above
// the map contains a check box for containers without volumes, which the map leaves out by
// default, and the legend.

#include "volumeusage.h"

#include <QGraphicsView>

class QCheckBox;

namespace berth::studio {

class SharingView final : public QGraphicsView {
    Q_OBJECT

public:
    explicit SharingView(QWidget* parent = nullptr);

    // Lays the graph out again, redraws it and fits it in the view. A layout failure shows
    // as a line of text.
    void setGraph(SharingGraph graph);
    // The drawn graph: the last setGraph() without unconnected containers unless the check
    // box shows them.
    [[nodiscard]] const SharingGraph& graph() const { return graph_; }
    void setShowUnconnectedContainers(bool show);
    // Scales the whole map into the view, never above 100 %.
    void fitMap();
    // The scene position of a node's centre, for tests and for scrolling to a node.
    [[nodiscard]] QPointF nodeCenter(int node) const;
    // The drawn edge items, in the graph's edge order.
    [[nodiscard]] const QList<QGraphicsPathItem*>& edgeItems() const { return edgeItems_; }

    void zoomBy(double factor);

signals:
    void nodeClicked(berth::studio::SharingNode::Kind kind, const QString& key);
    void nodeActivated(berth::studio::SharingNode::Kind kind, const QString& key);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void drawNodes(const std::vector<QPointF>& centers, const std::vector<QSizeF>& sizes);
    void drawEdges(const struct GraphLayout& layout);
    void relayout();
    void placeStrip();
    [[nodiscard]] int nodeAt(const QPoint& viewPosition) const;

    SharingGraph fullGraph_;
    SharingGraph graph_;
    QWidget* strip_;
    QCheckBox* showUnconnected_;
    bool fitPending_ = false;
    std::vector<QRectF> nodeRects_;
    QList<QGraphicsPathItem*> edgeItems_;
};

// How the map draws each kind of node and edge; the legend uses the same.
[[nodiscard]] QColor sharingNodeColor(SharingNode::Kind kind);
[[nodiscard]] QPen sharingEdgePen(const SharingEdge& edge);

} // namespace berth::studio

#pragma once

// Lays out a directed graph with Graphviz's dot engine (libgvc) and returns the positions,
// so that views draw the result with their own items and tests check it without widgets.
// Coordinates are in points with y growing downwards, as in a QGraphicsScene.

#include "common/error.h"

#include <string>
#include <vector>

namespace berth::studio {

struct LayoutPoint {
    double x = 0;
    double y = 0;
};

struct LayoutRequest {
    struct Node {
        double width = 0; // points
        double height = 0;
        int cluster = -1; // an index into clusters; -1 outside every cluster
    };
    struct Edge {
        size_t from = 0;
        size_t to = 0;
        std::string label; // dot leaves room for it beside the edge
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<std::string> clusters; // labels of boxes that dot draws around their nodes
    bool leftToRight = true;           // rank direction; top to bottom otherwise
};

struct GraphLayout {
    double width = 0;
    double height = 0;
    std::vector<LayoutPoint> nodeCenters;
    // Per edge, the cubic Bézier control points from tail to head: 1 + 3n points.
    std::vector<std::vector<LayoutPoint>> edgePaths;
    std::vector<LayoutPoint> labelPositions; // per edge; the centre of its label
    struct Box {
        double left = 0;
        double top = 0;
        double width = 0;
        double height = 0;
    };
    std::vector<Box> clusterBoxes; // per cluster, around its nodes and its label
};

[[nodiscard]] Result<GraphLayout> layoutGraph(const LayoutRequest& request);

} // namespace berth::studio

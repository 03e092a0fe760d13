#include "graphlayout.h"

#include <gvc.h>

#include <fmt/format.h>

#include <memory>
#include <mutex>

namespace berth::studio {

namespace {

constexpr double kPointsPerInch = 72.0;

struct ContextDeleter {
    void operator()(GVC_t* context) const { gvFreeContext(context); }
};

struct GraphDeleter {
    void operator()(Agraph_t* graph) const { agclose(graph); }
};

// libgvc keeps global state (the plugin list, cgraph's error buffer) and is not
// thread-safe, so every layout runs under one lock.
std::mutex& graphvizMutex() {
    static std::mutex mutex;
    return mutex;
}

// cgraph takes `char*` for names and values it only reads.
char* cstr(const std::string& text) {
    return const_cast<char*>(text.c_str());
}

void setAttribute(void* object, const char* name, const std::string& value) {
    const std::string key = name;
    agsafeset(object, cstr(key), cstr(value), cstr(std::string()));
}

std::vector<LayoutPoint> edgePath(Agedge_t* edge, double top) {
    std::vector<LayoutPoint> path;
    const splines* spline = ED_spl(edge);
    if (!spline || spline->size < 1) {
        return path;
    }
    const bezier& curve = spline->list[0];
    for (int i = 0; i < curve.size; ++i) {
        path.push_back({curve.list[i].x, top - curve.list[i].y});
    }
    // dot ends the curve short of an arrowhead; the end point is the arrow's tip.
    if (curve.eflag && !path.empty()) {
        path.push_back(path.back());
        path.push_back({curve.ep.x, top - curve.ep.y});
        path.push_back({curve.ep.x, top - curve.ep.y});
    }
    return path;
}

} // namespace

Result<GraphLayout> layoutGraph(const LayoutRequest& request) {
    const std::lock_guard lock(graphvizMutex());
    std::unique_ptr<GVC_t, ContextDeleter> context(gvContext());
    if (!context) {
        return fail(ErrorKind::System, "could not create a Graphviz context");
    }
    std::unique_ptr<Agraph_t, GraphDeleter> graph(
        agopen(cstr(std::string("layout")), Agdirected, nullptr));
    setAttribute(graph.get(), "rankdir", request.leftToRight ? "LR" : "TB");
    setAttribute(graph.get(), "nodesep", "0.3");
    setAttribute(graph.get(), "ranksep", "0.8");

    // dot keeps the nodes of a subgraph named "cluster..." together inside one box.
    std::vector<Agraph_t*> clusters;
    for (size_t i = 0; i < request.clusters.size(); ++i) {
        Agraph_t* cluster = agsubg(graph.get(), cstr(fmt::format("cluster{}", i)), 1);
        setAttribute(cluster, "label", request.clusters[i]);
        setAttribute(cluster, "labeljust", "l");
        clusters.push_back(cluster);
    }
    std::vector<Agnode_t*> nodes;
    for (size_t i = 0; i < request.nodes.size(); ++i) {
        const int clusterIndex = request.nodes[i].cluster;
        Agraph_t* owner = clusterIndex >= 0 && size_t(clusterIndex) < clusters.size()
                              ? clusters[size_t(clusterIndex)]
                              : graph.get();
        Agnode_t* node = agnode(owner, cstr(fmt::format("n{}", i)), 1);
        setAttribute(node, "shape", "box");
        setAttribute(node, "fixedsize", "true");
        setAttribute(node, "label", "");
        setAttribute(node, "width", fmt::format("{:.3f}", request.nodes[i].width / kPointsPerInch));
        setAttribute(node, "height",
                     fmt::format("{:.3f}", request.nodes[i].height / kPointsPerInch));
        nodes.push_back(node);
    }
    std::vector<Agedge_t*> edges;
    for (size_t i = 0; i < request.edges.size(); ++i) {
        const LayoutRequest::Edge& edge = request.edges[i];
        if (edge.from >= nodes.size() || edge.to >= nodes.size()) {
            return fail(ErrorKind::InvalidArgument,
                        fmt::format("edge {} joins node {} and {}, but there are {} nodes", i,
                                    edge.from, edge.to, nodes.size()));
        }
        Agedge_t* created =
            agedge(graph.get(), nodes[edge.from], nodes[edge.to], cstr(fmt::format("e{}", i)), 1);
        setAttribute(created, "label", edge.label);
        edges.push_back(created);
    }

    if (gvLayout(context.get(), graph.get(), "dot") != 0) {
        return fail(ErrorKind::System, "Graphviz could not lay out the graph with dot");
    }
    const boxf box = GD_bb(graph.get());
    GraphLayout layout;
    layout.width = box.UR.x - box.LL.x;
    layout.height = box.UR.y - box.LL.y;
    const double top = box.UR.y;
    for (Agnode_t* node : nodes) {
        layout.nodeCenters.push_back({ND_coord(node).x, top - ND_coord(node).y});
    }
    for (Agedge_t* edge : edges) {
        layout.edgePaths.push_back(edgePath(edge, top));
        const textlabel_t* label = ED_label(edge);
        layout.labelPositions.push_back(label ? LayoutPoint{label->pos.x, top - label->pos.y}
                                              : LayoutPoint{});
    }
    for (Agraph_t* cluster : clusters) {
        const boxf bounds = GD_bb(cluster);
        layout.clusterBoxes.push_back(
            {bounds.LL.x, top - bounds.UR.y, bounds.UR.x - bounds.LL.x, bounds.UR.y - bounds.LL.y});
    }
    gvFreeLayout(context.get(), graph.get());
    return layout;
}

} // namespace berth::studio

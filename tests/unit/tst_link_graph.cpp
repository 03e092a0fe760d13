// The Networks & links diagram's graph from canned container inspect responses: links with
// their aliases, published ports as host-port nodes, and its Graphviz layout.

#include "graphlayout.h"
#include "linkgraph.h"

#include <QTest>

using namespace berth;
using namespace berth::studio;
using client::Json;

namespace {

// A database, a web container linked to it as "db" that publishes 8080→80/tcp on every
// address and 127.0.0.1:5353→53/udp, and a stopped worker linked to the web container and
// to a container that no longer exists.
const char* kDatabaseInspect = R"({
  "Id": "aaaa1111", "Name": "/database", "State": {"Status": "running"},
  "HostConfig": {"Links": null, "PortBindings": {}},
  "NetworkSettings": {"Ports": {}}})";

const char* kWebInspect = R"({
  "Id": "bbbb2222", "Name": "/web", "State": {"Status": "running"},
  "HostConfig": {"Links": ["/database:/web/db"],
                 "PortBindings": {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}},
  "NetworkSettings": {"IPAddress": "10.216.0.3", "Ports": {
    "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}],
    "53/udp": [{"HostIp": "127.0.0.1", "HostPort": "5353"}],
    "443/tcp": null}}})";

const char* kWorkerInspect = R"({
  "Id": "cccc3333", "Name": "/worker", "State": {"Status": "exited"},
  "HostConfig": {"Links": ["/web:/worker/frontend", "/gone:/worker/old"],
                 "PortBindings": {"9000/tcp": [{"HostIp": "", "HostPort": "9000"}]}},
  "NetworkSettings": {"Ports": {}}})";

// Two containers on the user network "appnet" (one also on "backnet"), one on the default
// bridge and one with the host's network.
std::vector<ContainerLinks> networkedContainers() {
    const char* inspects[] = {
        R"({"Id": "n1", "Name": "/api", "State": {"Status": "running"},
            "NetworkSettings": {"Networks": {"appnet": {}, "backnet": {}}}})",
        R"({"Id": "n2", "Name": "/db", "State": {"Status": "running"},
            "NetworkSettings": {"Networks": {"appnet": {}}}})",
        R"({"Id": "n3", "Name": "/legacy", "State": {"Status": "running"},
            "NetworkSettings": {"Networks": {"bridge": {}}}})",
        R"({"Id": "n4", "Name": "/tool", "State": {"Status": "exited"},
            "NetworkSettings": {"Networks": {"host": {}}}})"};
    std::vector<ContainerLinks> containers;
    for (const char* inspect : inspects) {
        containers.push_back(containerLinksFromInspect(Json::parse(inspect)));
    }
    return containers;
}

std::vector<ContainerLinks> cannedContainers() {
    return {containerLinksFromInspect(Json::parse(kDatabaseInspect)),
            containerLinksFromInspect(Json::parse(kWebInspect)),
            containerLinksFromInspect(Json::parse(kWorkerInspect))};
}

} // namespace

class LinkGraphTest final : public QObject {
    Q_OBJECT

private slots:
    void inspectGivesLinksAndPorts();
    void stoppedContainerUsesPortBindings();
    void graphHasContainerAndHostPortNodes();
    void graphHasLinkAndPortEdges();
    void graphLaysOut();
    void containersGroupedByNetwork();
    void networkClustersLaidOut();
};

void LinkGraphTest::inspectGivesLinksAndPorts() {
    const ContainerLinks web = containerLinksFromInspect(Json::parse(kWebInspect));
    QCOMPARE(web.id, std::string("bbbb2222"));
    QCOMPARE(web.name, std::string("web"));
    QCOMPARE(web.state, std::string("running"));
    QCOMPARE(web.ipAddress, std::string("10.216.0.3"));
    QCOMPARE(web.links, (std::vector<ContainerLink>{{"database", "db"}}));
    QCOMPARE(web.ports, (std::vector<PublishedPort>{{"127.0.0.1", "5353", "53/udp"},
                                                    {"0.0.0.0", "8080", "80/tcp"}}));
}

void LinkGraphTest::stoppedContainerUsesPortBindings() {
    const ContainerLinks worker = containerLinksFromInspect(Json::parse(kWorkerInspect));
    QCOMPARE(worker.state, std::string("exited"));
    QCOMPARE(worker.links.size(), size_t(2));
    QCOMPARE(worker.ports, (std::vector<PublishedPort>{{"", "9000", "9000/tcp"}}));
}

void LinkGraphTest::graphHasContainerAndHostPortNodes() {
    const LinkGraph graph = buildLinkGraph(cannedContainers());
    QCOMPARE(graph.nodes.size(), size_t(7));
    QCOMPARE(graph.find(LinkNode::Kind::Container, "aaaa1111"), 0);
    QCOMPARE(graph.find(LinkNode::Kind::Container, "bbbb2222"), 1);
    QCOMPARE(graph.nodes[1].ipAddress, std::string("10.216.0.3"));
    QCOMPARE(graph.find(LinkNode::Kind::Container, "cccc3333"), 2);
    const int gone = graph.find(LinkNode::Kind::Container, "gone");
    QVERIFY(gone >= 0);
    QCOMPARE(graph.nodes[size_t(gone)].state, std::string());
    const int http = graph.find(LinkNode::Kind::HostPort, "0.0.0.0:8080/tcp");
    QVERIFY(http >= 0);
    QCOMPARE(graph.nodes[size_t(http)].label, std::string("8080"));
    const int dns = graph.find(LinkNode::Kind::HostPort, "127.0.0.1:5353/udp");
    QVERIFY(dns >= 0);
    QCOMPARE(graph.nodes[size_t(dns)].label, std::string("127.0.0.1:5353"));
    QVERIFY(graph.find(LinkNode::Kind::HostPort, ":9000/tcp") >= 0);
}

void LinkGraphTest::graphHasLinkAndPortEdges() {
    const LinkGraph graph = buildLinkGraph(cannedContainers());
    const auto node = [&](LinkNode::Kind kind, const char* key) {
        return static_cast<size_t>(graph.find(kind, key));
    };
    const auto hasEdge = [&](const LinkEdge& expected) {
        return std::find(graph.edges.begin(), graph.edges.end(), expected) != graph.edges.end();
    };
    using Kind = LinkNode::Kind;
    QCOMPARE(graph.edges.size(), size_t(6));
    QVERIFY(hasEdge({node(Kind::Container, "bbbb2222"), node(Kind::Container, "aaaa1111"),
                     LinkEdge::Kind::Link, "db"}));
    QVERIFY(hasEdge({node(Kind::Container, "cccc3333"), node(Kind::Container, "bbbb2222"),
                     LinkEdge::Kind::Link, "frontend"}));
    QVERIFY(hasEdge({node(Kind::Container, "cccc3333"), node(Kind::Container, "gone"),
                     LinkEdge::Kind::Link, "old"}));
    QVERIFY(hasEdge({node(Kind::HostPort, "0.0.0.0:8080/tcp"), node(Kind::Container, "bbbb2222"),
                     LinkEdge::Kind::PublishedPort, "8080→80/tcp"}));
    QVERIFY(hasEdge({node(Kind::HostPort, "127.0.0.1:5353/udp"), node(Kind::Container, "bbbb2222"),
                     LinkEdge::Kind::PublishedPort, "5353→53/udp"}));
    QVERIFY(hasEdge({node(Kind::HostPort, ":9000/tcp"), node(Kind::Container, "cccc3333"),
                     LinkEdge::Kind::PublishedPort, "9000→9000/tcp"}));
}

void LinkGraphTest::graphLaysOut() {
    const LinkGraph graph = buildLinkGraph(cannedContainers());
    LayoutRequest request;
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        request.nodes.push_back({80, 30});
    }
    for (const LinkEdge& edge : graph.edges) {
        request.edges.push_back({edge.from, edge.to, edge.label});
    }
    const Result<GraphLayout> layout = layoutGraph(request);
    QVERIFY2(layout.has_value(), layout ? "" : layout.error().message.c_str());
    QCOMPARE(layout->nodeCenters.size(), graph.nodes.size());
    QCOMPARE(layout->edgePaths.size(), graph.edges.size());
    QVERIFY(layout->width > 0);
}

void LinkGraphTest::containersGroupedByNetwork() {
    const std::vector<ContainerLinks> containers = networkedContainers();
    QCOMPARE(containers[0].networks, (std::vector<std::string>{"appnet", "backnet"}));
    const LinkGraph graph = buildLinkGraph(containers);
    QCOMPARE(graph.networks, (std::vector<std::string>{"appnet", "bridge"}));
    QCOMPARE(graph.nodes[0].network, 0);
    QCOMPARE(graph.nodes[1].network, 0);
    QCOMPARE(graph.nodes[2].network, 1);
    QCOMPARE(graph.nodes[3].network, -1); // host is not drawn as a cluster
}

// Each cluster's box contains the centres of its containers and no other.
void LinkGraphTest::networkClustersLaidOut() {
    const LinkGraph graph = buildLinkGraph(networkedContainers());
    LayoutRequest request;
    for (const LinkNode& node : graph.nodes) {
        request.nodes.push_back({80, 30, node.network});
    }
    request.clusters = graph.networks;
    const Result<GraphLayout> layout = layoutGraph(request);
    QVERIFY2(layout.has_value(), layout ? "" : layout.error().message.c_str());
    QCOMPARE(layout->clusterBoxes.size(), size_t(2));
    for (size_t i = 0; i < graph.nodes.size(); ++i) {
        const LayoutPoint center = layout->nodeCenters[i];
        for (size_t cluster = 0; cluster < layout->clusterBoxes.size(); ++cluster) {
            const GraphLayout::Box& box = layout->clusterBoxes[cluster];
            const bool inside = center.x > box.left && center.x < box.left + box.width &&
                                center.y > box.top && center.y < box.top + box.height;
            QCOMPARE(inside, graph.nodes[i].network == int(cluster));
        }
    }
}

QTEST_GUILESS_MAIN(LinkGraphTest)
#include "tst_link_graph.moc"

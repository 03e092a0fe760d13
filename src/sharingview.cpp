#include "sharingview.h"

#include "graphdrawing.h"
#include "graphlayout.h"

#include <QCheckBox>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QShortcut>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <cmath>
#include <optional>

namespace berth::studio {

namespace {

constexpr double kPaddingX = 14;
constexpr double kPaddingY = 8;

// A volume named by the engine (an anonymous one) is 64 hex digits; 12 are enough to tell.
QString nodeLabel(const SharingNode& node) {
    const QString label = QString::fromStdString(node.label);
    const bool anonymous = node.kind == SharingNode::Kind::Volume && label.size() == 64 &&
                           label.contains(QRegularExpression(QStringLiteral("^[0-9a-f]+$")));
    return anonymous ? label.left(12) : label;
}

// The text drawn beside an edge: the mount's container path, or the --volumes-from mode.
QString edgeText(const SharingEdge& edge) {
    const QString label = QString::fromStdString(edge.label);
    if (edge.kind != SharingEdge::Kind::VolumesFrom) {
        return label;
    }
    return label.isEmpty() ? SharingView::tr("volumes-from")
                           : SharingView::tr("volumes-from:%1").arg(label);
}

QString kindText(SharingNode::Kind kind) {
    switch (kind) {
    case SharingNode::Kind::Container:
        return SharingView::tr("Container");
    case SharingNode::Kind::Volume:
        return SharingView::tr("Volume");
    case SharingNode::Kind::HostPath:
        return SharingView::tr("Host directory");
    }
    return {};
}

// A node's box: containers square-cornered, volumes and host directories rounded.
QPainterPath nodeShape(SharingNode::Kind kind, const QRectF& rect) {
    QPainterPath shape;
    shape.addRoundedRect(rect, kind == SharingNode::Kind::Container ? 4 : 12, 12);
    return shape;
}

// One row of keys: each node kind as a small box and each edge kind as a short line.
class SharingLegend final : public QWidget {
public:
    explicit SharingLegend(QWidget* parent)
        : QWidget(parent) {
        setObjectName(QStringLiteral("sharingLegend"));
        setAccessibleName(SharingView::tr("Map legend"));
    }

    [[nodiscard]] QSize sizeHint() const override {
        int width = 0;
        for (const Entry& entry : entries()) {
            width += kKeyWidth + kGap + fontMetrics().horizontalAdvance(entry.text) + kSpacing;
        }
        return {width, fontMetrics().height() + 4};
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        const double middle = height() / 2.0;
        int x = 0;
        for (const Entry& entry : entries()) {
            const QRectF key(x + 0.5, middle - 6, kKeyWidth - 1, 12);
            if (entry.node) {
                QColor fill = sharingNodeColor(*entry.node);
                fill.setAlpha(40);
                painter.setPen(QPen(sharingNodeColor(*entry.node), 1.6));
                painter.setBrush(fill);
                painter.drawPath(nodeShape(*entry.node, key));
            } else {
                painter.setPen(sharingEdgePen(entry.edge));
                painter.drawLine(QLineF(key.left(), middle, key.right(), middle));
            }
            x += kKeyWidth + kGap;
            painter.setPen(palette().color(QPalette::WindowText));
            const int textWidth = fontMetrics().horizontalAdvance(entry.text);
            painter.drawText(QRect(x, 0, textWidth, height()), Qt::AlignVCenter, entry.text);
            x += textWidth + kSpacing;
        }
    }

private:
    static constexpr int kKeyWidth = 28;
    static constexpr int kGap = 6;
    static constexpr int kSpacing = 16;

    struct Entry {
        QString text;
        std::optional<SharingNode::Kind> node;
        SharingEdge edge{0, 0, SharingEdge::Kind::Mount, false, {}};
    };

    static std::vector<Entry> entries() {
        using Kind = SharingNode::Kind;
        return {
            {kindText(Kind::Container), Kind::Container},
            {kindText(Kind::Volume), Kind::Volume},
            {kindText(Kind::HostPath), Kind::HostPath},
            {SharingView::tr("Read-write mount"),
             std::nullopt,
             {0, 0, SharingEdge::Kind::Mount, false, {}}},
            {SharingView::tr("Read-only mount"),
             std::nullopt,
             {0, 0, SharingEdge::Kind::Mount, true, {}}},
            {SharingView::tr("--volumes-from"),
             std::nullopt,
             {0, 0, SharingEdge::Kind::VolumesFrom, false, {}}},
        };
    }
};

} // namespace

QColor sharingNodeColor(SharingNode::Kind kind) {
    switch (kind) {
    case SharingNode::Kind::Container:
        return QColor(0x3b, 0x82, 0xf6);
    case SharingNode::Kind::Volume:
        return QColor(0xe0, 0x9b, 0x20);
    case SharingNode::Kind::HostPath:
        return QColor(0x6b, 0x72, 0x80);
    }
    return Qt::gray;
}

QPen sharingEdgePen(const SharingEdge& edge) {
    QPen pen(edge.kind == SharingEdge::Kind::VolumesFrom ? QColor(0x8b, 0x5c, 0xf6)
                                                         : QColor(0x37, 0x41, 0x51));
    pen.setWidthF(edge.kind == SharingEdge::Kind::VolumesFrom ? 2.0 : 1.4);
    if (edge.readOnly) {
        pen.setStyle(Qt::DashLine);
    }
    return pen;
}

SharingView::SharingView(QWidget* parent)
    : QGraphicsView(parent) {
    setObjectName(QStringLiteral("sharingView"));
    setAccessibleName(tr("Volume sharing map"));
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    auto* zoomIn = new QShortcut(QKeySequence::ZoomIn, this);
    connect(zoomIn, &QShortcut::activated, this, [this] { zoomBy(1.25); });
    auto* zoomOut = new QShortcut(QKeySequence::ZoomOut, this);
    connect(zoomOut, &QShortcut::activated, this, [this] { zoomBy(0.8); });

    strip_ = new QWidget(this);
    strip_->setAutoFillBackground(true);
    // Two rows, so that neither the legend nor the check box is cut off in a narrow window.
    auto* stripLayout = new QVBoxLayout(strip_);
    stripLayout->setContentsMargins(8, 4, 8, 4);
    stripLayout->setSpacing(2);
    showUnconnected_ = new QCheckBox(tr("Show containers without volumes"), strip_);
    showUnconnected_->setObjectName(QStringLiteral("showUnconnectedContainers"));
    stripLayout->addWidget(showUnconnected_);
    stripLayout->addWidget(new SharingLegend(strip_));
    connect(showUnconnected_, &QCheckBox::toggled, this, [this] { relayout(); });
    setViewportMargins(0, strip_->sizeHint().height(), 0, 0);
}

void SharingView::setGraph(SharingGraph graph) {
    fullGraph_ = std::move(graph);
    relayout();
}

void SharingView::setShowUnconnectedContainers(bool show) {
    showUnconnected_->setChecked(show);
}

void SharingView::relayout() {
    graph_ = showUnconnected_->isChecked() ? fullGraph_ : withoutUnconnectedContainers(fullGraph_);
    scene()->clear();
    nodeRects_.clear();
    edgeItems_.clear();

    const QFontMetricsF metrics(font());
    LayoutRequest request;
    std::vector<QSizeF> sizes;
    for (const SharingNode& node : graph_.nodes) {
        const QSizeF size(metrics.horizontalAdvance(nodeLabel(node)) + 2 * kPaddingX,
                          metrics.height() + 2 * kPaddingY);
        sizes.push_back(size);
        request.nodes.push_back({size.width(), size.height()});
    }
    for (const SharingEdge& edge : graph_.edges) {
        // The layout places the text drawn beside the edge, so it must know every edge's
        // text; spaces make room around it.
        const QString text = edgeText(edge);
        request.edges.push_back(
            {edge.from, edge.to, text.isEmpty() ? "" : text.toStdString() + "  "});
    }
    auto layout = layoutGraph(request);
    if (!layout) {
        scene()->addSimpleText(tr("Could not lay out the map: %1")
                                   .arg(QString::fromStdString(layout.error().message)));
        return;
    }
    std::vector<QPointF> centers;
    for (const LayoutPoint& center : layout->nodeCenters) {
        centers.emplace_back(center.x, center.y);
    }
    drawEdges(*layout);
    drawNodes(centers, sizes);
    scene()->setSceneRect(scene()->itemsBoundingRect().adjusted(-16, -16, 16, 16));
    // A hidden view has no final size yet, so it fits when it is shown.
    if (isVisible()) {
        fitMap();
    } else {
        fitPending_ = true;
    }
}

void SharingView::fitMap() {
    fitPending_ = false;
    resetTransform();
    fitInView(sceneRect(), Qt::KeepAspectRatio);
    // A small map stays at its natural size rather than being blown up.
    if (transform().m11() > 1.0) {
        resetTransform();
        centerOn(sceneRect().center());
    }
}

void SharingView::showEvent(QShowEvent* event) {
    QGraphicsView::showEvent(event);
    if (fitPending_) {
        fitMap();
    }
}

void SharingView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    placeStrip();
}

void SharingView::placeStrip() {
    const QRect frame = contentsRect();
    strip_->setGeometry(frame.left(), frame.top(), frame.width(), strip_->sizeHint().height());
}

void SharingView::drawNodes(const std::vector<QPointF>& centers, const std::vector<QSizeF>& sizes) {
    for (size_t i = 0; i < graph_.nodes.size(); ++i) {
        const SharingNode& node = graph_.nodes[i];
        const QRectF rect(centers[i] - QPointF(sizes[i].width() / 2, sizes[i].height() / 2),
                          sizes[i]);
        const QPainterPath shape = nodeShape(node.kind, rect);
        QColor fill = sharingNodeColor(node.kind);
        fill.setAlpha(40);
        auto* box = scene()->addPath(shape, QPen(sharingNodeColor(node.kind), 1.6), fill);
        box->setToolTip(
            QStringLiteral("%1: %2").arg(kindText(node.kind), QString::fromStdString(node.label)));
        box->setCursor(Qt::PointingHandCursor);
        auto* text = scene()->addSimpleText(nodeLabel(node), font());
        text->setBrush(palette().color(QPalette::Text));
        text->setParentItem(box);
        text->setPos(rect.left() + kPaddingX, rect.top() + kPaddingY);
        nodeRects_.push_back(rect);
    }
}

void SharingView::drawEdges(const GraphLayout& layout) {
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    for (size_t i = 0; i < graph_.edges.size(); ++i) {
        const SharingEdge& edge = graph_.edges[i];
        const QPainterPath path = bezierPath(layout.edgePaths[i]);
        const QPen pen = sharingEdgePen(edge);
        auto* item = scene()->addPath(path, pen);
        item->setToolTip(edge.kind == SharingEdge::Kind::VolumesFrom
                             ? tr("--volumes-from %1").arg(QString::fromStdString(edge.label))
                             : tr("Mounted at %1%2")
                                   .arg(QString::fromStdString(edge.label),
                                        edge.readOnly ? tr(", read-only") : QString()));
        edgeItems_.append(item);
        if (!path.isEmpty()) {
            scene()->addPolygon(arrowHead(path), QPen(pen.color()), pen.color());
        }
        const QString label = edgeText(edge);
        if (!label.isEmpty()) {
            auto* text = scene()->addSimpleText(label, small);
            text->setBrush(pen.color());
            const LayoutPoint at = layout.labelPositions[i];
            text->setPos(at.x - text->boundingRect().width() / 2,
                         at.y - text->boundingRect().height() / 2);
        }
    }
}

QPointF SharingView::nodeCenter(int node) const {
    return node >= 0 && node < static_cast<int>(nodeRects_.size()) ? nodeRects_[node].center()
                                                                   : QPointF();
}

int SharingView::nodeAt(const QPoint& viewPosition) const {
    const QPointF point = mapToScene(viewPosition);
    for (size_t i = 0; i < nodeRects_.size(); ++i) {
        if (nodeRects_[i].contains(point)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void SharingView::mousePressEvent(QMouseEvent* event) {
    if (const int node = nodeAt(event->position().toPoint());
        node >= 0 && event->button() == Qt::LeftButton) {
        emit nodeClicked(graph_.nodes[node].kind, QString::fromStdString(graph_.nodes[node].key));
    }
    QGraphicsView::mousePressEvent(event);
}

void SharingView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (const int node = nodeAt(event->position().toPoint()); node >= 0) {
        emit nodeActivated(graph_.nodes[node].kind, QString::fromStdString(graph_.nodes[node].key));
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void SharingView::wheelEvent(QWheelEvent* event) {
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15);
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void SharingView::zoomBy(double factor) {
    const double next = transform().m11() * factor;
    // A large map can fit below the minimum zoom, so zooming in from there must still work.
    if ((next < 0.2 && factor < 1) || (next > 5 && factor > 1)) {
        return;
    }
    scale(factor, factor);
}

} // namespace berth::studio

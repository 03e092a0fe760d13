#include "diagramexport.h"

#include <QFileInfo>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <fmt/format.h>

namespace berth::studio {
namespace {

constexpr double kPngScale = 2.0;
constexpr double kMargin = 16.0;

Result<void> exportSvg(QGraphicsScene& scene, const QString& path, const QRectF& source,
                       const QString& title) {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setTitle(title);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    QPainter painter;
    if (!painter.begin(&generator)) {
        return fail(ErrorKind::System,
                    fmt::format("export the diagram: cannot write {}", path.toStdString()));
    }
    painter.fillRect(QRectF(QPointF(0, 0), source.size()),
                     scene.backgroundBrush().style() == Qt::NoBrush ? QBrush(Qt::white)
                                                                    : scene.backgroundBrush());
    scene.render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    painter.end();
    if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0) {
        return fail(ErrorKind::System,
                    fmt::format("export the diagram: cannot write {}", path.toStdString()));
    }
    return {};
}

Result<void> exportPng(QGraphicsScene& scene, const QString& path, const QRectF& source) {
    QImage image((source.size() * kPngScale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    painter.end();
    if (!image.save(path, "PNG")) {
        return fail(ErrorKind::System,
                    fmt::format("export the diagram: cannot write {}", path.toStdString()));
    }
    return {};
}

} // namespace

std::optional<DiagramFormat> diagramFormatFor(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("svg")) {
        return DiagramFormat::Svg;
    }
    if (suffix == QLatin1String("png")) {
        return DiagramFormat::Png;
    }
    return std::nullopt;
}

Result<void> exportDiagram(QGraphicsScene& scene, const QString& path, DiagramFormat format,
                           const QString& title) {
    QRectF source = scene.itemsBoundingRect();
    if (source.isEmpty()) {
        return fail(ErrorKind::InvalidArgument, "export the diagram: it is empty");
    }
    source.adjust(-kMargin, -kMargin, kMargin, kMargin);
    if (format == DiagramFormat::Svg) {
        return exportSvg(scene, path, source, title);
    }
    return exportPng(scene, path, source);
}

} // namespace berth::studio

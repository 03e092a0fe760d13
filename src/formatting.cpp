#include "formatting.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPainter>
#include <QPixmap>

namespace berth::studio {

QString formatSize(int64_t bytes) {
    static const char* const units[] = {"B", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000.0 && unit < 4) {
        value /= 1000.0;
        ++unit;
    }
    if (unit == 0) {
        return QStringLiteral("%1 B").arg(bytes);
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', value < 10 ? 2 : 1).arg(units[unit]);
}

QString formatAge(int64_t then, int64_t now) {
    const int64_t seconds = std::max<int64_t>(0, now - then);
    if (then <= 0) {
        return {};
    }
    if (seconds < 60) {
        return QCoreApplication::translate("berth::studio::Formatting", "Seconds ago");
    }
    const int64_t minutes = seconds / 60;
    if (minutes < 60) {
        return QCoreApplication::translate("berth::studio::Formatting", "%n minute(s) ago", nullptr,
                                           int(minutes));
    }
    const int64_t hours = minutes / 60;
    if (hours < 48) {
        return QCoreApplication::translate("berth::studio::Formatting", "%n hour(s) ago", nullptr,
                                           int(hours));
    }
    // NOTE: a division inside the call makes lupdate 6.4 loop, so days get a name.
    const int64_t days = hours / 24;
    return QCoreApplication::translate("berth::studio::Formatting", "%n day(s) ago", nullptr,
                                       int(days));
}

QString formatPorts(const std::vector<client::PortMapping>& ports) {
    QStringList parts;
    for (const client::PortMapping& port : ports) {
        const QString inside =
            QStringLiteral("%1/%2").arg(port.privatePort).arg(QString::fromStdString(port.type));
        if (port.publicPort > 0) {
            parts << QStringLiteral("%1:%2→%3")
                         .arg(QString::fromStdString(port.ip.empty() ? "0.0.0.0" : port.ip))
                         .arg(port.publicPort)
                         .arg(inside);
        } else {
            parts << inside;
        }
    }
    return parts.join(QStringLiteral(", "));
}

QString shortId(const std::string& id) {
    QString text = QString::fromStdString(id);
    if (text.startsWith(QLatin1String("sha256:"))) {
        text = text.mid(7);
    }
    return text.left(12);
}

QColor stateColor(const QString& state) {
    if (state == QLatin1String("running")) {
        return QColor(0x2e, 0xa0, 0x43);
    }
    if (state == QLatin1String("paused") || state == QLatin1String("restarting")) {
        return QColor(0xd9, 0x8e, 0x04);
    }
    if (state == QLatin1String("dead") || state == QLatin1String("removing")) {
        return QColor(0xcf, 0x22, 0x2e);
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QIcon dotIcon(const QColor& color) {
    const qreal scale = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(12, 12) * scale);
    pixmap.setDevicePixelRatio(scale);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace berth::studio

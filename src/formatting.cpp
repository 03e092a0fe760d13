#include "formatting.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>

#include <map>
#include <optional>

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

namespace {

// The steps of the engine's status durations (humanDuration in engine/api/container_json.cpp):
// a count of seconds, minutes, ... or a fixed phrase for the first of each.
enum class DurationUnit {
    LessThanASecond,
    OneSecond,
    Seconds,
    AboutAMinute,
    Minutes,
    AboutAnHour,
    Hours,
    Days,
    Weeks,
    Months,
    Years
};

struct DurationStep {
    DurationUnit unit;
    int count;
};

DurationStep durationStep(int64_t seconds) {
    const int64_t minutes = seconds / 60;
    const int64_t hours = minutes / 60;
    if (seconds < 1) {
        return {DurationUnit::LessThanASecond, 0};
    }
    if (seconds == 1) {
        return {DurationUnit::OneSecond, 1};
    }
    if (seconds < 60) {
        return {DurationUnit::Seconds, int(seconds)};
    }
    if (minutes == 1) {
        return {DurationUnit::AboutAMinute, 1};
    }
    if (minutes < 60) {
        return {DurationUnit::Minutes, int(minutes)};
    }
    if (hours == 1) {
        return {DurationUnit::AboutAnHour, 1};
    }
    if (hours < 48) {
        return {DurationUnit::Hours, int(hours)};
    }
    if (hours < 24 * 7 * 2) {
        return {DurationUnit::Days, int(hours / 24)};
    }
    if (hours < 24 * 30 * 2) {
        return {DurationUnit::Weeks, int(hours / (24 * 7))};
    }
    if (hours < 24 * 365 * 2) {
        return {DurationUnit::Months, int(hours / (24 * 30))};
    }
    return {DurationUnit::Years, int(hours / (24 * 365))};
}

QString translated(const char* text, int count = -1) {
    return QCoreApplication::translate("berth::studio::Formatting", text, nullptr, count);
}

// Every count below is 2 or more, so the English source texts use the plural and a
// translation gives each language's own forms through %n.
const char* const kDurationTexts[] = {
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "Less than a second"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "1 second"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n seconds"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "About a minute"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n minutes"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "About an hour"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n hours"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n days"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n weeks"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n months"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n years"),
};

const char* const kAgeTexts[] = {
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "Less than a second ago"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "1 second ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n seconds ago"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "About a minute ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n minutes ago"),
    QT_TRANSLATE_NOOP("berth::studio::Formatting", "About an hour ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n hours ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n days ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n weeks ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n months ago"),
    QT_TRANSLATE_N_NOOP("berth::studio::Formatting", "%n years ago"),
};

// Reads the engine's duration text back into seconds, at the start of its step.
// NOTE: "3 minutes" reads as 180 although the engine writes it for 180 to 239 seconds, so a
// status can trail the true age by up to one step until the next list.
std::optional<int64_t> parseDuration(const QString& text) {
    if (text == QLatin1String("Less than a second")) {
        return 0;
    }
    if (text == QLatin1String("About a minute")) {
        return 60;
    }
    if (text == QLatin1String("About an hour")) {
        return 3600;
    }
    static const QRegularExpression counted(
        QStringLiteral("^(\\d+) (second|minute|hour|day|week|month|year)s?$"));
    const QRegularExpressionMatch match = counted.match(text);
    if (!match.hasMatch()) {
        return std::nullopt;
    }
    static const std::map<QString, int64_t> unitSeconds = {
        {QStringLiteral("second"), 1},         {QStringLiteral("minute"), 60},
        {QStringLiteral("hour"), 3600},        {QStringLiteral("day"), 86400},
        {QStringLiteral("week"), 7 * 86400},   {QStringLiteral("month"), 30 * 86400},
        {QStringLiteral("year"), 365 * 86400},
    };
    return match.captured(1).toLongLong() * unitSeconds.at(match.captured(2));
}

} // namespace

QString formatDuration(int64_t seconds) {
    const DurationStep step = durationStep(std::max<int64_t>(0, seconds));
    return translated(kDurationTexts[int(step.unit)], step.count);
}

QString formatAge(int64_t then, int64_t now) {
    if (then <= 0) {
        return {};
    }
    const DurationStep step = durationStep(std::max<int64_t>(0, now - then));
    return translated(kAgeTexts[int(step.unit)], step.count);
}

ContainerStatusTime parseContainerStatus(const std::string& status, int64_t listedAt) {
    const QString text = QString::fromStdString(status);
    ContainerStatusTime parsed;
    parsed.fixedText = text;

    static const QRegularExpression up(QStringLiteral("^Up (.+?)( \\(.+\\))?$"));
    if (const QRegularExpressionMatch match = up.match(text); match.hasMatch()) {
        if (const std::optional<int64_t> seconds = parseDuration(match.captured(1))) {
            parsed.kind = ContainerStatusTime::Kind::Up;
            parsed.since = listedAt - *seconds;
            parsed.suffix = match.captured(2);
        }
        return parsed;
    }
    static const QRegularExpression ended(
        QStringLiteral("^(Exited|Restarting) \\((-?\\d+)\\) (.+) ago$"));
    if (const QRegularExpressionMatch match = ended.match(text); match.hasMatch()) {
        if (const std::optional<int64_t> seconds = parseDuration(match.captured(3))) {
            parsed.kind = match.captured(1) == QLatin1String("Exited")
                              ? ContainerStatusTime::Kind::Exited
                              : ContainerStatusTime::Kind::Restarting;
            parsed.since = listedAt - *seconds;
            parsed.exitCode = match.captured(2);
        }
    }
    return parsed;
}

QString formatContainerStatus(const ContainerStatusTime& status, int64_t now) {
    switch (status.kind) {
    case ContainerStatusTime::Kind::Up:
        return translated(QT_TRANSLATE_NOOP("berth::studio::Formatting", "Up %1"))
                   .arg(formatDuration(now - status.since)) +
               status.suffix;
    case ContainerStatusTime::Kind::Exited:
        return translated(QT_TRANSLATE_NOOP("berth::studio::Formatting", "Exited (%1) %2"))
            .arg(status.exitCode, formatAge(status.since, now));
    case ContainerStatusTime::Kind::Restarting:
        return translated(QT_TRANSLATE_NOOP("berth::studio::Formatting", "Restarting (%1) %2"))
            .arg(status.exitCode, formatAge(status.since, now));
    case ContainerStatusTime::Kind::Fixed:
        break;
    }
    return status.fixedText;
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

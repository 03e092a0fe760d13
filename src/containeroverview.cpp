#include "containeroverview.h"

#include "engineconnection.h"
#include "inspectrunspec.h"
#include "recreate.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::studio {

namespace {

using client::Json;

constexpr char kIndent[] = "    ";

QString textOf(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>())
                                                 : QString();
}

// "volume data → /var/lib/data (read-only)". An anonymous volume shows its generated name.
QString mountLine(const Json& mount) {
    const QString type = textOf(mount, "Type");
    QString source = type == QLatin1String("volume") ? textOf(mount, "Name") : QString();
    if (source.isEmpty()) {
        source = textOf(mount, "Source");
    }
    QString line = QStringLiteral("%1 %2 → %3").arg(type, source, textOf(mount, "Destination"));
    if (mount.is_object() && !mount.value("RW", true)) {
        line += ContainerOverview::tr(" (read-only)");
    }
    return line;
}

void addSection(QStringList& lines, const QString& heading, const QStringList& entries) {
    lines << QString() << heading;
    if (entries.isEmpty()) {
        lines << QLatin1String(kIndent) + ContainerOverview::tr("none");
    }
    for (const QString& entry : entries) {
        lines << QLatin1String(kIndent) + entry;
    }
}

} // namespace

QStringList inspectOverviewLines(const Json& inspect) {
    QStringList lines;
    if (!inspect.is_object()) {
        return lines;
    }
    const Json config = inspect.value("Config", Json::object());

    QStringList mounts;
    if (const auto it = inspect.find("Mounts"); it != inspect.end() && it->is_array()) {
        for (const Json& mount : *it) {
            mounts << mountLine(mount);
        }
    }
    addSection(lines, ContainerOverview::tr("Mounts:"), mounts);

    QStringList links;
    for (const std::string& link : networkingOf(inspect).links) {
        const QString text = QString::fromStdString(link);
        const int colon = text.indexOf(QLatin1Char(':'));
        links
            << (colon < 0
                    ? text
                    : ContainerOverview::tr("%1 as %2").arg(text.left(colon), text.mid(colon + 1)));
    }
    addSection(lines, ContainerOverview::tr("Links:"), links);

    QStringList environment;
    if (const auto it = config.find("Env"); it != config.end() && it->is_array()) {
        for (const Json& variable : *it) {
            if (variable.is_string()) {
                environment << QString::fromStdString(variable.get<std::string>());
            }
        }
    }
    addSection(lines, ContainerOverview::tr("Environment:"), environment);

    QStringList labels;
    if (const auto it = config.find("Labels"); it != config.end() && it->is_object()) {
        for (const auto& [key, value] : it->items()) {
            labels << QString::fromStdString(key) + QLatin1Char('=') +
                          (value.is_string() ? QString::fromStdString(value.get<std::string>())
                                             : QString());
        }
    }
    addSection(lines, ContainerOverview::tr("Labels:"), labels);
    return lines;
}

ContainerOverview::ContainerOverview(QWidget* parent)
    : QWidget(parent)
    , text_(new QPlainTextEdit(this))
    , copyButton_(new QPushButton(tr("Copy as &docker run"), this)) {
    text_->setObjectName(QStringLiteral("overviewText"));
    text_->setReadOnly(true);
    text_->setAccessibleName(tr("Container overview"));
    copyButton_->setObjectName(QStringLiteral("copyRunLineButton"));
    copyButton_->setToolTip(tr("Copy the docker run command line that would run a container "
                               "like this one"));
    copyButton_->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(copyButton_);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(text_, 1);
    connect(copyButton_, &QPushButton::clicked, this, &ContainerOverview::copyRunLine);
}

void ContainerOverview::setConnection(EngineConnection* connection) {
    connection_ = connection;
}

void ContainerOverview::showContainer(const QString& id, const QStringList& summary,
                                      const Json& inspect) {
    containerId_ = id;
    copyButton_->setEnabled(!id.isEmpty());
    if (id.isEmpty()) {
        text_->clear();
        return;
    }
    QStringList lines = summary;
    if (inspect.is_object() && inspect.value("Id", "") == id.toStdString()) {
        lines << inspectOverviewLines(inspect);
    }
    const QString text = lines.join(QLatin1Char('\n'));
    // Rewriting the same text would drop the user's selection in the tab every second.
    if (text_->toPlainText() != text) {
        text_->setPlainText(text);
    }
}

void ContainerOverview::copyRunLine() {
    if (!connection_ || containerId_.isEmpty()) {
        return;
    }
    connection_->run(
        this,
        [id = containerId_.toStdString()](client::Client& client) -> Result<std::string> {
            auto container = client.inspectContainer(id);
            if (!container) {
                return std::unexpected(container.error());
            }
            // Without the image (removed, or only its id known) the line repeats what the
            // container inherited from it, which still runs the same container.
            const std::string imageId = container->value("Image", "");
            auto image = client.inspectImage(imageId);
            return formatRunLine(runSpecFromInspect(*container, image ? *image : Json()));
        },
        [this](Result<std::string> line) {
            if (!line) {
                emit copyFailed(QString::fromStdString(line.error().message));
                return;
            }
            const QString text = QString::fromStdString(*line);
            QGuiApplication::clipboard()->setText(text);
            emit runLineCopied(text);
        });
}

} // namespace berth::studio

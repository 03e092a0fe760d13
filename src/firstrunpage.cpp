#include "firstrunpage.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace berth::studio {

FirstRunPage::FirstRunPage(QWidget* parent)
    : QWidget(parent)
    , reason_(new QLabel(this))
    , steps_(new QLabel(this))
    , warning_(new QLabel(this)) {
    setObjectName(QStringLiteral("firstRunPage"));
    auto* heading =
        new QLabel(QStringLiteral("<h2>%1</h2>").arg(tr("Set up the Berth engine")), this);
    reason_->setWordWrap(true);
    steps_->setWordWrap(true);
    steps_->setTextFormat(Qt::RichText);
    steps_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    warning_->setWordWrap(true);
    warning_->setText(
        QStringLiteral("<b>%1</b>")
            .arg(
                tr("Members of the berth group control the engine, which makes them as powerful as "
                   "root. Add only accounts you trust.")));

    auto* retry = new QPushButton(tr("Try Again"), this);
    retry->setObjectName(QStringLiteral("retryButton"));
    connect(retry, &QPushButton::clicked, this, &FirstRunPage::retryRequested);
    auto* settings = new QPushButton(tr("Choose Another Engine…"), this);
    settings->setObjectName(QStringLiteral("settingsButton"));
    connect(settings, &QPushButton::clicked, this, &FirstRunPage::settingsRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(retry);
    buttons->addWidget(settings);
    buttons->addStretch();

    auto* column = new QWidget(this);
    column->setMinimumWidth(520);
    column->setMaximumWidth(640);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->addWidget(heading);
    columnLayout->addWidget(reason_);
    columnLayout->addWidget(steps_);
    columnLayout->addWidget(warning_);
    columnLayout->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(column, 0, Qt::AlignHCenter);
    layout->addStretch();
}

void FirstRunPage::showFor(const QString& socketPath) {
    const bool exists = QFileInfo::exists(socketPath);
    reason_->setText(
        exists ? tr("The system engine listens on %1, but this account may not use it.")
                     .arg(socketPath)
               : tr("The system engine is not running: %1 does not exist. The bundled engine "
                    "needs root, and the studio does not run as root.")
                     .arg(socketPath));

    QStringList commands;
    if (!exists) {
        commands << QStringLiteral("sudo systemctl enable --now berth.socket");
    }
    commands << QStringLiteral("sudo adduser $USER berth");
    QString html = QStringLiteral("<p>%1</p><pre>%2</pre><p>%3</p>")
                       .arg(exists ? tr("Join the berth group:")
                                   : tr("Enable the system engine and join the berth group:"),
                            commands.join(QLatin1Char('\n')).toHtmlEscaped(),
                            tr("Then log out and in again, so that the new group applies, "
                               "and choose Try Again."));
    steps_->setText(html);
}

QString FirstRunPage::text() const {
    return QStringList{reason_->text(), steps_->text(), warning_->text()}.join(QLatin1Char('\n'));
}

} // namespace berth::studio

#include "editnetworkingdialog.h"

#include "runline.h"
#include "ui_editnetworkingdialog.h"

#include <QPushButton>

namespace berth::studio {
namespace {

QStringList nonEmptyLines(const QString& text) {
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty()) {
            lines << line.trimmed();
        }
    }
    return lines;
}

QString describePort(const PortForward& port) {
    return QString::fromStdString(formatPublishOption(port));
}

} // namespace

EditNetworkingDialog::EditNetworkingDialog(const QString& containerName,
                                           const NetworkingEdit& current, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::EditNetworkingDialog>())
    , current_(current) {
    ui_->setupUi(this);
    setWindowTitle(tr("Edit Ports and Links of %1").arg(containerName));
    QStringList ports;
    for (const PortForward& port : current.ports) {
        ports << describePort(port);
    }
    QStringList links;
    for (const std::string& link : current.links) {
        links << QString::fromStdString(link);
    }
    setPortLines(ports);
    setLinkLines(links);
    connect(ui_->portsEdit, &QPlainTextEdit::textChanged, this, &EditNetworkingDialog::validate);
    connect(ui_->linksEdit, &QPlainTextEdit::textChanged, this, &EditNetworkingDialog::validate);
    validate();
}

EditNetworkingDialog::~EditNetworkingDialog() = default;

void EditNetworkingDialog::setPortLines(const QStringList& lines) {
    ui_->portsEdit->setPlainText(lines.join(QLatin1Char('\n')));
}

void EditNetworkingDialog::setLinkLines(const QStringList& lines) {
    ui_->linksEdit->setPlainText(lines.join(QLatin1Char('\n')));
}

Result<NetworkingEdit> EditNetworkingDialog::edit() const {
    NetworkingEdit edit;
    for (const QString& line : nonEmptyLines(ui_->portsEdit->toPlainText())) {
        auto port = parsePublishOption(line.toStdString());
        if (!port) {
            return fail(ErrorKind::InvalidArgument,
                        tr("Invalid port \"%1\": %2")
                            .arg(line, QString::fromStdString(port.error().message))
                            .toStdString());
        }
        edit.ports.push_back(*port);
    }
    // The container's own ports are bound now, so host ports are not probed here: the
    // engine reports a port in use when the new container starts.
    const auto portsAlwaysFree = [](const std::string&, uint16_t, const std::string&) {
        return Result<bool>(true);
    };
    const std::vector<PortProblem> problems = checkPortForwards(edit.ports, portsAlwaysFree);
    if (!problems.empty()) {
        const PortProblem& first = problems.front();
        return fail(ErrorKind::InvalidArgument,
                    tr("Invalid port \"%1\": %2")
                        .arg(QString::fromStdString(formatPublishOption(edit.ports[first.row])),
                             QString::fromStdString(first.detail))
                        .toStdString());
    }
    for (const QString& line : nonEmptyLines(ui_->linksEdit->toPlainText())) {
        const QString name = line.section(QLatin1Char(':'), 0, 0);
        const QString alias =
            line.contains(QLatin1Char(':')) ? line.section(QLatin1Char(':'), 1) : name;
        if (name.isEmpty() || alias.isEmpty() || alias.contains(QLatin1Char(':')) ||
            !isValidContainerName(name.toStdString()) ||
            !isValidContainerName(alias.toStdString())) {
            return fail(ErrorKind::InvalidArgument,
                        tr("Invalid link \"%1\": write CONTAINER or CONTAINER:ALIAS")
                            .arg(line)
                            .toStdString());
        }
        edit.links.push_back((name + QLatin1Char(':') + alias).toStdString());
    }
    return edit;
}

QString EditNetworkingDialog::problem() const {
    return ui_->problemLabel->text();
}

void EditNetworkingDialog::validate() {
    auto edited = edit();
    QString problem;
    if (!edited) {
        problem = QString::fromStdString(edited.error().message);
    } else if (diffNetworking(current_, *edited).empty()) {
        problem = tr("Nothing changed yet.");
    }
    ui_->problemLabel->setText(problem);
    ui_->buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

QString confirmationText(const NetworkingChanges& changes) {
    QStringList lines;
    for (const PortForward& port : changes.removedPorts) {
        lines << QObject::tr("Removed port: %1").arg(describePort(port));
    }
    for (const PortForward& port : changes.addedPorts) {
        lines << QObject::tr("Added port: %1").arg(describePort(port));
    }
    for (const std::string& link : changes.removedLinks) {
        lines << QObject::tr("Removed link: %1").arg(QString::fromStdString(link));
    }
    for (const std::string& link : changes.addedLinks) {
        lines << QObject::tr("Added link: %1").arg(QString::fromStdString(link));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace berth::studio

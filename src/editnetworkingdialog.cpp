#include "editnetworkingdialog.h"

#include "linkeditor.h"
#include "portforwardeditor.h"
#include "ui_editnetworkingdialog.h"

#include <QPushButton>

#include <algorithm>

namespace berth::studio {
namespace {

QString describePort(const PortForward& port) {
    return QString::fromStdString(formatPublishOption(port));
}

} // namespace

EditNetworkingDialog::EditNetworkingDialog(const QString& containerName,
                                           const NetworkingEdit& current,
                                           std::vector<HostPortUse> heldPorts, QWidget* parent)
    : QDialog(parent)
    , ui_(std::make_unique<Ui::EditNetworkingDialog>())
    , containerName_(containerName)
    , current_(current) {
    ui_->setupUi(this);
    setWindowTitle(tr("Edit Ports and Links of %1").arg(containerName));
    ui_->portEditor->setProbe(probeIgnoringOwnPorts(std::move(heldPorts)));
    ui_->portEditor->setForwards(current.ports);
    ui_->linkEditor->setLinks(current.links);
    ui_->linkEditor->setLinkTargets({});
    connect(ui_->portEditor, &PortForwardEditor::changed, this, &EditNetworkingDialog::validate);
    connect(ui_->linkEditor, &LinkEditor::changed, this, &EditNetworkingDialog::validate);
    validate();
}

EditNetworkingDialog::~EditNetworkingDialog() = default;

void EditNetworkingDialog::setExposedPorts(const std::vector<PortForward>& ports) {
    ui_->portEditor->setExposedPorts(ports);
}

void EditNetworkingDialog::setLinkTargets(QStringList names) {
    names.removeAll(containerName_);
    ui_->linkEditor->setLinkTargets(names);
}

void EditNetworkingDialog::setPortUses(std::vector<HostPortUse> uses) {
    const std::string self = containerName_.toStdString();
    std::erase_if(uses, [&](const HostPortUse& use) { return use.container == self; });
    ui_->portEditor->setPortUses(std::move(uses));
}

PortForwardEditor* EditNetworkingDialog::portEditor() const {
    return ui_->portEditor;
}

LinkEditor* EditNetworkingDialog::linkEditor() const {
    return ui_->linkEditor;
}

QPushButton* EditNetworkingDialog::okButton() const {
    return ui_->buttons->button(QDialogButtonBox::Ok);
}

Result<NetworkingEdit> EditNetworkingDialog::edit() const {
    for (const QString& problem :
         {ui_->portEditor->problemText(), ui_->linkEditor->problemText()}) {
        if (!problem.isEmpty()) {
            return fail(ErrorKind::InvalidArgument, problem.toStdString());
        }
    }
    NetworkingEdit edit;
    edit.ports = ui_->portEditor->forwards();
    for (const std::string& link : ui_->linkEditor->links()) {
        // The editor writes a link under the container's own name as "NAME".
        edit.links.push_back(link.find(':') == std::string::npos ? link + ":" + link : link);
    }
    return edit;
}

QString EditNetworkingDialog::problem() const {
    return okButton()->toolTip();
}

void EditNetworkingDialog::validate() {
    auto edited = edit();
    QString problem;
    QString unchanged;
    if (!edited) {
        problem = QString::fromStdString(edited.error().message);
    } else if (diffNetworking(current_, *edited).empty()) {
        unchanged = tr("Nothing changed yet.");
        problem = unchanged;
    }
    // The editors show their own problems below their tables, so this label only tells
    // the user that there is nothing to apply.
    ui_->problemLabel->setText(unchanged);
    ui_->problemLabel->setVisible(!unchanged.isEmpty());
    okButton()->setEnabled(problem.isEmpty());
    okButton()->setToolTip(problem);
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
